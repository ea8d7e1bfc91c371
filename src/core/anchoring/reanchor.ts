// Moves an annotation onto a new version of its document, or marks it an orphan; never drops it.
import type { Annotation } from '../model/annotation';
import { anchor } from './anchor';
import { describe } from './describe';
import { snapToCodePoints } from './offsets';
import type { AnchorOptions, TextRange } from './types';

export type ReanchorOutcome = 'unchanged' | 'moved' | 'orphaned';

function historyEntry(annotation: Annotation, now: string) {
  return { quote: annotation.quote, position: annotation.position, docHash: annotation.docHash, replacedAt: now };
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
  const result = anchor(text, { quote: annotation.quote, position: annotation.position }, options);
  if (result.status === 'orphan') {
    return { annotation: { ...annotation, orphan: true }, outcome: 'orphaned' };
  }
  const { quote, position } = describe(text, result);
  return {
    annotation: {
      ...annotation,
      quote,
      position,
      docHash,
      orphan: false,
      history: [...annotation.history, historyEntry(annotation, now)],
    },
    outcome: 'moved',
  };
}

/**
 * Re-attaches an annotation (usually an orphan) to a range the fact-checker selected. Unlike
 * re-anchoring this is a person's edit, so `updatedAt` moves to `now`. The range is widened so it
 * never splits a surrogate pair; an empty or out-of-bounds range is a caller bug.
 */
export function attachOrphan(annotation: Annotation, text: string, docHash: string, range: TextRange, now: string): Annotation {
  if (!(range.start >= 0 && range.end <= text.length && range.start < range.end)) {
    throw new RangeError(`attachOrphan: range ${range.start}..${range.end} is empty or outside a text of length ${text.length}`);
  }
  const { quote, position } = describe(text, snapToCodePoints(text, range));
  return {
    ...annotation,
    quote,
    position,
    docHash,
    orphan: false,
    updatedAt: now,
    history: [...annotation.history, historyEntry(annotation, now)],
  };
}
