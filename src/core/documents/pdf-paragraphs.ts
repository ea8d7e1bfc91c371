// Rebuilds whole paragraphs from the positioned text runs of a PDF's pages (as pdf.js reports them):
// runs become lines, running headers, footers and page numbers are dropped, and lines join into
// paragraphs across line and page breaks, with end-of-line hyphenation joined. Pure and DOM-free.
import { cleanParagraph } from './text';

export interface PdfTextRun {
  str: string;
  /** Baseline origin in PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  /** Font size in PDF units (0 for pure spacing runs). */
  size: number;
}

export interface PdfPageText {
  width: number;
  height: number;
  runs: PdfTextRun[];
}

export interface PdfLine {
  page: number;
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

const SPACE = /\s$/u;
const LEADING_SPACE = /^\s/u;

/** Groups a page's runs into lines (top to bottom), joining runs with a space where the gap between them is one. */
export function linesOfPage(page: PdfPageText, pageIndex: number): PdfLine[] {
  const runs = page.runs.filter((r) => r.str !== '');
  const lines: { y: number; size: number; runs: PdfTextRun[] }[] = [];
  for (const r of runs) {
    const size = r.size || 1;
    const line = lines.find((l) => Math.abs(l.y - r.y) < Math.max(l.size, size) * 0.35);
    if (line) {
      line.runs.push(r);
      if (r.str.trim() !== '') line.size = Math.max(line.size, r.size);
    } else lines.push({ y: r.y, size: r.str.trim() === '' ? 0 : r.size, runs: [r] });
  }
  return lines
    .filter((l) => l.runs.some((r) => r.str.trim() !== ''))
    .sort((a, b) => b.y - a.y)
    .map((l) => {
      const sorted = [...l.runs].sort((a, b) => a.x - b.x);
      let text = '';
      let end = -Infinity;
      for (const r of sorted) {
        const gap = r.x - end;
        if (text !== '' && gap > l.size * 0.15 && !SPACE.test(text) && !LEADING_SPACE.test(r.str)) text += ' ';
        text += r.str;
        end = Math.max(end, r.x + r.width);
      }
      const ink = sorted.filter((r) => r.str.trim() !== '');
      return {
        page: pageIndex,
        text: text.trim(),
        x: Math.min(...ink.map((r) => r.x)),
        right: Math.max(...ink.map((r) => r.x + r.width)),
        y: l.y,
        size: l.size,
      };
    });
}

const PAGE_NUMBER = /^(?:(?:page|p\.|seite|página|страница)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:\/|of|von|de|из)\s*\d{1,4})?$/iu;

/** The line's text with digits folded, so "Page 3 of 9" on every page reads the same. */
function runningKey(line: PdfLine): string {
  return `${Math.round(line.y / 4)}|${line.text.replace(/\d+/g, '#').replace(/\s+/g, ' ')}`;
}

/**
 * Drops running headers and footers (the same line, digits aside, at the same height on at least
 * half the pages, when there are two or more) and bare page numbers in the top or bottom margin.
 */
export function dropRunningLines(pages: readonly PdfLine[][], heights: readonly number[]): PdfLine[][] {
  const counts = new Map<string, number>();
  for (const lines of pages) for (const key of new Set(lines.map(runningKey))) counts.set(key, (counts.get(key) ?? 0) + 1);
  const repeated = pages.length >= 2 ? Math.max(2, Math.ceil(pages.length / 2)) : Infinity;
  return pages.map((lines, i) => {
    const h = heights[i] ?? 792;
    return lines.filter((l) => {
      if ((counts.get(runningKey(l)) ?? 0) >= repeated) return false;
      const inMargin = l.y > h * 0.88 || l.y < h * 0.12;
      return !(inMargin && PAGE_NUMBER.test(l.text));
    });
  });
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const HYPHEN_END = /(\p{L})[-\u2010\u00ad]+$/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Joins the next line onto a paragraph: hyphenation at the end of a line is undone, words get one space. */
export function joinLine(paragraph: string, next: string): string {
  const text = paragraph.replace(/\u00ad+$/u, '');
  if (HYPHEN_END.test(text) && /^\p{Ll}/u.test(next)) return text.replace(/[-\u2010\u00ad]+$/u, '') + next;
  if (CJK.test(text.slice(-1)) && CJK.test(next.charAt(0))) return text + next;
  return `${text} ${next}`;
}

/** Body lines in reading order, joined into whole paragraphs. */
export function paragraphsFromLines(pages: readonly PdfLine[][]): string[] {
  const lines = pages.flat();
  if (lines.length === 0) return [];
  // The usual line pitch (relative to font size), left margin and right edge of the body text.
  const pitches: number[] = [];
  for (const page of pages)
    for (let i = 1; i < page.length; i++) {
      const a = page[i - 1]!;
      const b = page[i]!;
      if (Math.abs(a.size - b.size) < 0.5 && a.size > 0) pitches.push((a.y - b.y) / a.size);
    }
  const pitch = median(pitches.filter((p) => p > 0)) || 1.5;
  const bodySize = median(lines.map((l) => l.size));
  const body = lines.filter((l) => Math.abs(l.size - bodySize) < 0.5);
  const right = Math.max(...body.map((l) => l.right));
  const left = Math.min(...body.map((l) => l.x));
  const column = Math.max(1, right - left);
  const full = (l: PdfLine) => l.right >= right - column * 0.15;
  const endsSentence = (l: PdfLine) => /[.!?:;"”»)\]。！？]$/u.test(l.text);

  const paragraphs: string[] = [];
  let current = '';
  let prev: PdfLine | null = null;
  for (const line of lines) {
    let breaks = prev === null;
    if (prev) {
      const sizeChanged = Math.abs(prev.size - line.size) > Math.max(prev.size, line.size) * 0.1;
      if (sizeChanged) breaks = true;
      else if (line.page === prev.page) {
        const gap = (prev.y - line.y) / (prev.size || 1);
        breaks = gap > pitch * 1.3 || (!full(prev) && endsSentence(prev));
      } else breaks = !full(prev); // a page ending on a full line continues the paragraph on the next
    }
    if (breaks) {
      if (current) paragraphs.push(current);
      current = line.text;
    } else current = joinLine(current, line.text);
    prev = line;
  }
  if (current) paragraphs.push(current);
  return paragraphs.map(cleanParagraph).filter((p) => p !== '');
}

/** The whole pipeline: pages of runs to paragraphs. */
export function rebuildPdfParagraphs(pages: readonly PdfPageText[]): string[] {
  const lines = pages.map((p, i) => linesOfPage(p, i));
  return paragraphsFromLines(dropRunningLines(lines, pages.map((p) => p.height)));
}
