// The Agreement screen's view of a document: who its reviewers are, what is compared, and the words shown.
import { describe, expect, it } from 'vitest';
import { createAnnotation, createTranslationErrorData, type Annotation, type Verdict } from '../../../core/model/annotation';
import { agreementFileName, annotationToOpen, describeDisagreement, describeFigure, measureFor, reviewersOf, tooFewReviewers } from './agreement-view';

let n = 0;
function claim(author: string, start: number, end: number, verdict: Verdict, extra: Partial<Annotation> = {}): Annotation {
  return {
    ...createAnnotation({
      id: `a${n++}`,
      docId: 'd',
      kind: 'claim',
      verdict,
      quote: { type: 'TextQuoteSelector', exact: `words ${start}-${end}`, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start, end },
      docHash: 'c'.repeat(64),
      author,
      now: '2026-12-01T10:00:00.000Z',
    }),
    ...extra,
  };
}

describe('the Agreement screen’s view', () => {
  const doc = [
    claim('Ana', 0, 10, 'sourced'),
    claim('Ana', 20, 30, 'contested'),
    claim('Ben', 2, 10, 'sourced'),
    claim('Ben', 18, 30, 'contradicted'),
    claim('Ben', 50, 60, 'sourced', { kind: 'comment', verdict: null }),
    claim('Cleo', 70, 80, 'sourced', { orphan: true }),
  ];

  it('finds the reviewers: authors of placed claims and translation errors (not comments or orphans)', () => {
    expect(reviewersOf(doc)).toEqual([
      { name: 'Ana', count: 2 },
      { name: 'Ben', count: 2 },
    ]);
  });

  it('says plainly when fewer than two reviewers annotated the document', () => {
    expect(tooFewReviewers([{ name: 'Ana', count: 2 }])).toBe('Agreement needs annotations by at least two reviewers on this document; only Ana has annotated it.');
    expect(tooFewReviewers([])).toBe('Agreement needs annotations by at least two reviewers on this document; nobody has annotated it.');
  });

  it('measures the chosen reviewers only, and nothing for fewer than two', () => {
    expect(measureFor(doc, ['Ana'])).toBeNull();
    const report = measureFor(doc, ['Ana', 'Ben'])!;
    expect(report.reviewers.map((r) => r.name)).toEqual(['Ana', 'Ben']);
    expect(report.markedByAll).toBe(2);
    expect([report.verdict.agreed, report.verdict.compared]).toEqual([1, 2]);
    expect(report.units).toHaveLength(2); // Ben's comment is not compared
    // (sourced, sourced), (contested, contradicted): Do = 2/4, De = 10/12.
    expect(report.verdict.alpha.alpha).toBeCloseTo(0.4, 10);
    expect(describeFigure(report.verdict.alpha.alpha)).toBe('0.400');
    expect(describeFigure(NaN)).toBe('not defined');
  });

  it('describes a disagreement and opens the first reviewer’s annotation', () => {
    const report = measureFor(doc, ['Ana', 'Ben'])!;
    expect(report.disagreements).toHaveLength(1);
    const d = report.disagreements[0]!;
    expect(describeDisagreement(d, report)).toBe('verdict differs on “words 18-30” (Ana: contested; Ben: contradicted)');
    expect(annotationToOpen(d)).toBe(doc[1]!.id);
  });

  it('describes a place only one reviewer marked, and compares MQM data of translation errors', () => {
    const errors = [
      { ...claim('Ana', 0, 5, 'sourced'), kind: 'translation-error' as const, verdict: null, translation: createTranslationErrorData({ severity: 'major' }) },
      { ...claim('Ben', 0, 5, 'sourced'), kind: 'translation-error' as const, verdict: null, translation: createTranslationErrorData({ severity: 'minor' }) },
      claim('Ben', 40, 45, 'sourced'),
    ];
    const report = measureFor(errors, ['Ana', 'Ben'])!;
    expect(report.disagreements.map((d) => describeDisagreement(d, report))).toEqual([
      'MQM severity differs on “words 0-5” (Ana: major; Ben: minor)',
      'not marked by everyone on “words 40-45” (Ana: not marked; Ben: marked)',
    ]);
  });

  it('names the CSV files after the document and the day', () => {
    expect(agreementFileName('004_6426d44e/x y', 'units', new Date('2026-12-01T10:00:00Z'))).toBe('claimdesk-agreement-units-004_6426d44e-x-y-2026-12-01.csv');
  });
});
