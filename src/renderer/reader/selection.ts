// Turning a raw selection into the range a fact-checker meant.
import { snapToCodePoints, type TextRange } from '../../core/anchoring';

const SPACE = /\s/u;

/** Drops whitespace at both ends (people drag past a sentence's end); null when nothing is left. */
export function trimRange(text: string, range: TextRange): TextRange | null {
  let { start, end } = range;
  while (start < end && SPACE.test(text[start]!)) start++;
  while (end > start && SPACE.test(text[end - 1]!)) end--;
  if (end <= start) return null;
  // Never split a surrogate pair.
  return snapToCodePoints(text, { start, end });
}
