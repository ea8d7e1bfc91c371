// Background sync end to end in Node (ADR 0022): two reviewers' profiles (each its own IndexedDB through
// fake-indexeddb: the app's annotation store and the sync store) against a real Hocuspocus server with
// SQLite. Nobody has any document open: every document of the library syncs in the background over one
// WebSocket per profile. B annotates a document; it lands in A's annotation store. Changes made while the
// server is down are counted as waiting, across documents, and reach the other side when it is back.
// What comes in by file import reaches the other side too: a Claimdesk JSON merged per field (entries in
// the file reviewer's name, relayed by the importer) and a whole-record import (the worker's path).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAnnotation, sha256Hex, type Annotation } from '../core/model';
import type { Reviewer } from '../core/merge/entries';
import { readDocAnnotations } from '../renderer/db/reads';
import { ClaimdeskDb } from '../renderer/db/schema';
import { writeAnnotations } from '../renderer/db/writes';
import { BackgroundSync, type LibraryDoc } from '../renderer/features/sync/background-sync';
import { SyncStoreDb } from '../renderer/features/sync/local-doc-store';
import { startSyncServer, type RunningSyncServer, type SyncLogEvent } from './sync-server';
import { buildNativeExport, serializeNative } from '../core/formats';
import type { CorpusDocument } from '../core/model';
import { DocumentSync } from '../renderer/features/sync/document-sync';
import { importNativeMerged } from '../renderer/features/sync/merge-import';
import { importAnnotations } from '../renderer/db/writes';
import { freePort } from './test-redis';
import { issueToken } from './tokens';

const ANA: Reviewer = { id: 'rev-bg-ana', name: 'Ana' };
const BEN: Reviewer = { id: 'rev-bg-ben', name: 'Ben' };
const TEXTS = ['Prices doubled in March, the ministry said.', 'The bridge opened in 1998 after six years of work.', 'Unemployment fell to 4 percent in the spring.'];
const LIBRARY: LibraryDoc[] = TEXTS.map((t, i) => ({ id: `doc-${i + 1}`, hash: sha256Hex(t) }));

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function claimOn(doc: number, id: string, exact: string, author: string): Annotation {
  const text = TEXTS[doc - 1]!;
  const start = text.indexOf(exact);
  return createAnnotation({
    id,
    docId: `doc-${doc}`,
    kind: 'claim',
    verdict: 'contested',
    quote: { type: 'TextQuoteSelector', exact, prefix: text.slice(Math.max(0, start - 10), start), suffix: text.slice(start + exact.length, start + exact.length + 10) },
    position: { type: 'TextPositionSelector', start, end: start + exact.length },
    docHash: sha256Hex(text),
    author,
    now: '2026-12-01T09:00:00.000Z',
  });
}

