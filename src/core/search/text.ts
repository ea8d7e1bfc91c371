// Words of a text for search: folding (case and accents) and word segmentation with offsets,
// including scripts written without spaces (Chinese, Japanese, Thai...) through Intl.Segmenter.

/** A word of a text: its folded form and where it sits in the original (UTF-16, end exclusive). */
export interface Token {
  term: string;
  start: number;
  end: number;
}

// Letters, digits and the combining marks that belong to them. Apostrophes, hyphens and dots
// split words, so "Kamilov's" is found by "Kamilov" and "kun.uz" by the phrase "kun uz".
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
// Scripts whose words are not separated by spaces: only runs holding one of them go through the
// (slower, dictionary-based) segmenter.
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\u0000-\u007f]/;

import { HASH_SEED, hashStep } from './term-dictionary';
import type { TermDictionary } from './term-dictionary';

let segmenter: Intl.Segmenter | null = null;
function wordSegmenter(): Intl.Segmenter {
  // 'und': ICU picks its dictionary by script, not by locale, so one segmenter serves every language.
  segmenter ??= new Intl.Segmenter('und', { granularity: 'word' });
  return segmenter;
}

/**
 * Case- and accent-insensitive form of a word: lower case, decomposed, combining marks removed
 * ("Ménard" -> "menard", "ИСЛАМ" -> "ислам"). Idempotent.
 */
export function foldTerm(word: string): string {
  const lower = word.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(MARKS, '').replace(/ß/g, 'ss').normalize('NFC');
}

/** True when a word holds a script written without spaces, so it is a run of several words. */
export function needsSegmentation(word: string): boolean {
  return NON_ASCII.test(word) && NO_SPACE_SCRIPT.test(word);
}

/** Calls `visit` for each word of `text` with its raw form and offsets; folding is the caller's. */
function eachWord(text: string, visit: (word: string, start: number) => void): void {
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const word = m[0];
    if (!needsSegmentation(word)) {
      visit(word, m.index);
      continue;
    }
    for (const s of wordSegmenter().segment(word)) {
      if (s.isWordLike) visit(s.segment, m.index + s.index);
    }
  }
}

// Character classes for the word scanner, per UTF-16 unit of the BMP, filled in lazily (the regexes
// above decide; the table only remembers their answer). Profiling the index build showed the
// per-word regex tests and the array of every word of a 36 MB library as its largest costs.
const OTHER = 1;
const WORD_ASCII = 2;
const WORD_FOLD = 3; // a letter, digit or mark outside ASCII: the word needs foldTerm
const WORD_NO_SPACE = 4; // a letter of a script without spaces: the run needs the segmenter
const classes = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) classes[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? WORD_ASCII : OTHER;
const SINGLE_WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

function classify(ch: string): number {
  if (!SINGLE_WORD_CHAR.test(ch)) return OTHER;
  return NO_SPACE_SCRIPT.test(ch) ? WORD_NO_SPACE : WORD_FOLD;
}
const astralClasses = new Map<number, number>();
/** Class of the character at i and its width in units. */
function classAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) {
    let c = classes[code]!;
    if (c === 0) classes[code] = c = classify(text[i]!);
    return c;
  }
  const cp = text.codePointAt(i)!;
  let c = astralClasses.get(cp);
  if (c === undefined) astralClasses.set(cp, (c = classify(String.fromCodePoint(cp))));
  return c;
}

const foldedWords = new Map<string, string>();
function foldWordCached(word: string): string {
  let f = foldedWords.get(word);
  if (f === undefined) {
    f = foldTerm(word);
    if (foldedWords.size < 50_000) foldedWords.set(word, f);
  }
  return f;
}

/**
 * The scanner under eachTerm and eachTermId: one pass over the lower-cased text with a table of
 * character classes. An ASCII word is handed over as its range in the lower-cased text with its hash
 * (see term-dictionary), other words folded (cached), runs of scripts without spaces segmented.
 */
function scanWords(text: string, ascii: (lower: string, start: number, end: number, hash: number) => void, other: (term: string) => void): void {
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    // Skip to the next word (most units are ASCII: looked up in the table without a call).
    let code = lower.charCodeAt(i);
    let c = code < 0xd800 ? classes[code]! : 0;
    if (c === 0) c = classAt(lower, i);
    if (c === OTHER) {
      i++;
      continue;
    }
    const start = i;
    let kind = WORD_ASCII;
    let hash = HASH_SEED;
    while (i < n) {
      code = lower.charCodeAt(i);
      c = code < 0xd800 ? classes[code]! : 0;
      if (c === 0) c = classAt(lower, i);
      if (c === OTHER) break;
      if (c > kind) kind = c;
      hash = hashStep(hash, code);
      i += code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
    }
    if (kind === WORD_ASCII) ascii(lower, start, i, hash);
    else if (kind === WORD_FOLD) {
      const term = foldWordCached(lower.slice(start, i));
      if (term) other(term);
    } else {
      for (const s of wordSegmenter().segment(lower.slice(start, i))) {
        if (!s.isWordLike) continue;
        const term = foldWordCached(s.segment);
        if (term) other(term);
      }
    }
  }
}

