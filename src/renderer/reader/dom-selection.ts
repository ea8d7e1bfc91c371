// The reader's DOM selection in document offsets, and the annotation under a document offset.
import type { Annotation } from '../../core/model';
import type { TextRange } from '../../core/anchoring';
import type { TextMap } from './text-map';
import { trimRange } from './selection';

/**
 * Whether the keyboard focus is in a text field outside `root` (the search box, a note): the
 * document's selection is then inside that field, not in the reader. Checked before reading the
 * selection, because reading a selection inside a text field makes the browser lay out the page
 * first: every key typed in the search box paid for an extra layout (ADR 0017).
 */
export function focusInOtherField(root: Node): boolean {
  const a = document.activeElement;
  return isTextField(a) && !root.contains(a);
}

/** A text input or text area: while one has the focus, the document's selection is inside it. */
export function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

/** The reader's current (non-empty) text selection in document offsets, read from the DOM now (never stale). */
export function readSelection(map: TextMap | null, text: string): { range: TextRange; dom: Range } | null {
  if (!map) return null;
  const sel = document.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!map.root.contains(r.startContainer) || !map.root.contains(r.endContainer)) return null;
  const s = map.offsetOf(r.startContainer, r.startOffset);
  const e = map.offsetOf(r.endContainer, r.endOffset);
  if (s === null || e === null) return null;
  const range = trimRange(text, { start: Math.min(s, e), end: Math.max(s, e) });
  return range ? { range, dom: r } : null;
}

/** The document offset of the selection's focus (where the caret is), or null when it is not in the reader. */
export function caretOffset(map: TextMap | null): number | null {
  const sel = document.getSelection();
  if (!map || !sel || !sel.focusNode || !map.root.contains(sel.focusNode)) return null;
  return map.offsetOf(sel.focusNode, sel.focusOffset);
}

/** The innermost (shortest) live annotation covering `offset`, so nested highlights each stay reachable. */
export function annotationAt(annotations: readonly Annotation[], offset: number): Annotation | null {
  let best: Annotation | null = null;
  for (const a of annotations) {
    if (a.orphan || a.position.start > offset || a.position.end <= offset) continue;
    if (!best || a.position.end - a.position.start < best.position.end - best.position.start) best = a;
  }
  return best;
}

/**
 * The annotation `n` (forward) or `p` moves to, in `ordered` (text order, no orphans): from the selected
 * one while the caret is still at its start, otherwise from the caret; undefined at either end.
 */
export function stepAnnotation(ordered: readonly Annotation[], selectedId: string | null, caret: number | null, forward: boolean): Annotation | undefined {
  const i = selectedId ? ordered.findIndex((a) => a.id === selectedId) : -1;
  if (i >= 0 && (caret === null || caret === ordered[i]!.position.start)) return ordered[i + (forward ? 1 : -1)];
  if (caret === null) return forward ? ordered[0] : ordered.at(-1);
  if (forward) return ordered.find((a) => a.position.start > caret);
  for (let j = ordered.length - 1; j >= 0; j--) if (ordered[j]!.position.start < caret) return ordered[j];
  return undefined;
}

/** Client rectangle of the caret at a DOM point: a zero-width line box, or the block's box on an empty line. */
export function caretRect(node: Node, offset: number): DOMRect | null {
  const r = node.ownerDocument!.createRange();
  try {
    r.setStart(node, offset);
  } catch {
    return null;
  }
  r.collapse(true);
  const rect = r.getClientRects()[0];
  if (rect && rect.height > 0) return rect;
  // An empty paragraph (<p><br></p>) or a point between blocks has no line box of its own.
  const child = node.childNodes[offset] ?? node.childNodes[offset - 1];
  const el = child instanceof Element ? child : node instanceof Element ? node : node.parentElement;
  return el ? el.getBoundingClientRect() : null;
}

/** Scrolls `scroller` so that `rect` (client coordinates) is inside it with a margin. */
export function scrollRectIntoView(scroller: HTMLElement, rect: { top: number; bottom: number }, margin = 48): void {
  const box = scroller.getBoundingClientRect();
  if (rect.top < box.top + margin) scroller.scrollTop -= box.top + margin - rect.top;
  else if (rect.bottom > box.bottom - margin) scroller.scrollTop += rect.bottom - (box.bottom - margin);
}

/** The first document offset shown at the top of `scroller` (a non-empty paragraph). */
export function firstVisibleOffset(map: TextMap, scroller: HTMLElement): number {
  const top = scroller.getBoundingClientRect().top;
  for (let i = 0; i < map.paragraphs.length; i++) {
    const el = map.element(i);
    if (el && el.getBoundingClientRect().bottom > top && map.paragraphs[i]!.length > 0) return map.starts[i]!;
  }
  return 0;
}

/** Adds a DOM listener and returns its remover (for mergeRegister). */
export function listen<K extends keyof DocumentEventMap>(target: Document, type: K, fn: (e: DocumentEventMap[K]) => void, options?: boolean | AddEventListenerOptions): () => void;
export function listen<K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void, options?: boolean | AddEventListenerOptions): () => void;
export function listen(target: EventTarget, type: string, fn: (e: never) => void, options?: boolean | AddEventListenerOptions): () => void {
  const handler = fn as unknown as EventListener;
  target.addEventListener(type, handler, options);
  return () => target.removeEventListener(type, handler, options);
}
