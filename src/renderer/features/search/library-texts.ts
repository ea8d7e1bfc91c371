// The search worker's read of document texts from the app's database, so the window need not send
// 36 MB of texts through postMessage (a main-thread task of its own) or keep them all in memory.
// Raw IndexedDB, not Dexie: the worker only reads one store, and must never create or upgrade the
// database (that is the window's Dexie schema, db/schema.ts).
import type { ClaimdeskDb, DocTextRow } from '../../db/schema';

// Checked against the schema's types, so a rename there fails the build here.
const DB_NAME = 'claimdesk';
const STORE: keyof ClaimdeskDb & 'docTexts' = 'docTexts';

function open(factory: IDBFactory): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    const req = factory.open(DB_NAME);
    // The database does not exist yet: do not create it (Dexie will, with its schema).
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => {
      const db = req.result;
      // Never hold up the window's schema upgrades.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
}

/** Texts of these documents as stored in the app's database (absent ids are left out). */
export async function readStoredTexts(
  ids: readonly string[],
  factory: IDBFactory | undefined = typeof indexedDB === 'undefined' ? undefined : indexedDB,
): Promise<Map<string, Pick<DocTextRow, 'text' | 'hash'>>> {
  const out = new Map<string, Pick<DocTextRow, 'text' | 'hash'>>();
  if (ids.length === 0 || !factory) return out;
  const db = await open(factory);
  if (!db) return out;
  try {
    if (!db.objectStoreNames.contains(STORE)) return out;
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readonly');
      const store = tx.objectStore(STORE);
      for (const id of ids) {
        const req = store.get(id);
        req.onsuccess = () => {
          const row = req.result as DocTextRow | undefined;
          if (row && typeof row.text === 'string') out.set(id, { text: row.text, hash: row.hash });
        };
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB read failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB read aborted'));
    });
  } catch {
    // A text that cannot be read is asked of the window instead.
  } finally {
    db.close();
  }
  return out;
}
