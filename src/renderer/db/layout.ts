// The annotation storage layout, version 2 (ADR 0004): a document's annotations in 2^bits bucket rows
// (bits grows with its count), and a locator (id -> docId in 256 shard rows) so that finding, changing
// or replacing an annotation reads and writes only the rows that hold it, whatever else is stored.
// AnnotationStore is the in-transaction view every annotation write goes through (writes.ts).
import type { Table } from 'dexie';
import type { Annotation } from '../../core/model';
import { addToStats, bitsFor, bucketKey, bucketRow, bucketOf, emptyStats, shardOf, type BucketRow, type ClaimdeskDb, type DocStatsRow, type LocatorRow } from './schema';

export interface LayoutTables {
  buckets: Table<BucketRow, string>;
  docStats: Table<DocStatsRow, string>;
  locator: Table<LocatorRow, number>;
}

const keyOf = (docId: string, id: string, bits: number) => bucketKey(docId, bucketOf(id, bits));

/** Of an id stored more than once (older versions could), the most recently updated copy. */
export function dedupe(lists: Iterable<readonly Annotation[]>): { best: Map<string, Annotation>; copies: number } {
  const best = new Map<string, Annotation>();
  let copies = 0;
  for (const list of lists) {
    for (const a of list) {
      const seen = best.get(a.id);
      if (!seen) best.set(a.id, a);
      else {
        copies++;
        if (a.updatedAt > seen.updatedAt) best.set(a.id, a);
      }
    }
  }
  return { best, copies };
}

/** The rows that hold `list` (one copy per id) in the version 2 layout; a document's bits at least `minBits(docId)`. */
export function layoutRows(list: Iterable<Annotation>, minBits: (docId: string) => number = () => 0): { buckets: BucketRow[]; docStats: DocStatsRow[]; locator: LocatorRow[] } {
  const byDoc = new Map<string, Annotation[]>();
  for (const a of list) {
    let l = byDoc.get(a.docId);
    if (!l) byDoc.set(a.docId, (l = []));
    l.push(a);
  }
  const buckets: BucketRow[] = [];
  const docStats: DocStatsRow[] = [];
  const shards = new Map<number, LocatorRow>();
  for (const [docId, items] of byDoc) {
    const bits = bitsFor(items.length, minBits(docId));
    const stats = { ...emptyStats(docId), bits };
    const rows = new Map<number, BucketRow>();
    for (const a of items) {
      const b = bucketOf(a.id, bits);
      let row = rows.get(b);
      if (!row) rows.set(b, (row = { key: bucketKey(docId, b), docId, bucket: b, items: [] }));
      row.items.push(a);
      addToStats(stats, a, 1);
      const s = shardOf(a.id);
      let shard = shards.get(s);
      if (!shard) shards.set(s, (shard = { shard: s, ids: [], docIds: [] }));
      shard.ids.push(a.id);
      shard.docIds.push(docId);
    }
    for (const row of rows.values()) buckets.push(bucketRow(row.key, row.docId, row.bucket, row.items));
    docStats.push(stats);
  }
  return { buckets, docStats, locator: [...shards.values()] };
}

/**
 * Rewrites every stored annotation into the version 2 layout (the upgrade from version 1, and the repair):
 * one copy per id, counts recomputed; a document with a counts row and no annotations keeps a zero row.
 */
export async function relayout(t: LayoutTables): Promise<void> {
  const rows = await t.buckets.toArray();
  const oldStats = await t.docStats.toArray();
  const out = layoutRows(dedupe(rows.map((r) => r.items)).best.values());
  const counted = new Set(out.docStats.map((s) => s.docId));
  for (const s of oldStats) if (!counted.has(s.docId)) out.docStats.push(emptyStats(s.docId));
  await t.buckets.clear();
  await t.docStats.clear();
  await t.locator.clear();
  await t.buckets.bulkAdd(out.buckets);
  await t.docStats.bulkAdd(out.docStats);
  await t.locator.bulkAdd(out.locator);
}

interface Pending {
  adds: Map<string, Annotation>;
  dels: Set<string>;
}

/**
 * The annotations a write needs, read inside its transaction: `locate` reads the locator shards of the
 * ids, then the counts of their documents and the bucket rows that hold them (bulkGet, nothing else);
 * `put`/`remove` change them in memory; `flush` reads the rows the changes land in and writes only
 * those, the shards and the counts that changed. A document whose count outgrows its rows is split
 * (its rows read and rewritten once, at 2x the buckets).
 */
