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

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'));
  });
}

export async function readSavedIndex(): Promise<SavedLibraryIndex | null> {
  if (typeof indexedDB === 'undefined') return null;
  const db = await open();
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

export async function writeSavedIndex(saved: SavedLibraryIndex): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const db = await open();
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
