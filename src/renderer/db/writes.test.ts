// The one write path: ids stored once wherever they move, every change records lastChangeAt
// (including a .txt import), and an edit writes only the fields it changed.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { buildNativeExport, serializeNative } from '../../core/formats';
import { createAnnotation, sha256Hex, type Annotation, type CorpusDocument } from '../../core/model';
import { importFile } from '../features/import/import';
import { restoreBackup } from '../state/backups';
import { Workspace } from '../state/workspace';
import { readAllAnnotations, readMeta } from './reads';
import { ClaimdeskDb } from './schema';
import { bulkPutAnnotations, restoreDocText, writeAnnotations } from './writes';

const TEXT = 'Officials in Tashkent confirmed the figures on Monday.\nA second paragraph says more.\n';
const DOC: CorpusDocument = { id: 'doc', file: 'doc.txt', title: 'Doc', text: TEXT, hash: sha256Hex(TEXT), publication: null, author: null, date: null, language: 'en', translation: null };

let dbCount = 0;
async function freshDb(): Promise<ClaimdeskDb> {
  const db = new ClaimdeskDb(`writes-${dbCount++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  return db;
}

function claim(id: string, docId = 'doc', extra: Partial<Annotation> = {}): Annotation {
  return {
    ...createAnnotation({
      id,
      docId,
      kind: 'claim',
      verdict: 'sourced',
      quote: { type: 'TextQuoteSelector', exact: 'Officials', prefix: '', suffix: ' in Tashkent' },
      position: { type: 'TextPositionSelector', start: 0, end: 9 },
      docHash: DOC.hash,
      author: 't',
      now: '2026-01-01T00:00:00.000Z',
    }),
    ...extra,
  };
}

describe('an id moved between documents is stored once', () => {
  it('through a single write, a bulk write and an import', async () => {
    const db = await freshDb();
    await bulkPutAnnotations(db, [claim('m1', 'doc'), claim('m2', 'doc'), claim('m3', 'doc')]);
    await writeAnnotations(db, [{ type: 'put', annotation: claim('m1', 'other') }]);
    await bulkPutAnnotations(db, [claim('m2', 'other', { note: 'moved in bulk' })]);
    const content = serializeNative(buildNativeExport({ appVersion: 't', now: '2026-02-01T00:00:00.000Z', documents: [], annotations: [claim('m3', 'third', { updatedAt: '2026-02-01T00:00:00.000Z' })] }));
    // The document it moves to is in the library (an annotation whose document is missing goes to Unplaced).
    const outcome = await importFile(db, { name: 'in.json', content }, [DOC, { ...DOC, id: 'third', file: 'third.txt' }], 't');
    expect(outcome.ok).toBe(true);
    const all = await readAllAnnotations(db);
    const ids = all.map((a) => a.id).sort();
    console.log(`moved ids: ${ids.join(', ')} stored in ${all.map((a) => a.docId).join(', ')}`);
    expect(ids).toEqual(['m1', 'm2', 'm3']);
    expect(Object.fromEntries(all.map((a) => [a.id, a.docId]))).toEqual({ m1: 'other', m2: 'other', m3: 'third' });
    const stats = Object.fromEntries((await db.docStats.toArray()).map((s) => [s.docId, s.total]));
    expect(stats).toEqual({ doc: 0, other: 2, third: 1 });
    db.close();
  });
});

describe('every change records lastChangeAt', () => {
  const changes: Array<{ name: string; run(db: ClaimdeskDb, ws: Workspace): Promise<unknown> }> = [
    { name: 'create', run: (_db, ws) => ws.add(claim('new')) },
    { name: 'edit a field', run: (_db, ws) => ws.edit({ id: 'a', set: { note: 'typed' } }) },
    { name: 'delete', run: async (_db, ws) => ws.remove(claim('a')) },
    {
      name: 'undo',
      run: async (db, ws) => {
        await ws.edit({ id: 'a', set: { verdict: 'contradicted' } });
        await db.meta.put({ key: 'lastChangeAt', value: 'before' });
        return ws.history.undo();
      },
    },
    { name: 're-attach', run: (_db, ws) => ws.reattach({ ...claim('a'), orphan: true }, DOC, { start: 13, end: 21 }) },
    { name: 're-anchor', run: (_db, ws) => ws.reanchor({ ...DOC, text: `New first line.\n${TEXT}`, hash: sha256Hex(`New first line.\n${TEXT}`) }, [claim('a')]) },
    { name: 'import Claimdesk JSON', run: (db) => importFile(db, { name: 'x.json', content: serializeNative(buildNativeExport({ appVersion: 't', now: '2026-02-01T00:00:00.000Z', documents: [], annotations: [claim('imp')] })) }, [DOC], 't') },
    { name: 'import a .txt (new document)', run: (db) => importFile(db, { name: 'notes.txt', content: 'Some notes.' }, [DOC], 't') },
    { name: 'import a .txt (corrected corpus text)', run: (db) => importFile(db, { name: 'doc.txt', content: 'Corrected text.' }, [DOC], 't') },
    {
      name: 'restore a replaced text',
      run: async (db) => {
        await importFile(db, { name: 'doc.txt', content: 'Corrected text.' }, [DOC], 't');
        await db.meta.put({ key: 'lastChangeAt', value: 'before' });
        return restoreDocText(db, 'doc');
      },
    },
    { name: 'restore a backup', run: (db) => restoreBackup(db, serializeNative(buildNativeExport({ appVersion: 't', now: '2026-02-01T00:00:00.000Z', documents: [], annotations: [claim('b')] }))) },
  ];
  for (const c of changes) {
    it(c.name, async () => {
      const db = await freshDb();
      await bulkPutAnnotations(db, [claim('a')]);
      await db.meta.put({ key: 'lastChangeAt', value: 'before' });
      const outcome = await c.run(db, new Workspace(db));
      if (outcome && typeof outcome === 'object' && 'ok' in outcome) expect(outcome.ok).toBe(true);
      const at = await readMeta<string>(db, 'lastChangeAt');
      expect(at).not.toBe('before');
      expect(Date.parse(at!)).toBeGreaterThan(Date.now() - 60_000);
      db.close();
    });
  }
});

describe('an edit writes only the fields it changed', () => {
  it('a stale copy never writes back a field it did not change; an edit never resurrects a deleted annotation', async () => {
    const db = await freshDb();
    const a = claim('a');
    await bulkPutAnnotations(db, [a]);
    const w1 = new Workspace(db);
    const w2 = new Workspace(db);
    await w1.edit({ id: 'a', set: { verdict: 'contradicted' } });
    // w2 still holds the old copy `a` (verdict sourced) and saves its note from it.
    await w2.update({ ...a, note: 'typed in window 2' }, 'note');
    const [stored] = await readAllAnnotations(db);
    expect(stored).toMatchObject({ verdict: 'contradicted', note: 'typed in window 2' });
    // Window 1's undo of its verdict is refused: window 2 changed the annotation since.
    expect(await w1.history.undo()).toMatchObject({ kind: 'refused' });
    expect((await readAllAnnotations(db))[0]).toMatchObject({ verdict: 'contradicted', note: 'typed in window 2' });
    // Window 2 undoes its own note; then window 1 deletes, and window 2's late typing brings nothing back.
    expect(await w2.history.undo()).toMatchObject({ kind: 'done' });
    expect((await readAllAnnotations(db))[0]).toMatchObject({ verdict: 'contradicted', note: '' });
    await w1.remove(a);
    await expect(w2.edit({ id: 'a', set: { note: 'late' } })).rejects.toThrow(/deleted/);
    expect(await readAllAnnotations(db)).toEqual([]);
    db.close();
  });
});
