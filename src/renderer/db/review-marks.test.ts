// The "reviewed" mark on fake-indexeddb: it survives closing and reopening the database (a reload),
// can be taken back, and a write that fails half-way leaves nothing behind.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { describe, expect, it } from 'vitest';
import { ClaimdeskDb } from './schema';
import { markDocumentReviewed, readReviewMark, readReviewMarks, unmarkDocumentReviewed } from './review-marks';

const deps = () => ({ indexedDB: new IDBFactory(), IDBKeyRange });

describe('review marks', () => {
  it('survive a reload, are read per document and all at once, and can be taken back', async () => {
    const factory = deps();
    const db = new ClaimdeskDb('claimdesk', factory);
    await db.open();
    await markDocumentReviewed(db, 'paper', 'Ed Itor', '2026-11-30T10:00:00.000Z');
    await markDocumentReviewed(db, 'karimov', 'Ed Itor', '2026-11-30T10:05:00.000Z');
    await db.meta.put({ key: 'lastDocId', value: 'paper' });
    db.close();

    const again = new ClaimdeskDb('claimdesk', factory);
    await again.open();
    expect(await readReviewMark(again, 'paper')).toEqual({ docId: 'paper', reviewedAt: '2026-11-30T10:00:00.000Z', reviewer: 'Ed Itor' });
    expect(await readReviewMark(again, 'caravanserai')).toBeUndefined();
    expect((await readReviewMarks(again)).map((m) => m.docId).sort()).toEqual(['karimov', 'paper']);
    expect((await again.meta.get('lastChangeAt'))?.value).toBe('2026-11-30T10:05:00.000Z');

    await unmarkDocumentReviewed(again, 'paper', '2026-11-30T11:00:00.000Z');
    expect(await readReviewMark(again, 'paper')).toBeUndefined();
    expect((await readReviewMarks(again)).map((m) => m.docId)).toEqual(['karimov']);
    // A row that is not a mark (say, from a later version) is left out, not shown as a broken mark.
    await again.meta.put({ key: 'reviewed:odd', value: { docId: 'odd' } });
    expect((await readReviewMarks(again)).map((m) => m.docId)).toEqual(['karimov']);
    again.close();
  });

  it('is written whole or not at all', async () => {
    const db = new ClaimdeskDb('claimdesk', deps());
    // Fails the second write of the transaction (the change time), after the mark itself was put.
    let writes = 0;
    db.use({
      stack: 'dbcore',
      name: 'fail-second-write',
      create: (down: DBCore): DBCore => ({
        ...down,
        table(name: string) {
          const t = down.table(name);
          return {
            ...t,
            mutate: (req: DBCoreMutateRequest) => (++writes === 2 ? Promise.reject(new DOMException('injected', 'AbortError')) : t.mutate(req)),
          };
        },
      }),
    });
    await db.open();
    await expect(markDocumentReviewed(db, 'paper', 'Ed Itor', '2026-11-30T10:00:00.000Z')).rejects.toThrow();
    expect(writes).toBe(2);
    expect(await readReviewMark(db, 'paper')).toBeUndefined();
    expect(await db.meta.count()).toBe(0);
    db.close();
  });
});
