// The claims desk's index (pure; runs in the desk worker, or in the window where no worker starts):
// every annotation of the corpus as a compact row, the current view (filtered, sorted by a column,
// grouped by workflow status) as an order of row numbers, windows of that view for the virtualized
// table, and per-document progress for the library and the corpus overview.
import {
  CLAIM_STATUSES,
  VERDICTS,
  SEVERITIES,
  type Annotation,
  type AnnotationKind,
  type ClaimStatus,
  type Severity,
  type Verdict,
  reviewerId,
} from '../../../core/model';
import type { FilterableAnnotation } from '../../../core/search';
import { filterStatusOf, isEmptyFilter, predicateOf, type AnnotationFilter } from '../filters/annotation-filter';

export const DESK_COLUMNS = ['quote', 'document', 'verdict', 'status', 'assignee', 'author', 'updated', 'sources'] as const;
export type DeskColumn = (typeof DESK_COLUMNS)[number];
export type SortDirection = 'ascending' | 'descending';

export interface DeskSort {
  column: DeskColumn;
  direction: SortDirection;
}

/** One annotation as the desk shows it (what crosses from the worker to the window). */
export interface DeskRow {
  id: string;
  docId: string;
  kind: AnnotationKind;
  verdict: Verdict | null;
  status: ClaimStatus;
  assignee: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  due: string;
  sources: number;
  orphan: boolean;
  /** The quoted words, cut to QUOTE_CHARS. */
  quote: string;
  severity: Severity | null;
  claimId: string;
  /** Appearances of its linked claim (1 when not linked): a linked claim is one row of the desk. */
  appearances: number;
  /** Documents of the other appearances (not this row's own). */
  otherDocIds: string[];
}

export interface DeskViewRequest {
  filter: AnnotationFilter;
  sort: DeskSort;
  /** Rows grouped by workflow status (in the workflow's order), sorted inside each group. */
  group: boolean;
}

export interface DeskGroup {
  status: ClaimStatus | null;
  count: number;
}

export interface DeskView {
  /** The index's data version the view was computed from. */
  version: number;
  /** Rows (a linked claim is one row). */
  total: number;
  /** Annotations the rows stand for (every appearance of a linked claim). */
  annotations: number;
  /** Annotations in the whole corpus (before the filter). */
  corpusTotal: number;
  groups: DeskGroup[];
}

export interface DocumentProgress {
  docId: string;
  total: number;
  claims: number;
  /** Annotations (of every kind) by workflow status. */
  byStatus: Record<ClaimStatus, number>;
  byVerdict: Record<Verdict, number>;
  translationErrors: number;
  severities: Record<Severity, number>;
  orphans: number;
}

export interface DeskSummary {
  version: number;
  total: number;
  documents: DocumentProgress[];
  authors: string[];
  assignees: string[];
  /** Claims not yet checked, the most urgent first (see `toCheckFirst`). */
  toCheckFirst: DeskRow[];
}

export const QUOTE_CHARS = 160;
const TO_CHECK_FIRST = 25;

interface Entry extends FilterableAnnotation {
  row: DeskRow;
  /** The entry whose row shows this one's linked claim (itself when not linked, or when it is that row). */
  rep: number;
}

const STATUS_RANK = new Map<string, number>(CLAIM_STATUSES.map((s, i) => [s, i]));

export function toDeskRow(a: Annotation): DeskRow {
  const w = a as Annotation & { status?: ClaimStatus; assignee?: string; due?: string; claimId?: string; claimWording?: string };
  const text = w.claimId && w.claimWording ? w.claimWording : a.quote.exact;
  return {
    id: a.id,
    docId: a.docId,
    kind: a.kind,
    verdict: a.kind === 'claim' ? a.verdict : null,
    status: filterStatusOf(w) as ClaimStatus,
    assignee: w.assignee ?? '',
    author: a.author,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    due: w.due ?? '',
    sources: a.sources.length,
    orphan: a.orphan,
    quote: text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text,
    severity: a.translation?.severity ?? null,
    claimId: w.claimId ?? '',
    appearances: 1,
    otherDocIds: [],
  };
}

