// The Dexie database: typed tables, versioned schema, and the storage layout.
//
// Annotations are stored in buckets rather than one row per annotation: IndexedDB costs 100-220 µs
// per row written (100,000 rows: 12-22 s here), while the same data in a few thousand bucket rows
// takes under a second. Since version 2 a document has 2^bits buckets, bits chosen by its count
// (ROW_TARGET annotations a row at most on average), so a document with 50 annotations is one row
// and one with 20,000 is 64; and the `locator` table (256 shard rows, id -> docId) finds any
// annotation's row without reading other documents. See docs/adr/0004-storage-layout.md.
import Dexie, { type Table } from 'dexie';
import type { Annotation } from '../../core/model';
import { relayout } from './layout';

export const DB_NAME = 'claimdesk';
/** Version 1's fixed number of buckets per document (bucketOf's default). */
export const BUCKETS = 32;
/** A document's bucket count doubles when its rows would hold more than this many annotations on average. */
export const ROW_TARGET = 400;
/** Shard rows of the locator (id -> docId). */
export const LOCATOR_SHARDS = 256;

export interface BucketRow {
  /** `${docId}#${bucket}` */
  key: string;
  docId: string;
  bucket: number;
  items: Annotation[];
  /**
   * The linked claims its items are appearances of (distinct, '' left out): a multi-entry index, so a
   * claim's appearances are found by reading only the rows that hold one (version 3; see bucketRow).
   */
  claimIds?: string[];
}

/** The linked claims of a row's items, for its `claimIds` index (distinct, sorted, '' left out). */
export function claimIdsOf(items: readonly Annotation[]): string[] {
  const ids = new Set<string>();
  for (const a of items) if (a.claimId) ids.add(a.claimId);
  return [...ids].sort();
}

/** A bucket row with its claim index: every writer of bucket rows makes them here. */
export function bucketRow(key: string, docId: string, bucket: number, items: Annotation[]): BucketRow {
  return { key, docId, bucket, items, claimIds: claimIdsOf(items) };
}

export interface DocStatsRow {
  docId: string;
  total: number;
  sourced: number;
  contested: number;
  contradicted: number;
  translationErrors: number;
  orphans: number;
  /** The document has 2^bits bucket rows (absent: 0). Only grows, so an annotation never has to be looked for in two places. */
  bits?: number;
}

/**
 * Where each annotation is: one row per shard (LOCATOR_SHARDS of them); `docIds[i]` holds `ids[i]`.
 * Two parallel arrays rather than an object: an id is data, and an id such as `__proto__` must stay one.
 */
export interface LocatorRow {
  shard: number;
  ids: string[];
  docIds: string[];
}

/** A document text kept in the database: a corrected corpus file or an imported document. */
export interface DocTextRow {
  id: string;
  file: string;
  title: string;
  text: string;
  hash: string;
  importedAt: string;
  /** Word count, computed once when the text is imported (counting 2 MB takes tens of milliseconds). */
  words?: number;
  /** The imported text this one replaced, kept so the replacement can be undone. */
  previous?: Omit<DocTextRow, 'id' | 'previous'>;
}

export interface KeyValueRow {
  key: string;
  value: unknown;
}

export class ClaimdeskDb extends Dexie {
  buckets!: Table<BucketRow, string>;
  docStats!: Table<DocStatsRow, string>;
  locator!: Table<LocatorRow, number>;
  docTexts!: Table<DocTextRow, string>;
  settings!: Table<KeyValueRow, string>;
  meta!: Table<KeyValueRow, string>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    // Version 1. Later versions add `.version(n).stores(...).upgrade(tx => ...)` below; never edit this one.
    this.version(1).stores({
      buckets: '&key, docId, bucket',
      docStats: '&docId',
      docTexts: '&id',
      settings: '&key',
      meta: '&key',
    });
    // Version 2 (issue 17): buckets sized by the document's count, and the locator. The upgrade repacks
    // every stored annotation into the new layout (an id stored twice by an older version: the most
    // recently updated copy) and recomputes the counts; see relayout in layout.ts.
    this.version(2)
      .stores({ locator: '&shard' })
      .upgrade(async (tx) => {
        await relayout({ buckets: tx.table('buckets'), docStats: tx.table('docStats'), locator: tx.table('locator') });
      });
    // Version 3 (issue 14): the claim index. A linked claim's appearances were found by reading every
    // annotation (seconds at 100,000); each row now lists the claims of its items, indexed multi-entry.
    this.version(3)
      .stores({ buckets: '&key, docId, bucket, *claimIds' })
      .upgrade(async (tx) => {
        await tx
          .table('buckets')
          .toCollection()
          .modify((row: BucketRow) => {
            row.claimIds = claimIdsOf(row.items);
          });
      });
  }
}

/** FNV-1a over the id: stable across sessions and machines. */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The bucket of an id in a document with 2^bits buckets (the low bits of its hash, so doubling a
 * document's buckets splits each row in two). The default, 5 bits, is version 1's layout.
 */
export function bucketOf(id: string, bits = 5): number {
  return hashId(id) & ((1 << bits) - 1);
}

/** The locator shard of an id (the hash's high bits, independent of its bucket). */
export function shardOf(id: string): number {
  return hashId(id) >>> 24;
}

/** The bits a document holding `count` annotations needs (at least `min`, since bits never shrink). */
export function bitsFor(count: number, min = 0): number {
  let bits = min;
  while (count > ROW_TARGET << bits) bits++;
  return bits;
}

export function bucketKey(docId: string, bucket: number): string {
  return `${docId}#${bucket}`;
}

export function emptyStats(docId: string): DocStatsRow {
  return { docId, total: 0, sourced: 0, contested: 0, contradicted: 0, translationErrors: 0, orphans: 0, bits: 0 };
}

/** Adds (sign 1) or removes (sign -1) one annotation's contribution to its document's counts. */
export function addToStats(stats: DocStatsRow, a: Annotation, sign: 1 | -1): void {
  stats.total += sign;
  if (a.orphan) stats.orphans += sign;
  if (a.kind === 'translation-error') stats.translationErrors += sign;
  else if (a.verdict) stats[a.verdict] += sign;
}
