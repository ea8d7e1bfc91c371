import { describe, expect, it } from 'vitest';
import { createAnnotation } from './annotation';
import { applyAnchor, applyPatch, applyTransition, changedFields } from './edit';

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
