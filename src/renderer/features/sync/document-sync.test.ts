// A reviewer's document offline: changes are kept in IndexedDB across a reopen, another reviewer's copy
// merges in with its conflicts shown, a resolution and a restore are recorded under the reviewer's name.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotation } from '../../../core/model/annotation';
import { DocumentSync } from './document-sync';
import { SyncStoreDb } from './local-doc-store';

const HASH = 'f'.repeat(64);
const open: DocumentSync[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function clock(start: number) {
  let t = start;
  return () => new Date(Date.UTC(2026, 10, 30, 10, 0, t++)).toISOString();
}

async function session(db: SyncStoreDb, id: string, name: string, t: number) {
  const s = await DocumentSync.open({ db, textHash: HASH, reviewer: { id, name }, now: clock(t) });
  open.push(s);
  return s;
}

const claim = createAnnotation({
  id: 'x1',
  docId: 'doc',
  kind: 'claim',
  quote: { type: 'TextQuoteSelector', exact: 'prices doubled', prefix: '', suffix: '' },
  position: { type: 'TextPositionSelector', start: 0, end: 14 },
  docHash: HASH,
  author: 'Ana',
  now: '2026-11-30T09:00:00.000Z',
});

describe('DocumentSync offline', () => {
  it('keeps changes in IndexedDB across a reopen', async () => {
    const db = new SyncStoreDb('ana', { indexedDB: new IDBFactory(), IDBKeyRange });
    const ana = await session(db, 'rev-ana', 'Ana', 0);
    ana.create(claim);
    expect(ana.apply({ id: 'x1', set: { verdict: 'sourced', note: 'ONS table 3' } })).toEqual(['verdict', 'note']);
    expect(ana.apply({ id: 'x1', set: { verdict: 'sourced' } })).toEqual([]);
    await ana.flushed();
    await ana.close();
    open.pop();
    const again = await session(db, 'rev-ana', 'Ana', 100);
    const [a] = again.read().annotations;
    expect([a!.annotation.verdict, a!.annotation.note]).toEqual(['sourced', 'ONS table 3']);
  });

  it('merges another reviewer’s copy: conflicts shown, resolved and restored with names recorded', async () => {
    const ana = await session(new SyncStoreDb('a2', { indexedDB: new IDBFactory(), IDBKeyRange }), 'rev-ana', 'Ana', 0);
    const ben = await session(new SyncStoreDb('b2', { indexedDB: new IDBFactory(), IDBKeyRange }), 'rev-ben', 'Ben', 10);
    ana.create(claim);
    ben.merge(ana.encode());
    ana.apply({ id: 'x1', set: { note: 'from Ana' } });
    ben.apply({ id: 'x1', set: { note: 'from Ben', verdict: 'contradicted' } });
    ana.merge(ben.encode());
    ben.merge(ana.encode());
    for (const s of [ana, ben]) {
      const v = s.read();
      expect(v.annotations[0]!.annotation.verdict).toBe('contradicted');
      expect(v.conflicts.map((c) => c.entries.map((e) => `${e.by.name}: ${e.value as string}`))).toEqual([['Ben: from Ben', 'Ana: from Ana']]);
    }
    let seen = 0;
    ben.onChange(() => seen++);
    ana.resolve('x1', 'note', 'from Ben');
    ben.merge(ana.encode());
    expect(seen).toBeGreaterThan(0);
    expect(ben.read().conflicts).toEqual([]);
    const history = ben.history('x1').filter((h) => h.entry.field === 'note');
    expect(history.map((h) => [h.entry.by.name, h.entry.action, h.entry.value])).toEqual([
      ['Ana', 'create', ''],
      ['Ana', 'edit', 'from Ana'],
      ['Ben', 'edit', 'from Ben'],
      ['Ana', 'resolve', 'from Ben'],
    ]);
    // Ben brings back Ana's wording; the restore says where it came from.
    ben.restore(history[1]!.entry.id);
    expect(ben.read().annotations[0]!.annotation.note).toBe('from Ana');
    expect(ben.history('x1').at(-1)!.entry).toMatchObject({ action: 'restore', restoredFrom: history[1]!.entry.id, by: { name: 'Ben' } });
  });
});
