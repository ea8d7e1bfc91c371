// Finds where an annotation's selectors point in a (possibly edited) text: stored position first,
// then exact quote, then fuzzy quote; anything not trustworthy becomes an orphan, never a guess.
import search from 'approx-string-match';
import { snapToCodePoints } from './offsets';
import { prefixSimilarity, suffixSimilarity } from './similarity';
import type { AnchorMethod, AnchorOptions, AnchorResult, AnchorSelectors } from './types';

// Weights as in Hypothesis's match-quote.ts: the quote matters most, context decides between
// candidates, nearness to the old position only breaks ties.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * Default minimum score. An exact quote needs about half its context to agree; a fuzzy one needs
 * both a close quote and most of its context. Chosen from the robustness suite, where a wrong
 * anchor counts as a failure and an orphan does not.
 */
export const DEFAULT_THRESHOLD = 0.75;

/**
 * A fuzzy quote must also be this similar on its own, so strong context cannot carry a passage
 * that was rewritten into something else.
 */
const MIN_FUZZY_QUOTE_SCORE = 0.75;

/**
 * An exact quote at least this long that occurs exactly once is accepted even when its context no
 * longer agrees (its paragraph was moved): a passage that long is its own evidence. Shorter ones
 * ("the government said") recur by chance and need their context.
 */
const UNIQUE_QUOTE_LENGTH = 32;

/** Units either side of the old position searched before the whole text (speed on long texts). */
const SEARCH_WINDOW = 4096;

interface Candidate {
  start: number;
  end: number;
  quoteScore: number;
  contextScore: number;
  score: number;
  distance: number;
}

interface Scorer {
  (start: number, end: number, errors: number): Candidate;
}

function makeScorer(text: string, selectors: AnchorSelectors, hint: number | null): Scorer {
  const { exact, prefix, suffix } = selectors.quote;
  return (start, end, errors) => {
    const quoteScore = 1 - errors / exact.length;
    const prefixScore = prefixSimilarity(text, start, prefix);
    const suffixScore = suffixSimilarity(text, end, suffix);
    const distance = hint === null ? 0 : Math.abs(start - hint);
    const positionScore = hint === null ? 1 : 1 - Math.min(1, distance / Math.max(1, text.length));
    const score =
      (QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore + POSITION_WEIGHT * positionScore) /
      TOTAL_WEIGHT;
    return { start, end, quoteScore, contextScore: (prefixScore + suffixScore) / 2, score, distance };
  };
}

function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.distance - b.distance || a.start - b.start;
}

/** Start offsets of `exact` in text[from, to). */
function exactOccurrences(text: string, exact: string, from: number, to: number): number[] {
  const region = from === 0 && to === text.length ? text : text.slice(from, to);
  const starts: number[] = [];
  for (let i = region.indexOf(exact); i !== -1; i = region.indexOf(exact, i + 1)) starts.push(from + i);
  return starts;
}

/** text[from, to) with the given ranges blanked out, so a fuzzy search looks past them. */
function maskedRegion(text: string, from: number, to: number, masks: readonly number[], length: number): string {
  const inside = masks.filter((s) => s + length > from && s < to);
  if (inside.length === 0) return text.slice(from, to);
  let out = '';
  let cursor = from;
  for (const s of inside) {
    const a = Math.max(s, cursor);
    const b = Math.min(s + length, to);
    if (b <= a) continue;
    out += text.slice(cursor, a) + '\u0000'.repeat(b - a);
    cursor = b;
  }
  return out + text.slice(cursor, to);
}

function anchored(text: string, start: number, end: number, score: number, method: AnchorMethod): AnchorResult {
  const range = snapToCodePoints(text, { start, end });
  return { status: 'anchored', start: range.start, end: range.end, score, method };
}

function validHint(text: string, selectors: AnchorSelectors): number | null {
  const { start, end } = selectors.position;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) return null;
  return Math.min(start, text.length);
}

