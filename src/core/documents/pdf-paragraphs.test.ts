import { describe, expect, it } from 'vitest';
import { dropRunningLines, joinLine, linesOfPage, paragraphsFromLines, rebuildPdfParagraphs, type PdfPageText } from './pdf-paragraphs';

// A page of 612×792 with body lines of size 12 from x=72 to about x=540, pitch 16.
function page(lines: Array<[string, number, number?]>, extra: PdfPageText['runs'] = []): PdfPageText {
  return {
    width: 612,
    height: 792,
    runs: [
      ...lines.map(([str, y, right]) => ({ str, x: 72, y, width: (right ?? 540) - 72, size: 12 })),
      ...extra,
    ],
  };
}
const header = (n: number) => [
  { str: '11/30/26, 4:56 PM', x: 20, y: 775, width: 90, size: 8 },
  { str: 'Lakes report', x: 280, y: 775, width: 60, size: 8 },
  { str: 'file:///tmp/x/report.html', x: 20, y: 15, width: 120, size: 8 },
  { str: `${n}/2`, x: 570, y: 15, width: 12, size: 8 },
];

describe('rebuildPdfParagraphs', () => {
  it('joins a paragraph wrapped over lines and a page break, undoing end-of-line hyphenation', () => {
    const pages = [
      page([
        ['The first paragraph starts here and', 700],
        ['ends on this short line.', 684, 250],
        ['The second paragraph is long and its', 650],
        ['last line on this page ends in a hyphen- ', 634],
      ], header(1)),
      page([
        ['ated word, then continues on the next page', 700],
        ['and ends.', 684, 140],
      ], header(2)),
    ];
    expect(rebuildPdfParagraphs(pages)).toEqual([
      'The first paragraph starts here and ends on this short line.',
      'The second paragraph is long and its last line on this page ends in a hyphen- ated word, then continues on the next page and ends.'.replace('hyphen- ated', 'hyphenated'),
    ]);
  });

  it('drops running headers, footers and page numbers but keeps a one-page body', () => {
    const pages = [page([['Alone on its page.', 700, 200]], [{ str: '7', x: 300, y: 30, width: 6, size: 10 }])];
    expect(rebuildPdfParagraphs(pages)).toEqual(['Alone on its page.']);
  });

  it('ends a paragraph at a heading (a change of size) and at a wider gap', () => {
    const runs = [
      { str: 'A heading', x: 72, y: 720, width: 100, size: 18 },
      { str: 'Body text under it.', x: 72, y: 696, width: 200, size: 12 },
      { str: 'Another paragraph after a gap,', x: 72, y: 660, width: 468, size: 12 },
      { str: 'continued.', x: 72, y: 644, width: 60, size: 12 },
    ];
    expect(rebuildPdfParagraphs([{ width: 612, height: 792, runs }])).toEqual(['A heading', 'Body text under it.', 'Another paragraph after a gap, continued.']);
  });

  it('joins runs of one line, adding a space only where there is a gap', () => {
    const lines = linesOfPage(
      {
        width: 612,
        height: 792,
        runs: [
          { str: 'labo', x: 72, y: 700, width: 30, size: 12 },
          { str: 'ratory', x: 102, y: 700, width: 40, size: 12 },
          { str: 'tested', x: 150, y: 700.4, width: 40, size: 12 },
        ],
      },
      0,
    );
    expect(lines.map((l) => l.text)).toEqual(['laboratory tested']);
  });

  it('keeps a running line that is not repeated on half the pages', () => {
    const a = linesOfPage(page([['Same words', 700, 200]]), 0);
    const b = linesOfPage(page([['Other words', 700, 200]]), 1);
    expect(dropRunningLines([a, b], [792, 792]).flat().map((l) => l.text)).toEqual(['Same words', 'Other words']);
    expect(paragraphsFromLines([])).toEqual([]);
  });
});

describe('joinLine', () => {
  it('joins hyphenated words only before a lower-case letter, and CJK without a space', () => {
    expect(joinLine('infra\u00ad\u2010', 'structure')).toBe('infrastructure');
    expect(joinLine('the 1990-', 'Census')).toBe('the 1990- Census');
    expect(joinLine('港口委员会', '周二投票')).toBe('港口委员会周二投票');
    expect(joinLine('one', 'two')).toBe('one two');
  });
});
