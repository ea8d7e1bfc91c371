// The bridge between a profile's annotation store and its merge state, as two reviewers would use it:
// an edit made through the app's write path becomes an entry in the reviewer's name; another reviewer's
// edit reaches the store; two edits of one field made apart stay a visible conflict on both sides; a
// resolution reaches the other side; a delete and its undo reach the other side, and a delete made apart
// from an edit keeps the annotation with a conflict.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnnotation, sha256Hex } from '../../../core/model';
import { readDocAnnotations } from '../../db/reads';
import { ClaimdeskDb } from '../../db/schema';
import { writeAnnotations } from '../../db/writes';
import { DocumentSync } from './document-sync';
import { SyncStoreDb } from './local-doc-store';

import { SyncBridge } from './sync-bridge';

const TEXT = 'Prices doubled in March, the ministry said.';
const HASH = sha256Hex(TEXT);
let n = 0;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function profile(id: string, name: string) {
  const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
  const db = new ClaimdeskDb(`bridge-${n++}`, factory);
  await db.open();
  const store = new SyncStoreDb(`bridge-sync-${n++}`, factory);
  let t = 0;
  const sync = await DocumentSync.open({ db: store, textHash: HASH, reviewer: { id, name }, now: () => new Date(Date.UTC(2026, 10, 30, 12, 0, t++)).toISOString() });
  const bridge = await SyncBridge.open({ db, store, sync, docId: 'doc' });
  closers.push(async () => {
    await bridge.close();
    await sync.close();
  });
  const settle = async () => {
    // A pass can trigger another (its own write): run until nothing is left to do.
    for (let i = 0; i < 5; i++) {
      await bridge.idle();
      const r = await bridge.reconcile();
      if (r.recorded + r.applied + r.added === 0) return;
    }
  };
  const read = async () => (await readDocAnnotations(db, 'doc'))[0];
  return { db, store, sync, bridge, settle, read };
}

type Profile = Awaited<ReturnType<typeof profile>>;

async function exchange(a: Profile, b: Profile) {
  await a.settle();
  await b.settle();
  b.sync.merge(a.sync.encode());
  a.sync.merge(b.sync.encode());
  await a.settle();
  await b.settle();
}

const claim = createAnnotation({
  id: 'c1',
  docId: 'doc',
  kind: 'claim',
  verdict: 'contested',
  quote: { type: 'TextQuoteSelector', exact: 'Prices doubled', prefix: '', suffix: ' in March' },
  position: { type: 'TextPositionSelector', start: 0, end: 14 },
  docHash: HASH,
  author: 'Ben',
  now: '2026-11-30T10:00:00.000Z',
});

const edit = (p: Profile, set: Record<string, unknown>, at: string) => writeAnnotations(p.db, [{ type: 'patch', patch: { id: 'c1', set } }], { now: at });

