// Shared shapes of the anchoring module: ranges into a text and the result of anchoring one annotation.
import type { TextPositionSelector, TextQuoteSelector } from '../model/annotation';

/** A span of a text in UTF-16 code units (JavaScript string indices), end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/** The selectors that locate an annotation; both are stored, the quote is the truth. */
export interface AnchorSelectors {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

/** How an anchor was found: the stored offsets still held, an exact quote was found, or a fuzzy one. */
export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

export type AnchorResult =
  | { status: 'anchored'; start: number; end: number; score: number; method: AnchorMethod }
  | { status: 'orphan'; bestScore: number };

export interface AnchorOptions {
  /** Minimum score (0..1) a match needs; below it the annotation becomes an orphan. */
  threshold?: number;
}