/**
 * Locates the annotation described by `selectors` in `text`.
 * Order: (a) the stored position when the text there is still the quote and its context agrees;
 * (b) exact occurrences of the quote, best context then nearest wins; (c) approximate matches
 * (Myers' bit-parallel search, as Hypothesis does), near the old position first, then everywhere;
 * (d) otherwise an orphan with the best score seen.
 */
export function anchor(text: string, selectors: AnchorSelectors, options: AnchorOptions = {}): AnchorResult {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const { exact } = selectors.quote;
  if (exact.length === 0) return { status: 'orphan', bestScore: 0 };
  const hint = validHint(text, selectors);
  const score = makeScorer(text, selectors, hint);
  let bestScore = 0;

  // (a) Stored position. Checking the context too keeps a copy that happens to sit at the old
  // offset (text moved, duplicate slid in) from winning on position alone.
  const { start: oldStart, end: oldEnd } = selectors.position;
  if (hint !== null && oldEnd - oldStart === exact.length && text.startsWith(exact, oldStart)) {
    const here = score(oldStart, oldEnd, 0);
    if (here.contextScore === 1 || here.score >= threshold) return anchored(text, oldStart, oldEnd, 1, 'position');
  }

  // (b) Exact quote. Near the old position first: the nearest occurrence whose context fully
  // agrees cannot be beaten by anything farther away, so the whole text need not be scanned.
  const windowed = hint !== null && text.length > 2 * SEARCH_WINDOW + exact.length;
  let occurrences: number[] | null = null;
  if (windowed) {
    const near = exactOccurrences(text, exact, Math.max(0, hint - SEARCH_WINDOW), Math.min(text.length, hint + exact.length + SEARCH_WINDOW));
    const perfect = near.map((s) => score(s, s + exact.length, 0)).filter((c) => c.contextScore === 1).sort(byScore)[0];
    if (perfect) return anchored(text, perfect.start, perfect.end, perfect.score, 'quote');
  }
  occurrences = exactOccurrences(text, exact, 0, text.length);
  if (occurrences.length > 0) {
    const candidates = occurrences.map((s) => score(s, s + exact.length, 0)).sort(byScore);
    const top = candidates[0]!;
    bestScore = top.score;
    if (top.score >= threshold) {
      const method = top.start === oldStart && top.end === oldEnd ? 'position' : 'quote';
      return anchored(text, top.start, top.end, method === 'position' ? 1 : top.score, method);
    }
    if (candidates.length === 1 && exact.length >= UNIQUE_QUOTE_LENGTH) {
      return anchored(text, top.start, top.end, top.score, 'quote');
    }
    // Several copies and none with its context: which one was meant is unknowable from here.
    // The real passage may have been edited, though, so the fuzzy search still runs, blind to
    // these copies.
  }

  // (c) Fuzzy quote.
  const maxErrors = Math.min(256, Math.round(exact.length / 2));
  const scopes: Array<[number, number]> = [];
  if (windowed) scopes.push([Math.max(0, hint - SEARCH_WINDOW), Math.min(text.length, hint + exact.length + SEARCH_WINDOW)]);
  scopes.push([0, text.length]);
  for (const [from, to] of scopes) {
    const region = maskedRegion(text, from, to, occurrences, exact.length);
    const matches = search(region, exact, maxErrors);
    let top: Candidate | undefined;
    for (const m of matches) {
      const c = score(from + m.start, from + m.end, m.errors);
      if (!top || byScore(c, top) < 0) top = c;
    }
    if (!top) continue;
    bestScore = Math.max(bestScore, top.score);
    if (top.score >= threshold && top.quoteScore >= MIN_FUZZY_QUOTE_SCORE) {
      return anchored(text, top.start, top.end, top.score, 'fuzzy');
    }
  }

  // (d) Nothing trustworthy.
  return { status: 'orphan', bestScore };
}

/** Anchors many annotations against one text, in order. */
export function anchorMany(text: string, list: readonly AnchorSelectors[], options: AnchorOptions = {}): AnchorResult[] {
  return list.map((selectors) => anchor(text, selectors, options));
}
