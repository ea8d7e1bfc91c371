// The reviewer's own copy of each synced document, kept in IndexedDB (Dexie) as a log of Yjs updates:
// every local or received change is written before anything else happens, so the app works offline and
// a reload, crash or server outage loses nothing. Compacted into one update when the log grows.
import Dexie, { type Table } from 'dexie';
import * as Y from 'yjs';

export interface UpdateRow {
  seq?: number;
  doc: string;
  update: Uint8Array;
}

/**
 * What the bridge to the annotation store knows of a document (sync-bridge.ts): which entries each
 * stored field reflects, and which annotations were ever in the store (one absent now was deleted here).
 */
export interface BridgeRow {
  doc: string;
  seen: Array<[string, string[]]>;
  known: string[];
}

/** A document whose annotations changed here since it was last synced (background-sync.ts). */
export interface PendingRow {
  docId: string;
}

/** The Yjs state vector of a document's copy when background sync last bridged it to the store. */
export interface BridgedRow {
  doc: string;
  state: Uint8Array;
}

export class SyncStoreDb extends Dexie {
  updates!: Table<UpdateRow, number>;
  bridge!: Table<BridgeRow, string>;
  pending!: Table<PendingRow, string>;
  bridged!: Table<BridgedRow, string>;

  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ updates: '++seq, doc' });
    this.version(2).stores({ updates: '++seq, doc', bridge: '&doc' });
    this.version(3).stores({ updates: '++seq, doc', bridge: '&doc', pending: '&docId', bridged: '&doc' });
  }
}

/** The profile's sync store (one IndexedDB database beside the app's own). */
export const SYNC_DB_NAME = 'claimdesk-sync';

/** Origin of changes that came out of the local store, so they are not written back to it. */
export const FROM_STORE = Symbol('from-local-store');

export interface LocalDoc {
  name: string;
  doc: Y.Doc;
  /** Resolves when every change so far is on disk. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

const COMPACT_AFTER = 500;

export async function openLocalDoc(db: SyncStoreDb, name: string, doc: Y.Doc = new Y.Doc()): Promise<LocalDoc> {
  const rows = await db.updates.where('doc').equals(name).sortBy('seq');
  if (rows.length) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((r) => r.update)), FROM_STORE);
  let count = rows.length;
  let chain: Promise<unknown> = Promise.resolve();
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === FROM_STORE) return;
    chain = chain.then(async () => {
      await db.updates.add({ doc: name, update });
      if (++count >= COMPACT_AFTER) {
        const whole = Y.encodeStateAsUpdate(doc);
        await db.transaction('rw', db.updates, async () => {
          await db.updates.where('doc').equals(name).delete();
          await db.updates.add({ doc: name, update: whole });
        });
        count = 1;
      }
    });
  };
  doc.on('update', onUpdate);
  return {
    name,
    doc,
    flushed: () => chain.then(() => undefined),
    async close() {
      doc.off('update', onUpdate);
      await chain;
    },
  };
}
