// D1, D2, D3 on fake-indexeddb: upgrades from every shipped schema version keep every row;
// an upgrade that throws leaves the old data as it was; a failure injected in the middle of every
// multi-table write leaves no partial rows. Each test prints its figure.
import { createHash } from 'node:crypto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie, { type DBCore, type DBCoreMutateRequest } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { buildNativeExport, serializeNative } from '../../core/formats';
import { createAnnotation, createSource, type Annotation, type CorpusDocument } from '../../core/model';
import { importFile } from '../features/import/import';
import { NewerVersionError, describeStorageError, openDatabase } from '../features/storage/storage-errors';
import { restoreBackup } from '../state/backups';
import { Workspace } from '../state/workspace';
import { layoutRows } from './layout';
import { ClaimdeskDb, addToStats, bucketKey, bucketOf, claimIdsOf, emptyStats, type BucketRow, type DocStatsRow } from './schema';
import { applyChange, bulkPutAnnotations, setFaultInjector } from './writes';

const NOW = '2025-03-01T10:00:00.000Z';
const HASH = 'a'.repeat(64);
const TABLES = ['buckets', 'docStats', 'docTexts', 'locator', 'meta', 'settings'] as const;

// ---------- canonical checksums ----------

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

type Dump = Record<string, unknown[]>;

/** Every table of a database opened however (app class or raw), rows in primary-key order. */
async function dump(db: Dexie): Promise<Dump> {
  const out: Dump = {};
  for (const t of [...db.tables].sort((a, b) => (a.name < b.name ? -1 : 1))) out[t.name] = await t.toArray();
  return out;
}

function checksums(d: Dump): Record<string, { rows: number; sha256: string }> {
  return Object.fromEntries(
    Object.entries(d).map(([name, rows]) => [name, { rows: rows.length, sha256: createHash('sha256').update(canonical(rows)).digest('hex') }]),
  );
}

// ---------- fixture data ----------

let seq = 0;
function annotation(docId: string, i: number, extra: Partial<Annotation> = {}): Annotation {
  const exact = i % 3 === 0 ? `𝒜stral 😀 claim ${i}` : `claim number ${i} in ${docId}`;
  const a = createAnnotation({
    id: `fx-${docId}-${i}-${seq++}`,
    docId,
    kind: i % 4 === 3 ? 'translation-error' : 'claim',
    verdict: (['sourced', 'contested', 'contradicted'] as const)[i % 3],
    quote: { type: 'TextQuoteSelector', exact, prefix: `before ${i} `, suffix: ` after ${i}` },
    position: { type: 'TextPositionSelector', start: i * 10, end: i * 10 + exact.length },
    docHash: HASH,
    author: i % 2 ? 'Ана Петрова' : 'J. Doe',
    now: NOW,
    note: i % 5 === 0 ? `Note ${i}: <b>not html</b> & “quotes” \u{1F9D0}` : '',
    sources: i % 2 ? [createSource({ url: `https://example.org/${i}`, title: `Source ${i}`, accessed: '2025-01-02' })] : [],
  });
  return { ...a, ...extra };
}

/** Buckets and stats exactly as version 1's writes built them (32 buckets a document, no bits), for raw fixture rows. */
function bucketRows(list: Annotation[]): { buckets: BucketRow[]; docStats: DocStatsRow[] } {
  const buckets = new Map<string, BucketRow>();
  const stats = new Map<string, DocStatsRow>();
  for (const a of list) {
    const key = bucketKey(a.docId, bucketOf(a.id));
    let row = buckets.get(key);
    if (!row) buckets.set(key, (row = { key, docId: a.docId, bucket: bucketOf(a.id), items: [] }));
    row.items.push(a);
    let s = stats.get(a.docId);
    if (!s) stats.set(a.docId, (s = { docId: a.docId, total: 0, sourced: 0, contested: 0, contradicted: 0, translationErrors: 0, orphans: 0 }));
    addToStats(s, a, 1);
  }
  return { buckets: [...buckets.values()], docStats: [...stats.values()] };
}

