// "Export what is filtered": which annotations an export takes (all, those the filter lets through, or
// a selection of the claims desk). Plain data, so it crosses to the bulk worker with the request.
import type { Annotation } from '../../../core/model';
import { filterAnnotations, isEmptyFilter, type AnnotationFilter } from './annotation-filter';

export type ExportOnly = { filter: AnnotationFilter } | { ids: readonly string[] };

export function selectForExport(list: Annotation[], only: ExportOnly | undefined): Annotation[] {
  if (!only) return list;
  if ('ids' in only) {
    const want = new Set(only.ids);
    return list.filter((a) => want.has(a.id));
  }
  return isEmptyFilter(only.filter) ? list : filterAnnotations(list, only.filter);
}
