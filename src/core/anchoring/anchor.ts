// Finds where an annotation's selectors point in a (possibly edited) text: stored position first,
// then exact quote, then fuzzy quote; anything not trustworthy becomes an orphan, never a guess.
import search from 'approx-string-match';
import { snapToCodePoints } from './offsets';
import { prefixSimilarity, suffixSimilarity } from './similarity';
import type { AnchorMethod, AnchorOptions, AnchorResult, AnchorSelectors, TextRange } from './types';

// Weights as in Hypothesis's match-quote.ts: the quote matters most, context decides between
// candidates, nearness to the old position only breaks ties.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * Default minimum score. An exact quote needs well over half its context to agree; a fuzzy one
 * needs both a close quote and most of its context. Chosen from the robustness suite, where a
 * wrong anchor counts as a failure and an orphan does not: at 0.70 a deleted passage found a
 * false home, from 0.75 none did, and 0.80 keeps a margin at the cost of one or two orphans
 * (0.85 doubles the orphans of moved paragraphs).
 */
export const DEFAULT_THRESHOLD = 0.8;

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

/**
 * A rival casts doubt on the winner when it scores within this much of it and is not decisively
 * farther from the old position...
 */
const RIVAL_MARGIN = 0.1;
/** ...or when it is nearer and nearly the same words, whatever its context. */
const NEAR_COPY_QUOTE_SCORE = 0.9;
/** How many times the search for rivals looks past the ones it already found. */
const RIVAL_ROUNDS = 3;

/**
 * Between equally good copies, nearness decides only when the nearer one is decisively nearer:
 * the next must be at least this far from the old position. Text inserted before a passage moves
 * it by an unknown amount, so a copy a little farther away could be the one that moved.
 */
function decisiveDistance(distance: number): number {
  return 4 * distance + 32;
}

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

/** text[from, to) with the given ranges blanked out, so a search looks past them. */
function maskedRegion(text: string, from: number, to: number, masks: readonly TextRange[]): string {
  const inside = masks.filter((m) => m.end > from && m.start < to).sort((a, b) => a.start - b.start);
  if (inside.length === 0) return text.slice(from, to);
  let out = '';
  let cursor = from;
  for (const m of inside) {
    const a = Math.max(m.start, cursor);
    const b = Math.min(m.end, to);
    if (b <= a) continue;
    out += text.slice(cursor, a) + '\u0000'.repeat(b - a);
    cursor = b;
  }
  return out + text.slice(cursor, to);
}

