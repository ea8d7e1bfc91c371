// Live sync end to end in Node: two Hocuspocus instances on 127.0.0.1 sharing a private Redis and one
// SQLite file; reviewer A on one, B on the other, each with their own IndexedDB store (fake-indexeddb)
// and @hocuspocus/provider. Skipped, and counted as skipped, only when redis-server is not installed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createAnnotation } from '../core/model/annotation';
import type { Reviewer } from '../core/merge/entries';
import { createdState, deletedEntry, listConflicts, materialize, patchEntries, resolveEntry, serializeState } from '../core/merge/merge';
import { docNameFor, entriesMap, FEED_DOC_NAME, readDoc, writeToDoc } from '../core/merge/ydoc';
import { makeEntry } from '../core/merge/entries';
import { openLocalDoc, SyncStoreDb, type LocalDoc } from '../renderer/features/sync/local-doc-store';
import { connectDocument, type SyncConnection } from '../renderer/features/sync/sync-client';
import { describeSyncStatus } from '../renderer/features/sync/SyncStatus';
import { openSqliteStore, type DocumentStore } from './sqlite-store';
import { startSyncServer, type RunningSyncServer, type SyncLogEvent } from './sync-server';
import { redisServerPath, startTestRedis, freePort, type TestRedis } from './test-redis';
import { issueToken } from './tokens';

const hasRedis = redisServerPath() !== null;
if (!hasRedis) console.warn('SKIPPED sync integration: redis-server is not installed (apt-get install redis-server; .ci/run does).');

const ANA: Reviewer = { id: 'rev-ana', name: 'Ana' };
const BEN: Reviewer = { id: 'rev-ben', name: 'Ben' };
const VIC: Reviewer = { id: 'rev-vic', name: 'Vic' };
const TEXT_HASH = 'd'.repeat(64);
const DOC = docNameFor(TEXT_HASH);
const RETRY = { delay: 100, maxDelay: 300 };

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Desk {
  person: Reviewer;
  token: string;
  db: SyncStoreDb;
  local: LocalDoc;
  conn: SyncConnection | null;
}

