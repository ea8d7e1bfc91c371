// The Claimdesk sync server: Hocuspocus 3 (Yjs) with reviewer tokens, a guard on every incoming update,
// SQLite persistence by default and, when given, Redis so several instances serve one desk.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server, type Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import { FEED_DOC_NAME, isDocName } from '../core/merge/ydoc';
import type { Reviewer } from '../core/merge/entries';
import { openSqliteStore, type DocumentStore } from './sqlite-store';
import { checkToken, loadTokenFile, tokenFilePath, type Role, type TokenFile } from './tokens';
import { guardMessage, RefusedUpdate, updateInMessage } from './update-guard';

export interface SyncLogEvent {
  event: 'refused-connection' | 'refused-update' | 'read-only-write' | 'listening' | 'stopped';
  reason?: string;
  reviewer?: string;
  document?: string;
}

export interface SyncServerOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to SQLite in <dataDir>/sync.sqlite. A store passed in is not closed by stop(). */
  store?: DocumentStore;
  redis?: { host: string; port: number; prefix?: string } | null;
  maxUpdateBytes?: number;
  /** Milliseconds a document waits after a change before it is stored (default 1000). */
  storeDebounce?: number;
  log?: (e: SyncLogEvent) => void;
  name?: string;
}

export interface RunningSyncServer {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

interface ConnectionContext {
  reviewer: Reviewer;
  role: Role;
}

export const DEFAULT_MAX_UPDATE_BYTES = 16 * 1024 * 1024;
const FEED_THROTTLE_MS = 200;

/** Why a connection was refused, as sent to the client. */
export type RefusalCode = 'unknown-document' | 'token-malformed' | 'token-other-desk' | 'token-unknown' | 'token-revoked';
const REFUSAL_CODES: Record<'malformed' | 'other desk' | 'unknown' | 'revoked', RefusalCode> = {
  malformed: 'token-malformed',
  'other desk': 'token-other-desk',
  unknown: 'token-unknown',
  revoked: 'token-revoked',
};

const defaultLog = (e: SyncLogEvent) => {
  if (e.event === 'listening' || e.event === 'stopped') console.log(`[claimdesk-sync] ${e.event}${e.reason ? ` ${e.reason}` : ''}`);
  else console.warn(`[claimdesk-sync] ${JSON.stringify({ at: new Date().toISOString(), ...e })}`);
};

/** Token file, re-read when it changes on disk, so tokens an admin issues work without a restart. */
function tokenSource(dataDir: string): () => TokenFile {
  let file = loadTokenFile(dataDir);
  let mtime = statSync(tokenFilePath(dataDir)).mtimeMs;
  return () => {
    const now = statSync(tokenFilePath(dataDir)).mtimeMs;
    if (now !== mtime) {
      file = loadTokenFile(dataDir);
      mtime = now;
    }
    return file;
  };
}

export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const log = options.log ?? defaultLog;
  const maxUpdateBytes = options.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES;
  const tokens = tokenSource(options.dataDir);
  const ownStore = !options.store;
  const store = options.store ?? openSqliteStore(join(options.dataDir, 'sync.sqlite'));

  const extensions: Extension[] = [];
  if (options.redis) {
    const redis = new Redis({ host: options.redis.host, port: options.redis.port, prefix: options.redis.prefix ?? 'claimdesk' });
    // A document subscribed before the subscriber connection is ready breaks ioredis's ready check
    // ("Connection in subscriber mode") and the instance silently stops hearing the others.
    await Promise.all([redis.pub, redis.sub].map((c) => (c.status === 'ready' ? undefined : new Promise((resolve, reject) => {
      c.once('ready', resolve);
      c.once('error', reject);
    }))));
    extensions.push(redis);
  }
  extensions.push(
    new Database({
      fetch: ({ documentName }) => (isDocName(documentName) ? store.fetch(documentName) : Promise.resolve(null)),
      // The feed holds nothing; only documents are stored.
      store: ({ documentName, state }) => (isDocName(documentName) ? store.store(documentName, state) : Promise.resolve()),
    }),
  );