function fixtureAnnotations(): Annotation[] {
  seq = 0; // the same ids (and so the same buckets) every time
  const list: Annotation[] = [];
  for (const doc of ['caravanserai', 'eurasianet', 'paper', 'imported-notes']) for (let i = 0; i < 40; i++) list.push(annotation(doc, i, i % 13 === 0 ? { orphan: true } : {}));
  // Two linked claims across documents (workflow fields were stored as optional fields by version 2 too).
  for (const [i, a] of list.entries()) if (i % 17 === 0) a.claimId = i % 34 === 0 ? 'claim-senate' : 'claim-oil';
  return list;
}

/**
 * Every schema version that has shipped, with the stores it declared and rows as that version wrote
 * them. Adding a schema version means adding its entry here (and `expectAfterUpgrade` for how the
 * current schema should hold the same data); the test then upgrades from it with its data.
 */
interface ShippedVersion {
  stores: Record<string, string>;
  rows(): Dump;
  /** The rows the current schema should hold after upgrading from this version. */
  expectAfterUpgrade(rows: Dump): Dump;
}

const SHIPPED: Record<number, ShippedVersion> = {
  1: {
    stores: { buckets: '&key, docId, bucket', docStats: '&docId', docTexts: '&id', settings: '&key', meta: '&key' },
    rows() {
      const { buckets, docStats } = bucketRows(fixtureAnnotations());
      return {
        buckets,
        docStats,
        docTexts: [
          { id: 'caravanserai', file: 'caravanserai.txt', title: 'Corrected', text: 'Corrected text 𝒜 with astral characters.\n', hash: HASH, importedAt: NOW },
          { id: 'imported-notes', file: 'imported-notes.txt', title: 'Imported notes', text: 'x'.repeat(5000), hash: 'b'.repeat(64), importedAt: NOW },
        ],
        settings: [
          { key: 'editorName', value: 'Ана Петрова' },
          { key: 'mqmWeights', value: { minor: 1, major: 5, critical: 25 } },
          { key: 'mqmThreshold', value: 15 },
        ],
        meta: [
          { key: 'lastDocId', value: 'paper' },
          { key: 'lastChangeAt', value: NOW },
          { key: 'lastExportAt', value: '2025-02-28T09:00:00.000Z' },
        ],
      };
    },
    // Version 2 repacks the same annotations into buckets sized by count and adds the locator (issue 17).
    expectAfterUpgrade: (rows) => {
      const items = (rows.buckets as BucketRow[]).flatMap((r) => r.items);
      const v2 = layoutRows(items);
      const byKey = <T,>(list: T[], key: (x: T) => string | number) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      return { ...rows, buckets: byKey(v2.buckets, (r) => r.key), docStats: byKey(v2.docStats, (r) => r.docId), locator: byKey(v2.locator, (r) => r.shard) };
    },
  },
  2: {
    stores: { buckets: '&key, docId, bucket', docStats: '&docId', docTexts: '&id', settings: '&key', meta: '&key', locator: '&shard' },
    rows() {
      const v1 = SHIPPED[1]!.rows();
      const v2 = layoutRows(fixtureAnnotations());
      // Version 2's rows had no claim index.
      return { ...v1, buckets: v2.buckets.map(({ claimIds: _claimIds, ...row }) => row), docStats: v2.docStats, locator: v2.locator };
    },
    // Version 3 adds each row's claim index.
    expectAfterUpgrade: (rows) => ({ ...rows, buckets: (rows.buckets as BucketRow[]).map((r) => ({ ...r, claimIds: claimIdsOf(r.items) })) }),
  },
  3: {
    stores: { buckets: '&key, docId, bucket, *claimIds', docStats: '&docId', docTexts: '&id', settings: '&key', meta: '&key', locator: '&shard' },
    rows() {
      const v1 = SHIPPED[1]!.rows();
      const v3 = layoutRows(fixtureAnnotations());
      return { ...v1, buckets: v3.buckets, docStats: v3.docStats, locator: v3.locator };
    },
    expectAfterUpgrade: (rows) => rows,
  },
};

// ---------- plumbing ----------

