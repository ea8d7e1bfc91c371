import { describe as suite, it, expect } from 'vitest';
import { createAnnotation } from '../model/annotation';
import type { Annotation } from '../model/annotation';
import { describe } from './describe';
import { attachOrphan, reanchorAnnotation } from './reanchor';

const TEXT = 'The minister said the border would stay open. Officials later confirmed that 4,000 trucks had crossed.';
const QUOTE = 'confirmed that 4,000 trucks';
const CREATED = '2024-05-01T10:00:00.000Z';
const NOW = '2024-06-01T12:00:00.000Z';

function annotationOn(text: string, start: number, end: number, docHash = 'hash-1'): Annotation {
  return createAnnotation({ id: 'a1', docId: 'doc', kind: 'claim', ...describe(text, { start, end }), docHash, author: 'me', now: CREATED });
}

suite('reanchorAnnotation', () => {
  const start = TEXT.indexOf(QUOTE);
  const original = annotationOn(TEXT, start, start + QUOTE.length);

  it('returns the same object when the document has not changed', () => {
    const result = reanchorAnnotation(original, TEXT, 'hash-1', NOW);
    expect(result.outcome).toBe('unchanged');
    expect(result.annotation).toBe(original);
  });

  it('moves the selectors to the edited text and keeps the old ones in history', () => {
    const edited = `Update at noon. ${TEXT}`;
    const { annotation, outcome } = reanchorAnnotation(original, edited, 'hash-2', NOW);
    expect(outcome).toBe('moved');
    expect(annotation).not.toBe(original);
    expect(annotation.position).toEqual({ type: 'TextPositionSelector', start: start + 16, end: start + 16 + QUOTE.length });
    expect(annotation.quote).toEqual(describe(edited, annotation.position).quote);
    expect(annotation.docHash).toBe('hash-2');
    expect(annotation.orphan).toBe(false);
    expect(annotation.history).toEqual([{ quote: original.quote, position: original.position, docHash: 'hash-1', replacedAt: NOW }]);
    // Re-anchoring is not a person's edit.
    expect(annotation.updatedAt).toBe(CREATED);
    expect(original.history).toEqual([]);
  });

  it('marks an orphan without touching its selectors, hash or history', () => {
    const edited = 'The minister said the border would stay open.';
    const { annotation, outcome } = reanchorAnnotation(original, edited, 'hash-3', NOW);
    expect(outcome).toBe('orphaned');
    expect(annotation).toEqual({ ...original, orphan: true });
    expect(original.orphan).toBe(false);
  });

  it('tries again for an orphan even when the hash is the same', () => {
    const orphan = { ...original, orphan: true };
    const { annotation, outcome } = reanchorAnnotation(orphan, TEXT, 'hash-1', NOW);
    expect(outcome).toBe('moved');
    expect(annotation.orphan).toBe(false);
    expect(annotation.position).toEqual(original.position);
  });
});

suite('attachOrphan', () => {
  const orphan: Annotation = { ...annotationOn(TEXT, 4, 12), orphan: true };

  it('attaches to the selected range as a user edit', () => {
    const text = `New text 𠀀 with ${QUOTE} in it.`;
    const start = text.indexOf(QUOTE);
    const annotation = attachOrphan(orphan, text, 'hash-9', { start, end: start + QUOTE.length }, NOW);
    expect(annotation.quote.exact).toBe(QUOTE);
    expect(annotation.position).toEqual({ type: 'TextPositionSelector', start, end: start + QUOTE.length });
    expect(annotation.docHash).toBe('hash-9');
    expect(annotation.orphan).toBe(false);
    expect(annotation.updatedAt).toBe(NOW);
    expect(annotation.history).toEqual([{ quote: orphan.quote, position: orphan.position, docHash: orphan.docHash, replacedAt: NOW }]);
  });

  it('widens a selection that splits a surrogate pair', () => {
    const text = 'ab𠀀cd';
    expect(attachOrphan(orphan, text, 'h', { start: 3, end: 5 }, NOW).quote.exact).toBe('𠀀c');
  });

  it('rejects an empty or out-of-bounds range', () => {
    expect(() => attachOrphan(orphan, 'abc', 'h', { start: 1, end: 1 }, NOW)).toThrow(RangeError);
    expect(() => attachOrphan(orphan, 'abc', 'h', { start: 1, end: 9 }, NOW)).toThrow(RangeError);
  });
});

suite('text changed, and restoring the earlier text', () => {
  const start = TEXT.indexOf(QUOTE);
  const original = annotationOn(TEXT, start, start + QUOTE.length);
  const edited = TEXT.replace('4,000 trucks', '4,100 trucks');

  it('marks an annotation whose quoted words changed, keeping old and new words', () => {
    const { annotation, outcome } = reanchorAnnotation(original, edited, 'hash-2', NOW);
    expect(outcome).toBe('moved');
    expect(annotation.quote.exact).toBe('confirmed that 4,100 trucks');
    expect(annotation.textChanged).toEqual({ before: QUOTE, after: 'confirmed that 4,100 trucks', at: NOW });
  });

  it('does not mark a move that kept the words', () => {
    const { annotation } = reanchorAnnotation(original, `Update. ${TEXT}`, 'hash-2', NOW);
    expect(annotation.textChanged).toBeUndefined();
    expect('textChanged' in annotation).toBe(false);
  });

  it('restores the earlier selectors exactly when the earlier text comes back, and clears the mark', () => {
    const onEdited = reanchorAnnotation(original, edited, 'hash-2', NOW).annotation;
    const later = '2024-07-01T00:00:00.000Z';
    const { annotation, outcome } = reanchorAnnotation(onEdited, TEXT, 'hash-1', later);
    expect(outcome).toBe('moved');
    expect(annotation.quote).toEqual(original.quote);
    expect(annotation.position).toEqual(original.position);
    expect(annotation.docHash).toBe('hash-1');
    expect(annotation.orphan).toBe(false);
    expect('textChanged' in annotation).toBe(false);
    expect(annotation.history.at(-1)).toEqual({ quote: onEdited.quote, position: onEdited.position, docHash: 'hash-2', replacedAt: later });
  });
});
