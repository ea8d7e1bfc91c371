// The search worker's saved index: kept between starts, its postings in records of 1 MB (put back
// together exactly, a missing part meaning no saved index), and kept even when its database was
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

  it('gives up, instead of waiting, when the store must be made and another connection holds the database', async () => {
    const factory = new IDBFactory();
    // Opened without the store, and kept open (it does not close on a version change).
    const holder = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open('claimdesk-search');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await expect(readSavedIndex(factory)).rejects.toThrow(/blocked/);
    // Once the other connection closes, the store is made and the index saved.
    holder.close();
    await writeSavedIndex(savedOf('Kamilov spoke.'), factory);
    expect((await readSavedIndex(factory))?.documents).toEqual([['doc-a', 'hash-a']]);
  });

  it('keeps postings of several MB in parts, put back together exactly; a smaller index leaves no old parts', async () => {
    const factory = new IDBFactory();
    const big = savedOf('Kamilov spoke in the Senate.');
    // 600,000 values: three parts of at most 262,144.
    big.index.mini.postings = Uint32Array.from({ length: 600_000 }, (_, i) => (i * 2654435761) >>> 0);
    await writeSavedIndex(big, factory);
    expect(await keysOf(factory)).toEqual(['library', 'library#postings#0', 'library#postings#1', 'library#postings#2']);
    expect((await readSavedIndex(factory))?.index.mini.postings).toEqual(big.index.mini.postings);

    const small = savedOf('卡米洛夫在参议院发言。');
    await writeSavedIndex(small, factory);
    expect(await keysOf(factory)).toEqual(['library', 'library#postings#0']);
    expect(await readSavedIndex(factory)).toEqual(small);
  });

  it('is no saved index when a part is missing, and reads one saved as a single record', async () => {
    const factory = new IDBFactory();
    const big = savedOf('Kamilov spoke in the Senate.');
    big.index.mini.postings = new Uint32Array(300_000).fill(7);
    await writeSavedIndex(big, factory);
    await inStore(factory, (store) => store.delete('library#postings#1'));
    expect(await readSavedIndex(factory)).toBeNull();

    const single = savedOf('Tokayev and the oil fields.');
    await inStore(factory, (store) => {
      store.clear();
      store.put(single, 'library');
    });
    expect(await readSavedIndex(factory)).toEqual(single);
  });
});

/** Runs `work` in a read-write transaction on the saved index's store. */
function inStore(factory: IDBFactory, work: (store: IDBObjectStore) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = factory.open('claimdesk-search');
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction('index', 'readwrite');
      work(tx.objectStore('index'));
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  });
}

async function keysOf(factory: IDBFactory): Promise<string[]> {
  let keys: IDBValidKey[] = [];
  await inStore(factory, (store) => {
    const req = store.getAllKeys();
    req.onsuccess = () => (keys = req.result);
  });
  return keys.map(String).sort();
}
