// Similar passages: for a claim, the sentences elsewhere in the corpus that make the same or a
// conflicting claim, ranked by BM25 (MiniSearch) over the claim's telling words, with the reasons a
// person can check: shared names, numbers and dates, and numbers that differ.
import MiniSearch from 'minisearch';
import type { SearchIndex } from './search-index';
import { foldTerm, tokenizeTerms } from './text';

export interface ClaimLocation {
  docId: string;
  start: number;
  end: number;
}

export interface SimilarPassage {
  docId: string;
  start: number;
  end: number;
  text: string;
  /** BM25 score of the sentence against the claim (higher is closer); comparable within one call. */
  score: number;
  sameDocument: boolean;
  why: SimilarityReasons;
}

export interface SimilarityReasons {
  sharedNames: string[];
  sharedNumbers: string[];
  sharedDates: string[];
  /** Numbers of the claim the passage does not give, and numbers it gives instead. */
  differingNumbers: { claim: string[]; passage: string[] };
  /** The passage names the same things but gives other numbers: maybe a conflicting claim. */
  possibleConflict: boolean;
}

export interface SimilarOptions {
  /** Passages returned. Default 10. */
  limit?: number;
  /** Documents whose sentences are compared, best first by the index. Default 25. */
  candidateDocuments?: number;
}

// Words that say nothing about what a claim is about. English only: the corpus is English with some
// Chinese, whose particles the segmenter keeps apart and BM25's idf weighs down anyway.
const STOPWORDS = new Set(
  (
    'a an the and or but if then than that this these those there here of in on at to for from by with without into onto over under ' +
    'about after before between during through against among as is are was were be been being am do does did done has have had having ' +
    'it its it’s he she they them his her their we our you your i me my not no nor so such too very can could will would shall should ' +
    'may might must also just only which who whom whose what when where why how all any both each few more most other some own same ' +
    's t one said says say told according while up out again further once'
  ).split(' '),
);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = `(${MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1)).join('|')})`;
const DATE_PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [new RegExp(`${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'g'), (m) => `${m[1]} ${Number(m[2])}`],
  [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}`, 'g'), (m) => `${m[2]} ${Number(m[1])}`],
  [/(\d{1,2})月(\d{1,2})日/g, (m) => `${capitalize(MONTHS[Number(m[1]) - 1] ?? '')} ${Number(m[2])}`],
];
const YEAR = /\b(1[89]\d\d|20\d\d)\b/g;
const NUMBER = /\d+(?:[.,]\d+)*(?:\s?(?:%|percent|per cent|million|billion|thousand|万|亿))?/g;

