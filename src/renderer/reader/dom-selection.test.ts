// Which highlight the caret is in, and where n / p go: pure functions over annotations in text order.
import { describe, expect, it } from 'vitest';
import { compareByTextOrder, createAnnotation, type Annotation } from '../../core/model';
import { annotationAt, stepAnnotation } from './dom-selection';

const at = (id: string, start: number, end: number, orphan = false): Annotation => ({
  ...createAnnotation({ id, docId: 'd', kind: 'claim', verdict: 'contested', quote: { type: 'TextQuoteSelector', exact: 'x'.repeat(end - start), prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start, end }, docHash: 'h', author: 't', now: '2026-01-01T00:00:00.000Z' }),
  orphan,
});

const outer = at('outer', 10, 50);
const inner = at('inner', 20, 30);
const later = at('later', 60, 70);
const gone = at('gone', 15, 25, true);
const ordered = [outer, inner, later].sort(compareByTextOrder);

describe('annotationAt', () => {
  it('finds the innermost live annotation under an offset; ends are exclusive; orphans never', () => {
    expect(annotationAt([outer, inner, later, gone], 25)?.id).toBe('inner');
    expect(annotationAt([outer, inner, later, gone], 12)?.id).toBe('outer');
    expect(annotationAt([outer, inner, later, gone], 50)).toBeNull();
    expect(annotationAt([gone], 16)).toBeNull();
  });
});

describe('stepAnnotation', () => {
  it('moves from the caret when no highlight is selected', () => {
    expect(stepAnnotation(ordered, null, 0, true)?.id).toBe('outer');
    expect(stepAnnotation(ordered, null, 25, true)?.id).toBe('later');
    expect(stepAnnotation(ordered, null, 25, false)?.id).toBe('inner');
    expect(stepAnnotation(ordered, null, 80, true)).toBeUndefined();
    expect(stepAnnotation(ordered, null, 5, false)).toBeUndefined();
  });
  it('moves from the selected highlight while the caret is at its start (nested ones share no start)', () => {
    expect(stepAnnotation(ordered, 'outer', 10, true)?.id).toBe('inner');
    expect(stepAnnotation(ordered, 'inner', 20, true)?.id).toBe('later');
    expect(stepAnnotation(ordered, 'later', 60, false)?.id).toBe('inner');
    expect(stepAnnotation(ordered, 'later', 60, true)).toBeUndefined();
  });
  it('moves from the caret once it has left the selected highlight', () => {
    expect(stepAnnotation(ordered, 'outer', 55, false)?.id).toBe('inner');
  });
  it('starts at either end when the caret is not in the reader', () => {
    expect(stepAnnotation(ordered, null, null, true)?.id).toBe('outer');
    expect(stepAnnotation(ordered, null, null, false)?.id).toBe('later');
  });
});
