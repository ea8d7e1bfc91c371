import { describe, expect, it } from 'vitest';
import { placeToolbar } from './toolbar-placement';

const toolbar = { width: 400, height: 38 };

describe('placeToolbar', () => {
  it('sits above the selection, at its left, when there is room', () => {
    expect(placeToolbar({ firstTop: 300, lastBottom: 330, left: 50 }, toolbar, 700)).toEqual({ top: 256, left: 50 });
  });
  it('goes below the selection on the text’s first lines', () => {
    expect(placeToolbar({ firstTop: 20, lastBottom: 48, left: 50 }, toolbar, 700)).toEqual({ top: 54, left: 50 });
  });
  it('moves left so that it ends inside the reader, for words at a line’s end', () => {
    expect(placeToolbar({ firstTop: 300, lastBottom: 330, left: 520 }, toolbar, 700)).toEqual({ top: 256, left: 300 });
  });
  it('starts at the reader’s left edge when it is as wide as the reader (a narrow window)', () => {
    expect(placeToolbar({ firstTop: 300, lastBottom: 330, left: 120 }, { width: 292, height: 76 }, 292)).toEqual({ top: 218, left: 0 });
  });
});