describe('SyncBridge', () => {
  it('brings a claim tagged by one reviewer to the other, edits both ways, and a conflict to both sides', async () => {
    const ana = await profile('ana', 'Ana');
    const ben = await profile('ben', 'Ben');
    await writeAnnotations(ben.db, [{ type: 'put', annotation: claim }]);
    await exchange(ana, ben);
    expect((await ana.read())?.quote.exact).toBe('Prices doubled');
    expect(ana.sync.read().annotations[0]!.annotation.author).toBe('Ben');

    // Different fields: both survive.
    await edit(ana, { note: 'ONS table 3' }, '2026-11-30T10:01:00.000Z');
    await edit(ben, { verdict: 'sourced' }, '2026-11-30T10:01:05.000Z');
    await exchange(ana, ben);
    for (const p of [ana, ben]) expect(await p.read()).toMatchObject({ note: 'ONS table 3', verdict: 'sourced' });
    expect(ana.sync.read().conflicts).toEqual([]);

    // The same field, apart: a conflict with both values and both names, on both sides.
    await edit(ana, { verdict: 'contradicted' }, '2026-11-30T10:02:00.000Z');
    await edit(ben, { verdict: 'contested' }, '2026-11-30T10:02:10.000Z');
    await exchange(ana, ben);
    for (const p of [ana, ben]) {
      const [c] = p.sync.read().conflicts;
      expect(c!.field).toBe('verdict');
      expect(c!.entries.map((e) => `${e.by.name}: ${String(e.value)}`)).toEqual(['Ben: contested', 'Ana: contradicted']);
    }
    // Ana's own edit was recorded in her name, at the time it was stored.
    expect(ana.sync.history('c1').find((h) => h.entry.value === 'contradicted')!.entry).toMatchObject({ by: { id: 'ana' }, at: '2026-11-30T10:02:00.000Z', action: 'edit' });

    // Ana resolves; Ben's store follows and the conflict is gone on both sides.
    ana.sync.resolve('c1', 'verdict', 'contradicted');
    await exchange(ana, ben);
    expect((await ben.read())?.verdict).toBe('contradicted');
    expect(ben.sync.read().conflicts).toEqual([]);
    expect(ben.sync.history('c1').at(-1)!.entry).toMatchObject({ action: 'resolve', by: { name: 'Ana' }, value: 'contradicted' });
  });

  it('an edit here that lands while another reviewer’s value is on its way is a conflict, not an overwrite', async () => {
    const ana = await profile('ana', 'Ana');
    const ben = await profile('ben', 'Ben');
    await writeAnnotations(ben.db, [{ type: 'put', annotation: claim }]);
    await exchange(ana, ben);
    await edit(ben, { note: 'Ben’s note' }, '2026-11-30T10:05:00.000Z');
    await ben.settle();
    // Ben's entry reaches Ana's merge state and Ana's own edit reaches her store before her bridge runs
    // again (the bridge is stopped for the moment and picks up where it was).
    await ana.bridge.close();
    ana.sync.merge(ben.sync.encode());
    await edit(ana, { note: 'Ana’s note' }, '2026-11-30T10:05:01.000Z');
    const reopened = await SyncBridge.open({ db: ana.db, store: ana.store, sync: ana.sync, docId: 'doc' });
    closers.push(() => reopened.close());
    await reopened.idle();
    expect((await ana.read())?.note).toBe('Ana’s note');
    expect(ana.sync.read().conflicts.map((c) => c.entries.map((e) => `${e.by.name}: ${String(e.value)}`))).toEqual([['Ana: Ana’s note', 'Ben: Ben’s note']]);
  });

  it('an annotation deleted here is not brought back by the merge state, which keeps it as a tombstone', async () => {
    const ana = await profile('ana', 'Ana');
    await writeAnnotations(ana.db, [{ type: 'put', annotation: claim }]);
    await ana.settle();
    await writeAnnotations(ana.db, [{ type: 'remove', id: 'c1' }]);
    await ana.settle();
    expect(await ana.read()).toBeUndefined();
    expect(ana.sync.read().annotations.map((m) => m.deleted)).toEqual([true]);
    expect(ana.sync.history('c1').at(-1)!.entry).toMatchObject({ field: 'deleted', value: true, by: { name: 'Ana' } });
  });

  it('a delete reaches the other reviewer, and so does its undo', async () => {
    const ana = await profile('ana', 'Ana');
    const ben = await profile('ben', 'Ben');
    await writeAnnotations(ben.db, [{ type: 'put', annotation: claim }]);
    await exchange(ana, ben);
    await edit(ana, { note: 'ONS table 3' }, '2026-11-30T10:01:00.000Z');
    await exchange(ana, ben);
    const before = await ana.read();
    await writeAnnotations(ana.db, [{ type: 'remove', id: 'c1' }]);
    await exchange(ana, ben);
    expect(await ben.read()).toBeUndefined();
    expect(ben.sync.read().conflicts).toEqual([]);
    // Ana's undo puts the record back as it was (the app's undo step); Ben gets it back with its note.
    await writeAnnotations(ana.db, [{ type: 'transition', transition: { id: 'c1', from: null, to: before! } }]);
    await exchange(ana, ben);
    expect(await ben.read()).toMatchObject({ id: 'c1', note: 'ONS table 3' });
    expect(ben.sync.history('c1').at(-1)!.entry).toMatchObject({ field: 'deleted', value: false, by: { name: 'Ana' } });
    // And Ben can delete it in turn.
    await writeAnnotations(ben.db, [{ type: 'remove', id: 'c1' }]);
    await exchange(ana, ben);
    expect(await ana.read()).toBeUndefined();
  });

  it('a delete and an edit made apart keep the annotation on both sides with a conflict, settled by a person', async () => {
    const ana = await profile('ana', 'Ana');
    const ben = await profile('ben', 'Ben');
    await writeAnnotations(ben.db, [{ type: 'put', annotation: claim }]);
    await exchange(ana, ben);
    await writeAnnotations(ana.db, [{ type: 'remove', id: 'c1' }]);
    await edit(ben, { note: 'Ben’s evidence' }, '2026-11-30T10:05:00.000Z');
    await exchange(ana, ben);
    for (const p of [ana, ben]) {
      expect(await p.read()).toMatchObject({ note: 'Ben’s evidence' });
      expect(p.sync.read().conflicts.map((c) => [c.field, c.entries.map((e) => `${e.by.name} ${e.field}`)])).toEqual([['deleted', ['Ana deleted', 'Ben note']]]);
      expect(p.bridge.view().conflicts.map((c) => c.field)).toEqual(['deleted']);
    }
    // Ana weighs Ben's note and deletes it after all: gone on both sides, no conflict left.
    ana.sync.resolve('c1', 'deleted', true);
    await exchange(ana, ben);
    for (const p of [ana, ben]) {
      expect(await p.read()).toBeUndefined();
      expect(p.sync.read().conflicts).toEqual([]);
      expect(p.bridge.view().conflicts).toEqual([]);
    }
  });
});
