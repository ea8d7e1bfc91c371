// Accessible markers over painted highlights: one transparent element per highlight in view, labelled
// with its verdict and quote, so assistive tech (and tests) can find each highlight and activate it to
// open its entry. CSS highlights carry no semantics of their own; these markers do, without touching
// Lexical's DOM. (ARIA's "mark" role may not be named, so each marker is a button.)
import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { describeKind, type Annotation } from '../../core/model';
import { paragraphIndexAt, type TextMap } from './text-map';

/** Below this many highlights every marker is placed; above it only those near the viewport. */
const ALL_MARKERS_LIMIT = 400;
const MARGIN_PX = 800;

interface Placed {
  id: string;
  label: string;
  cls: string;
  top: number;
  left: number;
  width: number;
  height: number;
}

function markerClass(a: Annotation): string {
  return a.kind === 'translation-error' ? 'translation' : (a.verdict ?? 'contested');
}

function shortQuote(s: string): string {
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

export function HighlightMarkers(props: {
  map: TextMap;
  annotations: readonly Annotation[];
  selectedId: string | null;
  onActivate(id: string): void;
  scrollRoot: RefObject<HTMLDivElement | null>;
  surfaceRef: RefObject<HTMLDivElement | null>;
}) {
  const { map, annotations, selectedId, onActivate, scrollRoot, surfaceRef } = props;
  const [viewport, setViewport] = useState({ top: 0, bottom: 0, tick: 0 });
  const [placed, setPlaced] = useState<Placed[]>([]);

  useEffect(() => {
    const scroller = scrollRoot.current;
    if (!scroller) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      setViewport((v) => ({ top: scroller.scrollTop - MARGIN_PX, bottom: scroller.scrollTop + scroller.clientHeight + MARGIN_PX, tick: v.tick + 1 }));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    scroller.addEventListener('scroll', schedule, { passive: true });
    const ro = new ResizeObserver(schedule);
    ro.observe(scroller);
    if (surfaceRef.current) ro.observe(surfaceRef.current);
    return () => {
      scroller.removeEventListener('scroll', schedule);
      ro.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scrollRoot, surfaceRef]);

  useLayoutEffect(() => {
    const surface = surfaceRef.current;
    if (!surface) return;
    const origin = surface.getBoundingClientRect();
    const live = annotations.filter((a) => !a.orphan);
    const all = live.length <= ALL_MARKERS_LIMIT;
    const out: Placed[] = [];
    for (const a of live) {
      if (!all) {
        const el = map.element(paragraphIndexAt(map.starts, a.position.start));
        if (!el) continue;
        const y = el.offsetTop;
        if (y + el.offsetHeight < viewport.top || y > viewport.bottom) continue;
      }
      const r = map.liveRangeFor(a.position);
      if (!r) continue;
      // The first line of the highlight: the union of the rectangles on the first rectangle's line.
      const rects = [...r.getClientRects()].filter((x) => x.width > 0);
      const first = rects[0];
      if (!first) continue;
      const line = rects.filter((x) => Math.abs(x.top - first.top) < first.height / 2);
      const left = Math.min(...line.map((x) => x.left));
      const right = Math.max(...line.map((x) => x.right));
      const rect = { top: first.top, left, width: right - left, height: Math.max(...line.map((x) => x.height)) };
      out.push({
        id: a.id,
        label: `${describeKind(a)}: “${shortQuote(a.quote.exact)}”`,
        cls: markerClass(a),
        top: rect.top - origin.top,
        left: rect.left - origin.left,
        width: Math.max(2, rect.width),
        height: rect.height,
      });
    }
    setPlaced(out);
  }, [map, annotations, viewport, surfaceRef]);

  return (
    <div className="highlight-markers">
      {placed.map((p) => (
        <span
          key={p.id}
          role="button"
          tabIndex={-1}
          aria-label={p.label}
          onClick={() => onActivate(p.id)}
          data-annotation-id={p.id}
          data-verdict={p.cls}
          aria-pressed={p.id === selectedId}
          className={`hl-marker hl-${p.cls}`}
          style={{ top: p.top, left: p.left, width: p.width, height: p.height }}
        />
      ))}
    </div>
  );
}
