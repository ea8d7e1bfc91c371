// Shows search matches in the open reader without touching the reader's code: finds the rendered
// paragraphs (one <p> per line of the document), turns document offsets into DOM ranges, and paints
// them as CSS Custom Highlights ("cd-search" for all, "cd-search-current" for the one being read).
import type { Range as TextRange } from '../../../core/search';

export const MATCH_HIGHLIGHT = 'cd-search';
export const CURRENT_HIGHLIGHT = 'cd-search-current';

interface ReaderDom {
  paragraphs: HTMLElement[];
  starts: number[];
}

/** The reader's paragraphs when it shows `title` fully rendered with `lines` paragraphs, else null. */
export function findReader(title: string, lines: readonly string[]): ReaderDom | null {
  const scroll = document.querySelector('.reader-scroll[data-loaded="true"]');
  const heading = scroll?.querySelector('#reader-title');
  if (!scroll || heading?.textContent?.trim() !== title.trim()) return null;
  const paragraphs = [...scroll.querySelectorAll<HTMLElement>('.reader-content p')];
  if (paragraphs.length !== lines.length) return null;
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return { paragraphs, starts };
}

function pointIn(el: HTMLElement, local: number): { node: Node; offset: number } | null {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let left = local;
  let last: Text | null = null;
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    if (left <= n.data.length) return { node: n, offset: left };
    left -= n.data.length;
    last = n;
  }
  return last ? { node: last, offset: last.data.length } : null;
}

function paragraphAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A DOM range for a document range (matches never cross lines: a line break is not a word). */
export function domRange(reader: ReaderDom, r: TextRange): { range: globalThis.Range; paragraph: HTMLElement } | null {
  const i = paragraphAt(reader.starts, r.start);
  const el = reader.paragraphs[i];
  if (!el) return null;
  const a = pointIn(el, r.start - reader.starts[i]!);
  const b = pointIn(el, r.end - reader.starts[i]!);
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return { range, paragraph: el };
}

function supported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

/** Paints every match and the current one; returns the current match's paragraph to scroll to. */
export function paintMatches(reader: ReaderDom, matches: readonly TextRange[], current: number): HTMLElement | null {
  if (!supported()) return null;
  const all = new Highlight();
  let currentParagraph: HTMLElement | null = null;
  const now = new Highlight();
  now.priority = 1;
  matches.forEach((m, i) => {
    const d = domRange(reader, m);
    if (!d) return;
    all.add(d.range);
    if (i === current) {
      now.add(d.range);
      currentParagraph = d.paragraph;
    }
  });
  CSS.highlights.set(MATCH_HIGHLIGHT, all);
  CSS.highlights.set(CURRENT_HIGHLIGHT, now);
  return currentParagraph;
}

export function clearMatches(): void {
  if (!supported()) return;
  CSS.highlights.delete(MATCH_HIGHLIGHT);
  CSS.highlights.delete(CURRENT_HIGHLIGHT);
}
