// The window's annotation filter: core's predicate (core/search/filters) read with the workflow's
// defaults (an annotation without a stored status is "to check"), the store that holds the filter this
// window shows as chips, and the labels the chips use. The panel, the claims desk and exports all read
// this one filter ("export what is filtered"). See docs/adr/0019-claims-desk-and-filters.md.
import { buildPredicate, filterChips, isEmptyFilter, parseStoredFilter, type AnnotationFilter, type FilterableAnnotation, type FilterChip } from '../../../core/search';
import { profileLocalStorage } from '../../platform/local-storage';
import { CLAIM_STATUS_LABELS, WORKFLOW_DEFAULTS, type ClaimStatus } from '../../../core/model';

export type { AnnotationFilter, FilterChip };
export { isEmptyFilter };

/** The status a filter compares: the stored one, or the workflow's default when none is stored. */
export function filterStatusOf(a: { status?: string | null }): string {
  return a.status || WORKFLOW_DEFAULTS.status;
}

/**
 * The predicate of a filter, reading an absent status as the workflow default. Core's predicate reads
 * an absent status as "" (it predates the workflow fields); annotations stored before the workflow
 * existed are "to check", and a filter on "To check" must find them.
 */
export function predicateOf(f: AnnotationFilter): (a: FilterableAnnotation) => boolean {
  const test = buildPredicate(f);
  if (!f.statuses?.length) return test;
  return (a) => test(a.status ? a : { ...a, status: filterStatusOf(a) });
}

export function filterAnnotations<T extends FilterableAnnotation>(list: readonly T[], f: AnnotationFilter): T[] {
  if (isEmptyFilter(f)) return list.slice();
  const keep = predicateOf(f);
  return list.filter(keep);
}

export function statusLabel(status: string): string {
  return CLAIM_STATUS_LABELS[status as ClaimStatus] ?? (status || CLAIM_STATUS_LABELS[WORKFLOW_DEFAULTS.status]);
}

/** The chips of a filter, with document titles and status labels a person reads. */
export function chipsOf(f: AnnotationFilter, titleOf: (docId: string) => string | undefined): FilterChip[] {
  return filterChips(f, { documentTitle: (id) => titleOf(id) ?? id, status: statusLabel });
}

/** Where the filter is kept between runs: localStorage, or a stand-in in tests. */
export interface FilterStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const FILTER_STORAGE_KEY = 'claimdesk.filter.v1';

/** The profile's localStorage, or null where there is none (then the filter lives for the run only). */
export function profileFilterStorage(): FilterStorage | null {
  return profileLocalStorage();
}

/**
 * This window's filter, outside React (read with useSyncExternalStore). With a storage it is read back
 * on start (what is invalid is dropped: core's parseStoredFilter) and written on every change, so the
 * desk reopens filtered as it was left.
 */
export class FilterStore {
  private value: AnnotationFilter = {};
  private listeners = new Set<() => void>();

  constructor(private readonly storage: FilterStorage | null = null) {
    if (!storage) return;
    try {
      const saved = storage.getItem(FILTER_STORAGE_KEY);
      if (saved) this.value = parseStoredFilter(JSON.parse(saved));
    } catch {
      // Unreadable or not JSON: start unfiltered.
    }
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  snapshot = (): AnnotationFilter => this.value;

  set(next: AnnotationFilter): void {
    if (next === this.value) return;
    this.value = next;
    try {
      this.storage?.setItem(FILTER_STORAGE_KEY, JSON.stringify(next));
    } catch {
      // A full or disabled storage: the filter still applies for this run.
    }
    for (const fn of this.listeners) fn();
  }

  clear(): void {
    this.set({});
  }
}