/** What the verdict column says: the verdict, or the kind for annotations without one. */
export function verdictLabel(r: Pick<DeskRow, 'kind' | 'verdict' | 'severity'>): string {
  if (r.kind === 'translation-error') return `Translation error${r.severity ? ` (${r.severity})` : ''}`;
  if (r.kind === 'comment') return 'Comment';
  const v = r.verdict ?? 'contested';
  return v[0]!.toUpperCase() + v.slice(1);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A sort key that ignores case and accents ("Élan" sorts with "elan"), compared by code units. */
function fold(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * Ranks of the values (equal values, equal ranks), so sorting compares small integers. Folded keys
 * compared by code units: 100,000 distinct quotes rank in tens of milliseconds, where a collator
 * takes ten times as long (the price: no locale-specific order, e.g. for Chinese).
 */
function ranks(values: readonly string[]): { key: Int32Array; size: number } {
  const keyOf = new Map<string, string>();
  for (const v of values) if (!keyOf.has(v)) keyOf.set(v, fold(v));
  const folded = [...new Set(keyOf.values())].sort();
  const rank = new Map(folded.map((f, i) => [f, i]));
  const key = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) key[i] = rank.get(keyOf.get(values[i]!)!)!;
  return { key, size: folded.length };
}

/** Ranks of numbers (ascending). */
function numberRanks(values: ArrayLike<number>): { key: Int32Array; size: number } {
  const distinct = [...new Set(Array.from(values))].sort((a, b) => a - b);
  const rank = new Map(distinct.map((v, i) => [v, i]));
  const key = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) key[i] = rank.get(values[i]!)!;
  return { key, size: distinct.length };
}

/** Stable counting sort of `items` by `key` (ranks below `size`), descending when asked: O(n + size). */
function countingSort(items: Uint32Array, key: Int32Array, size: number, descending: boolean): Uint32Array {
  const counts = new Uint32Array(size + 1);
  const k = (i: number) => (descending ? size - 1 - key[i]! : key[i]!);
  for (let j = 0; j < items.length; j++) counts[k(items[j]!) + 1]!++;
  for (let r = 1; r <= size; r++) counts[r]! += counts[r - 1]!;
  const out = new Uint32Array(items.length);
  for (let j = 0; j < items.length; j++) {
    const i = items[j]!;
    out[counts[k(i)]!++] = i;
  }
  return out;
}

export class DeskIndex {
  private entries: Entry[] = [];
  private titles = new Map<string, string>();
  private version = 0;
  /** Sort keys per column for the current data (built on first use). */
  private keys = new Map<DeskColumn, { key: Int32Array; size: number }>();
  /** Every row, newest update first, then by id: the order ties keep, so a re-sort never shuffles rows. */
  private byTie: Uint32Array | null = null;
  private order: Uint32Array = new Uint32Array(0);
  private viewCache: { request: string; view: DeskView } | null = null;

  get dataVersion(): number {
    return this.version;
  }

  setAnnotations(list: readonly Annotation[]): void {
    this.entries = list.map((a) => {
      const row = toDeskRow(a);
      return { id: a.id, docId: a.docId, kind: a.kind, verdict: a.verdict, translation: a.translation, orphan: a.orphan, sources: a.sources, author: a.author, createdAt: a.createdAt, updatedAt: a.updatedAt, status: row.status, assignee: row.assignee, row, rep: -1 };
    });
    // A linked claim is one row: its first-made appearance (then the smallest id) stands for all of them.
    const first = new Map<string, number>();
    this.entries.forEach((e, i) => {
      const c = e.row.claimId;
      if (!c) return;
      const j = first.get(c);
      const better = j === undefined || e.createdAt < this.entries[j]!.createdAt || (e.createdAt === this.entries[j]!.createdAt && e.id < this.entries[j]!.id);
      if (better) first.set(c, i);
    });
    this.entries.forEach((e, i) => {
      e.rep = e.row.claimId ? first.get(e.row.claimId)! : i;
      if (e.rep !== i) {
        const r = this.entries[e.rep]!.row;
        r.appearances++;
        if (e.docId !== r.docId && !r.otherDocIds.includes(e.docId)) r.otherDocIds.push(e.docId);
      }
    });
    this.changed();
  }

