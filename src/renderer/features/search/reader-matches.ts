// Shows search matches in the open reader: finds the rendered paragraphs (one <p> per line of the
// document), maps document offsets to DOM ranges with the reader's own TextMap, and paints them as CSS
// Custom Highlights ("cd-search" for all, "cd-search-current" for the one being read).
import { paragraphStarts } from '../../../core/model';
import type { Range as TextRange } from '../../../core/search';
import { TextMap, paragraphIndexAt } from '../../reader/text-map';

export const MATCH_HIGHLIGHT = 'cd-search';
export const CURRENT_HIGHLIGHT = 'cd-search-current';

/** The open reader's paragraphs, with the reader's own map from document offsets to DOM positions. */
export interface ReaderDom {
  map: TextMap;
  paragraphs: HTMLElement[];
}

/** The reader's paragraphs when it shows `title` fully rendered with `lines` paragraphs, else null. */
export function findReader(title: string, lines: readonly string[]): ReaderDom | null {
  const scroll = document.querySelector<HTMLElement>('.reader-scroll[data-loaded="true"]');
  const heading = scroll?.querySelector('#reader-title');
  if (!scroll || heading?.textContent?.trim() !== title.trim()) return null;
  const paragraphs = [...scroll.querySelectorAll<HTMLElement>('.reader-content p')];
  if (paragraphs.length !== lines.length) return null;
  return { map: new TextMap(scroll, lines, paragraphStarts(lines), paragraphs), paragraphs };
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
    // Matches never cross lines (a line break is not a word), so a range stays in one paragraph.
    const range = reader.map.rangeFor(m);
    if (!range) return;
    all.add(range);
    if (i === current) {
      now.add(range);
      currentParagraph = reader.paragraphs[paragraphIndexAt(reader.map.starts, m.start)] ?? null;
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
