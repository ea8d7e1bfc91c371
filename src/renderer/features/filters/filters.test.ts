// The window's filter composes with the workflow: an annotation without a stored status is "to check";
// fields narrow, values widen, chips remove only their own condition; and "export what is filtered"
// takes exactly the annotations the filter shows.
import { describe, expect, it } from 'vitest';
import { createAnnotation, createSource, createTranslationErrorData, type Annotation } from '../../../core/model';
import { chipsOf, FILTER_STORAGE_KEY, filterAnnotations, FilterStore, predicateOf, type AnnotationFilter } from './annotation-filter';
import { selectForExport } from './export-scope';

function make(id: string, over: Partial<Annotation> = {}): Annotation {
  const base = createAnnotation({ id, docId: over.docId ?? 'doc1', kind: over.kind ?? 'claim', quote: { type: 'TextQuoteSelector', exact: id, prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 }, docHash: 'h', author: 'Ana', now: '2026-03-10T09:00:00.000Z' });
  return { ...base, ...over };
}

const all: Annotation[] = [
  make('new-claim'), // no stored status: to check
  make('checked', { status: 'checked', verdict: 'sourced', sources: [createSource({ url: 'https://x.example' })] }),
  make('published', { status: 'published', author: 'Bo', docId: 'doc2' }),
  make('error', { kind: 'translation-error', verdict: null, translation: createTranslationErrorData({ dimension: 'terminology', severity: 'minor' }), status: 'in-progress', orphan: true }),
  make('second', { status: 'needs-second-look', verdict: 'contradicted', updatedAt: '2026-04-01T08:00:00.000Z' }),
];
const ids = (f: AnnotationFilter) => filterAnnotations(all, f).map((a) => a.id);

describe('the window filter', () => {
  it('reads a missing status as "to check"', () => {
    expect(ids({ statuses: ['to-check'] })).toEqual(['new-claim']);
    expect(ids({ statuses: ['to-check', 'needs-second-look'] })).toEqual(['new-claim', 'second']);
    expect(predicateOf({ statuses: ['checked'] })(all[0]!)).toBe(false);
  });

  it('composes: every field narrows, values of a field widen, the order of applying does not matter', () => {
    const a: AnnotationFilter = { statuses: ['to-check', 'checked', 'needs-second-look'] };
    const b: AnnotationFilter = { kinds: ['claim'], verdicts: ['contested', 'contradicted'] };
    const c: AnnotationFilter = { from: '2026-03-15' };
    const together = ids({ ...a, ...b, ...c });
    expect(together).toEqual(['second']);
    expect(filterAnnotations(filterAnnotations(filterAnnotations(all, c), b), a).map((x) => x.id)).toEqual(together);
    expect(filterAnnotations(filterAnnotations(all, a), { ...b, ...c }).map((x) => x.id)).toEqual(together);
    expect(ids({ ...a, ...b })).toEqual(['new-claim', 'second']);
    expect(ids({ sources: 'with' })).toEqual(['checked']);
    expect(ids({ sources: 'without', orphaned: false, authors: ['Ana'] })).toEqual(['new-claim', 'second']);
    expect(ids({ dimensions: ['terminology'], severities: ['minor'], orphaned: true })).toEqual(['error']);
    expect(ids({ docIds: ['doc2'] })).toEqual(['published']);
    expect(ids({})).toEqual(all.map((x) => x.id));
  });

  it('shows chips with status labels and document titles; removing one removes only it', () => {
    const f: AnnotationFilter = { statuses: ['needs-second-look', 'to-check'], docIds: ['doc2'], sources: 'with' };
    const chips = chipsOf(f, (id) => (id === 'doc2' ? 'The Paper' : undefined));
    expect(chips.map((c) => c.label)).toEqual(['Status: Needs second look', 'Status: To check', 'Has sources', 'Document: The Paper']);
    expect(chips[0]!.remove()).toEqual({ statuses: ['to-check'], docIds: ['doc2'], sources: 'with' });
  });

  it('exports exactly what is filtered, or the selection', () => {
    const f: AnnotationFilter = { statuses: ['checked', 'published'] };
    expect(selectForExport(all, { filter: f }).map((a) => a.id)).toEqual(['checked', 'published']);
    expect(selectForExport(all, { ids: ['error', 'second'] }).map((a) => a.id)).toEqual(['error', 'second']);
    expect(selectForExport(all, { filter: {} })).toHaveLength(all.length);
    expect(selectForExport(all, undefined)).toHaveLength(all.length);
  });

  it('the store tells its readers when the filter changes', () => {
    const s = new FilterStore();
    let calls = 0;
    s.subscribe(() => calls++);
    s.set({ kinds: ['claim'] });
    expect(s.snapshot()).toEqual({ kinds: ['claim'] });
    s.clear();
    expect(s.snapshot()).toEqual({});
    expect(calls).toBe(2);
  });

  it('is kept between runs: a new store reads the filter back, and a damaged saved filter only filters less', () => {
    const kept = new Map<string, string>();
    const storage = { getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v) };
    const filter: AnnotationFilter = { verdicts: ['contradicted'], statuses: ['checked', 'published'], from: '2026-03-01', dateField: 'createdAt', sources: 'with', orphaned: false };
    new FilterStore(storage).set(filter);
    expect(new FilterStore(storage).snapshot()).toEqual(filter);
    expect(ids(new FilterStore(storage).snapshot())).toEqual(ids(filter));
    // Values this version does not know, wrong types and bad dates are dropped; the rest stays.
    kept.set(FILTER_STORAGE_KEY, JSON.stringify({ verdicts: ['contradicted', 'made-up', 7], statuses: 'checked', from: 'yesterday', kinds: ['claim'], extra: { a: 1 } }));
    expect(new FilterStore(storage).snapshot()).toEqual({ verdicts: ['contradicted'], kinds: ['claim'] });
    kept.set(FILTER_STORAGE_KEY, '{not json');
    expect(new FilterStore(storage).snapshot()).toEqual({});
    // Clearing is kept too.
    const s = new FilterStore(storage);
    s.set({ kinds: ['claim'] });
    s.clear();
    expect(new FilterStore(storage).snapshot()).toEqual({});
    // A storage that refuses writes leaves the filter working for the run.
    const full = new FilterStore({ getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } });
    full.set({ kinds: ['comment'] });
    expect(full.snapshot()).toEqual({ kinds: ['comment'] });
  });
});
