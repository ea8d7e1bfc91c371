// The open document's merge state for the window: its local copy (always: history and conflicts work
// offline), connected to the desk's server when sync is configured, bridged to the annotation store.
// One Y.Doc per document text (by content hash); switching documents closes the previous one.
import { useEffect, useMemo, useState } from 'react';
import type { Reviewer } from '../../../core/merge/entries';
import type { ClaimdeskDb } from '../../db/schema';
import { readDocStats } from '../../db/reads';
import { DocumentSync } from './document-sync';
import { SYNC_DB_NAME, SyncStoreDb } from './local-doc-store';
import { SyncBridge, type BridgeView } from './sync-bridge';
import type { SyncStatus } from './sync-client';
import { checkSyncSettings, type SyncSettings } from './sync-settings';

let syncDb: SyncStoreDb | null = null;
export function profileSyncDb(): SyncStoreDb {
  syncDb ??= new SyncStoreDb(SYNC_DB_NAME);
  return syncDb;
}

export interface OpenDocumentSync {
  sync: DocumentSync | null;
  bridge: SyncBridge | null;
  view: BridgeView | null;
  /** Null when sync is off (the document is kept with its history, locally only). */
  status: SyncStatus | null;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * With sync off, history is recorded locally only for documents up to this many annotations: the
 * bridge's first pass over a larger one costs seconds (measured: 20,000 annotations, ~8 s to record them
 * in Node with fake-indexeddb), which the bulk documents of the benchmarks must not pay. With sync on,
 * every document is bridged (ADR 0020).
 */
export const LOCAL_HISTORY_MAX_ANNOTATIONS = 5000;

export function useDocumentSync(db: ClaimdeskDb, doc: { id: string; hash: string } | null, reviewer: Reviewer, settings: SyncSettings, onError: (e: unknown) => void): OpenDocumentSync {
  const [sync, setSync] = useState<{ sync: DocumentSync; bridge: SyncBridge } | null>(null);
  const [view, setView] = useState<BridgeView | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const check = useMemo(() => (settings.serverUrl ? checkSyncSettings(settings) : null), [settings]);
  const server = check?.ok ? { url: check.url, token: settings.token.trim() } : null;
  const docId = doc?.id ?? null;
  const hash = doc && HASH.test(doc.hash) ? doc.hash : null;
  const serverUrl = server?.url ?? null;
  const token = server?.token ?? null;

  useEffect(() => {
    if (!docId || !hash) return;
    let cancelled = false;
    let opened: DocumentSync | null = null;
    let bridge: SyncBridge | null = null;
    const offs: Array<() => void> = [];
    void (async () => {
      try {
        if (!serverUrl && ((await readDocStats(db)).find((r) => r.docId === docId)?.total ?? 0) > LOCAL_HISTORY_MAX_ANNOTATIONS) return;
        if (cancelled) return;
        const s = await DocumentSync.open({ db: profileSyncDb(), textHash: hash, reviewer, server: serverUrl && token ? { url: serverUrl, token, retry: { delay: 1000, maxDelay: 5000 } } : undefined });
        opened = s;
        if (cancelled) return void s.close();
        const b = await SyncBridge.open({ db, store: profileSyncDb(), sync: s, docId, onError });
        bridge = b;
        if (cancelled) return void b.close().then(() => s.close());
        offs.push(b.onView((v) => setView(v)));
        if (serverUrl) {
          offs.push(s.onStatus((st) => setStatus(st)));
          setStatus(s.status());
        } else setStatus(null);
        setView(b.view());
        setSync({ sync: s, bridge: b });
      } catch (e) {
        onError(e);
      }
    })();
    return () => {
      cancelled = true;
      offs.forEach((off) => off());
      setSync(null);
      setView(null);
      void (bridge?.close() ?? Promise.resolve()).then(() => opened?.close());
    };
    // The reviewer object is compared by value: a new object with the same id and name is the same reviewer.
  }, [db, docId, hash, reviewer.id, reviewer.name, serverUrl, token]);

  return { sync: sync?.sync ?? null, bridge: sync?.bridge ?? null, view, status: serverUrl ? (status ?? { state: 'offline', waiting: 0 }) : null };
}
