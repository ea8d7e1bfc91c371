// Shared reader types: ranges are the anchoring module's (UTF-16 offsets into the document text).
export type { TextRange } from '../../core/anchoring';
