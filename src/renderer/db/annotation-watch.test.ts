// The desk's whole-corpus reader (issue 17): pieces add up to exactly what one read gives, and the
// watcher hears every later write (one read for a burst of them) until it is stopped. (That a write no
// longer waits behind a whole-store read is IndexedDB's scheduling in Chromium: the desk benchmark's
// create and import-50 figures show it.)
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../core/model';
import { readAllAnnotationsInPieces, watchAllAnnotations } from './annotation-watch';
import { readAllAnnotations, readStoredIds } from './reads';
import { ClaimdeskDb } from './schema';
import { testClaim } from './test-annotations';
import { bulkPutAnnotations, writeAnnotations } from './writes';

const ann = (id: string, docId: string): Annotation => testClaim(id, docId, { verdict: 'sourced' });
const ids = (l: Annotation[]) => l.map((a) => a.id).sort();

async function filled(name: string, docs: number, each: number): Promise<ClaimdeskDb> {
  const db = new ClaimdeskDb(name, { indexedDB: new IDBFactory(), IDBKeyRange });
  const list: Annotation[] = [];
  for (let d = 0; d < docs; d++) for (let i = 0; i < each; i++) list.push(ann(`a-${d}-${i}`, `doc-${d}`));
  await bulkPutAnnotations(db, list);
  return db;
}

describe('reading every annotation in pieces', () => {
  it('gives exactly what one read gives, whatever the piece size', async () => {
    const db = await filled('pieces', 120, 7);
    const whole = ids(await readAllAnnotations(db));
    expect(whole).toHaveLength(840);
    for (const size of [1, 5, 32, 1000]) expect(ids(await readAllAnnotationsInPieces(db, size))).toEqual(whole);
    expect([...(await readStoredIds(db, ['a-3-2', 'nope', 'a-119-6']))].sort()).toEqual(['a-119-6', 'a-3-2']);
  });

  it('the watcher reports the store now and again after writes, once for a burst', async () => {
    const db = await filled('watch', 10, 3);
    const seen: number[] = [];
    let wake: () => void = () => {};
    const stop = watchAllAnnotations(
      db,
      (list) => {
        seen.push(list.length);
        wake();
      },
      (e) => {
        throw e;
      },
    );
    const next = () => new Promise<void>((r) => (wake = r));
    await next();
    expect(seen).toEqual([30]);
    const waiting = next();
    for (let i = 0; i < 5; i++) await writeAnnotations(db, [{ type: 'put', annotation: ann(`new-${i}`, 'doc-1') }]);
    await waiting;
    await new Promise((r) => setTimeout(r, 400));
    expect(seen.at(-1)).toBe(35);
    // Five writes in a burst: one more read (at most two if a read started between them), not five.
    expect(seen.length).toBeLessThanOrEqual(3);
    stop();
    await writeAnnotations(db, [{ type: 'put', annotation: ann('after-stop', 'doc-2') }]);
    await new Promise((r) => setTimeout(r, 400));
    expect(seen.at(-1)).toBe(35);
  });
});
