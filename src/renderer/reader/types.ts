// Shared reader types.
export interface TextRange {
  start: number;
  end: number;
}
