// Repair on open: a database that somehow holds an annotation twice, in the wrong bucket row, missing
// from the locator, or a document row with an empty id (written by older versions) is put right before
// anything reads it, and what was repaired is logged (meta `repairLog`), so exports and backups never carry it.
import { nowIso } from './clock';
import { dedupe, layoutRows } from './layout';
import { addToStats, bucketKey, bucketOf, claimIdsOf, emptyStats, type BucketRow, type ClaimdeskDb, type DocStatsRow, type LocatorRow } from './schema';
import { plural } from '../../core/model';

export interface RepairEntry {
  at: string;
  what: string;
}

/**
 * Bucket rows read per read-only transaction by the check: a window's write waits for the chunk being
 * read, so a chunk is kept short (20 rows: 1,000 annotations of a desk, 6,000 of five dossiers; with 250
 * rows a create at 100,000 took 130-600 ms instead of ~60, issue 17).
 */
const CHECK_CHUNK = 20;

export interface RepairOptions {
  /** Awaited before each chunk of the check: the bulk worker makes the check wait while an import or export runs. */
  pause?: () => Promise<void>;
}

/**
 * Checks the whole store; writes only when something is wrong. Returns what was repaired (empty: nothing).
 * The check reads in short read-only transactions, so the window's reads and writes go on between them
 * (one read-write transaction over a store of 100,000 held every open and create for a second, issue 17);
 * only when it finds something (twice: a write between its chunks can look wrong once) does the repair
 * run, checking again inside one read-write transaction.
 */
export async function repairDatabase(db: ClaimdeskDb, options: RepairOptions = {}): Promise<string[]> {
  if (!(await looksWrong(db, options.pause)) || !(await looksWrong(db, options.pause))) return [];
  return repairInOneTransaction(db);
}

/** The check, read and done in chunks: true when something may be wrong. */
async function looksWrong(db: ClaimdeskDb, pause?: () => Promise<void>): Promise<boolean> {
  await pause?.();
  if (await db.docTexts.get('')) return true;
  const storedStats = await db.docStats.toArray();
  const seen: Seen = { bitsOf: new Map(storedStats.map((st) => [st.docId, st.bits ?? 0])), docOf: new Map(), counts: new Map() };
  let last: string | null = null;
  for (;;) {
    await pause?.();
    const chunk: BucketRow[] = last === null ? await db.buckets.orderBy('key').limit(CHECK_CHUNK).toArray() : await db.buckets.where('key').above(last).limit(CHECK_CHUNK).toArray();
    if (!rowsLookRight(chunk, seen)) return true;
    if (chunk.length < CHECK_CHUNK) break;
    last = chunk.at(-1)!.key;
    await new Promise((r) => setTimeout(r, 0)); // let the window's transactions in
  }
  await pause?.();
  return !restLooksRight(storedStats, await db.locator.toArray(), seen);
}

interface Seen {
  bitsOf: Map<string, number>;
  docOf: Map<string, string>;
  counts: Map<string, DocStatsRow>;
}

/** The row's claim index lists exactly the claims of its items (a stale one would hide appearances). */
function sameClaimIndex(row: BucketRow): boolean {
  const want = claimIdsOf(row.items);
  const have = row.claimIds ?? [];
  return want.length === have.length && want.every((c, i) => c === have[i]);
}

/** Every id once, in the row of its document and bucket (no repaired layout is built: half the time of diagnose). */
function rowsLookRight(rows: BucketRow[], seen: Seen): boolean {
  for (const row of rows) {
    const bits = seen.bitsOf.get(row.docId) ?? 0;
    let c = seen.counts.get(row.docId);
    if (!c) seen.counts.set(row.docId, (c = emptyStats(row.docId)));
    if (!sameClaimIndex(row)) return false;
    for (const a of row.items) {
      if (seen.docOf.has(a.id) || a.docId !== row.docId || bucketOf(a.id, bits) !== row.bucket || row.key !== bucketKey(row.docId, row.bucket)) return false;
      seen.docOf.set(a.id, a.docId);
      addToStats(c, a, 1);
    }
  }
  return true;
}

/** The locator saying where every id is, and the counts adding up. */
function restLooksRight(storedStats: DocStatsRow[], locator: LocatorRow[], seen: Seen): boolean {
  let entries = 0;
  for (const l of locator) {
    entries += l.ids.length;
    for (let i = 0; i < l.ids.length; i++) if (seen.docOf.get(l.ids[i]!) !== l.docIds[i]) return false;
  }
  if (entries !== seen.docOf.size) return false;
  const stored = new Map(storedStats.map((st) => [st.docId, st]));
  for (const [d, c] of seen.counts) {
    const st = stored.get(d);
    if (c.total === 0) continue;
    if (!st || (['total', 'sourced', 'contested', 'contradicted', 'translationErrors', 'orphans'] as const).some((k) => st[k] !== c[k])) return false;
  }
  for (const st of storedStats) if (st.total !== (seen.counts.get(st.docId)?.total ?? 0)) return false;
  return true;
}

