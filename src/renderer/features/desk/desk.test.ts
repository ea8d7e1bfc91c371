// The claims desk's index and bulk actions: views filter, sort by any column and group by status as a
// person would see them; a bulk change lands as one transaction, reaches the other appearances of a
// linked claim, and is undone as one step.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createAnnotation, createSource, createTranslationErrorData, reviewerId, type Annotation } from '../../../core/model';
import { readAllAnnotations } from '../../db/reads';
import { ClaimdeskDb } from '../../db/schema';
import { bulkPutAnnotations } from '../../db/writes';
import { Workspace } from '../../state/workspace';
import { applyBulk, planBulk } from './bulk-edit';
import { DeskIndex, toCheckFirst, type DeskColumn } from './desk-model';

function make(id: string, over: Partial<Annotation> & Record<string, unknown> = {}): Annotation {
  const base = createAnnotation({
    id,
    docId: (over.docId as string) ?? 'doc-a',
    kind: (over.kind as Annotation['kind']) ?? 'claim',
    verdict: (over.verdict as Annotation['verdict']) ?? 'contested',
    quote: { type: 'TextQuoteSelector', exact: `quote ${id}`, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: 0, end: 5 },
    docHash: 'h',
    author: 'Ana',
    now: '2026-03-01T10:00:00.000Z',
  });
  return { ...base, ...over } as Annotation;
}

const corpus: Annotation[] = [
  make('a1', { quote: { type: 'TextQuoteSelector', exact: 'Zhou said', prefix: '', suffix: '' }, verdict: 'sourced', status: 'checked', author: 'Bo', updatedAt: '2026-03-05T00:00:00.000Z', sources: [createSource({ url: 'https://a' }), createSource({ url: 'https://b' })] }),
  make('a2', { quote: { type: 'TextQuoteSelector', exact: 'Ali reported', prefix: '', suffix: '' }, verdict: 'contradicted', updatedAt: '2026-03-02T00:00:00.000Z', assignee: reviewerId('Cy') }),
  make('b1', { docId: 'doc-b', quote: { type: 'TextQuoteSelector', exact: 'Mira noted', prefix: '', suffix: '' }, status: 'published', author: 'Cy', updatedAt: '2026-03-09T00:00:00.000Z', sources: [createSource()] }),
  make('b2', { docId: 'doc-b', kind: 'translation-error', verdict: null, translation: createTranslationErrorData({ severity: 'critical' }), status: 'in-progress', author: 'Bo', updatedAt: '2026-03-03T00:00:00.000Z', orphan: true }),
  make('b3', { docId: 'doc-b', quote: { type: 'TextQuoteSelector', exact: 'Bek claimed', prefix: '', suffix: '' }, status: 'needs-second-look', updatedAt: '2026-03-04T00:00:00.000Z', due: '2026-04-01' }),
];

function indexOf(list = corpus): DeskIndex {
  const ix = new DeskIndex();
  ix.setTitles([['doc-a', 'Alpha Times'], ['doc-b', 'Bravo Post']]);
  ix.setAnnotations(list);
  return ix;
}
const ids = (ix: DeskIndex) => ix.viewRows().map((r) => r.id);

