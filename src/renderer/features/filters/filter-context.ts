// The window's filter for React: a provider, the hooks that read it, and the panel's view of it.
import { createContext, createElement, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { Annotation } from '../../../core/model';
import { FilterStore, isEmptyFilter, predicateOf, type AnnotationFilter } from './annotation-filter';

const FilterContext = createContext<FilterStore | null>(null);
const EMPTY: AnnotationFilter = {};
const noSubscribe = () => () => {};
const emptySnapshot = () => EMPTY;

export function FilterProvider({ store, children }: { store: FilterStore; children: ReactNode }) {
  return createElement(FilterContext.Provider, { value: store }, children);
}

/** The store, to change the filter (null outside a provider: nothing is filtered). */
export function useFilterStore(): FilterStore | null {
  return useContext(FilterContext);
}

/** The filter as it is now. */
export function useFilter(): AnnotationFilter {
  const s = useContext(FilterContext);
  return useSyncExternalStore(s ? s.subscribe : noSubscribe, s ? s.snapshot : emptySnapshot);
}

/**
 * The open document's annotations the filter lets through, for the panel. The selected annotation
 * stays listed even when filtered out: clicking its highlight in the reader must open its entry.
 */
export function useFilteredForPanel(annotations: readonly Annotation[], selectedId: string | null): readonly Annotation[] {
  const filter = useFilter();
  return useMemo(() => {
    if (isEmptyFilter(filter)) return annotations;
    const keep = predicateOf(filter);
    return annotations.filter((a) => a.id === selectedId || keep(a));
  }, [annotations, filter, selectedId]);
}