function overlaps(a: TextRange, b: TextRange): boolean {
  return a.start < b.end && b.start < a.end;
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
 *
 * Passages repeat (scraped articles carry each photo caption twice), so a winner is checked
 * against its rivals: when another copy is nearer to the old position and about as plausible, or
 * as well supported by its context and not decisively farther, the text cannot say which one was
 * meant, and the annotation becomes an orphan rather than risk landing on the wrong copy.
 */
export function anchor(text: string, selectors: AnchorSelectors, options: AnchorOptions = {}): AnchorResult {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const { exact } = selectors.quote;
  if (exact.length === 0) return { status: 'orphan', bestScore: 0 };
  const hint = validHint(text, selectors);
  const score = makeScorer(text, selectors, hint);
  const acceptable = (c: Candidate) => c.score >= threshold && c.quoteScore >= MIN_FUZZY_QUOTE_SCORE;
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  const around = (radius: number): [number, number] =>
    hint === null ? [0, text.length] : [clamp(hint - radius), clamp(hint + exact.length + radius)];

  /** Approximate matches with the fewest errors in text[from, to), ignoring the masked ranges. */
  const fuzzyCandidates = (from: number, to: number, masks: readonly TextRange[], maxErrors: number): Candidate[] => {
    if (to - from < exact.length - maxErrors) return [];
    return search(maskedRegion(text, from, to, masks), exact, maxErrors).map((m) => score(from + m.start, from + m.end, m.errors));
  };

  /**
   * Other places within `radius` of the old position where the quote nearly occurs. The search
   * reports only the matches with the fewest errors, so it runs again with those blanked out:
   * the real passage may have a typo or two more than some look-alike.
   */
  const fuzzyRivals = (radius: number, masks: readonly TextRange[]): Candidate[] => {
    const [from, to] = around(radius);
    const maxErrors = Math.floor(exact.length * (1 - MIN_FUZZY_QUOTE_SCORE));
    const found: Candidate[] = [];
    let blanked = [...masks];
    for (let round = 0; round < RIVAL_ROUNDS; round++) {
      const batch = fuzzyCandidates(from, to, blanked, maxErrors);
      if (batch.length === 0) break;
      found.push(...batch);
      blanked = blanked.concat(batch);
    }
    return found;
  };

  const doubts = (winner: Candidate, c: Candidate): boolean =>
    !overlaps(c, winner) &&
    c.quoteScore >= MIN_FUZZY_QUOTE_SCORE &&
    (c.score > winner.score ||
      (c.distance < winner.distance && (c.quoteScore >= NEAR_COPY_QUOTE_SCORE || c.score >= winner.score - RIVAL_MARGIN)) ||
      (c.score >= winner.score - RIVAL_MARGIN && c.distance < decisiveDistance(winner.distance)));

  /**
   * How far from the old position rivals are looked for. A winner with its whole quote and context
   * can only be matched by rivals that are as good, which matter only when not decisively farther;
   * any other winner could be beaten by a better match (an edited original beside an intact copy),
   * so the search covers at least the window around the old position.
   */
  const rivalRadius = (winner: Candidate): number =>
    winner.quoteScore === 1 && winner.contextScore === 1
      ? decisiveDistance(winner.distance)
      : Math.max(decisiveDistance(winner.distance), SEARCH_WINDOW);

  // (a) Stored position. Checking the context too keeps a copy that happens to sit at the old
  // offset (text moved, duplicate slid in) from winning on position alone.
  const { start: oldStart, end: oldEnd } = selectors.position;
  const atOldPosition = hint !== null && oldEnd - oldStart === exact.length && text.startsWith(exact, oldStart);
  if (atOldPosition) {
    const here = score(oldStart, oldEnd, 0);
    if (here.contextScore === 1 || here.score >= threshold) return anchored(text, oldStart, oldEnd, 1, 'position');
  }

  // Selectors with no context at all (recogito-js writes only `exact`, perhaps with a position):
  // missing context is not disagreeing context. The exact quote where the position says, or the
  // only exact occurrence in the text, is where it is; several copies and no position to choose
  // between them stay an orphan. Fuzzy matches still need context, so they are never tried here.
  if (selectors.quote.prefix === '' && selectors.quote.suffix === '' && exact.length < text.length) {
    if (atOldPosition) return anchored(text, oldStart, oldEnd, 1, 'position');
    const copies = exactOccurrences(text, exact, 0, text.length);
    if (copies.length === 1) return anchored(text, copies[0]!, copies[0]! + exact.length, 1, 'quote');
    return { status: 'orphan', bestScore: copies.length > 1 ? 0.5 : 0 };
  }

  // (b) Exact quote. Near the old position first: when the nearest occurrence whose context fully
  // agrees is close enough that all its possible rivals lie inside the window, the rest of the
  // text need not be scanned (this is what keeps a megabyte document fast).
  let exactCandidates: Candidate[] | null = null;
  if (hint !== null && text.length > 2 * SEARCH_WINDOW + exact.length) {
    const [from, to] = around(SEARCH_WINDOW);
    const near = exactOccurrences(text, exact, from, to).map((s) => score(s, s + exact.length, 0)).sort(byScore);
    if (near[0] && near[0].contextScore === 1 && decisiveDistance(near[0].distance) <= SEARCH_WINDOW) exactCandidates = near;
  }
  exactCandidates ??= exactOccurrences(text, exact, 0, text.length)
    .map((s) => score(s, s + exact.length, 0))
    .sort(byScore);
  let bestScore = exactCandidates[0]?.score ?? 0;
  const winner = exactCandidates[0];
  if (winner && (acceptable(winner) || (exactCandidates.length === 1 && exact.length >= UNIQUE_QUOTE_LENGTH))) {
    // An edited original may sit nearer than this copy, or as near and as well supported.
    const rivals = [...exactCandidates.slice(1), ...fuzzyRivals(rivalRadius(winner), exactCandidates)];
    if (rivals.some((c) => doubts(winner, c))) return { status: 'orphan', bestScore };
    const method = winner.start === oldStart && winner.end === oldEnd ? 'position' : 'quote';
    return anchored(text, winner.start, winner.end, method === 'position' ? 1 : winner.score, method);
  }
  // Copies without their context: which one was meant is unknowable from here, but the real
  // passage may have been edited, so the fuzzy search still runs, blind to these copies.

  // (c) Fuzzy quote, near the old position first, then everywhere.
  const maxErrors = Math.min(256, Math.round(exact.length / 2));
  const scopes: Array<[number, number]> = [];
  if (hint !== null && text.length > 2 * SEARCH_WINDOW + exact.length) scopes.push(around(SEARCH_WINDOW));
  scopes.push([0, text.length]);
  for (const [from, to] of scopes) {
    const candidates = fuzzyCandidates(from, to, exactCandidates, maxErrors).sort(byScore);
    const top = candidates[0];
    if (!top) continue;
    bestScore = Math.max(bestScore, top.score);
    if (!acceptable(top)) continue;
    const masks = [...exactCandidates, ...candidates.filter((c) => overlaps(c, top))];
    const rivals = [...exactCandidates, ...candidates, ...fuzzyRivals(rivalRadius(top), masks)];
    if (rivals.some((c) => doubts(top, c))) return { status: 'orphan', bestScore };
    return anchored(text, top.start, top.end, top.score, 'fuzzy');
  }

  // (d) Nothing trustworthy.
  return { status: 'orphan', bestScore };
}

/** Anchors many annotations against one text, in order. */
export function anchorMany(text: string, list: readonly AnchorSelectors[], options: AnchorOptions = {}): AnchorResult[] {
  return list.map((selectors) => anchor(text, selectors, options));
}
