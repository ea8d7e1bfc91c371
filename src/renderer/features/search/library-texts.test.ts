// The search worker reads document texts from the app's database by itself, and never creates that
// database when it is not there yet (Dexie must create it with its schema).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ClaimdeskDb, DB_NAME } from '../../db/schema';
import { readStoredTexts } from './library-texts';

describe('readStoredTexts', () => {
  it('reads the texts and hashes of the asked documents from the docTexts store, leaving out absent ones', async () => {
    const factory = new IDBFactory();
    const db = new ClaimdeskDb(DB_NAME, { indexedDB: factory, IDBKeyRange });
    await db.docTexts.bulkPut([
      { id: 'doc-a', file: 'a.txt', title: 'A', text: 'Kamilov spoke in the Senate.', hash: 'h-a', importedAt: '2026-01-01T00:00:00.000Z' },
      { id: 'doc-b', file: 'b.txt', title: 'B', text: '卡米洛夫', hash: 'h-b', importedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    const texts = await readStoredTexts(['doc-b', 'doc-a', 'doc-missing'], factory);
    expect([...texts.entries()].sort()).toEqual([
      ['doc-a', { text: 'Kamilov spoke in the Senate.', hash: 'h-a' }],
      ['doc-b', { text: '卡米洛夫', hash: 'h-b' }],
    ]);
    // The worker's connection is closed: the window's database still opens and writes.
    await db.docTexts.put({ id: 'doc-c', file: 'c.txt', title: 'C', text: 'more', hash: 'h-c', importedAt: '2026-01-01T00:00:00.000Z' });
    expect((await readStoredTexts(['doc-c'], factory)).get('doc-c')?.text).toBe('more');
    db.close();
  });

  it('finds nothing and creates no database where the app has not made one yet', async () => {
    const factory = new IDBFactory();
    expect((await readStoredTexts(['doc-a'], factory)).size).toBe(0);
    expect(await factory.databases()).toEqual([]);
    // Dexie then creates it with its schema as usual.
    const db = new ClaimdeskDb(DB_NAME, { indexedDB: factory, IDBKeyRange });
    await db.docTexts.put({ id: 'doc-a', file: 'a.txt', title: 'A', text: 'x', hash: 'h', importedAt: '2026-01-01T00:00:00.000Z' });
    expect((await readStoredTexts(['doc-a'], factory)).get('doc-a')?.hash).toBe('h');
    db.close();
  });
});