function freshFactory() {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

async function writeRawVersion(deps: ReturnType<typeof freshFactory>, version: number, v: ShippedVersion): Promise<Dump> {
  const raw = new Dexie('claimdesk', deps);
  raw.version(version).stores(v.stores);
  await raw.open();
  const rows = v.rows();
  await raw.transaction('rw', raw.tables, async () => {
    for (const [name, list] of Object.entries(rows)) await raw.table(name).bulkAdd(list);
  });
  const written = await dump(raw);
  raw.close();
  return written;
}

async function rawDump(deps: ReturnType<typeof freshFactory>): Promise<{ verno: number; data: Dump }> {
  const raw = new Dexie('claimdesk', deps); // no schema: opens whatever version is there
  await raw.open();
  const data = await dump(raw);
  const verno = raw.verno;
  raw.close();
  return { verno, data };
}

const sum = (c: Record<string, { rows: number }>) => Object.values(c).reduce((n, t) => n + t.rows, 0);

// ---------- D1 ----------

describe('D1: upgrades from every shipped schema version keep every row', () => {
  const versions = Object.keys(SHIPPED).map(Number);
  it.each(versions)('from version %i', async (version) => {
    const deps = freshFactory();
    const before = await writeRawVersion(deps, version, SHIPPED[version]!);
    const expected = checksums(SHIPPED[version]!.expectAfterUpgrade(before));
    const db = new ClaimdeskDb('claimdesk', deps);
    await db.open();
    const after = checksums(await dump(db));
    // The app's reads see the data too, not only the raw tables.
    const stats = await db.docStats.get('caravanserai');
    db.close();
    expect(after).toEqual(expected);
    expect(stats?.total).toBe(40);
    console.log(`D1: v${version} fixture opened by the current schema (v${db.verno}): ${Object.keys(after).length} tables, ${sum(after)} rows, counts and sha256 checksums equal`);
  });
});

// ---------- D2 ----------

/** The current schema plus a version 4 whose upgrade throws (after changing some rows). */
class ThrowingUpgradeDb extends ClaimdeskDb {
  constructor(deps: ReturnType<typeof freshFactory>) {
    super('claimdesk', deps);
    this.version(4)
      .stores({ buckets: '&key, docId, bucket, *tags', audit: '++id' })
      .upgrade(async (tx) => {
        await tx.table('buckets').toCollection().modify((row: BucketRow) => {
          row.items = [];
        });
        await tx.table('meta').clear();
        throw new Error('test upgrade failure');
      });
  }
}

describe('D2: an upgrade that throws leaves the old data intact', () => {
  it.each(Object.keys(SHIPPED).map(Number))('from version %i', async (version) => {
    const deps = freshFactory();
    const written = await writeRawVersion(deps, version, SHIPPED[version]!);
    const before = checksums(written);
    const db = new ThrowingUpgradeDb(deps);
    const error = await openDatabase(db).then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    const { verno, data } = await rawDump(deps);
    expect(verno).toBe(version);
    expect(checksums(data)).toEqual(before);
    // The app can still open it as before.
    const app = new ClaimdeskDb('claimdesk', deps);
    await app.open();
    expect(checksums(await dump(app))).toEqual(checksums(SHIPPED[version]!.expectAfterUpgrade(written)));
    app.close();
    const message = describeStorageError(error);
    expect(message).toMatch(/upgrade/i);
    expect(message).not.toMatch(/another claimdesk window/i);
    console.log(`D2: upgrade v${version}->v4 threw (${(error as Error).name}); v${verno} kept, ${sum(before)} rows with equal checksums; the app says: ${message}`);
  });
});

describe('D2: data from a newer schema version is refused, not opened', () => {
  // Built on version 1's tables (without the locator, which Dexie would otherwise add), on version 2's and on 3's.
  it.each([1, 2, 3])('a database at version 4 built on version %i\'s tables is left untouched', async (base) => {
    const deps = freshFactory();
    const written = await writeRawVersion(deps, 4, { ...SHIPPED[base]!, stores: { ...SHIPPED[base]!.stores, future: '&id' } });
    const db = new ClaimdeskDb('claimdesk', deps);
    const error = await openDatabase(db).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(NewerVersionError);
    const { verno, data } = await rawDump(deps);
    expect(verno).toBe(4);
    expect(checksums(data)).toEqual(checksums(written));
    console.log(`D2: a v4 database (newer than this app's v${db.verno}) is refused and kept: ${sum(checksums(data))} rows unchanged; the app says: ${describeStorageError(error)}`);
  });
});

// ---------- D3 ----------

/** Fails the k-th mutate request of any table (k counted from arm()), to fail a write anywhere inside it. */
function faultMiddleware() {
  const state = { armed: false, k: 0, seen: 0, fired: false };
  const middleware = {
    stack: 'dbcore' as const,
    name: 'fault-injection',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string) {
          const t = down.table(name);
          return {
            ...t,
            mutate(req: DBCoreMutateRequest) {
              if (state.armed && ++state.seen === state.k) {
                state.fired = true;
                return Promise.reject(new DOMException(`injected failure on ${name}.${req.type}`, 'AbortError'));
              }
              return t.mutate(req);
            },
          };
        },
      };
    },
  };
  return {
    middleware,
    arm(k: number) {
      Object.assign(state, { armed: true, k, seen: 0, fired: false });
    },
    disarm() {
      state.armed = false;
    },
    get fired() {
      return state.fired;
    },
    get seen() {
      return state.seen;
    },
  };
}

