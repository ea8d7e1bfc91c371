// Paints highlights with the CSS Custom Highlight API: no DOM nodes are added to the Lexical tree,
// so thousands of highlights cost one StaticRange each. Styles live in styles/app.css (::highlight()).
import type { Annotation } from '../../core/model';
import type { TextMap } from './text-map';

export const HIGHLIGHT_NAMES = {
  sourced: 'cd-sourced',
  contested: 'cd-contested',
  contradicted: 'cd-contradicted',
  translation: 'cd-translation',
  comment: 'cd-comment',
  selected: 'cd-selected',
  flash: 'cd-flash',
} as const;

export function highlightNameFor(a: Annotation): string {
  if (a.kind === 'translation-error') return HIGHLIGHT_NAMES.translation;
  if (a.kind === 'comment') return HIGHLIGHT_NAMES.comment;
  return HIGHLIGHT_NAMES[a.verdict ?? 'contested'];
}

export function supportsCustomHighlights(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

const VERDICT_LAYERS = [HIGHLIGHT_NAMES.sourced, HIGHLIGHT_NAMES.contested, HIGHLIGHT_NAMES.contradicted, HIGHLIGHT_NAMES.translation];

/**
 * Keeps the painted highlights in step with the annotations, changing only what changed: creating one
 * highlight in a document with 20,000 costs one range, not 20,000. Ranges stay valid while the reader's
 * DOM grows, because paragraphs are only ever appended.
 */
export class HighlightPainter {
  private readonly layers = new Map<string, Highlight>();
  private readonly painted = new Map<string, { key: string; name: string; range: AbstractRange }>();
  private map: TextMap | null = null;

  constructor() {
    if (!supportsCustomHighlights()) return;
    for (const name of VERDICT_LAYERS) {
      const h = new Highlight();
      // Translation errors sit above verdicts so a mistranslated name inside a claim stays visible.
      h.priority = name === HIGHLIGHT_NAMES.translation ? 2 : 1;
      this.layers.set(name, h);
      CSS.highlights.set(name, h);
    }
  }

  /**
   * Brings the painted ranges in line with `annotations` (only those overlapping `view` when one is
   * given). Returns how many are painted and how many should be (in view and not orphaned): they
   * differ only while some of those paragraphs are not rendered yet.
   */
  sync(map: TextMap, annotations: readonly Annotation[], view: { start: number; end: number } | null = null): { painted: number; wanted: number } {
    if (this.layers.size === 0) return { painted: 0, wanted: 0 };
    // formats helper (issue 12): the comment layer is registered only once a comment exists: every
    // registered highlight costs paint time on large documents, even when empty.
    if (!this.layers.has(HIGHLIGHT_NAMES.comment) && annotations.some((a) => a.kind === 'comment')) {
      const h = new Highlight();
      h.priority = 0;
      this.layers.set(HIGHLIGHT_NAMES.comment, h);
      CSS.highlights.set(HIGHLIGHT_NAMES.comment, h);
    }
    let wanted = 0;
    if (map.root !== this.map?.root) this.clear();
    for (const [name, h] of this.layers) if (CSS.highlights.get(name) !== h) CSS.highlights.set(name, h);
    this.map = map;
    const seen = new Set<string>();
    for (const a of annotations) {
      if (view && (a.position.end < view.start || a.position.start > view.end)) continue;
      seen.add(a.id);
      if (!a.orphan) wanted++;
      const name = highlightNameFor(a);
      const key = a.orphan ? 'orphan' : `${a.position.start}:${a.position.end}:${name}`;
      const prev = this.painted.get(a.id);
      if (prev?.key === key) continue;
      if (prev) {
        this.layers.get(prev.name)!.delete(prev.range);
        this.painted.delete(a.id);
      }
      if (a.orphan) continue;
      const range = map.rangeFor(a.position);
      if (!range) continue; // not rendered yet: painted when its paragraph arrives
      this.layers.get(name)!.add(range);
      this.painted.set(a.id, { key, name, range });
    }
    for (const [id, p] of this.painted) {
      if (seen.has(id)) continue;
      this.layers.get(p.name)!.delete(p.range);
      this.painted.delete(id);
    }
    return { painted: this.painted.size, wanted };
  }

  private clear(): void {
    for (const h of this.layers.values()) h.clear();
    this.painted.clear();
  }

  /** Unpaints everything (the reader closed); a later sync paints again. */
  dispose(): void {
    this.clear();
    this.map = null;
    for (const [name, h] of this.layers) if (CSS.highlights.get(name) === h) CSS.highlights.delete(name);
  }
}

export function paintSingle(name: string, map: TextMap | null, a: Annotation | null): void {
  if (!supportsCustomHighlights()) return;
  const r = map && a && !a.orphan ? map.rangeFor(a.position) : null;
  const h = r ? new Highlight(r) : new Highlight();
  h.priority = 5;
  CSS.highlights.set(name, h);
}
