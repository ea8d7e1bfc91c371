// Where the search worker keeps its index between sessions: a small IndexedDB database of its own
// (not the app's Dexie database, whose schema is the annotations'), replaced whole in one
// transaction. The index's postings (28 MB for 2,000 articles) are written as records of 1 MB, each
// put from the last one's success, so cloning them for IndexedDB is spread over many tasks: as one
// record, the put held the worker (and any key pressed then) for ~300 ms.
import type { CompactMiniSearch } from '../../../core/search/counted-mini-search';
import type { SavedSearchIndex } from '../../../core/search/search-index';

const DB_NAME = 'claimdesk-search';
const STORE = 'index';
const KEY = 'library';
/** Postings (32-bit values) per record: 1 MB. */
const CHUNK = 1 << 18;
const chunkKey = (i: number) => `${KEY}#postings#${i}`;

/** The saved index's record without its postings, which are in records of their own (chunkKey). */
interface HeadRecord extends Omit<SavedLibraryIndex, 'index'> {
  index: Omit<SavedSearchIndex, 'mini'> & { mini: Omit<CompactMiniSearch, 'postings'> & { postingsLength: number } };
}

export interface SavedLibraryIndex {
  /** Document ids and text hashes the index was built from, in order. */
  documents: Array<[string, string]>;
  /** Annotation ids and update times it holds. */
  annotations: Array<[string, string]>;
  index: SavedSearchIndex;
}

function openAt(factory: IDBFactory, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = version === undefined ? factory.open(DB_NAME) : factory.open(DB_NAME, version);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    // Another connection keeps the database open at its version (only when the store must be made):
    // this gives up rather than wait (the search worker then builds the index, or saves it later;
    // IndexedDB holds later opens until this one ends), and closes the connection if it opens later.
    let blocked = false;
    req.onblocked = () => {
      blocked = true;
      reject(new Error('IndexedDB upgrade blocked by another connection'));
    };
    req.onsuccess = () => {
      if (blocked) req.result.close();
      else resolve(req.result);
    };
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

/**
 * The database, with its store. A database that is there without the store (opened by something
 * else before this ever made it) is upgraded to make it: otherwise no index would ever be saved.
 */
async function open(factory: IDBFactory): Promise<IDBDatabase> {
  const db = await openAt(factory);
  if (db.objectStoreNames.contains(STORE)) return db;
  const next = db.version + 1;
  db.close();
  return openAt(factory, next);
}

const defaultFactory = (): IDBFactory | undefined => (typeof indexedDB === 'undefined' ? undefined : indexedDB);

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The saved index, its postings put back together; null when there is none or a part is missing. */
export async function readSavedIndex(factory = defaultFactory()): Promise<SavedLibraryIndex | null> {
  if (!factory) return null;
  const db = await open(factory);
  try {
    const store = db.transaction(STORE, 'readonly').objectStore(STORE);
    const head = (await request(store.get(KEY))) as HeadRecord | SavedLibraryIndex | undefined;
    if (!head) return null;
    // Saved as one record (before the postings were written apart).
    if ('postings' in head.index.mini) return head as SavedLibraryIndex;
    const { postingsLength, ...mini } = (head as HeadRecord).index.mini;
    const postings = new Uint32Array(postingsLength);
    const chunks = await Promise.all(Array.from({ length: Math.ceil(postingsLength / CHUNK) }, (_, i) => request(store.get(chunkKey(i)))));
    for (let i = 0; i < chunks.length; i++) {
      const chunk: unknown = chunks[i];
      const expected = Math.min(CHUNK, postingsLength - i * CHUNK);
      // A part missing or of another size: no saved index (it is only a cache; the index is built).
      if (!(chunk instanceof Uint32Array) || chunk.length !== expected) return null;
      postings.set(chunk, i * CHUNK);
    }
    return { ...head, index: { ...head.index, mini: { ...mini, postings } } };
  } finally {
    db.close();
  }
}

/** Writes the saved index; resolves with the longest time one put held this thread (cloning its data). */
export async function writeSavedIndex(saved: SavedLibraryIndex, factory = defaultFactory()): Promise<number> {
  if (!factory) return 0;
  const db = await open(factory);
  const { postings, ...mini } = saved.index.mini;
  const head: HeadRecord = { ...saved, index: { ...saved.index, mini: { ...mini, postingsLength: postings.length } } };
  const chunks = Math.ceil(postings.length / CHUNK);
  let held = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      const timed = (put: () => IDBRequest) => {
        const t0 = performance.now();
        const req = put();
        held = Math.max(held, performance.now() - t0);
        return req;
      };
      // The store holds this index only: what was saved before goes, in the same transaction.
      store.clear();
      timed(() => store.put(head, KEY));
      let i = 0;
      const next = () => {
        if (i >= chunks) return;
        // A copy of the part: a view would clone the whole buffer.
        const part = postings.slice(i * CHUNK, (i + 1) * CHUNK);
        timed(() => store.put(part, chunkKey(i++))).onsuccess = next;
      };
      next();
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  } finally {
    db.close();
  }
  return held;
}
