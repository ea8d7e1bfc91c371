import { describe as suite, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  codePointsToUtf16,
  createOffsetConverter,
  snapToCodePoints,
  snapToGraphemes,
  utf16ToCodePoints,
} from './offsets';

const THUMB = '👍🏽'; // U+1F44D U+1F3FD: two pairs, one grapheme
const FAMILY = '👨‍👩‍👧‍👦'; // four pairs joined by ZWJ: one grapheme
const EXT_B = '𠀀𪚥'; // U+20000, U+2A6A5: CJK Extension B, one pair each
const E_ACUTE = 'e\u0301'; // e + combining acute: one grapheme, two code points

/** UTF-16 offsets that start a code point, plus the end. */
function boundaries(text: string): number[] {
  const out: number[] = [];
  let i = 0;
  for (const ch of text) {
    out.push(i);
    i += ch.length;
  }
  out.push(i);
  return out;
}

suite('utf16ToCodePoints / codePointsToUtf16', () => {
  it('counts astral characters as one code point', () => {
    const text = `a${EXT_B}b`;
    expect(text.length).toBe(6);
    expect(utf16ToCodePoints(text, 0)).toBe(0);
    expect(utf16ToCodePoints(text, 1)).toBe(1);
    expect(utf16ToCodePoints(text, 3)).toBe(2);
    expect(utf16ToCodePoints(text, 5)).toBe(3);
    expect(utf16ToCodePoints(text, 6)).toBe(4);
    expect(codePointsToUtf16(text, 2)).toBe(3);
    expect(codePointsToUtf16(text, 4)).toBe(6);
  });

  it('rounds an offset inside a pair down and clamps out-of-range offsets', () => {
    const text = `x${THUMB}`;
    expect(utf16ToCodePoints(text, 2)).toBe(1);
    expect(utf16ToCodePoints(text, 4)).toBe(2);
    expect(utf16ToCodePoints(text, 99)).toBe(3);
    expect(utf16ToCodePoints(text, -4)).toBe(0);
    expect(codePointsToUtf16(text, 99)).toBe(text.length);
    expect(codePointsToUtf16(text, -1)).toBe(0);
  });

  it('counts combining marks and ZWJ as code points of their own', () => {
    expect(utf16ToCodePoints(E_ACUTE, 2)).toBe(2);
    expect(utf16ToCodePoints(FAMILY, FAMILY.length)).toBe(7);
  });

  it('counts a lone surrogate as one code point, as Array.from does', () => {
    const text = 'a\ud800b\udc00c';
    expect(utf16ToCodePoints(text, text.length)).toBe(Array.from(text).length);
  });

  it('round-trips every code point boundary (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const converter = createOffsetConverter(text);
        for (const [cp, b] of boundaries(text).entries()) {
          expect(utf16ToCodePoints(text, b)).toBe(cp);
          expect(codePointsToUtf16(text, cp)).toBe(b);
          expect(converter.toCodePoints(b)).toBe(cp);
          expect(converter.toUtf16(cp)).toBe(b);
        }
      }),
      { seed: 20240601, numRuns: 300 },
    );
  });

  it('has a fast converter that agrees with the slow functions on every offset, inside pairs too (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const converter = createOffsetConverter(text);
        for (let n = -1; n <= text.length + 1; n++) {
          expect(converter.toCodePoints(n)).toBe(utf16ToCodePoints(text, n));
          expect(converter.toUtf16(n)).toBe(codePointsToUtf16(text, n));
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('converts thousands of offsets in a long text quickly', () => {
    const text = `abc ${THUMB} ${EXT_B} ${E_ACUTE} `.repeat(20_000);
    const converter = createOffsetConverter(text);
    const t0 = performance.now();
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += converter.toUtf16(converter.toCodePoints((i * 97) % text.length));
    expect(sum).toBeGreaterThan(0);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

suite('snapToCodePoints', () => {
  it('widens both ends out of surrogate pairs', () => {
    const text = `a${EXT_B}b`;
    expect(snapToCodePoints(text, { start: 2, end: 4 })).toEqual({ start: 1, end: 5 });
    expect(snapToCodePoints(text, { start: 1, end: 3 })).toEqual({ start: 1, end: 3 });
  });
});

suite('snapToGraphemes', () => {
  it('expands to whole emoji with skin tone and ZWJ families', () => {
    const text = `hi ${THUMB} ${FAMILY}!`;
    const thumbAt = 3;
    expect(snapToGraphemes(text, { start: thumbAt + 1, end: thumbAt + 3 })).toEqual({ start: thumbAt, end: thumbAt + THUMB.length });
    const familyAt = text.indexOf(FAMILY);
    expect(snapToGraphemes(text, { start: familyAt + 3, end: familyAt + 4 })).toEqual({ start: familyAt, end: familyAt + FAMILY.length });
  });

  it('keeps a combining mark with its base and CJK Extension B characters whole', () => {
    const text = `caf${E_ACUTE} ${EXT_B}`;
    expect(snapToGraphemes(text, { start: 0, end: 4 })).toEqual({ start: 0, end: 5 });
    expect(snapToGraphemes(text, { start: 4, end: 5 })).toEqual({ start: 3, end: 5 });
    const ext = text.indexOf(EXT_B);
    expect(snapToGraphemes(text, { start: ext + 1, end: ext + 3 })).toEqual({ start: ext, end: ext + 4 });
  });

  it('leaves grapheme-aligned ranges and collapsed ranges alone', () => {
    const text = `ab ${THUMB} cd`;
    expect(snapToGraphemes(text, { start: 0, end: 2 })).toEqual({ start: 0, end: 2 });
    expect(snapToGraphemes(text, { start: 5, end: 5 })).toEqual({ start: 3, end: 3 });
    expect(snapToGraphemes(text, { start: text.length, end: text.length })).toEqual({ start: text.length, end: text.length });
  });

  it('never returns a range that splits a grapheme (property)', () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = Math.min(a, b) % (text.length + 1);
        const end = Math.max(start, Math.max(a, b) % (text.length + 1));
        const snapped = snapToGraphemes(text, { start, end });
        const cuts = new Set([...segmenter.segment(text)].map((s) => s.index).concat(text.length));
        expect(cuts.has(snapped.start)).toBe(true);
        expect(cuts.has(snapped.end)).toBe(true);
        expect(snapped.start).toBeLessThanOrEqual(start);
        // A collapsed range stays collapsed (at the boundary before); any other range only grows.
        if (start === end) expect(snapped.end).toBe(snapped.start);
        else expect(snapped.end).toBeGreaterThanOrEqual(end);
      }),
      { seed: 99, numRuns: 300 },
    );
  });
});
