// Background sync (ADR 0022): every document of the library, not only the open one, kept in step with
// the desk's server over ONE WebSocket, shared with the open document (Hocuspocus multiplexes documents on
// a socket). Documents go through a queue a few at a time: each is opened (its local copy from IndexedDB),
// attached to the socket, brought up to the server's state and, when either side has something new,
// bridged to the annotation store (sync-bridge.ts) until the server has confirmed every change; then it is
// closed again, so a library of thousands of documents holds at most `concurrency` of them in memory.
// A document whose annotations change here (claims desk, import, another window) is synced a moment
// later; one a peer changed is synced when the server's change feed names it (FEED_DOC_NAME); and the
// whole library is swept again every `interval` for what the feed could not say (while offline). The
// bridge's passes are time-sliced.
import Dexie from 'dexie';
import { WebSocketStatus, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { Reviewer } from '../../../core/merge/entries';
import type { ClaimdeskDb } from '../../db/schema';
import { DocumentSync } from './document-sync';
import type { SyncStoreDb } from './local-doc-store';
import { SyncBridge } from './sync-bridge';
import { connectDocument, sharedSocket, type SyncConnection, type SyncStatus } from './sync-client';
import { FEED_DOC_NAME } from '../../../core/merge/ydoc';
import * as Y from 'yjs';

export interface LibraryDoc {
  id: string;
  /** sha256 of the text; documents whose text is not known yet ('') are left for later. */
  hash: string;
}

export interface BackgroundSyncOptions {
  db: ClaimdeskDb;
  store: SyncStoreDb;
  reviewer: Reviewer;
  server: { url: string; token: string; WebSocketPolyfill?: unknown; retry?: { delay: number; maxDelay: number } };
  /** Documents synced at once (default 2): each costs its Y.Doc in memory and a bridge pass. */
  concurrency?: number;
  /**
   * Milliseconds between the end of one sweep of the library and the next (default 5 minutes): the
   * change feed brings peers' changes as they happen; sweeps catch what it could not say.
   */
  interval?: number;
  /** Milliseconds after a change here before its document is synced (default 1 s; changes meanwhile join it). */
  changeDelay?: number;
  /** How long a document may take to reach the server's state (default 30 s). */
  settleTimeoutMs?: number;
  onError?: (e: unknown) => void;
}

export interface SweepFigures {
  documents: number;
  /** Documents bridged to the store because one side had something new. */
  bridged: number;
  ms: number;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * How long a document's name rests on the socket between one provider leaving and the next attaching.
 * Hocuspocus 3 handles a document's messages one by one behind async hooks (our guard): an attach sent
 * right after a detach reaches the old connection before the detach has cleared it, is lost, and the new
 * provider never authenticates (seen here: a job requeued at once hung in "syncing").
 */
export const REATTACH_AFTER_MS = 500;

interface Job {
  sync: DocumentSync | null;
  done: Promise<void>;
  failed?: boolean;
  /** The server refused a change in it: retrying would be refused again. */
  refused?: boolean;
}

/** A document whose job failed (it did not settle: a reconnection lost, a slow server) is tried again after 1 s, 2 s, 4 s … up to a minute. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 60_000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The keys a Dexie range set holds, or null when it names a range (then every document may have changed). */
function keysOf(set: unknown): string[] | null {
  const out: string[] = [];
  const stack = [set as { from: unknown; to: unknown; l?: unknown; r?: unknown } | null];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (node.from !== node.to || typeof node.from !== 'string') return null;
    out.push(node.from);
    stack.push(node.l as never, node.r as never);
  }
  return out;
}

export class BackgroundSync {
  readonly socket: HocuspocusProviderWebsocket;
  private docs = new Map<string, string>();
  /** Open documents, counted: reopening one can claim it before the previous close released it. */
  private readonly claimed = new Map<string, number>();
  private readonly detachedAt = new Map<string, number>();
  /** Open documents being closed: resolve when their provider has left the socket. */
  private readonly leaving = new Map<string, Promise<unknown>>();
  /** Documents changed here and not synced since (kept in the sync store too, so a reload keeps them). */
  private readonly pending = new Set<string>();
  private readonly queue: string[] = [];
  /** Asked for while their job ran: they go again after it. */
  private readonly again = new Set<string>();
  /** Documents whose last job failed: how many times in a row, and the timer of the next try. */
  private readonly retries = new Map<string, { attempts: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly jobs = new Map<string, Job>();
  private socketState: WebSocketStatus;
  private refused: string | undefined;
  private sweepTimer: ReturnType<typeof setTimeout> | null = null;
  private changeTimer: ReturnType<typeof setTimeout> | null = null;
  private sweeping: { started: number; documents: number; bridged: number } | null = null;
  private closed = false;
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly sweepListeners = new Set<(f: SweepFigures) => void>();
  lastSweep: SweepFigures | null = null;
  private readonly feed: SyncConnection;
  /** Rejects on close, so a job waiting for a server that is not there does not hold the close up. */
  private readonly closing: Promise<never>;
  private abort: (e: Error) => void = () => undefined;

  private constructor(private readonly options: BackgroundSyncOptions) {
    this.closing = new Promise<never>((_, reject) => (this.abort = reject));
    this.closing.catch(() => undefined);
    this.socket = sharedSocket(options.server);
    this.socketState = this.socket.status;
    this.socket.on('status', this.onSocketStatus);
    Dexie.on('storagemutated', this.onMutated);
    this.feed = connectDocument({ url: options.server.url, token: options.server.token, name: FEED_DOC_NAME, doc: new Y.Doc(), websocket: this.socket });
    this.feed.provider.on('stateless', this.onFeed);
    this.feed.onStatus((s) => {
      // The feed is the first to hear that a token is refused, before any document is tried.
      if (s.state === 'refused') this.refused = s.reason ?? 'not authorized';
      this.emit();
    });
  }

  /** A peer changed a document: the ones here with that text sync now. */
  private readonly onFeed = ({ payload }: { payload: string }) => {
    let changed: unknown;
    try {
      changed = (JSON.parse(payload) as { changed?: unknown }).changed;
    } catch {
      return;
    }
    if (typeof changed !== 'string' || !changed.startsWith('doc:')) return;
    const hash = changed.slice(4);
    this.enqueue([...this.docs].filter(([, h]) => h === hash).map(([id]) => id));
  };

  static async start(options: BackgroundSyncOptions): Promise<BackgroundSync> {
    const bg = new BackgroundSync(options);
    for (const row of await options.store.pending.toArray()) bg.pending.add(row.docId);
    return bg;
  }

  private get concurrency(): number {
    return this.options.concurrency ?? 2;
  }

  private online(): boolean {
    return this.socketState === WebSocketStatus.Connected && !this.refused && !this.closed;
  }

  /** The library as the window knows it; the first call starts the first sweep. */
  setDocuments(docs: readonly LibraryDoc[]): void {
    const first = this.docs.size === 0;
    this.docs = new Map(docs.filter((d) => HASH.test(d.hash)).map((d) => [d.id, d.hash]));
    if (first && this.docs.size) this.scheduleSweep(0);
  }

  /**
   * The open document is synced live by its own bridge (use-document-sync.ts) on this socket: two
   * providers of one name on one socket would take each other's messages, so a job on it ends first.
   */
  async claim(docId: string): Promise<void> {
    this.claimed.set(docId, (this.claimed.get(docId) ?? 0) + 1);
    const i = this.queue.indexOf(docId);
    if (i >= 0) this.queue.splice(i, 1);
    await this.jobs.get(docId)?.done;
    await this.leaving.get(docId);
    await this.rested(docId);
    // Its bridge records whatever changed here on opening.
    if (this.pending.delete(docId)) await this.options.store.pending.delete(docId);
    this.emit();
  }

  /** The open document is being closed; `closed` resolves when its provider has left the socket. */
  release(docId: string, closed: Promise<unknown> = Promise.resolve()): void {
    const left = (this.claimed.get(docId) ?? 1) - 1;
    if (left > 0) this.claimed.set(docId, left);
    else this.claimed.delete(docId);
    const gone = closed.catch(() => undefined).then(() => {
      this.detachedAt.set(docId, Date.now());
      if (this.leaving.get(docId) === gone) this.leaving.delete(docId);
    });
    this.leaving.set(docId, gone);
  }

  /** Waits until the document's name has rested on the socket since it was last detached. */
  private async rested(docId: string): Promise<void> {
    const wait = (this.detachedAt.get(docId) ?? 0) + REATTACH_AFTER_MS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  status(): SyncStatus {
    let waiting = 0;
    for (const [id, job] of this.jobs) waiting += job.sync?.status().waiting ?? (this.pending.has(id) ? 1 : 0);
    for (const id of this.pending) if (!this.jobs.has(id) && !this.claimed.has(id)) waiting++;
    if (this.refused) return { state: 'refused', waiting, reason: this.refused };
    if (this.socketState !== WebSocketStatus.Connected) return { state: 'offline', waiting };
    // A sweep that finds nothing to send is not shown as syncing: the bar would flicker every minute.
    return { state: waiting > 0 ? 'syncing' : 'connected', waiting };
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSweep(listener: (f: SweepFigures) => void): () => void {
    this.sweepListeners.add(listener);
    return () => this.sweepListeners.delete(listener);
  }

  /** Resolves when no job is running or queued. */
  idle(): Promise<void> {
    if (this.jobs.size === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts a sweep of the whole library now (tests; the timer does it otherwise). */
  sweepNow(): void {
    this.scheduleSweep(0);
  }

  private emit(): void {
    const s = this.status();
    this.listeners.forEach((l) => l(s));
  }

  private readonly onSocketStatus = ({ status }: { status: WebSocketStatus }) => {
    const was = this.socketState;
    this.socketState = status;
    // Back online: what waited goes first, then a sweep picks up what peers did meanwhile.
    if (status === WebSocketStatus.Connected && was !== WebSocketStatus.Connected) {
      this.enqueue([...this.pending]);
      this.scheduleSweep(0);
    }
    this.emit();
  };

  private readonly onMutated = (parts: Record<string, unknown>) => {
    const set = parts[`idb://${this.options.db.name}/buckets/docId`];
    if (!set || this.closed) return;
    this.touch(keysOf(set) ?? [...this.docs.keys()]);
  };

  /**
   * Documents whose merge state or annotations changed here outside an open bridge (a file import can
   * add entries that change nothing in the store: a conflict): synced a moment later.
   */
  touch(ids: readonly string[]): void {
    if (this.closed) return;
    const fresh = ids.filter((id) => this.docs.has(id) && !this.claimed.has(id) && !this.pending.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.pending.add(id);
    void this.options.store.pending.bulkPut(fresh.map((docId) => ({ docId }))).catch((e: unknown) => this.options.onError?.(e));
    this.emit();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      this.enqueue([...this.pending]);
    }, this.options.changeDelay ?? 1000);
  };

  private scheduleSweep(delay: number): void {
    if (this.closed) return;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = null;
      void this.startSweep();
    }, delay);
  }

  private async startSweep(): Promise<void> {
    // Reconnecting, and the library arriving, schedule the next one.
    if (!this.online() || this.sweeping || this.docs.size === 0) return;
    this.sweeping = { started: performance.now(), documents: 0, bridged: 0 };
    try {
      // Documents with annotations here first: they are the ones with something to send.
      const withAnnotations = new Set((await this.options.db.docStats.toArray()).filter((r) => r.total > 0).map((r) => r.docId));
      const order = [...this.docs.keys()].sort((a, b) => Number(withAnnotations.has(b)) - Number(withAnnotations.has(a)));
      this.sweeping.documents = order.length;
      this.enqueue(order);
      await this.idle();
    } catch (e) {
      this.options.onError?.(e);
    }
    const s = this.sweeping;
    this.sweeping = null;
    this.lastSweep = { documents: s.documents, bridged: s.bridged, ms: Math.round(performance.now() - s.started) };
    this.sweepListeners.forEach((l) => l(this.lastSweep!));
    this.scheduleSweep(this.options.interval ?? 300_000);
  }

  private enqueue(ids: readonly string[]): void {
    for (const id of ids) if (!this.queue.includes(id) && !this.claimed.has(id)) this.queue.push(id);
    this.pump();
  }

  private pump(): void {
    while (this.online() && this.jobs.size < this.concurrency && this.queue.length) {
      const id = this.queue.shift()!;
      if (this.claimed.has(id) || !this.docs.has(id)) continue;
      if (this.jobs.has(id)) {
        this.again.add(id);
        continue;
      }
      const job: Job = { sync: null, done: Promise.resolve() };
      job.done = this.run(id, job)
        .catch((e: unknown) => {
          job.failed = true;
          if (!this.closed && this.online()) this.options.onError?.(e);
        })
        .finally(() => {
          this.jobs.delete(id);
          // Changed again while it ran (after its bridge closed): once more. A failed one is tried again
          // after a growing pause (not at once: see REATTACH_AFTER_MS), a refused one only by a sweep.
          const again = this.again.delete(id);
          if (!job.failed && (again || this.pending.has(id)) && !this.queue.includes(id) && !this.claimed.has(id)) this.queue.push(id);
          if (job.failed && !job.refused && !this.closed) this.retryLater(id);
          else if (!job.failed) this.retries.delete(id);
          this.emit();
          this.pump();
          if (this.jobs.size === 0 && (this.queue.length === 0 || !this.online())) this.idleWaiters.splice(0).forEach((w) => w());
        });
      this.jobs.set(id, job);
    }
    if (this.jobs.size === 0 && (this.queue.length === 0 || !this.online())) this.idleWaiters.splice(0).forEach((w) => w());
    this.emit();
  }

  private retryLater(id: string): void {
    const previous = this.retries.get(id);
    if (previous) clearTimeout(previous.timer);
    const attempts = (previous?.attempts ?? 0) + 1;
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempts - 1));
    const timer = setTimeout(() => {
      if (!this.closed) this.enqueue([id]);
    }, delay);
    this.retries.set(id, { attempts, timer });
  }

  private async run(docId: string, job: Job): Promise<void> {
    const { db, store, reviewer, server } = this.options;
    const timeout = this.options.settleTimeoutMs ?? 30_000;
    await Promise.race([this.leaving.get(docId), this.closing]);
    await Promise.race([this.rested(docId), this.closing]);
    const wasPending = this.pending.has(docId);
    const sync = await DocumentSync.open({ db: store, textHash: this.docs.get(docId)!, reviewer, server: { url: server.url, token: server.token, websocket: this.socket } });
    job.sync = sync;
    const offStatus = sync.onStatus(() => this.emit());
    let done = false;
    const settled = () => Promise.race([sync.settled(timeout), this.closing]);
    try {
      await settled();
      // The copy as last bridged to the store: anything since (from the server, in this job or an
      // earlier one, or a file import) is bridged now; a document never bridged is bridged once.
      const key = `${docId}\u0000${sync.name}`;
      const last = await store.bridged.get(key);
      if (wasPending || !last || !sameBytes(last.state, sync.stateVector())) {
        // Changes made here from now on are the bridge's to see while it is open.
        if (this.pending.delete(docId)) await store.pending.delete(docId);
        const bridge = await SyncBridge.open({ db, store, sync, docId, onError: this.options.onError });
        let bridgedUpTo: Uint8Array | null = null;
        try {
          await bridge.idle();
          await settled();
          // Taken with no pass pending (nothing can arrive between these two lines): what came after is
          // newer than this and is bridged next time.
          await bridge.idle();
          bridgedUpTo = sync.stateVector();
        } finally {
          await bridge.close();
        }
        await store.bridged.put({ doc: key, state: bridgedUpTo });
        if (this.sweeping) this.sweeping.bridged++;
      }
      done = true;
    } catch (e) {
      const s = sync.status();
      // A refused token stops the background; a refused change stops this document only.
      if (s.state === 'refused' && s.reason && !s.documentOnly) this.refused = s.reason;
      if (s.state === 'refused') job.refused = true;
      throw new Error(`document ${docId}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      offStatus();
      await sync.close();
      this.detachedAt.set(docId, Date.now());
      // Not through: whatever was waiting waits for the next try.
      if (!done && wasPending && !this.pending.has(docId)) {
        this.pending.add(docId);
        await store.pending.put({ docId });
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort(new Error('background sync closed'));
    Dexie.on('storagemutated').unsubscribe(this.onMutated);
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    for (const r of this.retries.values()) clearTimeout(r.timer);
    this.retries.clear();
    this.queue.length = 0;
    await Promise.all([...this.jobs.values()].map((j) => j.done));
    this.socket.off('status', this.onSocketStatus);
    this.feed.close();
    this.socket.destroy();
    this.listeners.clear();
  }
}

/** The status bar's line for the open document and the background together. */
export function combineStatus(open: SyncStatus | null, background: SyncStatus | null): SyncStatus | null {
  if (!open) return background;
  if (!background) return open;
  const waiting = open.waiting + background.waiting;
  const refused = open.state === 'refused' ? open : background.state === 'refused' ? background : null;
  if (refused) return { state: 'refused', waiting, ...(refused.reason ? { reason: refused.reason } : {}) };
  const readOnly = open.readOnly ? { readOnly: true } : {};
  if (open.state === 'offline' || background.state === 'offline') return { state: 'offline', waiting, ...readOnly };
  if (open.state === 'syncing' || background.state === 'syncing') return { state: 'syncing', waiting, ...readOnly };
  return { state: 'connected', waiting, ...readOnly };
}
