// The search worker's saved index: kept between starts, and kept even when its database was
// first opened by something else (without the store), which left every start rebuilding the index.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../../core/search';
import { readSavedIndex, writeSavedIndex, type SavedLibraryIndex } from './saved-index';

function savedOf(text: string): SavedLibraryIndex {
  const index = new SearchIndex();
  index.setDocuments([{ id: 'doc-a', title: 'A', publication: '', author: '', date: '', language: 'en', file: 'a.txt', text }]);
  return { documents: [['doc-a', 'hash-a']], annotations: [], index: index.save() };
}

describe('saved search index', () => {
  it('is read back as written, and there is none before the first write', async () => {
    const factory = new IDBFactory();
    expect(await readSavedIndex(factory)).toBeNull();
    await writeSavedIndex(savedOf('Kamilov spoke in the Senate.'), factory);
    const back = await readSavedIndex(factory);
    expect(back?.documents).toEqual([['doc-a', 'hash-a']]);
    const index = SearchIndex.load(back!.index, [{ id: 'doc-a', title: 'A', publication: '', author: '', date: '', language: 'en', file: 'a.txt', text: 'Kamilov spoke in the Senate.' }]);
    expect(index?.search('kamilov').groups.map((g) => g.docId)).toEqual(['doc-a']);
  });

  it('is saved when its database already exists without the store', async () => {
    const factory = new IDBFactory();
    // Opened without a version and without making the store: version 1, no store.
    await new Promise<void>((resolve, reject) => {
      const req = factory.open('claimdesk-search');
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    expect(await readSavedIndex(factory)).toBeNull();
    await writeSavedIndex(savedOf('卡米洛夫在参议院发言。'), factory);
    expect((await readSavedIndex(factory))?.documents).toEqual([['doc-a', 'hash-a']]);
  });
});
