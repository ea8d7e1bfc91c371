// The Postgres store: chosen by CLAIMDESK_POSTGRES (SQLite otherwise), and, against a private PostgreSQL
// started here when the machine has one, a sync server on it keeps a reviewer's edit across a restart and
// a second server instance on the same database reads it (one after the other here; together they need
// Redis as well, which the SQLite integration test covers). Skipped, and said so, without PostgreSQL.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { createAnnotation } from '../core/model/annotation';
import { createdState, materialize, patchEntries } from '../core/merge/merge';
import { docNameFor, readDoc, writeToDoc } from '../core/merge/ydoc';
import { connectDocument } from '../renderer/features/sync/sync-client';
import { chooseStore, openPostgresStore } from './postgres-store';
import { startSyncServer } from './sync-server';
import { issueToken } from './tokens';
import { startTestPostgres, type TestPostgres } from './test-postgres';

describe('chooseStore', () => {
  it('is SQLite in the data folder unless CLAIMDESK_POSTGRES names a Postgres database', () => {
    expect(chooseStore({}, '/srv/cd', join)).toEqual({ kind: 'sqlite', path: '/srv/cd/sync.sqlite' });
    expect(chooseStore({ CLAIMDESK_POSTGRES: ' ' }, '/srv/cd', join)).toEqual({ kind: 'sqlite', path: '/srv/cd/sync.sqlite' });
    expect(chooseStore({ CLAIMDESK_POSTGRES: 'postgres://sync@db.internal/claimdesk' }, '/srv/cd', join)).toEqual({ kind: 'postgres', url: 'postgres://sync@db.internal/claimdesk' });
    expect(() => chooseStore({ CLAIMDESK_POSTGRES: 'mysql://x' }, '/srv/cd', join)).toThrow(/postgres:\/\//);
  });
});

let pg: TestPostgres | null = null;
beforeAll(async () => {
  pg = await startTestPostgres();
  if (!pg) console.warn('postgres-store.test: no PostgreSQL binaries here; the store test against a real database is skipped');
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

describe('openPostgresStore against a real PostgreSQL', () => {
  it('stores and fetches Yjs state, overwrites atomically, and keeps it across reopening', async (ctx) => {
    if (!pg) return ctx.skip();
    const doc = new Y.Doc();
    doc.getMap('entries').set('e1', { value: 'Ana’s note' });
    const a = openPostgresStore(pg.url, { table: 'store_test' });
    await a.ready;
    expect(await a.fetch('doc:x')).toBeNull();
    await a.store('doc:x', Y.encodeStateAsUpdate(doc));
    doc.getMap('entries').set('e2', { value: 'Ben’s note' });
    await a.store('doc:x', Y.encodeStateAsUpdate(doc));
    await a.closeAsync();
    const b = openPostgresStore(pg.url, { table: 'store_test' });
    const back = new Y.Doc();
    Y.applyUpdate(back, (await b.fetch('doc:x'))!);
    expect(back.getMap('entries').toJSON()).toEqual({ e1: { value: 'Ana’s note' }, e2: { value: 'Ben’s note' } });
    expect(await b.namesAsync()).toEqual(['doc:x']);
    await b.closeAsync();
  });

  it('two sync server instances on one Postgres database: Ana writes through one, it survives a restart, Ben reads it through the other', async (ctx) => {
    if (!pg) return ctx.skip();
    const dataDir = mkdtempSync(join(tmpdir(), 'cd-pg-sync-'));
    const ANA = { id: 'rev-ana', name: 'Ana' };
    const BEN = { id: 'rev-ben', name: 'Ben' };
    const name = docNameFor('c'.repeat(64));
    const closers: Array<() => unknown> = [];
    try {
      const tokens = { ana: issueToken(dataDir, ANA, 'editor'), ben: issueToken(dataDir, BEN, 'editor') };
      const storeA = openPostgresStore(pg.url, { table: 'sync_test' });
      const first = await startSyncServer({ dataDir, store: storeA, storeDebounce: 20, log: () => undefined });
      const anaDoc = new Y.Doc();
      const ana = connectDocument({ url: first.url, token: tokens.ana, name, doc: anaDoc, WebSocketPolyfill: WebSocket, retry: { delay: 100, maxDelay: 300 } });
      closers.push(() => ana.close());
      await ana.settled();
      const claim = createAnnotation({ id: 'x1', docId: 'd', kind: 'claim', quote: { type: 'TextQuoteSelector', exact: 'q', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 }, docHash: 'c'.repeat(64), author: 'Ana', now: '2026-11-30T10:00:00.000Z' });
      writeToDoc(anaDoc, [createdState(claim, ANA).base], []);
      writeToDoc(anaDoc, [], patchEntries(readDoc(anaDoc).state, { id: 'x1', set: { note: 'kept in Postgres' } }, ANA, '2026-11-30T10:01:00.000Z'));
      await ana.settled();
      ana.close();
      // A normal stop stores every open document first.
      await first.stop();
      await storeA.closeAsync();

      const storeB = openPostgresStore(pg.url, { table: 'sync_test' });
      const second = await startSyncServer({ dataDir, store: storeB, log: () => undefined });
      closers.push(() => second.stop(), () => storeB.closeAsync());
      const benDoc = new Y.Doc();
      const ben = connectDocument({ url: second.url, token: tokens.ben, name, doc: benDoc, WebSocketPolyfill: WebSocket, retry: { delay: 100, maxDelay: 300 } });
      closers.push(() => ben.close());
      await ben.settled();
      const [a] = materialize(readDoc(benDoc).state);
      expect(a?.annotation.note).toBe('kept in Postgres');
      expect(a?.contributors.map((r) => r.name)).toEqual(['Ana']);
    } finally {
      for (const c of closers.reverse()) await c();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
