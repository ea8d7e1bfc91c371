// Reaching highlights: a click selects the innermost one under the pointer; `n` / `p` move the caret to
// the next / previous one, scroll it into view and select its entry; Enter opens the one at the caret.
import { useEffect, useRef, type RefObject } from 'react';
import { mergeRegister } from '@lexical/utils';
import { compareByTextOrder, type Annotation } from '../../../core/model';
import type { TextMap } from '../text-map';
import { isTypingTarget } from '../../keyboard';
import { annotationAt, caretOffset, caretRect, listen, scrollRectIntoView, stepAnnotation } from '../dom-selection';

export function HighlightNavigationPlugin(props: {
  map: TextMap | null;
  annotations: readonly Annotation[];
  selectedId: string | null;
  scrollRef: RefObject<HTMLDivElement | null>;
  onSelect(id: string | null): void;
  onOpen(id: string): void;
}) {
  const { map, annotations, selectedId, scrollRef, onSelect, onOpen } = props;
  const state = useRef({ annotations, selectedId, onSelect, onOpen });
  state.current = { annotations, selectedId, onSelect, onOpen };

  useEffect(() => {
    if (!map) return;
    const root = map.root;

    /** Puts the caret at the start of `a`, brings it into view and selects its entry. */
    const goTo = (a: Annotation) => {
      const p = map.pointAt(a.position.start);
      const sel = document.getSelection();
      if (!p || !sel) return;
      if (document.activeElement === document.body || document.activeElement === null) root.focus({ preventScroll: true });
      sel.collapse(p.node, p.offset);
      const range = map.liveRangeFor(a.position);
      const rect = range?.getBoundingClientRect() ?? caretRect(p.node, p.offset);
      if (rect && scrollRef.current) scrollRectIntoView(scrollRef.current, { top: rect.top, bottom: Math.min(rect.bottom, rect.top + 120) }, 80);
      state.current.onSelect(a.id);
    };

    const step = (forward: boolean) => {
      // Sorted on demand: keeping a sorted copy would cost every edit in a document with 20,000 highlights.
      const ordered = state.current.annotations.filter((a) => !a.orphan).sort(compareByTextOrder);
      const next = stepAnnotation(ordered, state.current.selectedId, caretOffset(map), forward);
      if (next) goTo(next);
    };

    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || document.querySelector('dialog[open]')) return;
      const k = e.key;
      if (k === 'n' || k === 'p') {
        e.preventDefault();
        step(k === 'n');
      } else if (k === 'Enter' && root.contains(e.target as Node)) {
        const at = caretOffset(map);
        const a = (at !== null ? annotationAt(state.current.annotations, at) : null)?.id ?? state.current.selectedId;
        if (!a) return;
        e.preventDefault();
        state.current.onOpen(a);
      }
    };

    // A click (not a drag) on a highlight selects its entry, the innermost one when they nest.
    const onClick = (e: MouseEvent) => {
      const sel = document.getSelection();
      if (sel && !sel.isCollapsed) return;
      const pos = document.caretPositionFromPoint?.(e.clientX, e.clientY);
      if (!pos) return;
      const offset = map.offsetOf(pos.offsetNode, pos.offset);
      if (offset === null) return;
      state.current.onSelect(annotationAt(state.current.annotations, offset)?.id ?? null);
    };

    return mergeRegister(listen(document, 'keydown', onKey), listen(root, 'click', onClick));
  }, [map, scrollRef]);
  return null;
}
