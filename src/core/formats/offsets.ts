// UTF-16 code units (the app's offsets) <-> Unicode code points (W3C's offsets), for one text.

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Code points in text.slice(0, offset); an offset inside a surrogate pair counts the pair's first half. */
export function utf16ToCodePoints(text: string, offset: number): number {
  const end = Math.max(0, Math.min(offset, text.length));
  let count = 0;
  for (let i = 0; i < end; i++) {
    // A low surrogate directly after a high one belongs to the same code point.
    if (!(isLow(text.charCodeAt(i)) && i > 0 && isHigh(text.charCodeAt(i - 1)))) count++;
  }
  return count;
}

/** The UTF-16 offset of code point number `points`; clamped to the text's length. */
export function codePointsToUtf16(text: string, points: number): number {
  let i = 0;
  let seen = 0;
  while (i < text.length && seen < points) {
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
    seen++;
  }
  return i;
}

export interface OffsetConverter {
  toCodePoints(offset: number): number;
  toUtf16(points: number): number;
}

/** Same answers as the two functions above, in O(log n) per call after one pass over the text. */
export function createOffsetConverter(text: string): OffsetConverter {
  // UTF-16 index of the first half of every surrogate pair, ascending.
  const pairs: number[] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) pairs.push(i++);
  }
  /** Number of pairs p with p < limit. */
  const before = (limit: number) => {
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[mid]! < limit) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    toCodePoints(offset) {
      const end = Math.max(0, Math.min(offset, text.length));
      // A pair counts once only when both halves lie before the offset.
      return end - before(end - 1);
    },
    toUtf16(points) {
      let u = Math.max(0, points);
      for (let k = 0; k < pairs.length && pairs[k]! < u; k++) u++;
      return Math.min(u, text.length);
    },
  };
}
