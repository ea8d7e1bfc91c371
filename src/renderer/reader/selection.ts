// Turning a raw selection into the range a fact-checker meant.
import type { TextRange } from './types';

const SPACE = /\s/u;

/** Drops whitespace at both ends (people drag past a sentence's end); null when nothing is left. */
export function trimRange(text: string, range: TextRange): TextRange | null {
  let { start, end } = range;
  while (start < end && SPACE.test(text[start]!)) start++;
  while (end > start && SPACE.test(text[end - 1]!)) end--;
  // Never split a surrogate pair.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text[start] ?? '') && /[\uD800-\uDBFF]/.test(text[start - 1]!)) start--;
  if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end] ?? '') && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end++;
  return end > start ? { start, end } : null;
}
