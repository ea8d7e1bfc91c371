// Benchmark: live sync through the real server (`node scripts/server.mjs` in its own process, SQLite).
// (1) 5 reviewers each make 2,000 edits on one document while connected: do all converge, how long
// does an edit take to reach the others (p50/p95/max), the server's memory and the Y.Doc's size after.
// (2) A new reviewer's first sync of a 100,000-annotation corpus (50 documents of 2,000). Prints the
// figures, writes ${CLAIMDESK_BENCH_OUT ?? '.tmp/bench'}/sync.json, never fails on timing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createAnnotation, VERDICTS } from '../src/core/model/annotation';
import type { Reviewer } from '../src/core/merge/entries';
import { createdState, LiveRegisters } from '../src/core/merge/merge';
import { basesMap, docNameFor, entriesMap, readDoc, writeToDoc } from '../src/core/merge/ydoc';
import { connectDocument, type SyncConnection } from '../src/renderer/features/sync/sync-client';
import { openSqliteStore } from '../src/server/sqlite-store';
import { freePort } from '../src/server/test-redis';
import { issueToken } from '../src/server/tokens';

/** CLAIMDESK_SYNC_BENCH_SCALE (0-1) shrinks the run for a quick look; the figures say which scale ran. */
const SCALE = Math.min(1, Math.max(0.01, Number(process.env.CLAIMDESK_SYNC_BENCH_SCALE ?? 1)));
const REVIEWERS = 5;
const EDITS = Math.round(2000 * SCALE);
const ANNOTATIONS_IN_LIVE_DOC = 200;
/** Each reviewer edits every 10 ms: 500 edits a second at the server, far above a desk's real pace. */
const EDIT_INTERVAL_MS = 10;
const CORPUS_DOCS = Math.max(1, Math.round(50 * SCALE));
const CORPUS_PER_DOC = 2000;
const progress = (what: string, started: number) => console.log(`bench sync: ${what} (${Math.round(performance.now() - started)} ms)`);

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(ROOT, process.env.CLAIMDESK_BENCH_OUT ?? '.tmp/bench');

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? NaN;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function hashOf(i: number): string {
  return i.toString(16).padStart(64, '0');
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function annotationFor(i: number, docHash: string, by: Reviewer) {
  const start = (i * 97) % 50_000;
  return createAnnotation({
    id: `${docHash.slice(-8)}-${i}`,
    docId: `doc-${docHash.slice(-8)}`,
    kind: 'claim',
    verdict: VERDICTS[i % 3]!,
    quote: { type: 'TextQuoteSelector', exact: `the claim number ${i} in this text`, prefix: 'a prefix of context before it, ', suffix: ' and a suffix of context after.' },
    position: { type: 'TextPositionSelector', start, end: start + 32 },
    docHash,
    author: by.name,
    now: '2026-11-30T09:00:00.000Z',
    note: i % 4 === 0 ? 'Checked against the statistics office release of the same week.' : '',
  });
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) {
      console.warn(`bench: gave up waiting for ${what} after ${timeoutMs} ms`);
      return false;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

let serverOutput = '';
let serverChild: ChildProcess | null = null;
// A timed-out test never reaches its finally: stop the server process here too.
afterAll(() => {
  if (serverChild && serverChild.exitCode === null) serverChild.kill('SIGKILL');
});

async function startServerProcess(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), CLAIMDESK_DATA: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  child.stdout!.on('data', (d) => (serverOutput += String(d)));
  child.stderr!.on('data', (d) => (serverOutput += String(d)));
  const ok = await waitFor('the server to listen', () => out.includes('Claimdesk sync server on') || child.exitCode !== null, 120_000);
  if (!ok || child.exitCode !== null) throw new Error(`server did not start:\n${out}`);
  return child;
}

it('sync: 5 reviewers x 2,000 edits while connected, and a 100,000-annotation first sync', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimdesk-sync-bench-'));
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}`;
  const people: Reviewer[] = Array.from({ length: REVIEWERS }, (_, i) => ({ id: `rev-${i + 1}`, name: `Reviewer ${i + 1}` }));
  const tokens = people.map((p) => issueToken(dataDir, p, 'editor'));
  const newcomer: Reviewer = { id: 'rev-new', name: 'Newcomer' };
  const newcomerToken = issueToken(dataDir, newcomer, 'viewer');

  // The corpus the newcomer will receive, stored as the server would have stored it.
  const seedStarted = performance.now();
  const store = openSqliteStore(join(dataDir, 'sync.sqlite'));
  let corpusBytes = 0;
  const corpusNames: string[] = [];
  for (let d = 0; d < CORPUS_DOCS; d++) {
    const docHash = hashOf(1000 + d);
    const doc = new Y.Doc();
    const bases = [];
    for (let i = 0; i < CORPUS_PER_DOC; i++) bases.push(createdState(annotationFor(i, docHash, people[i % REVIEWERS]!), people[i % REVIEWERS]!).base);
    writeToDoc(doc, bases, []);
    const state = Y.encodeStateAsUpdate(doc);
    corpusBytes += state.byteLength;
    await store.store(docNameFor(docHash), state);
    corpusNames.push(docNameFor(docHash));
    doc.destroy();
  }
  store.close();
  const seedMs = performance.now() - seedStarted;
  progress(`seeded ${CORPUS_DOCS} documents`, seedStarted);

  const serverStarted = performance.now();
  const server = await startServerProcess(dataDir, port);
  serverChild = server;
  progress('server listening', serverStarted);
  const results: Record<string, number | boolean | string> = {};
  try {
    // --- (1) five reviewers editing one document at once -------------------------------------------
    const liveName = docNameFor(hashOf(1));
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const clients: Array<{ doc: Y.Doc; conn: SyncConnection; live: LiveRegisters }> = [];
    for (let r = 0; r < REVIEWERS; r++) {
      const doc = new Y.Doc();
      const live = new LiveRegisters();
      const conn = connectDocument({ url, token: tokens[r]!, name: liveName, doc, WebSocketPolyfill: WebSocket });
      entriesMap(doc).observe((event) => {
        const remote = event.transaction.origin === conn.provider;
        const now = performance.now();
        for (const key of event.keysChanged) {
          const e = entriesMap(doc).get(key);
          if (!e) continue;
          live.add(e);
          const sent = sentAt.get(key);
          if (remote && sent !== undefined) latencies.push(now - sent);
        }
      });
      basesMap(doc).observe((event) => {
        for (const key of event.keysChanged) {
          const b = basesMap(doc).get(key);
          if (b) live.addBase(b);
        }
      });
      clients.push({ doc, conn, live });
    }
    await Promise.all(clients.map((c) => c.conn.settled(30_000)));
    // Reviewer 1 creates the annotations everyone edits.
    const creator = clients[0]!;
    const created = Array.from({ length: ANNOTATIONS_IN_LIVE_DOC }, (_, i) => createdState(annotationFor(i, hashOf(1), people[0]!), people[0]!));
    writeToDoc(creator.doc, created.map((c) => c.base), []);
    const baseEntries = 0;
    await waitFor('everyone has the annotations', () => clients.every((c) => basesMap(c.doc).size === ANNOTATIONS_IN_LIVE_DOC), 60_000);
    progress('five reviewers connected and share the annotations', serverStarted);

    const editsStarted = performance.now();
    await Promise.all(
      clients.map(
        (c, r) =>
          new Promise<void>((resolve) => {
            const rnd = seededRandom(r + 1);
            let made = 0;
            const timer = setInterval(() => {
              const ann = created[Math.floor(rnd() * ANNOTATIONS_IN_LIVE_DOC)]!.base.id;
              const entry =
                rnd() < 0.5
                  ? c.live.edit(ann, 'verdict', VERDICTS[Math.floor(rnd() * 3)]!, people[r]!, new Date().toISOString())
                  : c.live.edit(ann, 'note', `note ${r}-${made}`, people[r]!, new Date().toISOString());
              sentAt.set(entry.id, performance.now());
              writeToDoc(c.doc, [], [entry]);
              if (++made === EDITS) {
                clearInterval(timer);
                resolve();
              }
            }, EDIT_INTERVAL_MS);
          }),
      ),
    );
    const editingMs = performance.now() - editsStarted;
    progress('edits made', editsStarted);
    const total = baseEntries + sentAt.size;
    const converged = await waitFor('all five converge', () => clients.every((c) => entriesMap(c.doc).size === total), 120_000);
    const convergeMs = performance.now() - editsStarted;
    progress(`converged: ${converged}`, editsStarted);
    const sameState = new Set(clients.map((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('hex'))).size === 1;
    const conflictsOpen = (() => {
      const { state } = readDoc(clients[0]!.doc);
      let n = 0;
      for (const ann of created) for (const f of ['verdict', 'note'] as const) if (new Set(clients[0]!.live.get(ann.base.id, f).map((e) => JSON.stringify(e.value))).size > 1) n++;
      return state.entries.size ? n : 0;
    })();
    // Let the server store the document, then measure it.
    await new Promise((r) => setTimeout(r, 2000));
    Object.assign(results, {
      sync_scale: SCALE,
      sync_reviewers: REVIEWERS,
      sync_edits_per_reviewer: EDITS,
      sync_edit_interval_ms: EDIT_INTERVAL_MS,
      sync_all_converged: converged && sameState,
      sync_edit_phase_ms: Math.round(editingMs),
      sync_converged_after_ms: Math.round(convergeMs),
      sync_latency_samples: latencies.length,
      sync_latency_p50_ms: Math.round(percentile(latencies, 0.5)),
      sync_latency_p95_ms: Math.round(percentile(latencies, 0.95)),
      sync_latency_max_ms: Math.round(Math.max(...latencies)),
      sync_open_conflicts_after: conflictsOpen,
      sync_ydoc_bytes: Y.encodeStateAsUpdate(clients[0]!.doc).byteLength,
      sync_ydoc_entries: entriesMap(clients[0]!.doc).size,
      sync_server_rss_mb_after_edits: rssMb(server.pid!),
      sync_server_refused_updates: (serverOutput.match(/refused-update/g) ?? []).length,
    });
    for (const c of clients) c.conn.close();

    // --- (2) a new reviewer's first sync of the corpus ----------------------------------------------
    const firstStarted = performance.now();
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
    const docs = corpusNames.map((name) => {
      const doc = new Y.Doc();
      const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token: newcomerToken });
      provider.attach();
      return { doc, provider };
    });
    const synced = await waitFor('the newcomer’s first sync', () => docs.every((d) => d.provider.isSynced), 300_000);
    const firstSyncMs = performance.now() - firstStarted;
    progress(`first sync: ${synced}`, firstStarted);
    const readStarted = performance.now();
    let annotations = 0;
    for (const d of docs) annotations += readDoc(d.doc).state.bases.size;
    const readMs = performance.now() - readStarted;
    Object.assign(results, {
      sync_corpus_annotations: annotations,
      sync_corpus_documents: CORPUS_DOCS,
      sync_corpus_bytes: corpusBytes,
      sync_corpus_seed_ms: Math.round(seedMs),
      sync_first_sync_complete: synced && annotations === CORPUS_DOCS * CORPUS_PER_DOC,
      sync_first_sync_ms: Math.round(firstSyncMs),
      sync_first_sync_read_and_validate_ms: Math.round(readMs),
      sync_server_rss_mb_after_first_sync: rssMb(server.pid!),
    });
    for (const d of docs) d.provider.destroy();
    socket.destroy();
  } finally {
    await new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log('\nsync benchmark');
  for (const [k, v] of Object.entries(results)) console.log(`  ${k.padEnd(40)} ${String(v)}`);
  mkdirSync(benchDir, { recursive: true });
  writeFileSync(join(benchDir, 'sync.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, ...results }, null, 2)}\n`);
  // Correctness, not speed: everyone converged and nothing was lost.
  expect(results.sync_all_converged).toBe(true);
  expect(results.sync_first_sync_complete).toBe(true);
}, 1_200_000);
