// The linked-claim index (schema version 3): a claim's appearances are found from the rows that hold
// them, whatever else is stored; it follows links, unlinks and removals written in any way; a stale
// index (written by hand, or by a version that did not keep it) is found by the check and rebuilt.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { DBCore, DBCoreQueryRequest } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../core/model';
import { readClaimAppearances } from './claims';
import { repairDatabase } from './repair';
import { ClaimdeskDb } from './schema';
import { testClaim } from './test-annotations';
import { bulkPutAnnotations, writeAnnotations } from './writes';

const ann = (id: string, docId: string, claimId?: string): Annotation => testClaim(id, docId, claimId ? { claimId } : {});

/** Counts the bucket rows each query returns. */
function countingDb(): { db: ClaimdeskDb; rowsRead: () => number } {
  let rows = 0;
  const db = new ClaimdeskDb('claimdesk', { indexedDB: new IDBFactory(), IDBKeyRange });
  db.use({
    stack: 'dbcore',
    name: 'count-rows',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string) {
          const t = down.table(name);
          if (name !== 'buckets') return t;
          return { ...t, query: async (req: DBCoreQueryRequest) => {
            const res = await t.query(req);
            rows += res.result.length;
            return res;
          } };
        },
      };
    },
  });
  return { db, rowsRead: () => rows };
}

const ids = (l: Annotation[]) => l.map((a) => a.id).sort();

describe('the linked-claim index', () => {
  it('finds every appearance across documents by reading only the rows that hold one', async () => {
    const { db, rowsRead } = countingDb();
    const list: Annotation[] = [];
    for (let d = 0; d < 200; d++) for (let i = 0; i < 20; i++) list.push(ann(`a-${d}-${i}`, `doc-${d}`));
    list[5] = { ...list[5]!, claimId: 'claim-senate' };
    list[1234] = { ...list[1234]!, claimId: 'claim-senate' };
    list[3999] = { ...list[3999]!, claimId: 'claim-senate' };
    list[77] = { ...list[77]!, claimId: 'claim-oil' };
    await bulkPutAnnotations(db, list);
    const before = rowsRead();
    expect(ids(await readClaimAppearances(db, 'claim-senate'))).toEqual(['a-0-5', 'a-199-19', 'a-61-14']);
    // Three appearances in three documents: three rows read of the 200 stored.
    expect(rowsRead() - before).toBe(3);
    expect(ids(await readClaimAppearances(db, 'claim-oil'))).toEqual(['a-3-17']);
    expect(await readClaimAppearances(db, 'no-such-claim')).toEqual([]);
    expect(await readClaimAppearances(db, '')).toEqual([]);
  });

  it('follows links, unlinks and removals', async () => {
    const { db } = countingDb();
    await bulkPutAnnotations(db, [ann('x1', 'doc-a', 'c1'), ann('x2', 'doc-b'), ann('x3', 'doc-b', 'c1')]);
    await writeAnnotations(db, [{ type: 'patch', patch: { id: 'x2', set: { claimId: 'c1' } } }]);
    expect(ids(await readClaimAppearances(db, 'c1'))).toEqual(['x1', 'x2', 'x3']);
    await writeAnnotations(db, [{ type: 'patch', patch: { id: 'x3', set: { claimId: '' } } }]);
    expect(ids(await readClaimAppearances(db, 'c1'))).toEqual(['x1', 'x2']);
    await writeAnnotations(db, [{ type: 'remove', id: 'x1' }]);
    expect(ids(await readClaimAppearances(db, 'c1'))).toEqual(['x2']);
    await writeAnnotations(db, [{ type: 'put', annotation: ann('x4', 'doc-c', 'c1') }]);
    expect(ids(await readClaimAppearances(db, 'c1'))).toEqual(['x2', 'x4']);
  });

  it('a stale index is found by the check on open and rebuilt, and the repair says so', async () => {
    const { db } = countingDb();
    await bulkPutAnnotations(db, [ann('y1', 'doc-a', 'c9'), ann('y2', 'doc-b', 'c9')]);
    // A row whose index was lost (as a version without the index, or a hand edit, would leave it).
    const row = (await db.buckets.where('docId').equals('doc-b').first())!;
    await db.buckets.put({ ...row, claimIds: [] });
    expect(ids(await readClaimAppearances(db, 'c9'))).toEqual(['y1']);
    const log = await repairDatabase(db);
    expect(log).toContain('the linked-claim index of 1 row rebuilt');
    expect(ids(await readClaimAppearances(db, 'c9'))).toEqual(['y1', 'y2']);
    expect(await repairDatabase(db)).toEqual([]);
  });
});
