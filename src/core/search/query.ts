// What a person types into the search box, parsed: words, "quoted phrases" and prefixes.
import { needsSegmentation, tokenizeTerms } from './text';

/**
 * One part of a query that a result must contain. `terms` are folded words that must stand next to
 * each other in this order (a single word is a one-term clause); when `prefix` is true the last term
 * may be the start of a longer word.
 */
export interface QueryClause {
  terms: string[];
  prefix: boolean;
}

export interface ParsedQuery {
  clauses: QueryClause[];
}

export interface ParseOptions {
  /**
   * Treat the last bare word as a prefix, as search-as-you-type does ("kami" finds "Kamilov").
   * Default true. A word ending in `*` is always a prefix.
   */
  prefixLast?: boolean;
}

// A prefix of one or two letters matches most of the vocabulary and tells the reader nothing: while
// typing, a word becomes a prefix at three letters (until then it is searched as the whole word, so
// "UN" and "EU" find themselves); a star asks for a prefix from two.
const MIN_PREFIX = 3;
const MIN_STAR_PREFIX = 2;

/**
 * Parses `"Foreign Minister" kamil*`: quoted text is a phrase; a bare word that splits into
 * several words (Chinese with no spaces, "Kamilov's", "kun.uz") must match them side by side, like
 * a phrase; an unclosed quote runs to the end, so typing a phrase searches as it grows.
 */
export function parseQuery(input: string, options: ParseOptions = {}): ParsedQuery {
  const prefixLast = options.prefixLast ?? true;
  const clauses: QueryClause[] = [];
  const pattern = /"([^"]*)"?|(\S+)/g;
  const raw: Array<{ text: string; phrase: boolean; star: boolean; endsInput: boolean }> = [];
  for (let m = pattern.exec(input); m; m = pattern.exec(input)) {
    const phrase = m[1] !== undefined;
    const text = phrase ? m[1]! : m[2]!;
    const star = !phrase && text.endsWith('*');
    const endsInput = m.index + m[0].length === input.length && !/\s$/.test(input);
    raw.push({ text: star ? text.replace(/\*+$/, '') : text, phrase, star, endsInput });
  }
  for (const r of raw) {
    const terms = tokenizeTerms(r.text);
    if (terms.length === 0) continue;
    const last = terms[terms.length - 1]!;
    // An unclosed phrase still being typed grows at its end too.
    const typing = prefixLast && r.endsInput && (!r.phrase || !/"\s*$/.test(input));
    // A run of Chinese is segmented by a dictionary: its last piece may be half a word still being typed.
    const prefix = (r.star ? last.length >= MIN_STAR_PREFIX : typing && last.length >= MIN_PREFIX) || ((r.star || typing) && needsSegmentation(last));
    // A phrase being typed whose last word is one or two letters so far ("foreign m"): it is left out
    // until it is a prefix. As a whole word it would be in almost no phrase, and proving that meant
    // checking every document that has the other words.
    if (typing && !prefix && !r.star && terms.length > 1 && !needsSegmentation(last)) {
      clauses.push({ terms: terms.slice(0, -1), prefix: false });
      continue;
    }
    clauses.push({ terms, prefix });
  }
  return { clauses };
}

/** True when the query has nothing to search for (empty, punctuation only). */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.clauses.length === 0;
}
