import { describe, expect, it } from 'vitest';
import { createAnnotation, type Annotation, type Severity } from './annotation';
import { DEFAULT_MQM_THRESHOLD, DEFAULT_MQM_WEIGHTS, MQM_FORMULA_TEXT, scoreMqm } from './mqm';

function error(id: string, severity: Severity, orphan = false): Annotation {
  const a = createAnnotation({
    id,
    docId: 'd',
    kind: 'translation-error',
    translation: { dimension: 'accuracy', subtype: 'omission', severity, correction: '' },
    quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: 0, end: 1 },
    docHash: '',
    author: 'a',
    now: '2024-01-01T00:00:00.000Z',
  });
  return { ...a, orphan };
}

describe('MQM score', () => {
  it('weights severities, counts orphans, ignores claims, and divides per 1,000 words', () => {
    const claim = { ...error('c', 'minor'), kind: 'claim' as const, verdict: 'sourced' as const, translation: null };
    const s = scoreMqm([error('1', 'minor'), error('2', 'major'), error('3', 'critical', true), claim], 2000);
    expect(s).toEqual({ penalty: 31, perThousandWords: 15.5, pass: false, counts: { minor: 1, major: 1, critical: 1 } });
    expect(scoreMqm([error('1', 'major'), error('2', 'major')], 1000).pass).toBe(true); // exactly 10 passes
    expect(scoreMqm([error('1', 'major')], 0).perThousandWords).toBe(5000);
    expect(scoreMqm([], 500)).toMatchObject({ penalty: 0, perThousandWords: 0, pass: true });
    expect(scoreMqm([error('1', 'minor')], 100, { minor: 2, major: 5, critical: 25 }, 25).perThousandWords).toBe(20);
  });
  it('states its formula', () => {
    expect(DEFAULT_MQM_WEIGHTS).toEqual({ minor: 1, major: 5, critical: 25 });
    expect(DEFAULT_MQM_THRESHOLD).toBe(10);
    expect(MQM_FORMULA_TEXT).toBe(
      'MQM penalty = 1 × minor + 5 × major + 25 × critical translation errors (orphaned ones included); score = penalty × 1,000 ÷ word count; the translation passes when the score is at most 10 points per 1,000 words.',
    );
  });
});
