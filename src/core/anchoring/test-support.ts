// Helpers for the anchoring tests and benchmark (not exported from the module): a seeded random
// source, sentence-like ranges, and text edits that track where every original character went,
// so each test knows the true new location of an annotation instead of guessing it.
import type { TextRange } from './types';

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Lines of a text with their start offsets (a paragraph per line, as the reader shows them). */
export function lines(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    out.push({ start, end });
    if (nl === -1) return out;
    start = nl + 1;
  }
}

/**
 * `count` ranges of 20..200 units that start at a word and end after one, inside one paragraph,
 * like the claims a fact-checker highlights. Paragraphs are chosen in proportion to their length.
 */
export function sentenceRanges(text: string, count: number, rng: () => number, minLength = 20, maxLength = 200): TextRange[] {
  const paragraphs = lines(text).filter((l) => l.end - l.start >= minLength);
  const total = paragraphs.reduce((sum, l) => sum + (l.end - l.start), 0);
  const ranges: TextRange[] = [];
  while (ranges.length < count) {
    let pick = rng() * total;
    const line = paragraphs.find((l) => (pick -= l.end - l.start) < 0) ?? paragraphs[paragraphs.length - 1]!;
    const wordStarts: number[] = [];
    const wordEnds: number[] = [];
    for (let i = line.start; i < line.end; i++) {
      const blank = /\s/.test(text[i]!);
      if (!blank && (i === line.start || /\s/.test(text[i - 1]!))) wordStarts.push(i);
      if (!blank && (i + 1 === line.end || /\s/.test(text[i + 1]!))) wordEnds.push(i + 1);
    }
    const start = wordStarts[Math.floor(rng() * wordStarts.length)];
    if (start === undefined) continue;
    const target = start + randomInt(rng, minLength, maxLength);
    let end = wordEnds.find((e) => e >= target) ?? wordEnds[wordEnds.length - 1]!;
    if (end - start > maxLength) end = [...wordEnds].reverse().find((e) => e - start <= maxLength) ?? start;
    if (end - start < minLength) continue;
    ranges.push({ start, end });
  }
  return ranges;
}

/**
 * One piece of an edited text: a copy of old[from, to); a replacement of old[from, to) by
 * `insert` (from === to is a pure insertion); or a `duplicate` copy of old text, which is new
 * text that merely looks like the original and does not carry its identity.
 */
export type Piece =
  | { from: number; to: number }
  | { from: number; to: number; insert: string }
  | { from: number; to: number; duplicate: true };

interface Segment {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
  copied: boolean;
}

export interface TrackedEdit {
  text: string;
  /**
   * Where old[start, end) is in the new text: from its first to its last surviving character, with
   * any replacement touching it included. null when nothing survived or when the survivors are no
   * longer contiguous (pieces reordered around other text), i.e. the passage is gone.
   */
  locate(range: TextRange): TextRange | null;
}

/** Builds the new text from pieces, in order, keeping the map from old characters to new. */
export function assemble(old: string, pieces: readonly Piece[]): TrackedEdit {
  let text = '';
  const segments: Segment[] = [];
  for (const piece of pieces) {
    const newStart = text.length;
    if ('insert' in piece) {
      text += piece.insert;
      if (piece.to > piece.from) segments.push({ oldStart: piece.from, oldEnd: piece.to, newStart, newEnd: text.length, copied: false });
    } else {
      text += old.slice(piece.from, piece.to);
      if (!('duplicate' in piece) && piece.to > piece.from) {
        segments.push({ oldStart: piece.from, oldEnd: piece.to, newStart, newEnd: text.length, copied: true });
      }
    }
  }
  const newOrder = [...segments].sort((a, b) => a.newStart - b.newStart);

  const locate = ({ start, end }: TextRange): TextRange | null => {
    let ns = Infinity;
    let ne = -Infinity;
    for (const s of segments) {
      if (s.oldEnd <= start || s.oldStart >= end) continue;
      const a = s.copied ? s.newStart + (Math.max(start, s.oldStart) - s.oldStart) : s.newStart;
      const b = s.copied ? s.newStart + (Math.min(end, s.oldEnd) - s.oldStart) : s.newEnd;
      ns = Math.min(ns, a);
      ne = Math.max(ne, b);
    }
    if (!(ne > ns)) return null;
    // Every old character now inside [ns, ne) must come from the quote, or it was reordered.
    for (const s of newOrder) {
      if (s.newEnd <= ns || s.newStart >= ne) continue;
      const oldA = s.copied ? s.oldStart + (Math.max(ns, s.newStart) - s.newStart) : s.oldStart;
      const oldB = s.copied ? s.oldStart + (Math.min(ne, s.newEnd) - s.newStart) : s.oldEnd;
      const inside = s.copied ? oldA >= start && oldB <= end : oldA < end && oldB > start;
      if (!inside) return null;
    }
    return { start: ns, end: ne };
  };
  return { text, locate };
}

/** Applies non-overlapping replacements (sorted or not) to `old`, tracking them. */
export function applyEdits(old: string, edits: ReadonlyArray<{ start: number; end: number; insert: string }>): TrackedEdit {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const pieces: Piece[] = [];
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) throw new Error(`overlapping edits at ${e.start}`);
    if (e.start > cursor) pieces.push({ from: cursor, to: e.start });
    pieces.push({ from: e.start, to: e.end, insert: e.insert });
    cursor = e.end;
  }
  if (cursor < old.length) pieces.push({ from: cursor, to: old.length });
  return assemble(old, pieces);
}
