// Anchoring: describe a range as TextQuote + TextPosition selectors, find it again in edited text,
// and convert offsets between UTF-16 units and code points.
export type { AnchorMethod, AnchorOptions, AnchorResult, AnchorSelectors, TextRange } from './types';
export { describe } from './describe';
export { anchor, anchorMany, DEFAULT_THRESHOLD } from './anchor';
export {
  codePointsToUtf16,
  createOffsetConverter,
  snapToCodePoints,
  snapToGraphemes,
  utf16ToCodePoints,
} from './offsets';
export type { OffsetConverter } from './offsets';
export { reanchorAnnotation, attachOrphan, nextTextChange, toHistoryEntry, withTextChange } from './reanchor';
export type { ReanchorOutcome } from './reanchor';
