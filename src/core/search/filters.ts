// Annotation filters: a plain, serialisable description of what to show (kind, verdict, status,
// author, MQM category and severity, sources, orphans, dates, documents), the predicate it makes, and
// the chips that show it. Fields combine with AND; the values of one field with OR.
import { ANNOTATION_KINDS, CLAIM_STATUSES, MQM_DIMENSIONS, SEVERITIES, VERDICTS } from '../model/annotation';
import type { Annotation, AnnotationKind, MqmDimension, Severity, Verdict } from '../model/annotation';

/**
 * An annotation as filters read it. Workflow fields (status, assignee) are optional so the filter works
 * before and after the model carries them; an annotation without a status has status "".
 */
export type FilterableAnnotation = Pick<
  Annotation,
  'id' | 'docId' | 'kind' | 'verdict' | 'translation' | 'orphan' | 'sources' | 'author' | 'createdAt' | 'updatedAt'
> & { status?: string | null; assignee?: string | null };

export interface AnnotationFilter {
  kinds?: AnnotationKind[];
  verdicts?: Verdict[];
  statuses?: string[];
  assignees?: string[];
  authors?: string[];
  dimensions?: MqmDimension[];
  severities?: Severity[];
  /** 'with': at least one source; 'without': none. */
  sources?: 'with' | 'without';
  /** true: only orphans; false: only annotations anchored in their text. */
  orphaned?: boolean;
  /** Inclusive ISO dates (YYYY-MM-DD) compared with `dateField`. */
  from?: string;
  to?: string;
  dateField?: 'updatedAt' | 'createdAt';
  docIds?: string[];
}

export type FilterKey = Exclude<keyof AnnotationFilter, 'dateField'>;

export interface FilterChip {
  /** Stable id for a list key: field and value. */
  id: string;
  field: FilterKey | 'dates';
  label: string;
  /** The filter without this chip's condition. */
  remove: () => AnnotationFilter;
}

export interface ChipLabels {
  documentTitle?: (docId: string) => string;
  status?: (status: string) => string;
}

function has<T>(list: readonly T[] | undefined): list is readonly T[] {
  return Array.isArray(list) && list.length > 0;
}

/** True when the filter lets every annotation through. */
export function isEmptyFilter(f: AnnotationFilter): boolean {
  return (
    !has(f.kinds) &&
    !has(f.verdicts) &&
    !has(f.statuses) &&
    !has(f.assignees) &&
    !has(f.authors) &&
    !has(f.dimensions) &&
    !has(f.severities) &&
    f.sources === undefined &&
    f.orphaned === undefined &&
    !f.from &&
    !f.to &&
    !has(f.docIds)
  );
}

/** The predicate a filter describes; each condition present must hold. */
export function buildPredicate(f: AnnotationFilter): (a: FilterableAnnotation) => boolean {
  const tests: Array<(a: FilterableAnnotation) => boolean> = [];
  const inSet = <T>(list: readonly T[] | undefined, get: (a: FilterableAnnotation) => T | null | undefined) => {
    if (!has(list)) return;
    const set = new Set<T>(list);
    tests.push((a) => {
      const v = get(a);
      return v !== null && v !== undefined && set.has(v);
    });
  };
  inSet(f.kinds, (a) => a.kind);
  inSet(f.verdicts, (a) => (a.kind === 'claim' ? a.verdict : null));
  inSet(f.statuses, (a) => a.status ?? '');
  inSet(f.assignees, (a) => a.assignee ?? '');
  inSet(f.authors, (a) => a.author);
  inSet(f.dimensions, (a) => a.translation?.dimension);
  inSet(f.severities, (a) => a.translation?.severity);
  inSet(f.docIds, (a) => a.docId);
  if (f.sources === 'with') tests.push((a) => a.sources.length > 0);
  if (f.sources === 'without') tests.push((a) => a.sources.length === 0);
  if (f.orphaned !== undefined) tests.push((a) => a.orphan === f.orphaned);
  const field = f.dateField ?? 'updatedAt';
  // Dates compare as text: ISO times sort like their instants when both are UTC ('Z').
  if (f.from) {
    const from = f.from;
    tests.push((a) => a[field].slice(0, 10) >= from);
  }
  if (f.to) {
    const to = f.to;
    tests.push((a) => a[field].slice(0, 10) <= to);
  }
  if (tests.length === 0) return () => true;
  return (a) => tests.every((t) => t(a));
}

export function applyFilter<T extends FilterableAnnotation>(list: readonly T[], f: AnnotationFilter): T[] {
  const keep = buildPredicate(f);
  return list.filter(keep);
}

