// The Dexie database: typed tables, versioned schema, and the storage layout.
//
// Annotations are stored in buckets (up to BUCKETS rows per document, chosen by a hash of the
// annotation id) rather than one row per annotation: IndexedDB costs 100-170 µs per row written,
// so 100,000 rows take ~10 s, while a few hundred bucket rows holding the same data take a
// fraction of that. See docs/adr/0004-storage-layout.md.
import Dexie, { type Table } from 'dexie';
import type { Annotation } from '../../core/model';

export const DB_NAME = 'claimdesk';
export const BUCKETS = 32;

export interface BucketRow {
  /** `${docId}#${bucket}` */
  key: string;
  docId: string;
  bucket: number;
  items: Annotation[];
}

export interface DocStatsRow {
  docId: string;
  total: number;
  sourced: number;
  contested: number;
  contradicted: number;
  translationErrors: number;
  orphans: number;
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
  }
}

/** FNV-1a over the id: stable across sessions and machines, so an annotation always lives in the same bucket. */
export function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

export function bucketKey(docId: string, bucket: number): string {
  return `${docId}#${bucket}`;
}

export function emptyStats(docId: string): DocStatsRow {
  return { docId, total: 0, sourced: 0, contested: 0, contradicted: 0, translationErrors: 0, orphans: 0 };
}

/** Adds (sign 1) or removes (sign -1) one annotation's contribution to its document's counts. */
export function addToStats(stats: DocStatsRow, a: Annotation, sign: 1 | -1): void {
  stats.total += sign;
  if (a.orphan) stats.orphans += sign;
  if (a.kind === 'translation-error') stats.translationErrors += sign;
  else if (a.verdict) stats[a.verdict] += sign;
}
