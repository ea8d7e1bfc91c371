import { describe, expect, it } from 'vitest';
import { createAnnotation } from './annotation';
import { applyPatch, changedFields } from './edit';

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
