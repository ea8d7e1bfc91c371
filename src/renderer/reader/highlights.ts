// Paints highlights with the CSS Custom Highlight API: no DOM nodes are added to the Lexical tree,
// so thousands of highlights cost one StaticRange each. Styles live in styles/app.css (::highlight()).
import type { Annotation } from '../../core/model';
import type { TextMap } from './text-map';

export const HIGHLIGHT_NAMES = {
  sourced: 'cd-sourced',
  contested: 'cd-contested',
  contradicted: 'cd-contradicted',
  translation: 'cd-translation',
  selected: 'cd-selected',
  flash: 'cd-flash',
} as const;

export function highlightNameFor(a: Annotation): string {
  if (a.kind === 'translation-error') return HIGHLIGHT_NAMES.translation;
  return HIGHLIGHT_NAMES[a.verdict ?? 'contested'];
}

export function supportsCustomHighlights(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

/** Replaces the painted highlights with these annotations' ranges; returns how many were painted. */
export function paintHighlights(map: TextMap, annotations: readonly Annotation[]): number {
  if (!supportsCustomHighlights()) return 0;
  const groups = new Map<string, AbstractRange[]>();
  let painted = 0;
  for (const a of annotations) {
    if (a.orphan) continue;
    const r = map.rangeFor(a.position);
    if (!r) continue;
    const name = highlightNameFor(a);
    let g = groups.get(name);
    if (!g) groups.set(name, (g = []));
    g.push(r);
    painted++;
  }
  for (const name of [HIGHLIGHT_NAMES.sourced, HIGHLIGHT_NAMES.contested, HIGHLIGHT_NAMES.contradicted, HIGHLIGHT_NAMES.translation]) {
    const h = new Highlight(...(groups.get(name) ?? []));
    // Translation errors sit above verdicts so a mistranslated name inside a claim stays visible.
    h.priority = name === HIGHLIGHT_NAMES.translation ? 2 : 1;
    CSS.highlights.set(name, h);
  }
  return painted;
}

export function paintSingle(name: string, map: TextMap | null, a: Annotation | null): void {
  if (!supportsCustomHighlights()) return;
  const r = map && a && !a.orphan ? map.rangeFor(a.position) : null;
  const h = r ? new Highlight(r) : new Highlight();
  h.priority = 5;
  CSS.highlights.set(name, h);
}

export function clearHighlights(): void {
  if (!supportsCustomHighlights()) return;
  for (const name of Object.values(HIGHLIGHT_NAMES)) CSS.highlights.delete(name);
}