  const server = new Server(
    {
      name: options.name ?? 'claimdesk-sync',
      address: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      quiet: true,
      stopOnSignals: false,
      debounce: options.storeDebounce ?? 1000,
      maxDebounce: 5000,
      extensions,
      async onAuthenticate({ token, documentName, connectionConfig }) {
        // The `reason` goes back to the client in Hocuspocus' permission-denied message: a fixed code the
        // app puts in words (sync-client.ts refusalInWords), never more than the person needs to fix it.
        const feed = documentName === FEED_DOC_NAME;
        if (!feed && !isDocName(documentName)) {
          log({ event: 'refused-connection', reason: 'not a document name', document: String(documentName).slice(0, 80) });
          throw Object.assign(new Error('unknown document'), { reason: 'unknown-document' satisfies RefusalCode });
        }
        const check = checkToken(tokens(), token);
        if (!check.ok) {
          log({ event: 'refused-connection', reason: `token ${check.reason}`, document: documentName });
          throw Object.assign(new Error('not authorized'), { reason: REFUSAL_CODES[check.reason] });
        }
        // The feed only speaks from server to client; nobody writes to it.
        if (check.role === 'viewer' || feed) connectionConfig.readOnly = true;
        return { reviewer: check.reviewer, role: check.role } satisfies ConnectionContext;
      },
      async onChange({ documentName, transactionOrigin }) {
        // A client's update (not one relayed by Redis, whose instance told its own feed): tell everyone.
        if (isDocName(documentName) && typeof transactionOrigin === 'object' && transactionOrigin !== null) announce(documentName);
      },
      async beforeHandleMessage({ update: message, document, context, connection }) {
        const ctx = context as ConnectionContext;
        if (connection.readOnly) {
          // Hocuspocus does not apply a read-only connection's updates; say so when one tried to write.
          const update = (() => {
            try {
              return updateInMessage(message);
            } catch {
              return null;
            }
          })();
          if (update && !Y.snapshotContainsUpdate(Y.snapshot(document), update)) {
            log({ event: 'read-only-write', reviewer: ctx.reviewer.id, document: document.name });
          }
          return;
        }
        try {
          guardMessage(document, message, ctx.reviewer, { maxUpdateBytes });
        } catch (e) {
          const reason = e instanceof RefusedUpdate ? e.why : 'malformed message';
          log({ event: 'refused-update', reason, reviewer: ctx.reviewer.id, document: document.name });
          throw Object.assign(new Error(reason), { code: 4400, reason: 'refused-update' });
        }
      },
    },
    { maxPayload: maxUpdateBytes + 1024 },
  );

  // Changes are announced at most every FEED_THROTTLE_MS per document (the benchmark's editors write ~100
  // updates a second); the feed document stays loaded on every instance, so Redis relays to all of them.
  const waitingAnnouncements = new Map<string, ReturnType<typeof setTimeout>>();
  function announce(documentName: string): void {
    if (waitingAnnouncements.has(documentName)) return;
    waitingAnnouncements.set(
      documentName,
      setTimeout(() => {
        waitingAnnouncements.delete(documentName);
        server.hocuspocus.documents.get(FEED_DOC_NAME)?.broadcastStateless(JSON.stringify({ changed: documentName }));
      }, FEED_THROTTLE_MS),
    );
  }

  await server.listen();
  const feed = await server.hocuspocus.openDirectConnection(FEED_DOC_NAME, {});
  const port = server.address.port;
  const url = `ws://${options.host ?? '127.0.0.1'}:${port}`;
  log({ event: 'listening', reason: url });
  return {
    url,
    port,
    server,
    async stop() {
      for (const t of waitingAnnouncements.values()) clearTimeout(t);
      await feed.disconnect();
      await server.destroy();
      // Hocuspocus closes each document's connection but leaves the sockets open; a stopped server
      // must look stopped to clients, so they go offline and reconnect when it is back.
      for (const socket of server.webSocketServer.clients) socket.terminate();
      server.httpServer.closeAllConnections();
      if (ownStore) store.close();
      log({ event: 'stopped', reason: url });
    },
  };
}
