import { describe, expect, it } from 'vitest';
import { createAnnotation, type Annotation } from './annotation';
import { applyCorrections } from './corrections';

function tr(id: string, start: number, end: number, correction: string, extra: Partial<Annotation> = {}): Annotation {
  return {
    ...createAnnotation({
      id,
      docId: 'd',
      kind: 'translation-error',
      translation: { dimension: 'accuracy', subtype: 'mistranslation', severity: 'minor', correction },
      quote: { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start, end },
      docHash: '',
      author: 'a',
      now: '2024-01-01T00:00:00.000Z',
    }),
    ...extra,
  };
}

describe('corrected reading', () => {
  const text = 'The Minister of Foreing Affairs Abdulaziz Kamilov said 😀 nothing.';
  it('replaces each corrected range and describes the segments', () => {
    const s = text.indexOf('Foreing');
    const k = text.indexOf('Kamilov');
    const r = applyCorrections(text, [tr('b', k, k + 7, 'Komilov'), tr('a', s, s + 7, 'Foreign')]);
    expect(r.text).toBe('The Minister of Foreign Affairs Abdulaziz Komilov said 😀 nothing.');
    expect(r.skipped).toEqual([]);
    expect(r.segments.map((g) => [g.kind, r.text.slice(g.start, g.end), g.original ?? null, g.annotationId ?? null])).toEqual([
      ['original', 'The Minister of ', null, null],
      ['corrected', 'Foreign', 'Foreing', 'a'],
      ['original', ' Affairs Abdulaziz ', null, null],
      ['corrected', 'Komilov', 'Kamilov', 'b'],
      ['original', ' said 😀 nothing.', null, null],
    ]);
  });
  it('skips overlaps (earlier, then longer wins), orphans, empty corrections and claims; never changes the input', () => {
    const input = [
      tr('long', 4, 23, 'Foreign Minister'),
      tr('inner', 16, 23, 'Foreign'),
      tr('later', 20, 30, 'x'),
      tr('orphan', 32, 41, 'Abdulaziz', { orphan: true }),
      tr('empty', 42, 49, ''),
      { ...tr('claim', 50, 54, 'y'), kind: 'claim' as const, verdict: 'sourced' as const, translation: null },
      tr('insert-1', 54, 54, ' (reportedly)'),
      tr('insert-2', 54, 54, ' (twice)'),
    ];
    const copy = structuredClone(input);
    const r = applyCorrections(text, input);
    expect(r.text).toBe('The Foreign Minister Affairs Abdulaziz Kamilov said (reportedly) 😀 nothing.');
    expect(r.skipped).toEqual(['inner', 'later', 'insert-2']);
    expect(input).toEqual(copy);
    expect(applyCorrections(text, []).text).toBe(text);
  });
});