describe('claims desk index', () => {
  it('shows every annotation, grouped by status in the workflow order, an annotation without a status as "To check"', () => {
    const ix = indexOf();
    const v = ix.view({ filter: {}, sort: { column: 'updated', direction: 'descending' }, group: true });
    expect(v.total).toBe(5);
    expect(v.groups).toEqual([
      { status: 'to-check', count: 1 },
      { status: 'in-progress', count: 1 },
      { status: 'checked', count: 1 },
      { status: 'published', count: 1 },
      { status: 'needs-second-look', count: 1 },
    ]);
    expect(ids(ix)).toEqual(['a2', 'b2', 'a1', 'b1', 'b3']);
  });

  it('sorts by every column, both ways, ungrouped', () => {
    const ix = indexOf();
    const order = (column: DeskColumn, direction: 'ascending' | 'descending' = 'ascending') => {
      ix.view({ filter: {}, sort: { column, direction }, group: false });
      return ids(ix);
    };
    // Ali, Bek, Mira, quote b2, Zhou.
    expect(order('quote')).toEqual(['a2', 'b3', 'b1', 'b2', 'a1']);
    expect(order('quote', 'descending')).toEqual(['a1', 'b2', 'b1', 'b3', 'a2']);
    expect(order('updated', 'descending')).toEqual(['b1', 'a1', 'b3', 'b2', 'a2']);
    expect(order('updated')).toEqual(['a2', 'b2', 'b3', 'a1', 'b1']);
    expect(order('document')).toEqual(['a1', 'a2', 'b1', 'b3', 'b2']);
    expect(order('sources', 'descending').slice(0, 2)).toEqual(['a1', 'b1']);
    expect(order('author')[0]).toBe('b3'); // Ana first (b3 is the latest Ana)
    expect(order('status')).toEqual(['a2', 'b2', 'a1', 'b1', 'b3']);
    // Contested (b1 newer than b3), Contradicted, Sourced, Translation error.
    expect(order('verdict')).toEqual(['b1', 'b3', 'a2', 'a1', 'b2']);
    expect(order('assignee')[0]).toBe('a2'); // the one assigned; nobody sorts after
  });

  it('applies the filter and counts what it lets through', () => {
    const ix = indexOf();
    const v = ix.view({ filter: { statuses: ['to-check', 'needs-second-look'] }, sort: { column: 'updated', direction: 'descending' }, group: false });
    expect(v.total).toBe(2);
    expect(v.corpusTotal).toBe(5);
    expect(ids(ix)).toEqual(['b3', 'a2']);
    expect(ix.count({ docIds: ['doc-b'], orphaned: false })).toBe(2);
    expect(ix.count({ sources: 'with', authors: ['Bo', 'Cy'] })).toBe(2);
    // Counting leaves the view's rows as they are.
    expect(ids(ix)).toEqual(['b3', 'a2']);
  });

  it('gives row windows of the view for the virtualized table', () => {
    const many = Array.from({ length: 1000 }, (_, i) => make(`m${String(i).padStart(4, '0')}`, { updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }));
    const ix = indexOf(many);
    ix.view({ filter: {}, sort: { column: 'updated', direction: 'ascending' }, group: false });
    expect(ix.rows(500, 503).map((r) => r.id)).toEqual(['m0500', 'm0501', 'm0502']);
    expect(ix.rows(998, 1200).map((r) => r.id)).toEqual(['m0998', 'm0999']);
  });

  it('shows a linked claim once, with its appearances, found by a filter on any of them', () => {
    const linked = [
      ...corpus,
      make('c1', { docId: 'doc-c', claimId: 'claim-1', claimWording: 'The minister told the Senate', createdAt: '2026-02-01T00:00:00.000Z' }),
      make('c2', { docId: 'doc-d', claimId: 'claim-1', claimWording: 'The minister told the Senate' }),
    ];
    const ix = indexOf(linked);
    const v = ix.view({ filter: {}, sort: { column: 'updated', direction: 'descending' }, group: false });
    expect(v.total).toBe(6);
    expect(v.annotations).toBe(7);
    const row = ix.viewRows().find((r) => r.claimId === 'claim-1')!;
    expect(row).toMatchObject({ id: 'c1', appearances: 2, otherDocIds: ['doc-d'], quote: 'The minister told the Senate' });
    ix.view({ filter: { docIds: ['doc-d'] }, sort: { column: 'updated', direction: 'descending' }, group: false });
    expect(ids(ix)).toEqual(['c1']);
    expect(ix.count({ docIds: ['doc-c', 'doc-d'] })).toBe(2);
    expect(ix.summary().toCheckFirst.filter((r) => r.claimId === 'claim-1')).toHaveLength(1);
    expect(ix.summary().documents.find((d) => d.docId === 'doc-d')!.claims).toBe(1);
  });

  it('per-document progress, authors, and the claims to check first', () => {
    const s = indexOf().summary();
    const b = s.documents.find((d) => d.docId === 'doc-b')!;
    expect(b.total).toBe(3);
    expect(b.byStatus).toEqual({ 'to-check': 0, 'in-progress': 1, checked: 0, published: 1, 'needs-second-look': 1 });
    expect(b.translationErrors).toBe(1);
    expect(b.severities.critical).toBe(1);
    expect(b.orphans).toBe(1);
    expect(s.authors).toEqual(['Ana', 'Bo', 'Cy']);
    // Due first, then the contradicted claim left to check; checked/published never.
    expect(s.toCheckFirst.map((r) => r.id)).toEqual(['b3', 'a2']);
  });

  it('orders what to check first: due dates, then status, then the more harmful verdict, then the oldest', () => {
    const rows = indexOf([
      make('old-sourced', { verdict: 'sourced', createdAt: '2026-01-01T00:00:00.000Z' }),
      make('contested', { verdict: 'contested' }),
      make('second-look', { verdict: 'sourced', status: 'needs-second-look' }),
      make('due-later', { due: '2026-05-01' }),
      make('due-soon', { due: '2026-04-01', verdict: 'sourced' }),
    ]).summary().toCheckFirst;
    expect(toCheckFirst(rows, 10).map((r) => r.id)).toEqual(['due-soon', 'due-later', 'second-look', 'contested', 'old-sourced']);
  });
});