function diagnose(rows: BucketRow[], storedStats: DocStatsRow[], locator: LocatorRow[], renamedEmpty: string | null) {
  const log: string[] = [];
  const bitsOf = new Map(storedStats.map((st) => [st.docId, st.bits ?? 0]));
  const { best, copies } = dedupe(rows.map((r) => (renamedEmpty === null ? r.items : r.items.map((a) => (a.docId === '' ? { ...a, docId: renamedEmpty } : a)))));
  const want = layoutRows(best.values(), (d) => bitsOf.get(d) ?? 0);
  const wantKey = new Map<string, string>();
  for (const r of want.buckets) for (const a of r.items) wantKey.set(a.id, r.key);
  // Kept copies not in the row the layout puts them in (renamed ones are counted by their own line).
  const misplaced = rows.reduce((n, r) => n + r.items.filter((a) => best.get(a.id) === a && wantKey.get(a.id) !== r.key).length, 0);
  const located = new Map<string, string>();
  for (const l of locator) l.ids.forEach((id, i) => located.set(id, l.docIds[i]!));
  const lost = [...best.values()].filter((a) => located.get(a.id) !== a.docId).length + [...located.keys()].filter((id) => !best.has(id)).length;
  if (copies) log.push(`${plural(copies, 'duplicate copy', 'duplicate copies')} of annotations removed (the most recently updated kept)`);
  if (misplaced) log.push(`${plural(misplaced, 'annotation')} moved to the row of their document`);
  if (lost && !copies && !misplaced && renamedEmpty === null) log.push(`${plural(lost, 'entry', 'entries')} of the annotation locator rebuilt`);
  const staleIndex = rows.filter((r) => !sameClaimIndex(r)).length;
  if (staleIndex) log.push(`the linked-claim index of ${plural(staleIndex, 'row')} rebuilt`);
  const rowsWrong = !!(copies || misplaced || lost || staleIndex || renamedEmpty !== null);
  const stats = new Map(want.docStats.map((st) => [st.docId, st]));
  for (const st of storedStats) if (!stats.has(st.docId)) stats.set(st.docId, { ...emptyStats(st.docId), bits: st.bits ?? 0 });
  const same = (x: DocStatsRow, y: DocStatsRow | undefined) => !!y && (['total', 'sourced', 'contested', 'contradicted', 'translationErrors', 'orphans'] as const).every((k) => x[k] === y[k]) && (x.bits ?? 0) === (y.bits ?? 0);
  const statsWrong = storedStats.some((st) => !same(st, stats.get(st.docId))) || [...stats.keys()].some((d) => !storedStats.some((st) => st.docId === d));
  if (statsWrong) log.push('per-document counts recomputed');
  return { log, want, rowsWrong, stats, statsWrong };
}

async function repairInOneTransaction(db: ClaimdeskDb): Promise<string[]> {
  return db.transaction('rw', [db.buckets, db.docStats, db.locator, db.docTexts, db.meta], async () => {
    const log: string[] = [];
    // A document row with an empty id: give it a real one, and its annotations with it.
    let renamedEmpty: string | null = null;
    const emptyDoc = await db.docTexts.get('');
    if (emptyDoc) {
      let id = 'untitled-text';
      for (let i = 2; await db.docTexts.get(id); i++) id = `untitled-text-${i}`;
      await db.docTexts.delete('');
      await db.docTexts.put({ ...emptyDoc, id });
      renamedEmpty = id;
      log.push(`document with an empty id renamed to ${id}`);
    }
    const found = diagnose(await db.buckets.toArray(), await db.docStats.toArray(), await db.locator.toArray(), renamedEmpty);
    log.push(...found.log);
    if (found.rowsWrong) {
      await db.buckets.clear();
      await db.buckets.bulkPut(found.want.buckets);
      await db.locator.clear();
      await db.locator.bulkPut(found.want.locator);
    }
    if (found.statsWrong) {
      await db.docStats.clear();
      await db.docStats.bulkPut([...found.stats.values()]);
    }
    if (log.length) {
      const previous = ((await db.meta.get('repairLog'))?.value as RepairEntry[] | undefined) ?? [];
      const at = nowIso();
      await db.meta.put({ key: 'repairLog', value: [...previous, ...log.map((what) => ({ at, what }))].slice(-200) });
    }
    return log;
  });
}
