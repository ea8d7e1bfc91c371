// Caret browsing in the read-only reader: a drawn caret (the text is not editable, so the browser draws
// none), arrows / Home / End / Ctrl+arrows / Page Up / Page Down move it and keep it in view, Shift with
// any of them extends the selection from it. It also tells screen readers which highlight the caret is in.
import { useEffect, useImperativeHandle, useRef, useState, type Ref, type RefObject } from 'react';
import { mergeRegister } from '@lexical/utils';
import { describeKind, type Annotation } from '../../../core/model';
import type { TextMap } from '../text-map';
import { annotationAt, caretOffset, caretRect, firstVisibleOffset, focusInOtherField, listen, scrollRectIntoView } from '../dom-selection';

/** What the app may ask of the reader: take the keyboard focus back, with the caret where it was. */
export interface ReaderHandle {
  focus(): void;
}

type Move = [direction: 'forward' | 'backward', granularity: string];

/** The Selection.modify step for a key (Ctrl: by word, or to the document's start/end). */
function moveFor(e: KeyboardEvent): Move | 'page-up' | 'page-down' | 'start' | 'end' | null {
  const byWord = e.ctrlKey;
  switch (e.key) {
    case 'ArrowLeft':
      return ['backward', byWord ? 'word' : 'character'];
    case 'ArrowRight':
      return ['forward', byWord ? 'word' : 'character'];
    case 'ArrowUp':
      return ['backward', byWord ? 'paragraphboundary' : 'line'];
    case 'ArrowDown':
      return ['forward', byWord ? 'paragraphboundary' : 'line'];
    case 'Home':
      // The read-only text is not an editing host, so the browser's document boundary is the page's.
      return byWord ? 'start' : ['backward', 'lineboundary'];
    case 'End':
      return byWord ? 'end' : ['forward', 'lineboundary'];
    case 'PageUp':
      return 'page-up';
    case 'PageDown':
      return 'page-down';
    default:
      return null;
  }
}

