// CSV export for spreadsheets: one row per annotation, UTF-8 BOM, CRLF, RFC 4180 quoting, formula guards.
//
// The writer and reader are written here rather than taken from papaparse: papaparse's type package pulls
// Node's types into the program, which would let impure code compile in src/core. The tests check that
// papaparse reads this output back to the same rows.
import { workflowOf, type Annotation } from '../model/annotation';
import { collectReviewers } from '../model/reviewer';
import { createOffsetConverter, type OffsetConverter } from '../anchoring/offsets';
import { compareForExport } from './native';
import { stripBom } from './json-text';
import { fail, ok, type ParseResult } from './result';

export const CSV_COLUMNS = [
  'annotation_id',
  'document',
  'document_id',
  'quote',
  'context',
  'kind',
  'verdict',
  'category',
  'severity',
  'correction',
  'note',
  'sources',
  'author',
  'created',
  'updated',
  'orphan',
  // Offsets in Unicode code points, as W3C Web Annotation counts them (not UTF-16 units); empty when
  // the text the annotation was made on is no longer at hand (a stale orphan).
  'start_codepoint',
  'end_codepoint',
  // The claim workflow (issue 14), after the older columns so their positions hold: status, who it is
  // assigned to (the reviewer's name when one of the exported annotations names them, and their id),
  // the due date, and the linked claim every appearance shares.
  'status',
  'assignee',
  'assignee_id',
  'due',
  'claim_id',
] as const;

export interface CsvDocument {
  id: string;
  title: string;
  /** The text and its hash, to count offsets in code points. */
  text?: string;
  hash?: string;
}

/** The table before guarding and quoting: a header row then one row per annotation. */
export function buildCsvRows(input: { documents: ReadonlyArray<CsvDocument>; annotations: ReadonlyArray<Annotation> }): string[][] {
  const titles = new Map(input.documents.map((d) => [d.id, d.title]));
  const texts = new Map(input.documents.filter((d) => d.text !== undefined && d.hash).map((d) => [d.hash!, d.text!]));
  const converters = new Map<string, OffsetConverter>();
  const codePoints = (a: Annotation): [string, string] => {
    const text = texts.get(a.docHash);
    if (text === undefined || a.position.end > text.length) return ['', ''];
    let c = converters.get(a.docHash);
    if (!c) converters.set(a.docHash, (c = createOffsetConverter(text)));
    return [String(c.toCodePoints(a.position.start)), String(c.toCodePoints(a.position.end))];
  };
  const reviewerName = new Map(collectReviewers(input.annotations).map((r) => [r.id, r.name]));
  const workflow = (a: Annotation): string[] => {
    const w = workflowOf(a);
    return [w.status, w.assignee ? (reviewerName.get(w.assignee) ?? '') : '', w.assignee, w.due, w.claimId];
  };
  const rows = [...input.annotations].sort(compareForExport).map((a) => [
    a.id,
    titles.get(a.docId) ?? '',
    a.docId,
    a.quote.exact,
    `${a.quote.prefix}…${a.quote.suffix}`,
    a.kind,
    a.verdict ?? '',
    a.translation ? (a.translation.subtype ? `${a.translation.dimension}/${a.translation.subtype}` : a.translation.dimension) : '',
    a.translation?.severity ?? '',
    a.translation?.correction ?? '',
    a.note,
    a.sources
      .map((s) => [s.title, s.url ? `<${s.url}>` : '', s.accessed ? `(accessed ${s.accessed})` : ''].filter(Boolean).join(' '))
      .join('\n'),
    a.author,
    a.createdAt,
    a.updatedAt,
    a.orphan ? 'yes' : 'no',
    ...codePoints(a),
    ...workflow(a),
  ]);
  return [[...CSV_COLUMNS], ...rows];
}

/**
 * A cell a spreadsheet could run as a formula gets a leading apostrophe: every character OWASP lists
 * (= + - @, tab, CR, LF, NUL, and the full-width ＝＋－＠ that some spreadsheets fold to ASCII), also
 * after leading spaces or control characters that a spreadsheet may skip. Cells that already start
 * with an apostrophe get one too, so unguarding (drop one leading apostrophe) is exact.
 */
const FORMULA_START = /^[\s\u0000-\u001f\u007f]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n\u0000']/;

export function guardCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function unguardCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

function quoteCell(cell: string): string {
  return /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function buildCsv(input: { documents: ReadonlyArray<CsvDocument>; annotations: ReadonlyArray<Annotation> }): string {
  const lines = buildCsvRows(input).map((row) => row.map((c) => quoteCell(guardCell(c))).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Reads RFC 4180 CSV (BOM stripped, any line ending) and unguards the cells. */
export function parseCsv(text: string): ParseResult<string[][]> {
  const s = stripBom(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let cellStart = true;
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < s.length && s[i] !== ',' && s[i] !== '\r' && s[i] !== '\n') {
          return fail(`CSV: unexpected character after a closing quote at offset ${i} (row ${rows.length + 1})`);
        }
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cellStart) {
      quoted = true;
      cellStart = false;
      i++;
    } else if (c === ',') {
      row.push(unguardCell(cell));
      cell = '';
      cellStart = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(unguardCell(cell));
      rows.push(row);
      row = [];
      cell = '';
      cellStart = true;
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += c;
      cellStart = false;
      i++;
    }
  }
  if (quoted) return fail(`CSV: a quoted cell is not closed (row ${rows.length + 1})`);
  if (cell !== '' || row.length > 0) {
    row.push(unguardCell(cell));
    rows.push(row);
  }
  return ok(rows);
}