describe.skipIf(!hasRedis)('live sync through two Hocuspocus instances sharing Redis and SQLite', () => {
  let dataDir: string;
  let redis: TestRedis;
  let store: DocumentStore;
  let servers: RunningSyncServer[] = [];
  let ports: number[] = [];
  const log: SyncLogEvent[] = [];
  const tokens: Record<string, string> = {};
  let otherDeskToken: string;
  const desks: Desk[] = [];

  async function startServers(): Promise<void> {
    servers = [];
    for (const [i, port] of ports.entries()) {
      servers.push(
        await startSyncServer({
          dataDir,
          port,
          store,
          redis: { host: redis.host, port: redis.port },
          maxUpdateBytes: 256 * 1024,
          storeDebounce: 200,
          log: (e) => log.push(e),
          name: `instance-${i + 1}`,
        }),
      );
    }
  }

  async function stopServers(): Promise<void> {
    for (const s of servers) await s.stop();
    servers = [];
  }

  async function openDesk(person: Reviewer, token: string, port: number): Promise<Desk> {
    const db = new SyncStoreDb(`sync-${person.id}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const local = await openLocalDoc(db, DOC);
    const desk: Desk = { person, token, db, local, conn: null };
    desk.conn = connectDocument({ url: `ws://127.0.0.1:${port}`, token, name: DOC, doc: local.doc, WebSocketPolyfill: WebSocket, retry: RETRY });
    desks.push(desk);
    return desk;
  }

  const view = (d: Desk) => materialize(readDoc(d.local.doc).state);
  const stateText = (doc: Y.Doc) => serializeState(readDoc(doc).state);

  function edit(d: Desk, set: Record<string, unknown>, at: string): void {
    const { state } = readDoc(d.local.doc);
    writeToDoc(d.local.doc, [], patchEntries(state, { id: 'x1', set }, d.person, at));
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'claimdesk-sync-'));
    const otherDesk = mkdtempSync(join(tmpdir(), 'claimdesk-other-desk-'));
    tokens.ana = issueToken(dataDir, ANA, 'editor');
    tokens.ben = issueToken(dataDir, BEN, 'editor');
    tokens.vic = issueToken(dataDir, VIC, 'viewer');
    otherDeskToken = issueToken(otherDesk, ANA, 'editor');
    rmSync(otherDesk, { recursive: true, force: true });
    redis = (await startTestRedis())!;
    store = openSqliteStore(join(dataDir, 'sync.sqlite'));
    ports = [await freePort(), await freePort()];
    await startServers();
  });

  afterAll(async () => {
    // Every step runs even if one before it throws: a failed test must not leave redis-server behind.
    const steps: Array<() => unknown> = [
      ...desks.flatMap((d) => [() => d.conn?.close(), () => d.local.close(), () => d.db.close()]),
      () => stopServers(),
      () => store?.close(),
      () => redis?.stop(),
      () => dataDir && rmSync(dataDir, { recursive: true, force: true }),
    ];
    for (const step of steps) {
      try {
        await step();
      } catch (e) {
        console.warn('cleanup step failed:', e);
      }
    }
  });

  it('edits made while the server is down converge after it starts, and both values of one note are kept', async () => {
    const ana = await openDesk(ANA, tokens.ana!, ports[0]!);
    const ben = await openDesk(BEN, tokens.ben!, ports[1]!);
    await Promise.all([ana.conn!.settled(), ben.conn!.settled()]);

    // Ana tags a claim on instance 1; Ben sees it through Redis on instance 2.
    const claim = createAnnotation({
      id: 'x1',
      docId: 'doc-1',
      kind: 'claim',
      verdict: 'contested',
      quote: { type: 'TextQuoteSelector', exact: 'unemployment fell', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 4, end: 21 },
      docHash: TEXT_HASH,
      author: ANA.name,
      now: '2026-11-30T10:00:00.000Z',
    });
    const { base } = createdState(claim, ANA);
    writeToDoc(ana.local.doc, [base], []);
    await waitFor('Ben sees Ana’s claim', () => view(ben).length === 1);
    expect(view(ben)[0]!.annotation.verdict).toBe('contested');

    // The server goes down; both keep working.
    await stopServers();
    await waitFor('both offline', () => ana.conn!.status().state === 'offline' && ben.conn!.status().state === 'offline');
    edit(ben, { verdict: 'contradicted', note: 'ONS revised the series' }, '2026-11-30T11:00:00.000Z');
    edit(ana, { note: 'Check the ONS release first' }, '2026-11-30T11:05:00.000Z');
    await Promise.all([ana.local.flushed(), ben.local.flushed()]);
    // The status bar's "offline, N changes waiting".
    expect(ana.conn!.status()).toMatchObject({ state: 'offline' });
    expect(ana.conn!.status().waiting).toBeGreaterThan(0);

    // Ana's offline edit is on her disk: a fresh copy read back from IndexedDB has it.
    const reread = await openLocalDoc(ana.db, DOC, new Y.Doc());
    expect(stateText(reread.doc)).toBe(stateText(ana.local.doc));
    await reread.close();

    await startServers();
    await waitFor('both converge', () => stateText(ana.local.doc) === stateText(ben.local.doc) && listConflicts(readDoc(ana.local.doc).state).length === 1);
    await Promise.all([ana.conn!.settled(), ben.conn!.settled()]);
    for (const d of [ana, ben]) {
      const [m] = view(d);
      expect(m!.annotation.verdict).toBe('contradicted');
      expect(m!.conflicts.map((c) => [c.field, c.entries.map((e) => `${e.by.name}: ${e.value as string}`)])).toEqual([
        ['note', ['Ana: Check the ONS release first', 'Ben: ONS revised the series']],
      ]);
    }

    // Ana resolves; Ben sees the resolution.
    const { state } = readDoc(ana.local.doc);
    writeToDoc(ana.local.doc, [], [resolveEntry(state, 'x1', 'note', 'ONS revised the series; release checked', ANA, '2026-11-30T12:00:00.000Z')]);
    await waitFor('Ben sees the resolution', () => listConflicts(readDoc(ben.local.doc).state).length === 0);
    expect(view(ben)[0]!.annotation.note).toBe('ONS revised the series; release checked');
  });

  it('a viewer reads everything but cannot write', async () => {
    const vic = await openDesk(VIC, tokens.vic!, ports[1]!);
    const ana = desks[0]!;
    await waitFor('Vic has Ana’s state', () => stateText(vic.local.doc) === stateText(ana.local.doc));
    await waitFor('Vic’s connection is read-only', () => vic.conn!.status().readOnly === true);
    expect(describeSyncStatus(vic.conn!.status())).toBe('Connected with a read-only token: your changes stay on this computer');
    const before = stateText(ana.local.doc);
    edit(vic, { verdict: 'sourced' }, '2026-11-30T13:00:00.000Z');
    await waitFor('the server logs the refused write', () => log.some((e) => e.event === 'read-only-write' && e.reviewer === VIC.id));
    // Give any (wrong) relay time to arrive before asserting it did not.
    await new Promise((r) => setTimeout(r, 500));
    expect(stateText(ana.local.doc)).toBe(before);
    expect(view(ana)[0]!.annotation.verdict).toBe('contradicted');
    vic.conn!.close();
  });

  it('refuses a bad token and a token issued by another desk, and says which in words', async () => {
    for (const [token, reason, words] of [
      ['not-a-token', 'token malformed', 'Sync refused by the server: bad token. Check the token in Settings'],
      [otherDeskToken, 'token other desk', 'Sync refused by the server: this token is for another desk. Check the token in Settings'],
      [`cd1.${tokens.ana!.split('.')[1]}.${'x'.repeat(43)}`, 'token unknown', 'Sync refused by the server: bad token. Check the token in Settings'],
    ] as const) {
      const doc = new Y.Doc();
      const conn = connectDocument({ url: `ws://127.0.0.1:${ports[0]}`, token, name: DOC, doc, WebSocketPolyfill: WebSocket, retry: RETRY });
      await waitFor(`refused (${reason})`, () => conn.status().state === 'refused');
      // What the status bar shows for it.
      expect(describeSyncStatus(conn.status())).toBe(words);
      expect(readDoc(doc).state.bases.size).toBe(0);
      expect(log.some((e) => e.event === 'refused-connection' && e.reason === reason)).toBe(true);
      conn.close();
    }
  });

  it('refuses a forged author, an unknown field and a huge update without damaging stored data', async () => {
    const ana = desks[0]!;
    const before = stateText(ana.local.doc);
    const attempts: Array<[string, (doc: Y.Doc) => void, RegExp]> = [
      [
        'entry in Ana’s name sent with Ben’s token',
        (doc) => {
          const { state } = readDoc(doc);
          writeToDoc(doc, [], patchEntries(state, { id: 'x1', set: { note: 'forged' } }, ANA, '2026-11-30T14:00:00.000Z'));
        },
        /in the name of rev-ana/,
      ],
      [
        'unknown field',
        (doc) => {
          const e = makeEntry({ annotationId: 'x1', field: 'owner' as never, value: 'ben' as never, basedOn: [], at: '2026-11-30T14:00:00.000Z', by: BEN, action: 'edit' });
          entriesMap(doc).set(e.id, e);
        },
        /unknown field owner/,
      ],
      ['huge update', (doc) => doc.getMap('junk').set('k', 'x'.repeat(300_000)), /limit|1009|bytes/],
      ['unknown shared type', (doc) => doc.getText('script').insert(0, 'alert(1)'), /unknown shared type|full/],
      [
        'rewriting a stored entry',
        (doc) => {
          const [id, entry] = [...entriesMap(doc).entries()][0]!;
          entriesMap(doc).set(id, { ...entry, value: 'translation-error' as never });
        },
        /changes or deletes|rewrites/,
      ],
    ];
    for (const [what, write, reason] of attempts) {
      const doc = new Y.Doc();
      const conn = connectDocument({ url: `ws://127.0.0.1:${ports[0]}`, token: tokens.ben!, name: DOC, doc, WebSocketPolyfill: WebSocket, retry: RETRY });
      await conn.settled();
      const logged = log.length;
      write(doc);
      if (what === 'huge update') {
        // ws refuses a frame over the limit before Hocuspocus sees it: the socket closes (1009).
        await waitFor(`${what}: connection closed`, () => conn.status().state === 'offline');
      } else {
        await waitFor(`${what}: refused and logged`, () => log.slice(logged).some((e) => e.event === 'refused-update' && reason.test(e.reason ?? '')));
        // The client is told, for this document only, instead of waiting for a confirmation that never comes.
        await waitFor(`${what}: the client knows`, () => conn.status().state === 'refused');
        expect(describeSyncStatus(conn.status())).toBe('Sync of this document stopped: the server refused a change in it');
      }
      conn.close();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(stateText(ana.local.doc)).toBe(before);
    expect(readDoc(ana.local.doc).rejected).toEqual([]);
    // What the server stores is exactly what Ana has.
    const stored = await store.fetch(DOC);
    const fromDisk = new Y.Doc();
    Y.applyUpdate(fromDisk, stored!);
    expect(readDoc(fromDisk).rejected).toEqual([]);
    expect(fromDisk.share.has('junk') || fromDisk.share.has('script')).toBe(false);
  });

  it('a delete reaches the other instance, its undo too, and a delete made apart from an edit stays a conflict', async () => {
    const [ana, ben] = [desks[0]!, desks[1]!];
    const logged = log.length;
    const setDeleted = (d: Desk, deleted: boolean, at: string) => writeToDoc(d.local.doc, [], [deletedEntry(readDoc(d.local.doc).state, 'x1', deleted, d.person, at)]);
    setDeleted(ana, true, '2026-11-30T15:00:00.000Z');
    await waitFor('Ben sees the annotation deleted', () => view(ben)[0]!.deleted);
    setDeleted(ana, false, '2026-11-30T15:01:00.000Z');
    await waitFor('Ben sees it restored', () => !view(ben)[0]!.deleted);
    expect(listConflicts(readDoc(ben.local.doc).state)).toEqual([]);

    // Ben works offline and changes the verdict while Ana deletes the claim: apart, so it comes back disputed.
    ben.conn!.close();
    edit(ben, { verdict: 'sourced' }, '2026-11-30T15:02:00.000Z');
    setDeleted(ana, true, '2026-11-30T15:02:30.000Z');
    await ana.conn!.settled();
    ben.conn = connectDocument({ url: `ws://127.0.0.1:${ports[1]}`, token: ben.token, name: DOC, doc: ben.local.doc, WebSocketPolyfill: WebSocket, retry: RETRY });
    await waitFor('both converge', () => stateText(ana.local.doc) === stateText(ben.local.doc));
    for (const d of [ana, ben]) {
      const [m] = view(d);
      expect(m!.deleted).toBe(false);
      expect(m!.annotation.verdict).toBe('sourced');
      expect(m!.conflicts.map((c) => [c.field, c.entries.map((e) => `${e.by.name} ${e.field}`)])).toEqual([['deleted', ['Ana deleted', 'Ben verdict']]]);
    }
    // Ana keeps it after all; Ben sees the settled annotation.
    writeToDoc(ana.local.doc, [], [resolveEntry(readDoc(ana.local.doc).state, 'x1', 'deleted', false, ANA, '2026-11-30T15:03:00.000Z')]);
    await waitFor('Ben sees it kept', () => listConflicts(readDoc(ben.local.doc).state).length === 0);
    expect(view(ben)[0]!).toMatchObject({ deleted: false, annotation: { verdict: 'sourced' } });
    // Every one of those entries passed the server's guard.
    expect(log.slice(logged).filter((e) => e.event === 'refused-update')).toEqual([]);
  });

  it('the change feed on one instance names a document changed through the other (relayed by Redis)', async () => {
    const ana = desks[0]!;
    const heard: string[] = [];
    const feed = connectDocument({ url: `ws://127.0.0.1:${ports[1]}`, token: tokens.ben!, name: FEED_DOC_NAME, doc: new Y.Doc(), WebSocketPolyfill: WebSocket, retry: RETRY });
    feed.provider.on('stateless', ({ payload }: { payload: string }) => heard.push(payload));
    await feed.settled();
    edit(ana, { assignee: 'Ben' }, '2026-11-30T16:00:00.000Z'); // Ana is on instance 1
    await waitFor('instance 2’s feed names the document', () => heard.some((p) => (JSON.parse(p) as { changed: string }).changed === DOC));
    feed.close();
  });

  it('a restart of both instances loses nothing: a new reviewer receives everything from SQLite', async () => {
    const ana = desks[0]!;
    const expected = stateText(ana.local.doc);
    // Nobody who holds a copy stays connected: whatever the newcomer gets comes from the server's disk.
    for (const d of desks) d.conn?.close();
    await stopServers();
    store.close();
    store = openSqliteStore(join(dataDir, 'sync.sqlite'));
    const onDisk = new Y.Doc();
    Y.applyUpdate(onDisk, (await store.fetch(DOC))!);
    expect(stateText(onDisk)).toBe(expected);
    await startServers();
    const doc = new Y.Doc();
    const conn = connectDocument({ url: `ws://127.0.0.1:${ports[1]}`, token: tokens.vic!, name: DOC, doc, WebSocketPolyfill: WebSocket, retry: RETRY });
    await waitFor('the newcomer has everything', () => stateText(doc) === expected);
    expect(materialize(readDoc(doc).state)[0]!.annotation.note).toBe('ONS revised the series; release checked');
    conn.close();
  });
});
