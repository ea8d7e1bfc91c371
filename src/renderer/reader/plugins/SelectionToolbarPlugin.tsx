// Follows the text selection: reports it (in document offsets) and shows the tagging toolbar above it.
import { useEffect, useState, type RefObject } from 'react';
import { mergeRegister } from '@lexical/utils';
import type { AnnotationKind, Verdict } from '../../../core/model';
import type { TextMap } from '../text-map';
import type { TextRange } from '../types';
import { focusInOtherField, listen, readSelection } from '../dom-selection';

/** Height of the selection toolbar plus a gap: it sits this far above the selection. */
const TOOLBAR_OFFSET_PX = 44;

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
  const [pending, setPending] = useState<{ range: TextRange; top: number; left: number } | null>(null);

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
      // Above the selection, or below it when there is no room above.
      const above = first.top - surface.top - TOOLBAR_OFFSET_PX;
      const top = above >= 0 ? above : last.bottom - surface.top + 6;
      setPending({ range: current.range, top, left: Math.max(0, first.left - surface.left) });
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

  if (!pending) return null;
  const tag = (kind: AnnotationKind, verdict: Verdict | null) => () => onTag(kind, verdict, pending.range);
  return (
    <div className="selection-toolbar" role="toolbar" aria-label="Tag the selected text" style={{ top: pending.top, left: pending.left }} onMouseDown={(e) => e.preventDefault()}>
      <button type="button" className="tag-sourced" onClick={tag('claim', 'sourced')} aria-keyshortcuts="1">Sourced</button>
      <button type="button" className="tag-contested" onClick={tag('claim', 'contested')} aria-keyshortcuts="2">Contested</button>
      <button type="button" className="tag-contradicted" onClick={tag('claim', 'contradicted')} aria-keyshortcuts="3">Contradicted</button>
      {canMarkTranslation && (
        <button type="button" className="tag-translation" onClick={tag('translation-error', null)} aria-keyshortcuts="T">Translation error</button>
      )}
    </div>
  );
}
