// Offsets between UTF-16 code units (JavaScript strings, the app) and Unicode code points
// (W3C Web Annotation), plus snapping ranges so they never split a character.
import type { TextRange } from './types';

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
}

function clampOffset(text: string, offset: number): number {
  if (!(offset > 0)) return 0; // also catches NaN
  return offset >= text.length ? text.length : Math.floor(offset);
}

/**
 * Number of whole code points in `text.slice(0, utf16Offset)`. An offset inside a surrogate
 * pair rounds down (the half pair is not counted), so a start offset never loses its character
 * to the rounding. Lone surrogates count as one code point each, as `Array.from` does.
 */
export function utf16ToCodePoints(text: string, utf16Offset: number): number {
  const end = clampOffset(text, utf16Offset);
  let count = 0;
  for (let i = 0; i < end; i++) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      if (i + 1 >= end) break; // half a pair: rounds down
      i++;
    }
    count++;
  }
  return count;
}

/** UTF-16 offset where code point number `cpOffset` starts; past the end gives `text.length`. */
export function codePointsToUtf16(text: string, cpOffset: number): number {
  if (!(cpOffset > 0)) return 0;
  const target = Math.floor(cpOffset);
  let i = 0;
  for (let cp = 0; cp < target && i < text.length; cp++) {
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

export interface OffsetConverter {
  toCodePoints(utf16Offset: number): number;
  toUtf16(cpOffset: number): number;
}

/**
 * A converter for many offsets into one text (W3C export converts thousands): one pass records
 * where the surrogate pairs are, then each conversion is a binary search over them, so a text
 * with no astral characters converts in O(1).
 */
export function createOffsetConverter(text: string): OffsetConverter {
  const pairs: number[] = []; // UTF-16 index of each pair's high surrogate, ascending
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      pairs.push(i);
      i++;
    }
  }
  const totalCodePoints = text.length - pairs.length;

  // Number of pairs whose key is < limit, where key(j) is pairs[j] + shift(j).
  const countBelow = (limit: number, key: (j: number) => number): number => {
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (key(mid) < limit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return {
    toCodePoints(utf16Offset: number): number {
      const n = clampOffset(text, utf16Offset);
      if (pairs.length === 0) return n;
      // Pairs that end at or before n each count two units for one code point.
      const whole = countBelow(n - 1, (j) => pairs[j]!);
      const half = splitsSurrogatePair(text, n) ? 1 : 0;
      return n - whole - half;
    },
    toUtf16(cpOffset: number): number {
      if (!(cpOffset > 0)) return 0;
      const cp = Math.floor(cpOffset);
      if (cp >= totalCodePoints) return text.length;
      if (pairs.length === 0) return cp;
      // Pair j is code point number pairs[j] - j; every pair before code point cp adds one unit.
      return cp + countBelow(cp, (j) => pairs[j]! - j);
    },
  };
}

/** Widens a range outward so neither end falls inside a surrogate pair. */
export function snapToCodePoints(text: string, range: TextRange): TextRange {
  let start = clampOffset(text, range.start);
  let end = clampOffset(text, range.end);
  if (end < start) end = start;
  if (splitsSurrogatePair(text, start)) start -= 1;
  if (splitsSurrogatePair(text, end)) end += 1;
  return { start, end };
}

let graphemeSegmenter: Intl.Segmenter | undefined;

/**
 * Widens a range outward to grapheme-cluster boundaries (emoji with modifiers, ZWJ sequences,
 * combining marks), so a highlight never shows half a character. A collapsed range stays
 * collapsed, moved to the boundary at or before it.
 */
export function snapToGraphemes(text: string, range: TextRange): TextRange {
  const snapped = snapToCodePoints(text, range);
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const segments = graphemeSegmenter.segment(text);
  const startSegment = snapped.start < text.length ? segments.containing(snapped.start) : undefined;
  const start = startSegment ? startSegment.index : snapped.start;
  if (!(range.end > range.start)) return { start, end: start };
  const endSegment = segments.containing(snapped.end - 1);
  const end = endSegment ? endSegment.index + endSegment.segment.length : snapped.end;
  return { start, end };
}
