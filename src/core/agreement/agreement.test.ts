// Agreement on one document: units from overlapping marks, verdict and MQM agreement, alpha, span F1,
// the disagreements listed, and the CSV a person opens in a spreadsheet.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../formats/csv';
import { createAnnotation, createTranslationErrorData, type Annotation, type TranslationErrorData, type Verdict } from '../model/annotation';
import { krippendorffAlphaNominal } from './alpha';
import { measureAgreement } from './agreement';
import { agreementSummaryCsv, agreementUnitsCsv } from './agreement-csv';

let n = 0;
function claim(start: number, end: number, verdict: Verdict): Annotation {
  return createAnnotation({
    id: `c${n++}`,
    docId: 'd',
    kind: 'claim',
    verdict,
    quote: { type: 'TextQuoteSelector', exact: `text ${start}-${end}`, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start, end },
    docHash: 'c'.repeat(64),
    author: 'x',
    now: '2026-11-30T10:00:00.000Z',
  });
}
function error(start: number, end: number, t: Partial<TranslationErrorData>): Annotation {
  return { ...claim(start, end, 'contested'), kind: 'translation-error', verdict: null, translation: createTranslationErrorData(t) };
}

const ana = { id: 'rev-a', name: 'Ana' };
const ben = { id: 'rev-b', name: 'Ben' };

describe('measureAgreement', () => {
  const A = [claim(0, 10, 'sourced'), claim(20, 30, 'contested'), claim(40, 50, 'contradicted'), error(60, 70, { severity: 'major' }), claim(90, 95, 'sourced')];
  const B = [claim(0, 10, 'sourced'), claim(22, 33, 'contradicted'), claim(40, 50, 'contradicted'), error(61, 70, { severity: 'minor' }), claim(80, 85, 'sourced')];
  const report = measureAgreement([
    { reviewer: ana, annotations: A },
    { reviewer: ben, annotations: B },
  ]);

  it('pairs overlapping marks into units and counts those both marked', () => {
    expect(report.units.map((u) => [u.kind, u.start, u.end, u.marks.map((m) => (m ? 'x' : '-')).join('')])).toEqual([
      ['claim', 0, 10, 'xx'],
      ['claim', 20, 33, 'xx'],
      ['claim', 40, 50, 'xx'],
      ['translation-error', 60, 70, 'xx'],
      ['claim', 80, 85, '-x'],
      ['claim', 90, 95, 'x-'],
    ]);
    expect(report.markedByAll).toBe(4);
  });

  it('compares verdicts, categories and severities, and alpha matches the same table computed directly', () => {
    expect([report.verdict.compared, report.verdict.agreed]).toEqual([3, 2]);
    expect([report.category.compared, report.category.agreed]).toEqual([1, 1]);
    expect([report.severity.compared, report.severity.agreed]).toEqual([1, 0]);
    const direct = krippendorffAlphaNominal([
      ['sourced', 'sourced'],
      ['contested', 'contradicted'],
      ['contradicted', 'contradicted'],
      [null, 'sourced'],
      ['sourced', null],
    ]);
    expect(report.verdict.alpha.alpha).toBeCloseTo(direct.alpha, 10);
    // 6 pairable values: sourced 2, contested 1, contradicted 3 -> Do = 2/6, De = 22/30.
    expect(report.verdict.alpha.alpha).toBeCloseTo(1 - 2 / 6 / (22 / 30), 10);
  });

  it('computes span F1 exact and by overlap', () => {
    // 5 marks each. Exact: 0-10 and 40-50 -> 2 matches; overlap: also 20-30/22-33 and 60-70/61-70 -> 4.
    expect(report.spanF1.exact).toBeCloseTo((2 * 2) / 10, 10);
    expect(report.spanF1.overlap).toBeCloseTo((2 * 4) / 10, 10);
  });

  it('lists each disagreement with every reviewer’s value', () => {
    expect(report.disagreements.map((d) => [d.unit.start, d.aspect, d.values])).toEqual([
      [20, 'verdict', ['contested', 'contradicted']],
      [60, 'severity', ['major', 'minor']],
      [80, 'marked', ['', 'marked']],
      [90, 'marked', ['marked', '']],
    ]);
  });

  it('leaves orphans out: their place in the text is unknown', () => {
    const r = measureAgreement([
      { reviewer: ana, annotations: [{ ...claim(0, 10, 'sourced'), orphan: true }] },
      { reviewer: ben, annotations: [claim(0, 10, 'sourced')] },
    ]);
    expect(r.markedByAll).toBe(0);
  });

  it('exports units and figures as CSV that reads back, with formula guards', () => {
    const withFormula = measureAgreement([
      { reviewer: { id: 'r1', name: '=HYPERLINK("x")' }, annotations: A },
      { reviewer: ben, annotations: B },
    ]);
    const units = parseCsv(agreementUnitsCsv(withFormula));
    if (!units.ok) throw new Error(units.error);
    expect(units.value[0]).toEqual(['unit', 'kind', 'start', 'end', 'quote', '=HYPERLINK("x") [r1]', 'Ben [rev-b]', 'disagreement']);
    expect(units.value[2]).toEqual(['2', 'claim', '20', '33', 'text 20-30', 'contested', 'contradicted', 'verdict']);
    expect(units.value[4]).toEqual(['4', 'translation-error', '60', '70', 'text 60-70', 'accuracy/mistranslation (major)', 'accuracy/mistranslation (minor)', 'severity']);
    expect(agreementUnitsCsv(withFormula)).toContain(`"'=HYPERLINK(""x"") [r1]"`);
    const summary = parseCsv(agreementSummaryCsv(report));
    if (!summary.ok) throw new Error(summary.error);
    expect(summary.value).toContainEqual(['span F1 (overlap)', '0.800']);
    expect(summary.value).toContainEqual(['verdict: units agreed', '2']);
  });

  it('needs two reviewers', () => {
    expect(() => measureAgreement([{ reviewer: ana, annotations: A }])).toThrow();
  });
});
