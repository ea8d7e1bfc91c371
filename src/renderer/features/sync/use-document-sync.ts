// The open document's merge state for the window: its local copy (always: history and conflicts work
// offline), connected to the desk's server when sync is configured, bridged to the annotation store.
// One Y.Doc per document text (by content hash); switching documents closes the previous one. With sync
// configured, the other documents sync in the background (background-sync.ts) on the same WebSocket.
import { useEffect, useMemo, useState } from 'react';
import type { Reviewer } from '../../../core/merge/entries';
import type { ClaimdeskDb } from '../../db/schema';
import { readDocStats } from '../../db/reads';
import { DocumentSync } from './document-sync';
import { SYNC_DB_NAME, SyncStoreDb } from './local-doc-store';
import { SyncBridge, type BridgeView } from './sync-bridge';
import { BackgroundSync, combineStatus, type LibraryDoc } from './background-sync';
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

/** The configured server's address and token when the settings are valid; both null with sync off. */
function useSyncServer(settings: SyncSettings): { serverUrl: string | null; token: string | null } {
  const check = useMemo(() => (settings.serverUrl ? checkSyncSettings(settings) : null), [settings]);
  return check?.ok ? { serverUrl: check.url, token: settings.token.trim() } : { serverUrl: null, token: null };
}

/**
 * With sync configured: the window's background sync of every document (one WebSocket), its status, and
 * the library it follows. Null with sync off.
 */
export function useBackgroundSync(db: ClaimdeskDb, documents: readonly LibraryDoc[], reviewer: Reviewer, settings: SyncSettings, onError: (e: unknown) => void): { background: BackgroundSync | null; status: SyncStatus | null } {
  const [background, setBackground] = useState<BackgroundSync | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const { serverUrl, token } = useSyncServer(settings);
  useEffect(() => {
    if (!serverUrl || !token) return;
    let cancelled = false;
    let started: BackgroundSync | null = null;
    let off = () => undefined as unknown;
    void BackgroundSync.start({ db, store: profileSyncDb(), reviewer, server: { url: serverUrl, token, retry: { delay: 1000, maxDelay: 5000 } }, onError }).then((bg) => {
      started = bg;
      if (cancelled) return void bg.close();
      off = bg.onStatus(setStatus);
      setStatus(bg.status());
      setBackground(bg);
    }, onError);
    return () => {
      cancelled = true;
      off();
      setBackground(null);
      setStatus(null);
      void started?.close();
    };
  }, [db, reviewer.id, reviewer.name, serverUrl, token]);
  useEffect(() => background?.setDocuments(documents), [background, documents]);
  return { background, status };
}

export function useDocumentSync(
  db: ClaimdeskDb,
  doc: { id: string; hash: string } | null,
  reviewer: Reviewer,
  settings: SyncSettings,
  onError: (e: unknown) => void,
  background: { background: BackgroundSync | null; status: SyncStatus | null } = { background: null, status: null },
): OpenDocumentSync {
  const [sync, setSync] = useState<{ sync: DocumentSync; bridge: SyncBridge } | null>(null);
  const [view, setView] = useState<BridgeView | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const { serverUrl, token } = useSyncServer(settings);
  const docId = doc?.id ?? null;
  const hash = doc && HASH.test(doc.hash) ? doc.hash : null;
  const bg = background.background;

  useEffect(() => {
    if (!docId || !hash) return;
    // With sync on, the open document waits for the background socket (one WebSocket for every document).
    if (serverUrl && !bg) return;
    let cancelled = false;
    let opened: DocumentSync | null = null;
    let bridge: SyncBridge | null = null;
    let claimedHere = false;
    const offs: Array<() => void> = [];
    const init = (async () => {
      try {
        if (!serverUrl && ((await readDocStats(db)).find((r) => r.docId === docId)?.total ?? 0) > LOCAL_HISTORY_MAX_ANNOTATIONS) return;
        if (cancelled) return;
        // A background job on this document ends before it is opened here (one provider per name on a socket).
        if (bg) {
          claimedHere = true;
          await bg.claim(docId);
        }
        if (cancelled) return;
        const s = await DocumentSync.open({ db: profileSyncDb(), textHash: hash, reviewer, server: serverUrl && token && bg ? { url: serverUrl, token, websocket: bg.socket } : undefined });
        opened = s;
        if (cancelled) return; // closed by the cleanup, after this
        const b = await SyncBridge.open({ db, store: profileSyncDb(), sync: s, docId, onError });
        bridge = b;
        if (cancelled) return;
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
      // After the opening in flight (if any) has finished, so what it opened is closed here too.
      const closed = init.then(() => bridge?.close()).then(() => opened?.close());
      // Told at once (a reopening claim waits for this close), done when the provider has left the socket.
      if (claimedHere) bg?.release(docId, closed);
      void closed.catch(onError);
    };
    // The reviewer object is compared by value: a new object with the same id and name is the same reviewer.
  }, [db, docId, hash, reviewer.id, reviewer.name, serverUrl, token, bg]);

  if (!serverUrl) return { sync: sync?.sync ?? null, bridge: sync?.bridge ?? null, view, status: null };
  // The bar counts every document: the open one's changes and those waiting in the background.
  const open = sync ? (status ?? { state: 'offline', waiting: 0 }) : null;
  return { sync: sync?.sync ?? null, bridge: sync?.bridge ?? null, view, status: combineStatus(open, background.status) ?? { state: 'offline', waiting: 0 } };
}
