// Connects a document's Y.Doc to the desk's sync server through @hocuspocus/provider and reports the
// state a status bar shows: connected, offline or syncing, and how many changes wait for the server.
// Documents share one WebSocket (HocuspocusProviderWebsocket multiplexes them) when one is given.
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import type * as Y from 'yjs';

export type SyncState = 'connected' | 'offline' | 'syncing' | 'refused';

export interface SyncStatus {
  state: SyncState;
  /** Changes sent that the server has not confirmed yet. */
  waiting: number;
  /** Why the server refused the connection, when it did, in words (refusalInWords). */
  reason?: string;
  /** The token is a viewer's: changes stay local and are never sent on. */
  readOnly?: boolean;
  /** Refused for this document only (the server's guard refused a change in it), not the token. */
  documentOnly?: boolean;
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
  /** A socket shared with other documents (sharedSocket); absent: this document opens its own. */
  websocket?: HocuspocusProviderWebsocket;
}

/** One WebSocket to the server for every document the window syncs. */
export function sharedSocket(options: { url: string; WebSocketPolyfill?: unknown; retry?: { delay: number; maxDelay: number } }): HocuspocusProviderWebsocket {
  return new HocuspocusProviderWebsocket({
    url: options.url,
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill as never } : {}),
    ...(options.retry ? { delay: options.retry.delay, maxDelay: options.retry.maxDelay, minDelay: options.retry.delay, factor: 1.5, jitter: false } : {}),
  });
}

/**
 * The server's refusal codes (sync-server.ts) in the words the status bar shows. Unknown codes are not
 * shown as they came: a server is outside the app, and its text is not the app's to display.
 */
export function refusalInWords(code: string): string {
  switch (code) {
    case 'token-other-desk':
      return 'this token is for another desk';
    case 'token-malformed':
    case 'token-unknown':
      return 'bad token';
    case 'token-revoked':
      return 'this token was revoked';
    case 'unknown-document':
      return 'the server does not accept this document';
    default:
      return 'not authorized';
  }
}

export function connectDocument(options: ConnectOptions): SyncConnection {
  let socket: WebSocketStatus = options.websocket?.status ?? WebSocketStatus.Disconnected;
  let refused: string | undefined;
  let changeRefused = false;
  const listeners = new Set<(s: SyncStatus) => void>();
  const provider = options.websocket
    ? new HocuspocusProvider({ websocketProvider: options.websocket, name: options.name, document: options.doc, token: options.token })
    : new HocuspocusProvider({
        url: options.url,
        name: options.name,
        document: options.doc,
        token: options.token,
        ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
        ...(options.retry ? { delay: options.retry.delay, maxDelay: options.retry.maxDelay, minDelay: options.retry.delay, factor: 1.5, jitter: false } : {}),
      });
  const status = (): SyncStatus => {
    if (refused) return { state: 'refused', waiting: provider.unsyncedChanges, reason: refused };
    if (changeRefused) return { state: 'refused', waiting: provider.unsyncedChanges, reason: 'the server refused a change in it', documentOnly: true };
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
    refused = refusalInWords(reason);
    emit();
  });
  provider.on('authenticated', () => {
    refused = undefined;
    emit();
  });
  // The guard's refusal closes this document's connection (sync-server.ts): say so instead of waiting.
  provider.on('close', ({ event }: { event?: { reason?: string } }) => {
    if (event?.reason !== 'refused-update') return;
    changeRefused = true;
    emit();
  });
  provider.on('synced', emit);
  provider.on('unsyncedChanges', emit);
  // A provider on a shared socket attaches itself (after its listeners, so it hears the socket's state).
  if (options.websocket) provider.attach();
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
          } else if (s.state === 'refused') {
            off();
            clearTimeout(timer);
            reject(new Error(`refused: ${s.reason ?? 'not authorized'}`));
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