const DOCS: CorpusDocument[] = ['caravanserai', 'eurasianet', 'paper'].map((id) => ({
  id,
  file: `${id}.txt`,
  title: id,
  text: `The text of ${id}. claim number 1 in ${id} and more words follow here.`,
  hash: HASH,
  publication: null,
  author: null,
  date: null,
  language: 'en',
  translation: null,
}));

interface Setup {
  db: ClaimdeskDb;
  faults: ReturnType<typeof faultMiddleware>;
  existing: Annotation[];
  ws?: Workspace;
}

async function setup(): Promise<Setup> {
  const deps = freshFactory();
  const faults = faultMiddleware();
  const db = new ClaimdeskDb('claimdesk', deps);
  db.use(faults.middleware);
  await db.open();
  const existing = ['caravanserai', 'eurasianet', 'paper'].flatMap((d) => Array.from({ length: 12 }, (_, i) => annotation(d, i)));
  await bulkPutAnnotations(db, existing);
  await db.meta.put({ key: 'lastChangeAt', value: NOW });
  await db.settings.put({ key: 'editorName', value: 'J. Doe' });
  return { db, faults, existing };
}

/** Every multi-table write the app makes, as a person's action would call it. */
const WRITES: Array<{ name: string; prepare?(s: Setup): Promise<void>; run(s: Setup): Promise<unknown> }> = [
  { name: 'applyChange: create', run: ({ db }) => applyChange(db, { put: [annotation('paper', 99)], remove: [] }) },
  { name: 'applyChange: edit', run: ({ db, existing }) => applyChange(db, { put: [{ ...existing[3]!, note: 'edited', verdict: 'sourced' }], remove: [] }) },
  { name: 'applyChange: delete', run: ({ db, existing }) => applyChange(db, { put: [], remove: [existing[5]!.id] }) },
  { name: 'applyChange: move to another document', run: ({ db, existing }) => applyChange(db, { put: [{ ...existing[0]!, docId: 'eurasianet' }], remove: [existing[14]!.id] }) },
  { name: 'bulkPutAnnotations', run: ({ db, existing }) => bulkPutAnnotations(db, [...existing.slice(0, 4).map((a) => ({ ...a, note: 'replaced' })), ...Array.from({ length: 30 }, (_, i) => annotation('eurasianet', 200 + i))]) },
  {
    name: 'import: Claimdesk JSON (applyAnnotations)',
    run: async ({ db, existing }) => {
      const incoming = [...Array.from({ length: 20 }, (_, i) => annotation('caravanserai', 300 + i)), { ...existing[2]!, note: 'newer', updatedAt: '2026-01-01T00:00:00.000Z' }];
      const content = serializeNative(buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: [], annotations: incoming }));
      const outcome = await importFile(db, { name: 'in.json', content }, DOCS, 'J. Doe');
      if (!outcome.ok) throw new Error(outcome.message);
    },
  },
  {
    name: 'restoreBackup',
    run: ({ db }) =>
      restoreBackup(db, serializeNative(buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: [], annotations: Array.from({ length: 25 }, (_, i) => annotation('paper', 400 + i)) }))),
  },
  { name: 'Workspace.add', run: ({ db }) => new Workspace(db).add(annotation('caravanserai', 500)) },
  { name: 'Workspace.update', run: ({ db, existing }) => new Workspace(db).update({ ...existing[7]!, note: 'typed' }, 'note') },
  { name: 'Workspace.remove', run: ({ db, existing }) => new Workspace(db).remove(existing[8]!) },
  {
    name: 'Workspace.reattach',
    run: ({ db, existing }) => new Workspace(db).reattach({ ...existing[9]!, orphan: true }, DOCS[0]!, { start: 4, end: 8 }),
  },
  {
    name: 'Workspace.reanchor',
    run: ({ db, existing }) => new Workspace(db).reanchor({ ...DOCS[0]!, hash: 'c'.repeat(64) }, existing.filter((a) => a.docId === 'caravanserai')),
  },
  {
    name: 'undo of a create (history)',
    prepare: async (s) => {
      s.ws = new Workspace(s.db);
      await s.ws.add(annotation('paper', 600));
    },
    run: async ({ ws }) => {
      if (!(await ws!.history.undo())) throw new Error('undo did nothing');
    },
  },
  {
    name: 'redo of a delete (history)',
    prepare: async (s) => {
      s.ws = new Workspace(s.db);
      await s.ws.remove(s.existing[20]!);
      await s.ws.history.undo();
    },
    run: async ({ ws }) => {
      if (!(await ws!.history.redo())) throw new Error('redo did nothing');
    },
  },
];

