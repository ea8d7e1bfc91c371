import { describe as suite, it, expect } from 'vitest';
import { applyEdits, assemble, seededRandom, sentenceRanges } from './test-support';

suite('test support: tracked edits', () => {
  const old = 'alpha beta gamma\ndelta epsilon';

  it('maps ranges through insertions before and replacements inside', () => {
    const edit = applyEdits(old, [
      { start: 0, end: 0, insert: 'NEW ' },
      { start: 7, end: 8, insert: 'XX' }, // "beta" -> "bXXta"
    ]);
    expect(edit.text).toBe('NEW alpha bXXta gamma\ndelta epsilon');
    expect(edit.locate({ start: 6, end: 10 })).toEqual({ start: 10, end: 15 });
    expect(edit.text.slice(10, 15)).toBe('bXXta');
    expect(edit.locate({ start: 11, end: 16 })).toEqual({ start: 16, end: 21 });
  });

  it('keeps insertions at the edges outside the span and reports deleted passages', () => {
    const edit = applyEdits(old, [
      { start: 6, end: 6, insert: '[' },
      { start: 10, end: 10, insert: ']' },
      { start: 17, end: 23, insert: '' },
    ]);
    expect(edit.locate({ start: 6, end: 10 })).toEqual({ start: 7, end: 11 });
    expect(edit.locate({ start: 17, end: 22 })).toBeNull();
  });

  it('follows moved lines, ignores duplicates, and rejects quotes split by a move', () => {
    const edit = assemble(old, [
      { from: 17, to: 30 },
      { from: 0, to: 0, insert: '\n' },
      { from: 0, to: 16 },
      { from: 0, to: 0, insert: '\n' },
      { from: 0, to: 5, duplicate: true },
    ]);
    expect(edit.text).toBe('delta epsilon\nalpha beta gamma\nalpha');
    expect(edit.locate({ start: 0, end: 5 })).toEqual({ start: 14, end: 19 });
    expect(edit.locate({ start: 17, end: 22 })).toEqual({ start: 0, end: 5 });
    expect(edit.locate({ start: 11, end: 22 })).toBeNull();
  });

  it('makes the same sentence-like ranges for the same seed', () => {
    const text = 'One two three four five six seven eight nine ten eleven twelve.\n\nThirteen fourteen fifteen sixteen.';
    const a = sentenceRanges(text, 20, seededRandom(1));
    expect(sentenceRanges(text, 20, seededRandom(1))).toEqual(a);
    for (const r of a) {
      expect(r.end - r.start).toBeGreaterThanOrEqual(20);
      expect(r.end - r.start).toBeLessThanOrEqual(200);
      expect(text.slice(r.start, r.end)).not.toContain('\n');
    }
  });
});