export class AnnotationStore {
  private readonly shards = new Map<number, Map<string, string>>();
  private readonly dirtyShards = new Set<number>();
  private readonly stats = new Map<string, DocStatsRow>();
  /** Each document's bits and count as stored, before this write. */
  private readonly stored = new Map<string, { bits: number; total: number }>();
  private readonly rows = new Map<string, Map<string, Annotation>>();
  private readonly pending = new Map<string, Pending>();
  /** The record of each located id as it is now in this write (null: absent). */
  private readonly current = new Map<string, Annotation | null>();

  constructor(private readonly db: ClaimdeskDb) {}

  private async loadShards(shards: Iterable<number>): Promise<void> {
    const need = [...new Set(shards)].filter((s) => !this.shards.has(s));
    if (!need.length) return;
    const rows = await this.db.locator.bulkGet(need);
    need.forEach((s, i) => {
      const row = rows[i];
      const m = new Map<string, string>();
      if (row) for (let j = 0; j < row.ids.length; j++) m.set(row.ids[j]!, row.docIds[j]!);
      this.shards.set(s, m);
    });
  }

  /** Loads the counts (and so the bits) of these documents. */
  async loadDocs(docIds: Iterable<string>): Promise<void> {
    const need = [...new Set(docIds)].filter((d) => !this.stats.has(d));
    if (!need.length) return;
    const rows = await this.db.docStats.bulkGet(need);
    need.forEach((d, i) => {
      const row = rows[i] ?? emptyStats(d);
      this.stats.set(d, { ...row });
      this.stored.set(d, { bits: row.bits ?? 0, total: row.total });
    });
  }

  private async loadRows(keys: Iterable<string>): Promise<void> {
    const need = [...new Set(keys)].filter((k) => !this.rows.has(k));
    if (!need.length) return;
    const rows = await this.db.buckets.bulkGet(need);
    need.forEach((k, i) => this.rows.set(k, new Map((rows[i]?.items ?? []).map((a) => [a.id, a]))));
  }

  private docOf(id: string): string | undefined {
    return this.shards.get(shardOf(id))!.get(id);
  }

  /**
   * Reads the stored records of these ids (only their shards, documents' counts and rows). `targets`
   * (records about to be put) have their documents' counts and rows read in the same rounds, so a create
   * costs two rounds of reads, not five: on a busy window each await waits behind its rendering.
   */
  async locate(ids: Iterable<string>, targets: ReadonlyArray<{ id: string; docId: string }> = []): Promise<void> {
    const want = [...new Set(ids)].filter((id) => !this.current.has(id));
    if (!want.length && !targets.length) return;
    await Promise.all([this.loadShards(want.map(shardOf)), this.loadDocs(targets.map((t) => t.docId))]);
    const docs = new Set<string>();
    for (const id of want) {
      const d = this.docOf(id);
      if (d !== undefined) docs.add(d);
    }
    await this.loadDocs(docs);
    const keys: string[] = [];
    for (const id of want) {
      const d = this.docOf(id);
      if (d !== undefined) keys.push(keyOf(d, id, this.stored.get(d)!.bits));
    }
    for (const t of targets) {
      const was = this.stored.get(t.docId)!;
      if (was.total > 0) keys.push(keyOf(t.docId, t.id, was.bits));
    }
    await this.loadRows(keys);
    for (const id of want) {
      const d = this.docOf(id);
      this.current.set(id, d === undefined ? null : (this.rows.get(keyOf(d, id, this.stored.get(d)!.bits))!.get(id) ?? null));
    }
  }

  /** The record as it is now in this write (the id must have been located). */
  get(id: string): Annotation | null {
    const a = this.current.get(id);
    if (a === undefined) throw new Error(`AnnotationStore: ${id} was not located`);
    return a;
  }

  private pendingOf(docId: string): Pending {
    let p = this.pending.get(docId);
    if (!p) this.pending.set(docId, (p = { adds: new Map(), dels: new Set() }));
    return p;
  }

  /** Takes the record out (its locator entry too); `s` is its shard, when the caller has it. */
  remove(id: string, s = shardOf(id)): void {
    const m = this.shards.get(s)!;
    const d = m.get(id);
    if (d !== undefined) {
      const old = this.current.get(id);
      const p = this.pendingOf(d);
      p.adds.delete(id);
      p.dels.add(id);
      if (old) addToStats(this.stats.get(d)!, old.docId === d ? old : { ...old, docId: d }, -1);
      m.delete(id);
      this.dirtyShards.add(s);
    }
    this.current.set(id, null);
  }

