import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../model/annotation';
import { reviewerId } from '../model/reviewer';
import { astralDocument, loadCorpus, sampleAnnotations } from './fixtures/sample';
import { CSV_COLUMNS, buildCsv, buildCsvRows, guardCell, parseCsv, unguardCell } from './csv';

const corpusDir = new URL('../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()];
const tricky: Annotation = {
  ...sampleAnnotations(corpus)[0]!,
  id: 'tricky',
  note: '=HYPERLINK("http://evil.example","click"), then "quotes", commas,\r\nand a CRLF\nand LF',
  author: '@admin',
  quote: { type: 'TextQuoteSelector', exact: '-2+3', prefix: '\tleading tab', suffix: "'already quoted" },
};
const annotations = [...sampleAnnotations(corpus), tricky];

describe('CSV export', () => {
  const csv = buildCsv({ documents: corpus, annotations });

  it('starts with a UTF-8 BOM, uses CRLF between records and has the documented header', () => {
    expect(csv.startsWith('\ufeffannotation_id,document,document_id,quote,context,kind,verdict,category,severity,correction,note,sources,author,created,updated,orphan,start_codepoint,end_codepoint,status,assignee,assignee_id,due,claim_id\r\n')).toBe(true);
    // Outside quoted cells every line break is CRLF.
    const outside = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(outside).not.toMatch(/[^\r]\n/);
  });

  it('quotes commas, quotes and newlines (RFC 4180) and guards formula cells', () => {
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example"",""click""), then ""quotes"", commas,\r\nand a CRLF\nand LF"');
    expect(csv).toContain(",'@admin,");
    expect(csv).toContain(",'-2+3,");
    expect(guardCell('+1')).toBe("'+1");
    expect(guardCell('\tx')).toBe("'\tx");
    expect(guardCell('\rx')).toBe("'\rx");
    expect(guardCell('plain')).toBe('plain');
    expect(unguardCell(guardCell("'x"))).toBe("'x");
    for (const c of ['=', '+', '-', '@', '\t', '\r', '\n', '\0', '\uff1d', '\uff0b', '\uff0d', '\uff20', ' =', '\0=']) {
      expect(guardCell(`${c}1+1`)).toBe(`'${c}1+1`);
    }
  });

  it('parses back to the same rows, with our reader and with papaparse', () => {
    const rows = buildCsvRows({ documents: corpus, annotations });
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(annotations.length + 1);
    expect(parseCsv(csv)).toEqual({ ok: true, value: rows });
    const papa = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true });
    expect(papa.errors).toEqual([]);
    expect(papa.data.map((r) => r.map(unguardCell))).toEqual(rows);
    const trickyRow = rows.find((r) => r[3] === '-2+3')!;
    expect(trickyRow[0]).toBe('tricky');
    expect(trickyRow[4]).toBe("\tleading tab…'already quoted");
    const sourced = rows.find((r) => r[6] === 'sourced')!;
    expect(sourced[11]).toBe('Ministry report <https://example.org/report?id=1&x=2> (accessed 2024-04-30)\nBad link <javascript:alert(1)>\nPhone call with the press office (accessed 2024-04-29)');
    console.log(`CSV: ${rows.length - 1} rows written and read back identically (own reader and papaparse)`);
  });

  it('gives offsets in code points, as W3C counts them, with the header saying so', () => {
    const doc = astralDocument();
    const a = sampleAnnotations(corpus).find((x) => x.docId === doc.id && !x.orphan)!;
    const rows = buildCsvRows({ documents: corpus, annotations: [a] });
    const header = rows[0]!;
    const row = rows[1]!;
    const start = Number(row[header.indexOf('start_codepoint')]);
    const end = Number(row[header.indexOf('end_codepoint')]);
    expect(start).toBe([...doc.text.slice(0, a.position.start)].length);
    expect(start).toBeLessThan(a.position.start);
    expect([...doc.text].slice(start, end).join('')).toBe(a.quote.exact);
  });

  it('carries the claim workflow: status, assignee by name and id, due date and linked claim', () => {
    const [first, second] = sampleAnnotations(corpus).filter((x) => x.kind === 'claim');
    const assigned: Annotation = { ...first!, status: 'checked', assignee: reviewerId(second!.author), due: '2026-12-24', claimId: 'claim-senate' };
    const stranger: Annotation = { ...second!, id: `${second!.id}-b`, assignee: reviewerId('Someone not in this file') };
    const rows = buildCsvRows({ documents: corpus, annotations: [assigned, second!, stranger] });
    const col = (row: string[], name: string) => row[rows[0]!.indexOf(name)];
    const byId = new Map(rows.slice(1).map((r) => [col(r, 'annotation_id'), r]));
    const a = byId.get(assigned.id)!;
    expect([col(a, 'status'), col(a, 'assignee'), col(a, 'assignee_id'), col(a, 'due'), col(a, 'claim_id')]).toEqual([
      'checked',
      second!.author,
      reviewerId(second!.author),
      '2026-12-24',
      'claim-senate',
    ]);
    // Stored before the workflow existed: read as its defaults.
    const b = byId.get(second!.id)!;
    expect([col(b, 'status'), col(b, 'assignee'), col(b, 'due'), col(b, 'claim_id')]).toEqual(['to-check', '', '', '']);
    // An assignee no exported annotation names keeps their id, and no invented name.
    const c = byId.get(stranger.id)!;
    expect([col(c, 'assignee'), col(c, 'assignee_id')]).toEqual(['', reviewerId('Someone not in this file')]);
  });

  it('reports a broken CSV instead of guessing', () => {
    expect(parseCsv('a,"b\r\n').ok).toBe(false);
    expect(parseCsv('a,"b"c\r\n').ok).toBe(false);
  });
});