  setTitles(titles: Iterable<readonly [string, string]>): void {
    const next = new Map(titles);
    if (next.size === this.titles.size && [...next].every(([k, v]) => this.titles.get(k) === v)) return;
    this.titles = next;
    this.keys.delete('document');
    this.viewCache = null;
  }

  private changed(): void {
    this.version++;
    this.keys.clear();
    this.byTie = null;
    this.viewCache = null;
  }

  /** Builds every column's sort key ahead of the first sort (the worker does this after each read). */
  prepare(): void {
    this.tieOrder();
    for (const c of DESK_COLUMNS) this.keyOf(c);
  }

  private tieOrder(): Uint32Array {
    if (this.byTie) return this.byTie;
    const e = this.entries;
    const updated = new Float64Array(e.length);
    for (let i = 0; i < e.length; i++) updated[i] = Date.parse(e[i]!.updatedAt) || 0;
    const idx = Array.from({ length: e.length }, (_, i) => i);
    idx.sort((a, b) => updated[b]! - updated[a]! || (e[a]!.id < e[b]!.id ? -1 : e[a]!.id > e[b]!.id ? 1 : 0));
    this.byTie = Uint32Array.from(idx);
    return this.byTie;
  }

  private keyOf(column: DeskColumn): { key: Int32Array; size: number } {
    let k = this.keys.get(column);
    if (k) return k;
    const e = this.entries;
    switch (column) {
      case 'quote':
        // The first 40 characters decide the order of all but identical quotes.
        k = ranks(e.map((x) => x.row.quote.slice(0, 40)));
        break;
      case 'document':
        k = ranks(e.map((x) => this.titles.get(x.docId) ?? x.docId));
        break;
      case 'verdict':
        k = ranks(e.map((x) => verdictLabel(x.row)));
        break;
      case 'status':
        k = { key: Int32Array.from(e, (x) => STATUS_RANK.get(x.row.status) ?? 0), size: CLAIM_STATUSES.length };
        break;
      case 'assignee': {
        // Assignees are reviewer ids: sort by the name (known from the authors); nobody sorts last going up.
        const names = new Map<string, string>();
        for (const x of e) if (x.author && !names.has(x.author)) names.set(x.author, x.author);
        const byId = new Map([...names.keys()].map((n) => [reviewerId(n), n]));
        k = ranks(e.map((x) => (x.row.assignee ? (byId.get(x.row.assignee) ?? x.row.assignee) : '\uffff')));
        break;
      }
      case 'author':
        k = ranks(e.map((x) => x.row.author));
        break;
      case 'updated':
        k = numberRanks(Float64Array.from(e, (x) => Date.parse(x.updatedAt) || 0));
        break;
      case 'sources':
        k = numberRanks(Int32Array.from(e, (x) => x.row.sources));
        break;
    }
    this.keys.set(column, k);
    return k;
  }

  /** Computes the view (and keeps its order for `rows` and `ids`). */
  view(request: DeskViewRequest): DeskView {
    const cacheKey = JSON.stringify(request);
    if (this.viewCache?.request === cacheKey) return this.viewCache.view;
    const e = this.entries;
    const base = this.tieOrder();
    // A linked claim's row is shown when any of its appearances passes the filter.
    const shown = new Uint8Array(e.length);
    const keep = isEmptyFilter(request.filter) ? null : predicateOf(request.filter);
    for (let i = 0; i < e.length; i++) if (!keep || keep(e[i]!)) shown[e[i]!.rep] = 1;
    const out: number[] = [];
    for (const i of base) if (shown[i]) out.push(i);
    let picked: Uint32Array = Uint32Array.from(out);
    // Stable counting sorts over the tie order: by the column, then (grouped) by status. O(n).
    const { key, size } = this.keyOf(request.sort.column);
    picked = countingSort(picked, key, size, request.sort.direction === 'descending');
    let groups: DeskGroup[];
    if (request.group) {
      const status = this.keyOf('status');
      picked = countingSort(picked, status.key, status.size, false);
      const counts = new Array<number>(CLAIM_STATUSES.length).fill(0);
      for (const i of picked) counts[status.key[i]!]!++;
      groups = CLAIM_STATUSES.map((s, i) => ({ status: s, count: counts[i]! })).filter((g) => g.count > 0);
    } else groups = [{ status: null, count: picked.length }];
    this.order = picked;
    let annotations = 0;
    for (const i of picked) annotations += e[i]!.row.appearances;
    const view: DeskView = { version: this.version, total: picked.length, annotations, corpusTotal: e.length, groups };
    this.viewCache = { request: cacheKey, view };
    return view;
  }