function shortQuote(s: string): string {
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

export function CaretPlugin(props: {
  map: TextMap | null;
  annotations: readonly Annotation[];
  scrollRef: RefObject<HTMLDivElement | null>;
  surfaceRef: RefObject<HTMLDivElement | null>;
  handleRef?: Ref<ReaderHandle>;
}) {
  const { map, annotations, scrollRef, surfaceRef, handleRef } = props;
  const [caret, setCaret] = useState<{ top: number; left: number; height: number; tick: number } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const lastOffset = useRef<number | null>(null);
  const announcedId = useRef<string | null>(null);
  const annotationsRef = useRef(annotations);
  annotationsRef.current = annotations;

  useImperativeHandle(
    handleRef,
    () => ({
      focus() {
        if (!map) return;
        map.root.focus({ preventScroll: true });
        const sel = document.getSelection();
        const p = map.pointAt(lastOffset.current ?? firstVisibleOffset(map, scrollRef.current!));
        if (!sel || !p) return;
        sel.collapse(p.node, p.offset);
        const rect = caretRect(p.node, p.offset);
        if (rect && scrollRef.current) scrollRectIntoView(scrollRef.current, rect);
      },
    }),
    [map, scrollRef],
  );

  useEffect(() => {
    if (!map) return;
    const root = map.root;
    let pointerDown = false;
    let tick = 0;

    /** Draws the caret at the selection's focus while the reader has the keyboard focus. */
    const draw = () => {
      const sel = document.getSelection();
      const surface = surfaceRef.current;
      if (!surface || document.activeElement !== root || !sel?.focusNode || !root.contains(sel.focusNode)) return setCaret(null);
      const rect = caretRect(sel.focusNode, sel.focusOffset);
      if (!rect) return setCaret(null);
      const origin = surface.getBoundingClientRect();
      // Lines are ~1.7em tall; the caret spans the glyphs, not the leading.
      setCaret({ top: rect.top - origin.top, left: rect.left - origin.left, height: rect.height, tick: ++tick });
    };

    /** Remembers where the caret is and announces the highlight it entered (once per highlight). */
    const follow = () => {
      // Typing in another field (the search box): no caret here, and the selection is not read.
      if (focusInOtherField(root)) return setCaret(null);
      const offset = caretOffset(map);
      if (offset === null) return draw();
      lastOffset.current = offset;
      const a = annotationAt(annotationsRef.current, offset);
      if ((a?.id ?? null) !== announcedId.current) {
        announcedId.current = a?.id ?? null;
        // Cleared on leaving, so entering the same highlight again is announced again.
        setAnnouncement(a ? `${describeKind(a)}: “${shortQuote(a.quote.exact)}”${a.note ? `. Note: ${shortQuote(a.note)}` : ''}` : '');
      }
      draw();
    };

    const placeAtTop = () => {
      const p = map.pointAt(lastOffset.current ?? firstVisibleOffset(map, scrollRef.current!));
      if (p) document.getSelection()?.collapse(p.node, p.offset);
    };

    const page = (sel: Selection, down: boolean, extend: boolean) => {
      const scroller = scrollRef.current!;
      const focus = sel.focusNode ? caretRect(sel.focusNode, sel.focusOffset) : null;
      if (!focus) return;
      const box = scroller.getBoundingClientRect();
      const delta = (down ? 1 : -1) * scroller.clientHeight * 0.85;
      const before = scroller.scrollTop;
      scroller.scrollTop += delta;
      // The caret keeps its place on screen while the text moves under it; at either end of the
      // document the text cannot move, so the caret does.
      const rest = delta - (scroller.scrollTop - before);
      const y = Math.min(box.bottom - 4, Math.max(box.top + 4, focus.top + focus.height / 2 + rest));
      const hit = document.caretPositionFromPoint?.(focus.left + 1, y);
      if (hit && root.contains(hit.offsetNode) && map.offsetOf(hit.offsetNode, hit.offset) !== null) {
        if (extend) sel.extend(hit.offsetNode, hit.offset);
        else sel.collapse(hit.offsetNode, hit.offset);
      } else {
        for (let i = 0; i < 10; i++) sel.modify(extend ? 'extend' : 'move', down ? 'forward' : 'backward', 'line');
      }
    };

    /** The first or last rendered point of the text (a long document's end may still be loading). */
    const boundary = (end: boolean) => {
      if (!end) return map.pointAt(0);
      for (let i = map.paragraphs.length - 1; i >= 0; i--) if (map.element(i)) return map.pointAt(map.starts[i]! + map.paragraphs[i]!.length);
      return null;
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.altKey || e.metaKey) return;
      const move = moveFor(e);
      if (!move) return;
      const sel = document.getSelection();
      if (!sel) return;
      e.preventDefault();
      if (sel.rangeCount === 0 || !root.contains(sel.focusNode)) placeAtTop();
      const before = [sel.anchorNode!, sel.anchorOffset, sel.focusNode!, sel.focusOffset] as const;
      if (move === 'page-up' || move === 'page-down') page(sel, move === 'page-down', e.shiftKey);
      else if (move === 'start' || move === 'end') {
        const p = boundary(move === 'end');
        if (p && e.shiftKey) sel.extend(p.node, p.offset);
        else if (p) sel.collapse(p.node, p.offset);
      } else if (!e.shiftKey && !sel.isCollapsed && (move[1] === 'character')) {
        // A plain arrow on a selection collapses it to that side, as in an editor.
        if (move[0] === 'forward') sel.collapseToEnd();
        else sel.collapseToStart();
      } else sel.modify(e.shiftKey ? 'extend' : 'move', move[0], move[1]);
      // At the text's first or last line the browser would carry the caret out into the page: it stays.
      if (!sel.focusNode || !root.contains(sel.focusNode) || map.offsetOf(sel.focusNode, sel.focusOffset) === null) sel.setBaseAndExtent(...before);
      const rect = sel.focusNode ? caretRect(sel.focusNode, sel.focusOffset) : null;
      // Ctrl+Home shows the document's title too.
      if (move === 'start' && scrollRef.current) scrollRef.current.scrollTop = 0;
      else if (rect && scrollRef.current) scrollRectIntoView(scrollRef.current, rect);
      follow();
    };

    // Tabbing into the reader puts the caret where it was, or at the top of what is on screen; a click
    // places it itself.
    const onFocus = () => {
      const sel = document.getSelection();
      if (!pointerDown && sel && (sel.rangeCount === 0 || !root.contains(sel.focusNode))) placeAtTop();
      follow();
    };
    const scroller = scrollRef.current;
    let frame = 0;
    const redraw = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), draw()));
    };
    return mergeRegister(
      listen(root, 'keydown', onKeyDown),
      listen(root, 'focus', onFocus),
      listen(root, 'blur', () => setCaret(null)),
      listen(root, 'pointerdown', () => (pointerDown = true)),
      listen(document, 'pointerup', () => (pointerDown = false), true),
      listen(document, 'selectionchange', follow),
      scroller ? listen(scroller, 'scroll', redraw, { passive: true }) : () => {},
      () => cancelAnimationFrame(frame),
    );
  }, [map, scrollRef, surfaceRef]);

  return (
    <>
      {caret && <div key={caret.tick} className="reader-caret" aria-hidden="true" style={{ top: caret.top, left: caret.left, height: caret.height }} />}
      {/* Read out when the caret enters a highlight: its kind, verdict and quote. */}
      <div className="visually-hidden reader-announcer" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </>
  );
}
