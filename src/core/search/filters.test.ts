// Annotation filters compose: each field narrows (AND), values of a field widen (OR), chips describe
// exactly the conditions and removing a chip removes only its own.
import { describe, expect, it } from 'vitest';
import { createAnnotation, createSource, createTranslationErrorData } from '../model/annotation';
import { applyFilter, buildPredicate, filterChips, isEmptyFilter, toggleValue } from './filters';
import type { AnnotationFilter, FilterableAnnotation } from './filters';

const quote = { type: 'TextQuoteSelector' as const, exact: 'x', prefix: '', suffix: '' };
const position = { type: 'TextPositionSelector' as const, start: 0, end: 1 };

function make(id: string, over: Partial<FilterableAnnotation> & { kind?: 'claim' | 'translation-error' } = {}): FilterableAnnotation {
  const base = createAnnotation({ id, docId: over.docId ?? 'doc1', kind: over.kind ?? 'claim', quote, position, docHash: 'h', author: 'Ana', now: '2026-03-10T09:00:00.000Z' });
  return { ...base, ...over };
}

const all: FilterableAnnotation[] = [
  make('c1', { verdict: 'contested', sources: [createSource({ url: 'https://a.example' })], status: 'to-check', author: 'Ana' }),
  make('c2', { verdict: 'sourced', status: 'checked', author: 'Bo', docId: 'doc2', updatedAt: '2026-04-02T10:00:00.000Z' }),
  make('c3', { verdict: 'contradicted', orphan: true, author: 'Bo', status: 'to-check' }),
  make('t1', { kind: 'translation-error', verdict: null, translation: createTranslationErrorData({ dimension: 'accuracy', severity: 'critical' }), author: 'Ana', docId: 'doc2' }),
  make('t2', { kind: 'translation-error', verdict: null, translation: createTranslationErrorData({ dimension: 'terminology', subtype: '', severity: 'minor' }), author: 'Cy' }),
];
const ids = (f: AnnotationFilter) => applyFilter(all, f).map((a) => a.id);

describe('annotation filters', () => {
  it('an empty filter keeps everything', () => {
    expect(isEmptyFilter({})).toBe(true);
    expect(ids({})).toEqual(['c1', 'c2', 'c3', 't1', 't2']);
    expect(ids({ kinds: [], verdicts: [] })).toEqual(['c1', 'c2', 'c3', 't1', 't2']);
  });

  it('each field narrows, values of one field widen', () => {
    expect(ids({ kinds: ['claim'] })).toEqual(['c1', 'c2', 'c3']);
    expect(ids({ verdicts: ['contested', 'contradicted'] })).toEqual(['c1', 'c3']);
    expect(ids({ verdicts: ['contested', 'contradicted'], authors: ['Bo'] })).toEqual(['c3']);
    expect(ids({ verdicts: ['contested', 'contradicted'], authors: ['Bo'], orphaned: false })).toEqual([]);
    expect(ids({ authors: ['Ana', 'Cy'], kinds: ['translation-error'] })).toEqual(['t1', 't2']);
  });

  it('filters MQM category and severity, sources, orphans, status, dates and documents', () => {
    expect(ids({ dimensions: ['accuracy'] })).toEqual(['t1']);
    expect(ids({ severities: ['minor', 'critical'], dimensions: ['terminology'] })).toEqual(['t2']);
    expect(ids({ sources: 'with' })).toEqual(['c1']);
    expect(ids({ sources: 'without', kinds: ['claim'] })).toEqual(['c2', 'c3']);
    expect(ids({ orphaned: true })).toEqual(['c3']);
    expect(ids({ statuses: ['to-check'] })).toEqual(['c1', 'c3']);
    // An annotation with no workflow status yet matches the "none" status "".
    expect(ids({ statuses: [''] })).toEqual(['t1', 't2']);
    expect(ids({ from: '2026-04-01' })).toEqual(['c2']);
    expect(ids({ to: '2026-03-31' })).toEqual(['c1', 'c3', 't1', 't2']);
    expect(ids({ from: '2026-03-10', to: '2026-03-10', docIds: ['doc2'] })).toEqual(['t1']);
    expect(ids({ from: '2026-04-01', dateField: 'createdAt' })).toEqual([]);
  });

  it('composes: applying filters one after another equals applying them together', () => {
    const a: AnnotationFilter = { kinds: ['claim'], authors: ['Bo'] };
    const b: AnnotationFilter = { orphaned: true };
    const together = applyFilter(all, { ...a, ...b });
    expect(applyFilter(applyFilter(all, a), b)).toEqual(together);
    expect(together.map((x) => x.id)).toEqual(['c3']);
    expect(buildPredicate({ ...a, ...b })(all[2]!)).toBe(true);
  });

  it('shows one chip per condition, and removing a chip removes only that condition', () => {
    const f: AnnotationFilter = { verdicts: ['contested', 'contradicted'], authors: ['Bo'], sources: 'without', orphaned: true, from: '2026-03-01', to: '2026-03-31', docIds: ['doc2'], severities: ['critical'] };
    const chips = filterChips(f, { documentTitle: (id) => (id === 'doc2' ? 'Eurasianet' : id) });
    expect(chips.map((c) => c.label)).toEqual([
      'Verdict: Contested',
      'Verdict: Contradicted',
      'Author: Bo',
      'Severity: Critical',
      'No sources',
      'Orphaned',
      'Updated 2026-03-01 – 2026-03-31',
      'Document: Eurasianet',
    ]);
    expect(chips.find((c) => c.label === 'Verdict: Contested')!.remove()).toEqual({ ...f, verdicts: ['contradicted'] });
    const noDates = chips.find((c) => c.field === 'dates')!.remove();
    expect(noDates.from).toBeUndefined();
    expect(noDates.to).toBeUndefined();
    expect(noDates.verdicts).toEqual(f.verdicts);
    // Removing every chip gives the empty filter.
    let g: AnnotationFilter = f;
    while (filterChips(g).length > 0) g = filterChips(g)[0]!.remove();
    expect(isEmptyFilter(g)).toBe(true);
  });

  it('toggles a facet value on and off', () => {
    const on = toggleValue({}, 'verdicts', 'contested');
    expect(on).toEqual({ verdicts: ['contested'] });
    expect(toggleValue(on, 'verdicts', 'contested')).toEqual({});
  });
});