function capitalize(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** Dates ("March 17", "2022") and other numbers ("80 percent", "5.2 million") in a passage. */
export function extractFacts(text: string): { dates: string[]; numbers: string[] } {
  const dates = new Set<string>();
  let rest = text;
  for (const [pattern, normal] of DATE_PATTERNS) {
    for (const m of text.matchAll(pattern)) dates.add(normal(m));
    rest = rest.replace(pattern, (s) => ' '.repeat(s.length));
  }
  for (const m of rest.matchAll(YEAR)) dates.add(m[1]!);
  rest = rest.replace(YEAR, (s) => ' '.repeat(s.length));
  const numbers = new Set<string>();
  for (const m of rest.matchAll(NUMBER)) numbers.add(m[0].replace('per cent', 'percent').replace(/\s?%$/, ' percent').replace(/\s+/g, ' '));
  return { dates: [...dates], numbers: [...numbers] };
}

/** Capitalised words and names (as written, first spelling kept), keyed by folded form. */
function names(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\p{Lu}[\p{L}\p{M}]+(?:[-’'][\p{L}\p{M}]+)?/gu)) {
    const key = foldTerm(m[0]).replace(/[’']s$/, '');
    if (!STOPWORDS.has(key) && !MONTHS.includes(key) && !out.has(key)) out.set(key, m[0].replace(/[’']s$/, ''));
  }
  return out;
}

/** Sentences of a text as ranges, within lines; Chinese full stops end sentences too. */
export function sentenceRanges(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const sentence = /[^\s][^\n]*?(?:[.!?。！？]+["”’)]*(?=\s|$|\p{Lu}|[^\x00-\x7f])|$)/gmu;
  for (let m = sentence.exec(text); m; m = sentence.exec(text)) {
    if (m[0].length === 0) {
      sentence.lastIndex++;
      continue;
    }
    const end = m.index + m[0].trimEnd().length;
    if (end > m.index) out.push({ start: m.index, end });
  }
  return out;
}

/** The claim's telling words: no stopwords, each once. */
function keyTerms(claim: string): string[] {
  return [...new Set(tokenizeTerms(claim).filter((t) => !STOPWORDS.has(t) && (t.length > 1 || /\d/.test(t))))];
}

function explain(claim: string, passage: string): SimilarityReasons {
  const claimNames = names(claim);
  const passageNames = names(passage);
  const sharedNames = [...claimNames.keys()].filter((k) => passageNames.has(k)).map((k) => claimNames.get(k)!);
  const a = extractFacts(claim);
  const b = extractFacts(passage);
  const sharedNumbers = a.numbers.filter((n) => b.numbers.includes(n));
  const sharedDates = a.dates.filter((d) => b.dates.includes(d));
  const differing = { claim: a.numbers.filter((n) => !b.numbers.includes(n)), passage: b.numbers.filter((n) => !a.numbers.includes(n)) };
  // Different figures only matter when both sides give a figure about the same named things.
  const possibleConflict = sharedNames.length >= 2 && differing.claim.length > 0 && differing.passage.length > 0;
  return {
    sharedNames,
    sharedNumbers,
    sharedDates,
    differingNumbers: possibleConflict ? differing : { claim: [], passage: [] },
    possibleConflict,
  };
}

/**
 * Ranks passages like the claim. The library index picks the candidate documents (BM25 over the
 * claim's telling words); their sentences holding at least two of those words are ranked by BM25 in
 * a small MiniSearch index of their own, and the claim's own sentence is left out.
 */
export function findSimilarPassages(index: SearchIndex, claim: ClaimLocation, options: SimilarOptions = {}): SimilarPassage[] {
  const limit = options.limit ?? 10;
  const doc = index.document(claim.docId);
  if (!doc) return [];
  const claimText = doc.text.slice(claim.start, claim.end);
  const terms = keyTerms(claimText);
  if (terms.length === 0) return [];
  const claimNames = new Set(names(claimText).keys());
  const claimFacts = extractFacts(claimText);
  const factTerms = new Set(tokenizeTerms([...claimFacts.dates, ...claimFacts.numbers].join(' ')));
  // Names, dates and figures tell more about what a claim states than its other words.
  const boostTerm = (term: string) => (claimNames.has(term) ? 2 : factTerms.has(term) ? 1.5 : 1);

  const docIds = index
    .rankedEntries({ combineWith: 'OR', queries: terms }, { boostTerm })
    .filter((c) => c.entry.field === 'text')
    .slice(0, options.candidateDocuments ?? 25)
    .map((c) => c.entry.docId);
  // The claim's own document always: it may give another figure for the same thing a few paragraphs on.
  if (!docIds.includes(claim.docId)) docIds.push(claim.docId);

  // Sentences sharing at least two telling words with the claim. A sentence repeated word for word
  // (a caption, or the same wire copy in many articles) is ranked once and listed at each place.
  const termSet = new Set(terms);
  const needed = Math.min(2, terms.length);
  const places = new Map<string, Array<{ docId: string; start: number; end: number }>>();
  for (const docId of docIds) {
    const text = index.document(docId)?.text;
    if (!text) continue;
    for (const r of sentenceRanges(text)) {
      if (docId === claim.docId && r.start < claim.end && r.end > claim.start) continue;
      const sentence = text.slice(r.start, r.end);
      let at = places.get(sentence);
      if (!at) {
        let shared = 0;
        for (const t of tokenizeTerms(sentence)) if (termSet.has(t) && ++shared >= needed) break;
        if (shared < needed) continue;
        places.set(sentence, (at = []));
      }
      at.push({ docId, start: r.start, end: r.end });
    }
  }
  if (places.size === 0) return [];

  const texts = [...places.keys()];
  const sentences = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => tokenizeTerms(text),
    processTerm: (term) => (STOPWORDS.has(term) ? null : term),
    searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
  });
  sentences.addAll(texts.map((text, id) => ({ id, text })));
  const ranked = sentences.search({ combineWith: 'OR', queries: terms }, { boostTerm });

  const out: SimilarPassage[] = [];
  for (const r of ranked) {
    const text = texts[r.id as number]!;
    const why = explain(claimText, text);
    // Other documents first among the places of one sentence: that is where a reader has not looked.
    const at = [...places.get(text)!].sort((a, b) => Number(a.docId === claim.docId) - Number(b.docId === claim.docId));
    const seenDocs = new Set<string>();
    for (const p of at) {
      // A caption repeated in one article is one passage to a reader.
      if (seenDocs.has(p.docId)) continue;
      seenDocs.add(p.docId);
      out.push({ docId: p.docId, start: p.start, end: p.end, text, score: r.score, sameDocument: p.docId === claim.docId, why });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
