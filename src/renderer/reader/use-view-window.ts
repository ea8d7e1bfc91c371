// What part of the document is in or near view (document offsets, section by section), and a tick
// whenever the layout moves: long documents paint highlights and place markers only there.
import { useEffect, useState, type RefObject } from 'react';
import type { TextMap } from './text-map';
import type { TextRange } from './types';

/** How far beyond the visible area (px) highlights are painted and markers placed. */
const VIEW_MARGIN_PX = 1200;

export function useViewWindow(map: TextMap | null, scrollRef: RefObject<HTMLElement | null>, surfaceRef: RefObject<HTMLElement | null>): { view: TextRange | null; layoutTick: number } {
  const [view, setView] = useState<TextRange | null>(null);
  const [layoutTick, setLayoutTick] = useState(0);
  useEffect(() => {
    const scroller = scrollRef.current;
    const surface = surfaceRef.current;
    if (!scroller || !surface || !map) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const box = scroller.getBoundingClientRect();
      const [start, end] = map.visibleOffsets(box.top - VIEW_MARGIN_PX, box.bottom + VIEW_MARGIN_PX);
      setView((v) => (v && v.start === start && v.end === end ? v : { start, end }));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    scroller.addEventListener('scroll', schedule, { passive: true });
    let tickFrame = 0;
    const ro = new ResizeObserver(() => {
      schedule();
      if (!tickFrame) tickFrame = requestAnimationFrame(() => ((tickFrame = 0), setLayoutTick((t) => t + 1)));
    });
    ro.observe(scroller);
    ro.observe(surface);
    return () => {
      scroller.removeEventListener('scroll', schedule);
      ro.disconnect();
      cancelAnimationFrame(frame);
      cancelAnimationFrame(tickFrame);
    };
  }, [map, scrollRef, surfaceRef]);
  return { view, layoutTick };
}
