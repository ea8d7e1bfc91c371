// Connects a document's Y.Doc to the desk's sync server through @hocuspocus/provider and reports the
// state a status bar shows: connected, offline or syncing, and how many changes wait for the server.
import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import type * as Y from 'yjs';

export type SyncState = 'connected' | 'offline' | 'syncing' | 'refused';

export interface SyncStatus {
  state: SyncState;
  /** Changes sent that the server has not confirmed yet. */
  waiting: number;
  /** Why the server refused the connection, when it did. */
  reason?: string;
  /** The token is a viewer's: changes stay local and are never sent on. */
  readOnly?: boolean;
}

export interface SyncConnection {
  provider: HocuspocusProvider;
  status(): SyncStatus;
  onStatus(listener: (s: SyncStatus) => void): () => void;
  /** Resolves once the server has confirmed every local change (or rejects after `timeoutMs`). */
  settled(timeoutMs?: number): Promise<void>;
  close(): void;
}

export interface ConnectOptions {
  url: string;
  token: string;
  name: string;
  doc: Y.Doc;
  /** A WebSocket class where the platform has none (Node before 22). */
  WebSocketPolyfill?: unknown;
  /** Reconnection back-off in ms (defaults: the provider's, 1 s growing to 30 s). */
  retry?: { delay: number; maxDelay: number };
}

export function connectDocument(options: ConnectOptions): SyncConnection {
  let socket: WebSocketStatus = WebSocketStatus.Disconnected;
  let refused: string | undefined;
  const listeners = new Set<(s: SyncStatus) => void>();
  const provider = new HocuspocusProvider({
    url: options.url,
    name: options.name,
    document: options.doc,
    token: options.token,
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
    ...(options.retry ? { delay: options.retry.delay, maxDelay: options.retry.maxDelay, minDelay: options.retry.delay, factor: 1.5, jitter: false } : {}),
  });
  const status = (): SyncStatus => {
    if (refused) return { state: 'refused', waiting: provider.unsyncedChanges, reason: refused };
    if (socket !== WebSocketStatus.Connected) return { state: 'offline', waiting: provider.unsyncedChanges };
    if (provider.authorizedScope === 'readonly') return { state: provider.isSynced ? 'connected' : 'syncing', waiting: 0, readOnly: true };
    const waiting = provider.unsyncedChanges;
    return { state: !provider.isSynced || waiting > 0 ? 'syncing' : 'connected', waiting };
  };
  const emit = () => listeners.forEach((l) => l(status()));
  provider.on('status', ({ status: s }: { status: WebSocketStatus }) => {
    socket = s;
    emit();
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    refused = reason || 'refused';
    emit();
  });
  provider.on('authenticated', () => {
    refused = undefined;
    emit();
  });
  provider.on('synced', emit);
  provider.on('unsyncedChanges', emit);
  return {
    provider,
    status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    settled(timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const s = status();
          if (s.state === 'connected') {
            off();
            clearTimeout(timer);
            resolve();
          }
        };
        const off = () => listeners.delete(check);
        const timer = setTimeout(() => {
          off();
          reject(new Error(`not settled after ${timeoutMs} ms: ${JSON.stringify(status())}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    close() {
      listeners.clear();
      provider.destroy();
    },
  };
}
