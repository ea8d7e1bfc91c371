import { describe as suite, it, expect } from 'vitest';
import { CONTEXT_LENGTH } from '../model/annotation';
import { describe } from './describe';

suite('describe', () => {
  it('stores the exact text, 32 units of context either side, and the position', () => {
    const text = `${'a'.repeat(40)}QUOTE${'b'.repeat(40)}`;
    const { quote, position } = describe(text, { start: 40, end: 45 });
    expect(quote).toEqual({ type: 'TextQuoteSelector', exact: 'QUOTE', prefix: 'a'.repeat(CONTEXT_LENGTH), suffix: 'b'.repeat(CONTEXT_LENGTH) });
    expect(position).toEqual({ type: 'TextPositionSelector', start: 40, end: 45 });
  });

  it('shortens the context at the edges of the text', () => {
    const { quote } = describe('abc QUOTE def', { start: 4, end: 9 });
    expect(quote.prefix).toBe('abc ');
    expect(quote.suffix).toBe(' def');
    expect(describe('QUOTE', { start: 0, end: 5 }).quote).toMatchObject({ prefix: '', suffix: '' });
  });

  it('never cuts a surrogate pair at the edge of the context', () => {
    // 31 units then an astral character: the 32-unit prefix would start inside the pair.
    const text = `𠀀${'x'.repeat(31)}QUOTE${'y'.repeat(31)}𪚥tail`;
    const start = 33;
    const { quote } = describe(text, { start, end: start + 5 });
    expect(quote.exact).toBe('QUOTE');
    expect(quote.prefix).toBe('x'.repeat(31));
    expect(quote.suffix).toBe('y'.repeat(31));
    const whole = describe(`a𠀀${'x'.repeat(30)}QUOTE`, { start: 33, end: 38 }).quote.prefix;
    expect(whole).toBe(`𠀀${'x'.repeat(30)}`);
  });

  it('clamps a range that runs past the text', () => {
    expect(describe('short', { start: 2, end: 99 }).position).toEqual({ type: 'TextPositionSelector', start: 2, end: 5 });
  });
});