afterEach(() => setFaultInjector(null));

describe('D3: a failure in the middle of every multi-table write leaves no partial rows', () => {
  it('every write, failed at every mutate step and between buckets and stats', async () => {
    let injected = 0;
    let partial = 0;
    const lines: string[] = [];
    for (const w of WRITES) {
      // First a clean run: how many mutate requests the write makes, and that it changes something.
      const clean = await setup();
      await w.prepare?.(clean);
      const cleanBefore = checksums(await dump(clean.db));
      clean.faults.arm(Number.MAX_SAFE_INTEGER);
      await w.run(clean);
      const steps = clean.faults.seen;
      expect(checksums(await dump(clean.db)), `${w.name} should change something`).not.toEqual(cleanBefore);
      clean.db.close();

      let failedHere = 0;
      // Fail the k-th mutate for every k, then fail between the bucket writes and the stats write.
      const plans: Array<{ k?: number; injector?: boolean }> = [...Array.from({ length: steps }, (_, i) => ({ k: i + 1 })), { injector: true }];
      for (const plan of plans) {
        const s = await setup();
        await w.prepare?.(s);
        const before = checksums(await dump(s.db));
        if (plan.injector)
          setFaultInjector(() => {
            throw new Error('injected between buckets and stats');
          });
        s.faults.arm(plan.k ?? Number.MAX_SAFE_INTEGER);
        const error = await w.run(s).then(() => null, (e: unknown) => e);
        setFaultInjector(null);
        s.faults.disarm();
        const fired = plan.injector ? error !== null : s.faults.fired;
        if (!fired) {
          s.db.close();
          continue; // this write path never reaches the injector (e.g. no bucket write on this step)
        }
        injected++;
        failedHere++;
        expect(error, `${w.name} ${JSON.stringify(plan)} must report the failure`).not.toBeNull();
        const after = checksums(await dump(s.db));
        if (s.ws && !(w.name.startsWith('undo') ? s.ws.history.canUndo : s.ws.history.canRedo)) {
          partial++;
          lines.push(`LOST HISTORY STEP: ${w.name} ${JSON.stringify(plan)}`);
        }
        if (canonical(after) !== canonical(before)) {
          partial++;
          lines.push(`PARTIAL: ${w.name} ${JSON.stringify(plan)}`);
        }
        s.db.close();
      }
      lines.push(`  ${w.name}: ${steps} mutate steps, ${failedHere} failures injected`);
    }
    console.log(lines.join('\n'));
    console.log(`D3: ${injected} injected failures over ${WRITES.length} multi-table writes, ${partial} partial writes`);
    expect(partial).toBe(0);
    expect(injected).toBeGreaterThanOrEqual(WRITES.length * 2);
  });
});
