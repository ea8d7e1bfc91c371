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
