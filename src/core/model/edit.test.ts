import { describe, expect, it } from 'vitest';
import { createAnnotation } from './annotation';
import { annotationHistory, createdState, emptyState, materialize, patchEntries, withAdded, type AnnotationBase } from '../merge/merge';
import { baseProblem } from '../merge/ydoc';
import { applyAnchor, applyPatch, applyTransition, changedFields, editableValuesOf } from './edit';

const base = createAnnotation({
  id: 'a1', docId: 'd', kind: 'claim', verdict: 'sourced', author: 'Ann', now: '2026-01-01T00:00:00.000Z', docHash: 'h',
  quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 0, end: 1 },
});

describe('field patches', () => {
  it('changes only the named fields of the record as stored now', () => {
    const stored = { ...base, verdict: 'contradicted' as const };
    const next = applyPatch(stored, { id: 'a1', set: { note: 'typed' } }, '2026-01-02T00:00:00.000Z');
    expect(next.verdict).toBe('contradicted');
    expect(next.note).toBe('typed');
    expect(next.updatedAt).toBe('2026-01-02T00:00:00.000Z');
  });
  it('names the fields that differ', () => {
    expect(changedFields(base, { ...base, note: 'n', sources: [] })).toEqual(['note']);
  });
  it('refuses a patch for another record', () => {
    expect(() => applyPatch(base, { id: 'b', set: {} }, 'now')).toThrow();
  });
});

describe('anchor writes and undo transitions', () => {
  const moved = { ...base, position: { type: 'TextPositionSelector' as const, start: 5, end: 6 }, docHash: 'h2' };
  it('a re-anchor lands beside an edit made meanwhile, and never on an anchor changed meanwhile', () => {
    const edited = { ...base, note: 'typed meanwhile' };
    expect(applyAnchor(edited, base, moved)).toEqual({ ...moved, note: 'typed meanwhile' });
    const reattached = { ...base, position: { type: 'TextPositionSelector' as const, start: 9, end: 10 } };
    expect(applyAnchor(reattached, base, moved)).toBeNull();
  });
  it('an undo is refused when its target changed since, and applies only its own fields otherwise', () => {
    const after = { ...base, verdict: 'contradicted' as const, updatedAt: '2026-01-02T00:00:00.000Z' };
    expect(applyTransition(after, { id: 'a1', from: after, to: base })).toEqual({ ok: true, next: base });
    expect(applyTransition({ ...after, note: 'other window' }, { id: 'a1', from: after, to: base })).toEqual({ ok: false, reason: 'changed' });
    expect(applyTransition(null, { id: 'a1', from: after, to: base })).toEqual({ ok: false, reason: 'deleted' });
    expect(applyTransition(base, { id: 'a1', from: null, to: base })).toEqual({ ok: false, reason: 'exists' });
    // A re-anchor in between does not block undoing a verdict: the step's fields are untouched.
    const reanchored = { ...after, position: moved.position, docHash: 'h2' };
    expect(applyTransition(reanchored, { id: 'a1', from: after, to: base })).toEqual({ ok: true, next: { ...base, position: moved.position, docHash: 'h2' } });
  });
});

describe('workflow fields', () => {
  it('an annotation stored before they existed reads as to check, unassigned, undated and unlinked', () => {
    const { status, assignee, due, claimId, claimWording, ...old } = { ...base, status: undefined, assignee: undefined, due: undefined, claimId: undefined, claimWording: undefined };
    void [status, assignee, due, claimId, claimWording];
    expect(editableValuesOf(old)).toMatchObject({ status: 'to-check', assignee: '', due: '', claimId: '', claimWording: '' });
    expect(changedFields(old, { ...old, status: 'to-check' })).toEqual([]);
    expect(changedFields(old, { ...old, status: 'checked', due: '2026-12-01' })).toEqual(['status', 'due']);
  });

  it('a status change is a field patch: only status changes, and undo is refused once someone else moved it on', () => {
    const checked = applyPatch(base, { id: 'a1', set: { status: 'checked' } }, '2026-01-02T00:00:00.000Z');
    expect([checked.status, checked.verdict, checked.note]).toEqual(['checked', 'sourced', '']);
    expect(applyTransition(checked, { id: 'a1', from: checked, to: base })).toEqual({ ok: true, next: base });
    const published = { ...checked, status: 'published' as const };
    expect(applyTransition(published, { id: 'a1', from: checked, to: base })).toEqual({ ok: false, reason: 'changed' });
  });

  it('status changes are recorded in the annotation history with author and time', () => {
    const ann = { id: 'urn:claimdesk:reviewer:00000000000000aa', name: 'Ann' };
    const ben = { id: 'urn:claimdesk:reviewer:00000000000000bb', name: 'Ben' };
    let state = withAdded(emptyState(), [createdState(base, ann).base], []);
    state = withAdded(state, [], patchEntries(state, { id: 'a1', set: { status: 'in-progress' } }, ann, '2026-01-02T09:00:00.000Z'));
    state = withAdded(state, [], patchEntries(state, { id: 'a1', set: { status: 'published', note: 'n' } }, ben, '2026-01-03T10:00:00.000Z'));
    const statuses = annotationHistory(state, 'a1')
      .filter((h) => h.entry.field === 'status')
      .map((h) => [h.entry.value, h.entry.by.name, h.entry.at, h.live]);
    expect(statuses).toEqual([
      ['to-check', 'Ann', '2026-01-01T00:00:00.000Z', false],
      ['in-progress', 'Ann', '2026-01-02T09:00:00.000Z', false],
      ['published', 'Ben', '2026-01-03T10:00:00.000Z', true],
    ]);
  });
});

describe('sync bases written before the workflow fields', () => {
  it('are still valid, and read as to check and unlinked', () => {
    const by = { id: 'urn:claimdesk:reviewer:00000000000000aa', name: 'Ann' };
    const { base: fresh } = createdState({ ...base, docHash: 'a'.repeat(64) }, by);
    const { status, assignee, due, claimId, claimWording, ...oldInitial } = fresh.initial;
    void [status, assignee, due, claimId, claimWording];
    const old = { ...fresh, initial: oldInitial } as unknown as AnnotationBase;
    expect(baseProblem(JSON.parse(JSON.stringify(old)))).toBeNull();
    expect(baseProblem({ ...old, initial: { ...oldInitial, status: 'done' } })).toBe('bad initial status');
    expect(baseProblem({ ...old, initial: { ...oldInitial, mood: 'x' } })).toBe('bad initial values');
    const [m] = materialize(withAdded(emptyState(), [old], []));
    expect(editableValuesOf(m!.annotation)).toMatchObject({ status: 'to-check', claimId: '', verdict: 'sourced' });
  });
});