let dbCount = 0;
async function freshDb(): Promise<ClaimdeskDb> {
  const db = new ClaimdeskDb(`desk-${dbCount++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  return db;
}

describe('bulk actions', () => {
  it('set status on a selection in one change, undone as one step', async () => {
    const db = await freshDb();
    await bulkPutAnnotations(db, corpus);
    const ws = new Workspace(db);
    const ix = indexOf((await readAllAnnotations(db)).sort((a, b) => (a.id < b.id ? -1 : 1)));
    const rows = ix.withAppearances(['a1', 'a2', 'b3']);
    const plan = planBulk(rows, { field: 'status', value: 'checked' });
    // a1 is already checked: only the two others change.
    expect(plan.ops).toHaveLength(2);
    expect(plan.label).toBe('Set status of 2 annotations to Checked');
    await applyBulk(db, ws.history, plan, '2026-03-10T00:00:00.000Z');
    const after = new Map((await readAllAnnotations(db)).map((a) => [a.id, a]));
    expect(after.get('a2')!.status).toBe('checked');
    expect(after.get('b3')!.status).toBe('checked');
    expect(after.get('a2')!.updatedAt).toBe('2026-03-10T00:00:00.000Z');
    expect(after.get('b1')!.status).toBe('published');
    expect(ws.history.undoLabel).toBe('Set status of 2 annotations to Checked');
    await ws.history.undo();
    const undone = new Map((await readAllAnnotations(db)).map((a) => [a.id, a]));
    expect(undone.get('a2')!.status).toBeUndefined();
    expect(undone.get('b3')!.status).toBe('needs-second-look');
    expect(ws.history.canUndo).toBe(false);
  });

  it('reaches every appearance of a linked claim, and sets verdicts on claims only', async () => {
    const linked = [...corpus, make('c1', { docId: 'doc-c', claimId: 'claim-1' }), make('c2', { docId: 'doc-d', claimId: 'claim-1' })];
    const ix = indexOf(linked);
    const rows = ix.withAppearances(['c1', 'b2']);
    expect(rows.map((r) => r.id).sort()).toEqual(['b2', 'c1', 'c2']);
    const plan = planBulk(rows, { field: 'verdict', value: 'contradicted' });
    expect(plan.ops.map((o) => (o.type === 'patch' ? o.patch.id : '')).sort()).toEqual(['c1', 'c2']);
    const assign = planBulk(ix.withAppearances(['a1', 'a2']), { field: 'assignee', value: reviewerId('Cy'), name: 'Cy' });
    expect(assign.ops).toHaveLength(1);
    expect(assign.label).toBe('Assign 1 annotation to Cy');
  });
});
