// Describes a range of a text as the selectors stored with an annotation: TextQuote and TextPosition.
import { CONTEXT_LENGTH } from '../model/annotation';
import type { TextPositionSelector, TextQuoteSelector } from '../model/annotation';
import { splitsSurrogatePair } from './offsets';
import type { TextRange } from './types';

/**
 * The quote with up to CONTEXT_LENGTH units of context either side, and the position. A context
 * edge that would cut a surrogate pair is pulled in by one unit, so the stored context stays valid
 * UTF-16 (it is exported as JSON and counted in code points by W3C consumers).
 */
export function describe(text: string, range: TextRange): { quote: TextQuoteSelector; position: TextPositionSelector } {
  const start = Math.max(0, Math.min(range.start, text.length));
  const end = Math.max(start, Math.min(range.end, text.length));
  let prefixStart = Math.max(0, start - CONTEXT_LENGTH);
  if (splitsSurrogatePair(text, prefixStart)) prefixStart += 1;
  let suffixEnd = Math.min(text.length, end + CONTEXT_LENGTH);
  if (splitsSurrogatePair(text, suffixEnd)) suffixEnd -= 1;
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(prefixStart, start),
      suffix: text.slice(end, suffixEnd),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}