const KIND_LABEL: Record<AnnotationKind, string> = { claim: 'Claim', 'translation-error': 'Translation error', comment: 'Comment' };
const capital = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1).replace(/-/g, ' ') : s);

/** Adds a value to a list field, or removes it when present (what clicking a facet does). */
export function toggleValue<K extends FilterKey>(f: AnnotationFilter, key: K, value: string): AnnotationFilter {
  const list = ((f[key] as string[] | undefined) ?? []).slice();
  const at = list.indexOf(value);
  if (at === -1) list.push(value);
  else list.splice(at, 1);
  const next = { ...f, [key]: list };
  if (list.length === 0) delete next[key];
  return next;
}

/** The chips showing a filter, one per value, each able to remove itself. */
export function filterChips(f: AnnotationFilter, labels: ChipLabels = {}): FilterChip[] {
  const chips: FilterChip[] = [];
  const listChips = <K extends FilterKey>(key: K, name: string, label: (v: string) => string) => {
    for (const v of (f[key] as string[] | undefined) ?? []) {
      chips.push({ id: `${key}:${v}`, field: key, label: `${name}: ${label(v)}`, remove: () => toggleValue(f, key, v) });
    }
  };
  const without = (...keys: Array<keyof AnnotationFilter>) => {
    const next = { ...f };
    for (const k of keys) delete next[k];
    return next;
  };
  listChips('kinds', 'Kind', (v) => KIND_LABEL[v as AnnotationKind] ?? v);
  listChips('verdicts', 'Verdict', capital);
  listChips('statuses', 'Status', (v) => labels.status?.(v) ?? (v ? capital(v) : 'None'));
  listChips('assignees', 'Assignee', (v) => v || 'Nobody');
  listChips('authors', 'Author', (v) => v || 'Unknown');
  listChips('dimensions', 'MQM', capital);
  listChips('severities', 'Severity', capital);
  if (f.sources) chips.push({ id: 'sources', field: 'sources', label: f.sources === 'with' ? 'Has sources' : 'No sources', remove: () => without('sources') });
  if (f.orphaned !== undefined) chips.push({ id: 'orphaned', field: 'orphaned', label: f.orphaned ? 'Orphaned' : 'Anchored', remove: () => without('orphaned') });
  if (f.from || f.to) {
    const what = (f.dateField ?? 'updatedAt') === 'createdAt' ? 'Created' : 'Updated';
    const label = f.from && f.to ? `${what} ${f.from} – ${f.to}` : f.from ? `${what} from ${f.from}` : `${what} until ${f.to}`;
    chips.push({ id: 'dates', field: 'dates', label, remove: () => without('from', 'to', 'dateField') });
  }
  listChips('docIds', 'Document', (v) => labels.documentTitle?.(v) ?? v);
  return chips;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// Bounds for a filter read back from storage (ids and names are short; a document filter names at
// most the library's documents).
const MAX_VALUES = 10_000;
const MAX_VALUE_CHARS = 500;

/**
 * A filter read back from storage (a saved filter, written by an older or newer version, or damaged):
 * what is valid is kept, anything else is dropped, so a bad saved value can only mean less filtering.
 */
export function parseStoredFilter(raw: unknown): AnnotationFilter {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const out: AnnotationFilter = {};
  const list = <T extends string>(v: unknown, allowed?: readonly T[]): T[] | undefined => {
    if (!Array.isArray(v)) return undefined;
    const kept = v.filter(
      (x): x is T => typeof x === 'string' && x.length > 0 && x.length <= MAX_VALUE_CHARS && (!allowed || (allowed as readonly string[]).includes(x)),
    );
    const unique = [...new Set(kept)].slice(0, MAX_VALUES);
    return unique.length ? unique : undefined;
  };
  const set = <K extends keyof AnnotationFilter>(k: K, v: AnnotationFilter[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('kinds', list(r.kinds, ANNOTATION_KINDS));
  set('verdicts', list(r.verdicts, VERDICTS));
  set('statuses', list(r.statuses, CLAIM_STATUSES));
  set('assignees', list(r.assignees));
  set('authors', list(r.authors));
  set('dimensions', list(r.dimensions, MQM_DIMENSIONS));
  set('severities', list(r.severities, SEVERITIES));
  set('docIds', list(r.docIds));
  if (r.sources === 'with' || r.sources === 'without') out.sources = r.sources;
  if (typeof r.orphaned === 'boolean') out.orphaned = r.orphaned;
  if (typeof r.from === 'string' && DAY.test(r.from)) out.from = r.from;
  if (typeof r.to === 'string' && DAY.test(r.to)) out.to = r.to;
  if (r.dateField === 'updatedAt' || r.dateField === 'createdAt') out.dateField = r.dateField;
  return out;
}
