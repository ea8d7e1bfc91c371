// Where the search worker keeps its index between sessions: a small IndexedDB database of its own
// (not the app's Dexie database, whose schema is the annotations'), one record, replaced whole.
import type { SavedSearchIndex } from '../../../core/search/search-index';

const DB_NAME = 'claimdesk-search';
const STORE = 'index';
const KEY = 'library';

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
    req.onsuccess = () => resolve(req.result);
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

export async function readSavedIndex(factory = defaultFactory()): Promise<SavedLibraryIndex | null> {
  if (!factory) return null;
  const db = await open(factory);
  try {
    return await new Promise((resolve, reject) => {
      const req = db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY);
      req.onsuccess = () => resolve((req.result as SavedLibraryIndex | undefined) ?? null);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB read failed'));
    });
  } finally {
    db.close();
  }
}

export async function writeSavedIndex(saved: SavedLibraryIndex, factory = defaultFactory()): Promise<void> {
  if (!factory) return;
  const db = await open(factory);
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(saved, KEY);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  } finally {
    db.close();
  }
}