describe('background sync of every document over one WebSocket', () => {
  let dataDir: string;
  let port: number;
  let server: RunningSyncServer | null = null;
  const profiles: Array<{ db: ClaimdeskDb; store: SyncStoreDb; bg: BackgroundSync }> = [];
  let tokens: Record<string, string>;

  const log: SyncLogEvent[] = [];
  const start = async () => {
    server = await startSyncServer({ dataDir, port, storeDebounce: 100, log: (e) => log.push(e) });
  };

  async function profile(person: Reviewer, token: string) {
    const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
    // Names differ per profile: Dexie's change events are global to the process.
    const db = new ClaimdeskDb(`bg-app-${person.id}`, factory);
    await db.open();
    const store = new SyncStoreDb(`bg-sync-${person.id}`, factory);
    const bg = await BackgroundSync.start({
      db,
      store,
      reviewer: person,
      server: { url: `ws://127.0.0.1:${port}`, token, WebSocketPolyfill: WebSocket, retry: { delay: 100, maxDelay: 300 } },
      interval: 60_000,
      changeDelay: 100,
      settleTimeoutMs: 5000,
      onError: (e) => console.warn(`${person.name}:`, e),
    });
    bg.setDocuments(LIBRARY);
    const p = { db, store, bg };
    profiles.push(p);
    return p;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'claimdesk-bg-'));
    tokens = { ana: issueToken(dataDir, ANA, 'editor'), ben: issueToken(dataDir, BEN, 'editor') };
    port = await freePort();
    await start();
  });

  afterAll(async () => {
    for (const p of profiles) await p.bg.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a claim B tags on a document A does not have open lands in A’s store; each profile uses one socket', async () => {
    const ana = await profile(ANA, tokens.ana!);
    const ben = await profile(BEN, tokens.ben!);
    // Both have swept the library once; the next sweep is a minute away, so only the server's change
    // feed can bring B's claim to A within the test.
    await waitFor('first sweeps done', () => ana.bg.lastSweep !== null && ben.bg.lastSweep !== null);
    expect(ana.bg.lastSweep!.documents).toBe(3);
    const firstSweep = ana.bg.lastSweep;
    let sockets = 0;
    const sample = setInterval(() => (sockets = Math.max(sockets, server!.server.webSocketServer.clients.size)), 10);
    await writeAnnotations(ben.db, [{ type: 'put', annotation: claimOn(2, 'b1', 'opened in 1998', 'Ben') }]);
    await waitFor('Ana’s store has Ben’s claim', async () => (await readDocAnnotations(ana.db, 'doc-2')).length === 1);
    clearInterval(sample);
    expect(ana.bg.lastSweep).toBe(firstSweep); // no sweep since: the feed brought it
    const [got] = await readDocAnnotations(ana.db, 'doc-2');
    expect(got).toMatchObject({ id: 'b1', docId: 'doc-2', author: 'Ben', verdict: 'contested', quote: { exact: 'opened in 1998' } });
    // Three documents each, synced again and again by the sweeps, over one WebSocket per profile.
    expect(sockets).toBe(2);
    await waitFor('both settle', () => ana.bg.status().state === 'connected' && ben.bg.status().state === 'connected');
  });

  it('changes to two documents made while the server is down are counted as waiting and reach the other side after', async () => {
    const [ana, ben] = profiles as [(typeof profiles)[0], (typeof profiles)[0]];
    await server!.stop();
    server = null;
    await waitFor('Ana offline', () => ana.bg.status().state === 'offline');
    await writeAnnotations(ana.db, [{ type: 'patch', patch: { id: 'b1', set: { verdict: 'sourced', note: 'Opening date in the city archive' } } }], { now: '2026-12-01T09:30:00.000Z' });
    await writeAnnotations(ana.db, [{ type: 'put', annotation: claimOn(3, 'a1', 'Unemployment fell', 'Ana') }]);
    // The status bar's count: both documents wait (nothing is open, so nothing else is counted).
    await waitFor('two documents waiting', () => ana.bg.status().waiting === 2);
    expect(ana.bg.status()).toEqual({ state: 'offline', waiting: 2 });
    // Waiting survives a reload: the marks are in the sync store.
    expect((await ana.store.pending.toArray()).map((r) => r.docId).sort()).toEqual(['doc-2', 'doc-3']);

    await start();
    await waitFor('Ben has both changes', async () => {
      const [b1] = await readDocAnnotations(ben.db, 'doc-2');
      return b1?.verdict === 'sourced' && (await readDocAnnotations(ben.db, 'doc-3')).length === 1;
    });
    expect((await readDocAnnotations(ben.db, 'doc-2'))[0]).toMatchObject({ note: 'Opening date in the city archive' });
    await waitFor('nothing waits at Ana', () => ana.bg.status().state === 'connected' && ana.bg.status().waiting === 0);
    expect(await ana.store.pending.count()).toBe(0);
  });

  it('a Claimdesk JSON merged per field and a whole-record import both reach the other reviewer', async () => {
    const [ana, ben] = profiles as [(typeof profiles)[0], (typeof profiles)[0]];
    const CLEO = { id: 'rev-bg-cleo', name: 'Cleo' };
    const logged = log.length;
    const library: CorpusDocument[] = TEXTS.map((text, i) => ({ id: `doc-${i + 1}`, file: `doc-${i + 1}.txt`, title: `Doc ${i + 1}`, text, hash: sha256Hex(text), publication: null, author: null, date: null, language: 'en', translation: null }));
    // Cleo's file: her copy of b1 with a source added (a field nobody here changed) and a claim of hers.
    const [b1] = await readDocAnnotations(ana.db, 'doc-2');
    const source = { url: 'https://archive.example/bridge', title: 'City archive', accessed: '2026-12-01', quote: '' };
    const cleos = { ...b1!, sources: [source], updatedAt: '2026-12-01T10:00:00.000Z' };
    const c9 = claimOn(1, 'c9', 'Prices doubled', 'Cleo');
    const file = { name: 'cleo.json', content: serializeNative(buildNativeExport({ appVersion: 't', now: '2026-12-01T10:01:00.000Z', documents: [], annotations: [cleos, c9], reviewers: [CLEO] })) };
    const outcome = await importNativeMerged({ db: ana.db, store: ana.store, file, library, me: ANA, open: null, onTouched: (ids) => ana.bg.touch(ids) });
    expect(outcome).toMatchObject({ ok: true });

    // The worker's path (W3C, files over 4 MB): whole records written to the store.
    await importAnnotations(ana.db, [claimOn(3, 'w1', 'in the spring', 'Dana')]);

    await waitFor('Ben has Cleo’s source, Cleo’s claim and the W3C claim', async () => {
      const [b] = await readDocAnnotations(ben.db, 'doc-2');
      return b?.sources.length === 1 && (await readDocAnnotations(ben.db, 'doc-1')).length === 1 && (await readDocAnnotations(ben.db, 'doc-3')).some((a) => a.id === 'w1');
    });
    expect((await readDocAnnotations(ben.db, 'doc-2'))[0]!.sources).toEqual([source]);
    expect((await readDocAnnotations(ben.db, 'doc-1'))[0]).toMatchObject({ id: 'c9', author: 'Cleo' });
    // In Ben's merge state the source is Cleo's, brought in by Ana: who vouches for it is said.
    await ben.bg.idle();
    const seen = await DocumentSync.open({ db: ben.store, textHash: LIBRARY[1]!.hash, reviewer: BEN });
    try {
      const entry = seen.history('b1').find((h) => h.entry.field === 'sources' && h.entry.by.id === CLEO.id)!.entry;
      expect(entry).toMatchObject({ by: CLEO, relayedBy: ANA, value: [source] });
    } finally {
      await seen.close();
    }
    // Nothing was refused on the way (the guard takes another's entry when the sender relays it).
    expect(log.slice(logged).filter((e) => e.event.startsWith('refused'))).toEqual([]);
  });

  it('a change that reached a document’s copy without passing through its bridge still reaches the store', async () => {
    const [ana, ben] = profiles as [(typeof profiles)[0], (typeof profiles)[0]];
    await ana.bg.idle();
    // Written straight into Ana's copy of doc-2 (as a job's provider would receive it after its bridge
    // closed): nothing marks the document as changed here, and the server has nothing newer.
    const copy = await DocumentSync.open({ db: ana.store, textHash: LIBRARY[1]!.hash, reviewer: ANA });
    copy.apply({ id: 'b1', set: { note: 'Checked against the 1998 council minutes' } });
    await copy.flushed();
    await copy.close();
    ana.bg.sweepNow();
    await waitFor('Ana’s store has it', async () => (await readDocAnnotations(ana.db, 'doc-2'))[0]?.note === 'Checked against the 1998 council minutes');
    await waitFor('and Ben’s', async () => (await readDocAnnotations(ben.db, 'doc-2'))[0]?.note === 'Checked against the 1998 council minutes');
  });
});
