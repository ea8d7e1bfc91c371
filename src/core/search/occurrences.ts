// All occurrences of the selected words in a document or across the corpus, with their context and
// the selectors that turn each into an annotation ("Mark all occurrences").
import { describe } from '../anchoring/describe';
import type { AnchorSelectors, TextRange } from '../anchoring/types';
import { foldText, needsSegmentation, unfoldRange } from './text';
import type { FoldedText } from './text';

export interface OccurrenceOptions {
  /** Match case and accents exactly; by default "kamilov" finds "Kamilov" and "Kámilov". */
  exact?: boolean;
  /** Only whole words: "Kamilov" does not find "Kamilova". Default true. */
  wholeWords?: boolean;
  /** Characters of context shown either side. Default 50. */
  context?: number;
  /** Stop after this many (the list is for a person to confirm). Default 10,000. */
  limit?: number;
}

export interface Occurrence {
  docId: string;
  start: number;
  end: number;
  /** The text as it is at this place (may differ in case or accents from the selection). */
  exact: string;
  before: string;
  after: string;
  /** TextQuote + TextPosition, as describe() makes them for a new annotation. */
  selectors: AnchorSelectors;
}

export interface OccurrenceSource {
  id: string;
  text: string;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  return WORD_CHAR.test(text[i]!);
}

/** Ranges of `phrase` in `text` (UTF-16 offsets), in order, not overlapping. */
export function findOccurrenceRanges(text: string, phrase: string, options: OccurrenceOptions = {}, folded?: FoldedText): TextRange[] {
  const needle0 = phrase.trim();
  if (!needle0) return [];
  const exact = options.exact ?? false;
  const limit = options.limit ?? 10_000;
  // Boundaries mean nothing inside Chinese or Thai, where words touch.
  const wholeWords = (options.wholeWords ?? true) && !needsSegmentation(needle0);
  const haystack = exact ? text : (folded ?? foldText(text)).folded;
  const needle = exact ? needle0 : foldText(needle0).folded;
  const map = exact ? null : (folded ?? foldText(text));
  const out: TextRange[] = [];
  for (let i = haystack.indexOf(needle); i !== -1 && out.length < limit; i = haystack.indexOf(needle, i + 1)) {
    const end = i + needle.length;
    if (wholeWords && ((isWordChar(needle, 0) && isWordChar(haystack, i - 1)) || (isWordChar(needle, needle.length - 1) && isWordChar(haystack, end)))) continue;
    const range = map ? unfoldRange(text, map, i, end) : { start: i, end };
    out.push(range);
    i = end - 1;
  }
  return out;
}

function toOccurrence(docId: string, text: string, r: TextRange, context: number): Occurrence {
  return {
    docId,
    start: r.start,
    end: r.end,
    exact: text.slice(r.start, r.end),
    before: text.slice(Math.max(0, r.start - context), r.start),
    after: text.slice(r.end, r.end + context),
    selectors: describe(text, r),
  };
}

/** Every occurrence in one document. */
export function findOccurrences(doc: OccurrenceSource, phrase: string, options: OccurrenceOptions = {}, folded?: FoldedText): Occurrence[] {
  const context = options.context ?? 50;
  return findOccurrenceRanges(doc.text, phrase, options, folded).map((r) => toOccurrence(doc.id, doc.text, r, context));
}

/**
 * Every occurrence across documents, document by document. `foldedOf` lets a caller hand in folded
 * texts it keeps (the search worker does), so a corpus is not folded again for each selection.
 */
export function findOccurrencesInCorpus(
  docs: Iterable<OccurrenceSource>,
  phrase: string,
  options: OccurrenceOptions = {},
  foldedOf?: (docId: string) => FoldedText | null,
): Occurrence[] {
  const limit = options.limit ?? 10_000;
  const out: Occurrence[] = [];
  for (const doc of docs) {
    if (out.length >= limit) break;
    const folded = options.exact ? undefined : (foldedOf?.(doc.id) ?? undefined);
    out.push(...findOccurrences(doc, phrase, { ...options, limit: limit - out.length }, folded));
  }
  return out;
}
