// UTF-16 code units (the app's offsets) <-> Unicode code points (W3C's offsets): one implementation,
// kept with the anchoring code that also snaps ranges to code points.
export { codePointsToUtf16, createOffsetConverter, utf16ToCodePoints, type OffsetConverter } from '../anchoring/offsets';