/** Calls `visit` with each folded word of `text`, in order: the words of `tokenize`, without offsets. */
export function eachTerm(text: string, visit: (term: string) => void): void {
  scanWords(text, (lower, start, end) => visit(lower.slice(start, end)), visit);
}

/**
 * Calls `visit` with the number in `dict` of each folded word of `text`, in order (the words of
 * eachTerm): what the index build uses, since a word already numbered costs no string.
 */
export function eachTermId(text: string, dict: TermDictionary, visit: (id: number) => void): void {
  scanWords(
    text,
    (lower, start, end, hash) => visit(dict.idOfRange(lower, start, end, hash)),
    (term) => visit(dict.idOf(term)),
  );
}

/** The folded words of a text, in order (what the index stores and what queries are made of). */
export function tokenizeTerms(text: string): string[] {
  const out: string[] = [];
  eachTerm(text, (term) => out.push(term));
  return out;
}

/** The words of a text with their offsets in it (what highlighting needs). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  eachWord(text, (word, start) => {
    const term = foldTerm(word);
    if (term) out.push({ term, start, end: start + word.length });
  });
  return out;
}

/**
 * A folded copy of a text for substring search, with a map back to the original: `map[i]` is the
 * original offset of folded unit i (map has folded.length + 1 entries). `map` is null when every
 * unit folds to exactly one unit, so folded offsets are original offsets (plain ASCII, most Latin).
 */
export interface FoldedText {
  folded: string;
  map: Uint32Array | null;
}

const foldCache = new Map<string, string>();
function foldChar(ch: string): string {
  let f = foldCache.get(ch);
  if (f === undefined) {
    f = ch.toLowerCase().normalize('NFD').replace(MARKS, '').replace(/ß/g, 'ss').normalize('NFC');
    // A lone mark folds to nothing; anything decomposing into more than one base stays as is
    // lowered, so a match never ends inside what the reader shows as one character.
    if (foldCache.size < 10_000) foldCache.set(ch, f);
  }
  return f;
}

// Characters whose folded form is not exactly one unit per unit: combining marks (removed), ß (ss),
// İ (lower-cases to i + dot), conjoining Hangul jamo (recomposed). Text without them folds in one
// pass with offsets unchanged.
const LENGTH_CHANGING = /[\p{M}ßİ\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]/u;

// Per UTF-16 unit of the BMP, filled in lazily: 1 + the one unit it folds to, or NOT_ONE_TO_ONE.
const foldedUnits = new Uint32Array(0x10000);
const NOT_ONE_TO_ONE = 0x20000;
// Uint16Array holds units in the machine's byte order. (TextDecoder: in every browser and in Node;
// core's type library has no DOM.)
declare const TextDecoder: new (label: string) => { decode(input: Uint16Array): string };
const utf16 = new TextDecoder(new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'utf-16le' : 'utf-16be');

function foldedUnit(code: number): number {
  let f = foldedUnits[code]!;
  if (f === 0) {
    const ch = String.fromCharCode(code);
    const folded = foldChar(ch);
    // Surrogates, length-changing characters and capital sigma (whose lower case depends on its
    // place in the word) are folded with the text around them, not unit by unit.
    const single = folded.length === 1 && (code < 0xd800 || code > 0xdfff) && code !== 0x3a3 && !LENGTH_CHANGING.test(ch);
    foldedUnits[code] = f = single ? folded.charCodeAt(0) + 1 : NOT_ONE_TO_ONE;
  }
  return f;
}

/**
 * foldText for a text in which every unit folds to exactly one unit, looked up in a table: a
 * fifth of the time of lower-casing and normalizing the whole text, which a query pays for each
 * document it reads that was not folded yet. Null when some unit does not fold one to one.
 */
function foldUnitByUnit(text: string): string | null {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) out[i] = code >= 65 && code <= 90 ? code + 32 : code;
    else {
      const f = foldedUnit(code);
      if (f === NOT_ONE_TO_ONE) return null;
      out[i] = f - 1;
    }
  }
  return utf16.decode(out);
}

/** Folds a whole text, keeping a way back to original offsets (see FoldedText). */
export function foldText(text: string): FoldedText {
  if (!NON_ASCII.test(text)) return { folded: text.toLowerCase(), map: null };
  const byUnit = foldUnitByUnit(text);
  if (byUnit !== null) return { folded: byUnit, map: null };
  if (!LENGTH_CHANGING.test(text)) {
    return { folded: text.toLowerCase().normalize('NFD').replace(MARKS, '').normalize('NFC'), map: null };
  }
  return foldTextSlowly(text);
}