  /** How many annotations a filter lets through (leaves the current view as it is). */
  count(filter: AnnotationFilter): number {
    if (isEmptyFilter(filter)) return this.entries.length;
    const keep = predicateOf(filter);
    let n = 0;
    for (const e of this.entries) if (keep(e)) n++;
    return n;
  }

  /** Rows [start, end) of the last view. */
  rows(start: number, end: number): DeskRow[] {
    const out: DeskRow[] = [];
    const to = Math.min(end, this.order.length);
    for (let i = Math.max(0, start); i < to; i++) out.push(this.entries[this.order[i]!]!.row);
    return out;
  }

  /** Every row of the last view, in its order (a selection of "everything shown"). */
  viewRows(): DeskRow[] {
    return Array.from(this.order, (i) => this.entries[i]!.row);
  }

  /**
   * The rows of `ids` and of every other appearance of their linked claims: appearances share status,
   * verdict and assignee, so a bulk change of those reaches all of them.
   */
  withAppearances(ids: readonly string[]): DeskRow[] {
    const want = new Set(ids);
    const claims = new Set<string>();
    for (const e of this.entries) if (want.has(e.id) && e.row.claimId) claims.add(e.row.claimId);
    return this.entries.filter((e) => want.has(e.id) || (e.row.claimId !== '' && claims.has(e.row.claimId))).map((e) => e.row);
  }

  summary(): DeskSummary {
    const docs = new Map<string, DocumentProgress>();
    const authors = new Set<string>();
    const assignees = new Set<string>();
    const open: DeskRow[] = [];
    this.entries.forEach(({ row, rep }, i) => {
      let d = docs.get(row.docId);
      if (!d) docs.set(row.docId, (d = emptyProgress(row.docId)));
      d.total++;
      d.byStatus[row.status]++;
      if (row.kind === 'claim') {
        d.claims++;
        if (row.verdict) d.byVerdict[row.verdict]++;
        if (row.status !== 'checked' && row.status !== 'published' && rep === i) open.push(row);
      } else if (row.kind === 'translation-error') {
        d.translationErrors++;
        if (row.severity) d.severities[row.severity]++;
      }
      if (row.orphan) d.orphans++;
      if (row.author) authors.add(row.author);
      if (row.assignee) assignees.add(row.assignee);
    });
    return {
      version: this.version,
      total: this.entries.length,
      documents: [...docs.values()],
      authors: [...authors].sort(collator.compare),
      assignees: [...assignees].sort(collator.compare),
      toCheckFirst: toCheckFirst(open, TO_CHECK_FIRST),
    };
  }
}

export function emptyProgress(docId: string): DocumentProgress {
  return {
    docId,
    total: 0,
    claims: 0,
    byStatus: Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])) as Record<ClaimStatus, number>,
    byVerdict: Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>,
    translationErrors: 0,
    severities: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    orphans: 0,
  };
}

const URGENT_STATUS: Record<string, number> = { 'needs-second-look': 0, 'to-check': 1, 'in-progress': 2 };
const URGENT_VERDICT: Record<string, number> = { contradicted: 0, contested: 1, sourced: 2 };

/**
 * Claims not yet checked, most urgent first: a due date (earliest first) before none, then sent back
 * for a second look, to check, in progress; contradicted before contested before sourced (a false
 * claim left standing does the most harm); then the oldest.
 */
export function toCheckFirst(open: readonly DeskRow[], limit: number): DeskRow[] {
  return [...open]
    .sort(
      (a, b) =>
        (a.due ? 0 : 1) - (b.due ? 0 : 1) ||
        (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) ||
        (URGENT_STATUS[a.status] ?? 3) - (URGENT_STATUS[b.status] ?? 3) ||
        (URGENT_VERDICT[a.verdict ?? ''] ?? 3) - (URGENT_VERDICT[b.verdict ?? ''] ?? 3) ||
        (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0),
    )
    .slice(0, limit);
}
