// Moves an annotation onto a new version of its document, or marks it an orphan; never drops it.
import type { AnchorHistoryEntry, Annotation, TextChange } from '../model/annotation';
import { anchor } from './anchor';
import { describe } from './describe';
import { snapToCodePoints } from './offsets';
import type { AnchorOptions, TextRange } from './types';

export type ReanchorOutcome = 'unchanged' | 'moved' | 'orphaned';

/** The history entry that records selectors being replaced at `now`. */
export function toHistoryEntry(a: Pick<Annotation, 'quote' | 'position' | 'docHash'>, now: string): AnchorHistoryEntry {
  return { quote: a.quote, position: a.position, docHash: a.docHash, replacedAt: now };
}

/**
 * The "text changed" mark after the annotation moves onto `newExact`: the words it was made on are
 * kept as `before` across several moves; landing back on them clears the mark.
 */
export function nextTextChange(previous: Pick<Annotation, 'quote' | 'textChanged'>, newExact: string, now: string): TextChange | undefined {
  const before = previous.textChanged?.before ?? previous.quote.exact;
  if (newExact === before) return undefined;
  if (newExact === previous.quote.exact && previous.textChanged) return previous.textChanged;
  return { before, after: newExact, at: now };
}

/** A copy with `textChanged` set to `change`, or without the field when there is none. */
export function withTextChange<T extends { textChanged?: TextChange }>(a: T, change: TextChange | undefined): T {
  const { textChanged: _drop, ...rest } = a;
  return (change ? { ...rest, textChanged: change } : rest) as T;
}

/**
 * Re-anchors `annotation` to `text` (whose hash is `docHash`). Pure: returns the same object when
 * nothing needs doing, otherwise a copy.
 *
 * `updatedAt` is deliberately left alone: re-anchoring is the app following an edit of the
 * document, not the fact-checker editing the annotation, and review reports sort and filter by
 * `updatedAt` as "last touched by a person". The `history` entry's `replacedAt` records when the
 * selectors changed.
 *
 * When the text is one the annotation was anchored on before (a replaced text restored), the
 * selectors it had then come back exactly from its history, rather than being searched for again.
 * When the move lands on different words (a fuzzy match followed an edit), `textChanged` keeps the
 * old and new words so a person can check the verdict still holds.
 *
 * An orphan keeps its old selectors and its old docHash: they still describe the text they were
 * made against, which is what a person needs to re-attach it by hand.
 */
export function reanchorAnnotation(
  annotation: Annotation,
  text: string,
  docHash: string,
  now: string,
  options: AnchorOptions = {},
): { annotation: Annotation; outcome: ReanchorOutcome } {
  if (annotation.docHash === docHash && !annotation.orphan) return { annotation, outcome: 'unchanged' };
  const earlier = [...annotation.history]
    .reverse()
    .find((h) => h.docHash === docHash && h.position.end <= text.length && text.slice(h.position.start, h.position.end) === h.quote.exact);
  if (earlier) {
    const restored: Annotation = {
      ...annotation,
      quote: { ...earlier.quote },
      position: { ...earlier.position },
      docHash,
      orphan: false,
      history: [...annotation.history, toHistoryEntry(annotation, now)],
    };
    return { annotation: withTextChange(restored, nextTextChange(annotation, earlier.quote.exact, now)), outcome: 'moved' };
  }
  const result = anchor(text, { quote: annotation.quote, position: annotation.position }, options);
  if (result.status === 'orphan') {
    return { annotation: { ...annotation, orphan: true }, outcome: 'orphaned' };
  }
  const { quote, position } = describe(text, result);
  const moved: Annotation = {
    ...annotation,
    quote,
    position,
    docHash,
    orphan: false,
    history: [...annotation.history, toHistoryEntry(annotation, now)],
  };
  return { annotation: withTextChange(moved, nextTextChange(annotation, quote.exact, now)), outcome: 'moved' };
}

/**
 * Re-attaches an annotation (usually an orphan) to a range the fact-checker selected. Unlike
 * re-anchoring this is a person's edit, so `updatedAt` moves to `now`, and the person chose the
 * words, so any "text changed" mark is cleared. The range is widened so it never splits a surrogate
 * pair; an empty or out-of-bounds range is a caller bug.
 */
export function attachOrphan(annotation: Annotation, text: string, docHash: string, range: TextRange, now: string): Annotation {
  if (!(range.start >= 0 && range.end <= text.length && range.start < range.end)) {
    throw new RangeError(`attachOrphan: range ${range.start}..${range.end} is empty or outside a text of length ${text.length}`);
  }
  const { quote, position } = describe(text, snapToCodePoints(text, range));
  return withTextChange(
    {
      ...annotation,
      quote,
      position,
      docHash,
      orphan: false,
      updatedAt: now,
      history: [...annotation.history, toHistoryEntry(annotation, now)],
    },
    undefined,
  );
}