/** foldText, character by character, building the offset map where lengths change. */
export function foldTextSlowly(text: string): FoldedText {
  const parts: string[] = [];
  let map: number[] | null = null;
  let foldedLength = 0;
  let asciiStart = 0;
  const flushAscii = (end: number) => {
    if (end > asciiStart) {
      parts.push(text.slice(asciiStart, end).toLowerCase());
      if (map) for (let k = asciiStart; k < end; k++) map.push(k);
      foldedLength += end - asciiStart;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    flushAscii(i);
    const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
    const ch = text.slice(i, i + width);
    const f = foldChar(ch);
    if (!map && f.length !== width) {
      // First unit whose length changes: from here on the offsets need a map.
      map = [];
      for (let k = 0; k < foldedLength; k++) map.push(k);
    }
    parts.push(f);
    if (map) for (let k = 0; k < f.length; k++) map.push(i);
    foldedLength += f.length;
    i += width - 1;
    asciiStart = i + 1;
  }
  flushAscii(text.length);
  const folded = parts.join('');
  if (!map) return { folded, map: null };
  map.push(text.length);
  return { folded, map: Uint32Array.from(map) };
}

/** The original range of a folded range, widened so it covers whole original characters. */
export function unfoldRange(text: string, f: FoldedText, start: number, end: number): { start: number; end: number } {
  if (!f.map) return { start, end };
  const s = f.map[start]!;
  // The end is the original offset just after the character that produced folded unit end - 1.
  let e = end > start ? f.map[end - 1]! + 1 : s;
  if (e < text.length && e > 0) {
    const hi = text.charCodeAt(e - 1);
    if (hi >= 0xd800 && hi <= 0xdbff) e += 1;
  }
  // Combining marks that followed the last base character belong to it.
  while (e < text.length && /\p{M}/u.test(text[e]!)) e++;
  return { start: s, end: e };
}

/** True when the character starting at i is a letter, digit or mark. */
function isWordAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  const c = code < 0xd800 ? classes[code]! || classAt(text, i) : classAt(text, i);
  return c !== OTHER;
}

/** True when the character ending just before i is a letter, digit or mark. */
function isWordBefore(text: string, i: number): boolean {
  const lo = text.charCodeAt(i - 1);
  const astral = lo >= 0xdc00 && lo <= 0xdfff && i >= 2 && text.charCodeAt(i - 2) >= 0xd800 && text.charCodeAt(i - 2) <= 0xdbff;
  return isWordAt(text, astral ? i - 2 : i - 1);
}

/** Where the run of `terms` that starts at i ends, or -1 when none starts there. */
function runEndAt(text: string, i: number, terms: readonly string[], prefix: boolean): number {
  if (i > 0 && isWordBefore(text, i)) return -1;
  let at = i + terms[0]!.length;
  for (let k = 1; k < terms.length; k++) {
    // At least one character that is not part of a word, then the next word.
    let j = at;
    while (j < text.length && !isWordAt(text, j)) j += text.codePointAt(j)! > 0xffff ? 2 : 1;
    if (j === at || !text.startsWith(terms[k]!, j)) return -1;
    at = j + terms[k]!.length;
  }
  if (!prefix && at < text.length && isWordAt(text, at)) return -1;
  return at;
}

/**
 * Where a run of folded words stands in folded text (see foldText): the words side by side with
 * anything but letters, digits or marks between them, whole words except a last prefix; matches do
 * not overlap. Words from scripts without spaces are found as a plain substring, since the segmenter
 * may cut a sentence differently from the query. What the regular expression
 * `(?<!W)word1[^W]+word2…(?!W)` (W = [\p{L}\p{N}\p{M}], flags gu) finds, without compiling one
 * per query: with its Unicode classes that took ~2 ms a key press before its first match.
 */
export function findWordRuns(text: string, terms: readonly string[], prefix: boolean): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  if (terms.length === 0 || terms.some((t) => t.length === 0)) return out;
  if (terms.some(needsSegmentation)) {
    const joined = terms.join('');
    for (let i = text.indexOf(joined); i !== -1; i = text.indexOf(joined, i + joined.length)) out.push({ start: i, end: i + joined.length });
    return out;
  }
  for (let i = text.indexOf(terms[0]!); i !== -1; ) {
    const end = runEndAt(text, i, terms, prefix);
    if (end === -1) i = text.indexOf(terms[0]!, i + 1);
    else {
      out.push({ start: i, end });
      i = text.indexOf(terms[0]!, end);
    }
  }
  return out;
}
