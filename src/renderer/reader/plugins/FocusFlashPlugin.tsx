// Scrolls to and briefly flashes an annotation when the panel asks (an entry was chosen there).
import { useEffect, useRef, type RefObject } from 'react';
import type { Annotation } from '../../../core/model';
import type { TextMap } from '../text-map';
import { HIGHLIGHT_NAMES, paintSingle } from '../highlights';

const FLASH_MS = 1200;

export function FocusFlashPlugin(props: {
  map: TextMap | null;
  annotations: readonly Annotation[];
  focusRequest: { id: string; nonce: number } | null;
  scrollRef: RefObject<HTMLDivElement | null>;
  surfaceRef: RefObject<HTMLDivElement | null>;
}) {
  const { map, annotations, focusRequest, scrollRef, surfaceRef } = props;
  const annotationsRef = useRef(annotations);
  annotationsRef.current = annotations;
  useEffect(() => {
    if (!focusRequest || !map) return;
    const a = annotationsRef.current.find((x) => x.id === focusRequest.id);
    if (!a || a.orphan) return;
    const r = map.liveRangeFor(a.position);
    const scroller = scrollRef.current;
    if (!r || !scroller) return;
    const rect = r.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    scroller.scrollTop += rect.top - box.top - box.height / 3;
    paintSingle(HIGHLIGHT_NAMES.flash, map, a);
    surfaceRef.current?.setAttribute('data-flashing', a.id);
    const t = setTimeout(() => {
      paintSingle(HIGHLIGHT_NAMES.flash, null, null);
      surfaceRef.current?.removeAttribute('data-flashing');
    }, FLASH_MS);
    return () => clearTimeout(t);
  }, [focusRequest, map, scrollRef, surfaceRef]);
  return null;
}
