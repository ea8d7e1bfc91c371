// Follows the text selection: reports it (in document offsets) and shows the tagging toolbar above it.
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { mergeRegister } from '@lexical/utils';
import type { AnnotationKind, Verdict } from '../../../core/model';
import type { TextMap } from '../text-map';
import type { TextRange } from '../types';
import { focusInOtherField, listen, readSelection } from '../dom-selection';
import { placeToolbar } from './toolbar-placement';

export function SelectionToolbarPlugin(props: {
  map: TextMap | null;
  text: string;
  surfaceRef: RefObject<HTMLDivElement | null>;
  /** Translation errors are offered only on documents that are translations. */
  canMarkTranslation: boolean;
  onSelectionChange(range: TextRange | null): void;
  onTag(kind: AnnotationKind, verdict: Verdict | null, fallback: TextRange): void;
}) {
  const { map, text, surfaceRef, canMarkTranslation, onSelectionChange, onTag } = props;
  const [pending, setPending] = useState<{ range: TextRange; firstTop: number; lastBottom: number; left: number } | null>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!map) return;
    let timer = 0;
    let dragging = false;
    // Whether "no selection" was last reported: typing in another field reports it once, not per key.
    let cleared = false;
    const update = () => {
      timer = 0;
      const elsewhere = focusInOtherField(map.root);
      const current = elsewhere ? null : readSelection(map, text);
      if (!current) {
        if (!cleared) {
          setPending(null);
          onSelectionChange(null);
        }
        cleared = elsewhere;
        return;
      }
      cleared = false;
      onSelectionChange(current.range);
      // No toolbar while the mouse is still dragging: it would appear under the pointer and take over
      // the selection (on a document's first line it turned a drag into a select-all).
      if (dragging) return;
      const rects = current.dom.getClientRects();
      const first = rects[0] ?? current.dom.getBoundingClientRect();
      const last = rects[rects.length - 1] ?? first;
      const surface = surfaceRef.current!.getBoundingClientRect();
      // Placed once drawn, when its size is known (placeToolbar).
      setPending({ range: current.range, firstTop: first.top - surface.top, lastBottom: last.bottom - surface.top, left: Math.max(0, first.left - surface.left) });
    };
    const onChange = () => {
      if (!timer) timer = window.setTimeout(update, 0);
    };
    return mergeRegister(
      listen(document, 'selectionchange', onChange),
      listen(document, 'pointerdown', (e) => {
        if (e.button === 0 && map.root.contains(e.target as Node)) dragging = true;
      }, true),
      listen(document, 'pointerup', () => {
        if (!dragging) return;
        dragging = false;
        onChange();
      }, true),
      () => clearTimeout(timer),
    );
  }, [map, text, surfaceRef, onSelectionChange]);

  // The toolbar's size is known once it is drawn: it is placed before the frame is painted.
  useLayoutEffect(() => {
    const el = toolbarRef.current;
    const surface = surfaceRef.current;
    if (!pending || !el || !surface) return;
    const { top, left } = placeToolbar(pending, { width: el.offsetWidth, height: el.offsetHeight }, surface.clientWidth);
    el.style.top = `${top}px`;
    el.style.left = `${left}px`;
  }, [pending, surfaceRef]);

  if (!pending) return null;
  const tag = (kind: AnnotationKind, verdict: Verdict | null) => () => onTag(kind, verdict, pending.range);
  return (
    <div ref={toolbarRef} className="selection-toolbar" role="toolbar" aria-label="Tag the selected text" onMouseDown={(e) => e.preventDefault()}>
      <button type="button" className="tag-sourced" onClick={tag('claim', 'sourced')} aria-keyshortcuts="1">Sourced</button>
      <button type="button" className="tag-contested" onClick={tag('claim', 'contested')} aria-keyshortcuts="2">Contested</button>
      <button type="button" className="tag-contradicted" onClick={tag('claim', 'contradicted')} aria-keyshortcuts="3">Contradicted</button>
      {canMarkTranslation && (
        <button type="button" className="tag-translation" onClick={tag('translation-error', null)} aria-keyshortcuts="T">Translation error</button>
      )}
    </div>
  );
}
