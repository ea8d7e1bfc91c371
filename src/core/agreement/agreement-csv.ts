// Agreement as CSV for a spreadsheet: one row per unit with each reviewer's value and what they disagree
// on, and a summary table of the figures. Same conventions as the annotation CSV: BOM, CRLF, RFC 4180
// quoting, formula guards.
import { guardCell } from '../formats/csv';
import type { Annotation } from '../model/annotation';
import type { AgreementReport } from './agreement';

function quoteCell(cell: string): string {
  return /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function toCsv(rows: string[][]): string {
  return `\ufeff${rows.map((r) => r.map((c) => quoteCell(guardCell(c))).join(',')).join('\r\n')}\r\n`;
}

function describeMark(a: Annotation | null): string {
  if (!a) return '';
  if (a.kind === 'claim') return a.verdict ?? '';
  const t = a.translation;
  if (!t) return 'translation error';
  return `${t.subtype ? `${t.dimension}/${t.subtype}` : t.dimension} (${t.severity})`;
}

export function agreementUnitsCsvRows(report: AgreementReport): string[][] {
  const header = ['unit', 'kind', 'start', 'end', 'quote', ...report.reviewers.map((r) => `${r.name} [${r.id}]`), 'disagreement'];
  const rows = report.units.map((u) => {
    const on = report.disagreements.filter((d) => d.unit.index === u.index).map((d) => d.aspect);
    return [String(u.index + 1), u.kind, String(u.start), String(u.end), u.quote, ...u.marks.map(describeMark), on.join(' ')];
  });
  return [header, ...rows];
}

export function agreementUnitsCsv(report: AgreementReport): string {
  return toCsv(agreementUnitsCsvRows(report));
}

const figure = (x: number) => (Number.isNaN(x) ? '' : x.toFixed(3));

export function agreementSummaryCsvRows(report: AgreementReport): string[][] {
  const rows: string[][] = [['measure', 'value']];
  rows.push(['reviewers', report.reviewers.map((r) => r.name).join('; ')]);
  rows.push(['units', String(report.units.length)]);
  rows.push(['units marked by all', String(report.markedByAll)]);
  for (const [name, a] of [['verdict', report.verdict], ['category', report.category], ['severity', report.severity]] as const) {
    rows.push([`${name}: units compared`, String(a.compared)]);
    rows.push([`${name}: units agreed`, String(a.agreed)]);
    rows.push([`${name}: Krippendorff alpha (nominal)`, figure(a.alpha.alpha)]);
  }
  rows.push(['span F1 (exact)', figure(report.spanF1.exact)]);
  rows.push(['span F1 (overlap)', figure(report.spanF1.overlap)]);
  rows.push(['disagreements', String(report.disagreements.length)]);
  return rows;
}

export function agreementSummaryCsv(report: AgreementReport): string {
  return toCsv(agreementSummaryCsvRows(report));
}