  /** Puts a record (its document's counts must be loaded: loadDocs; its id located). */
  put(a: Annotation): void {
    const s = shardOf(a.id);
    this.remove(a.id, s);
    const stats = this.stats.get(a.docId);
    if (!stats) throw new Error(`AnnotationStore: counts of ${a.docId} not loaded`);
    addToStats(stats, a, 1);
    this.pendingOf(a.docId).adds.set(a.id, a);
    this.shards.get(s)!.set(a.id, a.docId);
    this.dirtyShards.add(s);
    this.current.set(a.id, a);
  }

  get changed(): boolean {
    return this.pending.size > 0 || this.dirtyShards.size > 0;
  }

  /**
   * Writes what changed: the touched bucket rows, locator shards and counts, and `also` (another write of
   * the same transaction, sent with them). `between` runs after the rows (a test hook).
   */
  async flush(between?: () => void, also?: () => Promise<unknown>): Promise<void> {
    const split: string[] = [];
    const keys: string[] = [];
    for (const [docId, p] of this.pending) {
      const was = this.stored.get(docId)!;
      const stats = this.stats.get(docId)!;
      stats.bits = bitsFor(stats.total, was.bits);
      if (stats.bits !== was.bits) {
        if (was.total > 0) split.push(docId);
      } else if (was.total > 0) {
        for (const id of p.dels) keys.push(keyOf(docId, id, was.bits));
        for (const id of p.adds.keys()) keys.push(keyOf(docId, id, was.bits));
      }
    }
    await this.loadRows(keys);
    const all = split.length ? await this.db.buckets.where('docId').anyOf(split).toArray() : [];
    const touched = new Set<string>();
    const removed = new Set<string>();
    const docRows = new Map<string, BucketRow[]>();
    for (const r of all) {
      let l = docRows.get(r.docId);
      if (!l) docRows.set(r.docId, (l = []));
      l.push(r);
    }
    for (const [docId, p] of this.pending) {
      const was = this.stored.get(docId)!;
      const bits = this.stats.get(docId)!.bits!;
      if (bits === was.bits) {
        for (const id of p.dels) {
          const k = keyOf(docId, id, bits);
          const row = this.rows.get(k);
          if (row?.delete(id)) touched.add(k);
        }
        for (const [id, a] of p.adds) {
          const k = keyOf(docId, id, bits);
          let row = this.rows.get(k);
          if (!row) this.rows.set(k, (row = new Map()));
          row.set(id, a);
          touched.add(k);
        }
      } else {
        // Split: every row of the document is read once and rewritten at the new number of buckets.
        const items = new Map<string, Annotation>();
        for (const r of docRows.get(docId) ?? []) {
          removed.add(r.key);
          for (const a of r.items) items.set(a.id, a);
        }
        for (const id of p.dels) items.delete(id);
        for (const [id, a] of p.adds) items.set(id, a);
        for (const [id, a] of items) {
          const k = keyOf(docId, id, bits);
          let row = this.rows.get(k);
          if (!row || !touched.has(k)) this.rows.set(k, (row = new Map()));
          row.set(id, a);
          touched.add(k);
        }
      }
    }
    const put: BucketRow[] = [];
    const del: string[] = [];
    for (const k of touched) {
      const items = [...this.rows.get(k)!.values()];
      const hash = k.lastIndexOf('#');
      if (items.length) put.push(bucketRow(k, k.slice(0, hash), Number(k.slice(hash + 1)), items));
      else del.push(k);
    }
    for (const k of removed) if (!touched.has(k)) del.push(k);
    // All requests go out at once (one transaction: all land or none); `between` runs once the rows are
    // written and before the rest is awaited, so a failure there still leaves nothing.
    const rowsWritten = Promise.all([put.length ? this.db.buckets.bulkPut(put) : null, del.length ? this.db.buckets.bulkDelete(del) : null]);
    const rest = Promise.all([
      this.dirtyShards.size
        ? this.db.locator.bulkPut(
            [...this.dirtyShards].map((s) => {
              const m = this.shards.get(s)!;
              return { shard: s, ids: [...m.keys()], docIds: [...m.values()] };
            }),
          )
        : null,
      this.pending.size ? this.db.docStats.bulkPut([...this.pending.keys()].map((d) => this.stats.get(d)!)) : null,
      also?.(),
    ]);
    rest.catch(() => undefined); // awaited below; a failure of the rows must not leave this one unhandled
    await rowsWritten;
    between?.();
    await rest;
    this.pending.clear();
    this.dirtyShards.clear();
    for (const d of this.stats.keys()) this.stored.set(d, { bits: this.stats.get(d)!.bits ?? 0, total: this.stats.get(d)!.total });
  }
}
