// Accessible markers over painted highlights: one transparent element per highlight in view, labelled
// with its verdict and quote, so assistive tech (and tests) can find each highlight and activate it to
// open its entry. CSS highlights carry no semantics of their own; these markers do, without touching
// Lexical's DOM. (ARIA's "mark" role may not be named, so each marker is a button.)
import { useEffect, useMemo, useState, type RefObject } from 'react';
import { describeKind, type Annotation } from '../../core/model';
import type { TextMap } from './text-map';

/**
 * In an article every marker is placed; in a long document (more sections than this) or with more
 * highlights than ALL_MARKERS_LIMIT, only those near the viewport: measuring a highlight in a section
 * the browser has skipped would force that section's layout.
 */
const ALL_MARKERS_LIMIT = 400;
const ALL_MARKERS_SECTIONS = 12;
/** How far before the view a highlight may start and still reach into it (a long contested passage). */
const LOOKBACK_CHARS = 20_000;

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
  return a.kind === 'translation-error' ? 'translation' : a.kind === 'comment' ? 'comment' : (a.verdict ?? 'contested');
}

function shortQuote(s: string): string {
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

export function HighlightMarkers(props: {
  map: TextMap;
  annotations: readonly Annotation[];
  selectedId: string | null;
  onActivate(id: string): void;
  /** The document offsets in or near view; null until measured. */
  view: { start: number; end: number } | null;
  /** Changes when the layout moved (resize, sections laid out): positions are measured again. */
  layoutTick: number;
  surfaceRef: RefObject<HTMLDivElement | null>;
}) {
  const { map, annotations, selectedId, onActivate, view, layoutTick, surfaceRef } = props;
  const [placed, setPlaced] = useState<Placed[]>([]);

  // Live annotations in text order, so the ones in view are found by binary search.
  const ordered = useMemo(() => annotations.filter((a) => !a.orphan).sort((a, b) => a.position.start - b.position.start), [annotations]);

  // Placed after the text and its highlights are painted (the markers serve assistive tech and
  // clicks, not the eye), and only for the highlights in or near view.
  useEffect(() => {
    const surface = surfaceRef.current;
    if (!surface) return;
    const frame = requestAnimationFrame(() => {
      let candidates: readonly Annotation[] = ordered;
      if (ordered.length > ALL_MARKERS_LIMIT || map.sections.length > ALL_MARKERS_SECTIONS) {
        if (!view) return;
        const { start: from, end: to } = view;
        const first = lowerBound(ordered, from - LOOKBACK_CHARS);
        candidates = [];
        for (let i = first; i < ordered.length && ordered[i]!.position.start <= to; i++) {
          if (ordered[i]!.position.end >= from) (candidates as Annotation[]).push(ordered[i]!);
        }
      }
      const origin = surface.getBoundingClientRect();
      const out: Placed[] = [];
      for (const a of candidates) {
        const r = map.liveRangeFor(a.position);
        if (!r) continue;
        // The first line of the highlight: the union of the rectangles on the first rectangle's line.
        const rects = [...r.getClientRects()].filter((x) => x.width > 0);
        const head = rects[0];
        if (!head) continue;
        const line = rects.filter((x) => Math.abs(x.top - head.top) < head.height / 2);
        const left = Math.min(...line.map((x) => x.left));
        const right = Math.max(...line.map((x) => x.right));
        out.push({
          id: a.id,
          label: `${describeKind(a)}: “${shortQuote(a.quote.exact)}”`,
          cls: markerClass(a),
          top: head.top - origin.top,
          left: left - origin.left,
          width: Math.max(2, right - left),
          height: Math.max(...line.map((x) => x.height)),
        });
      }
      setPlaced(out);
    });
    return () => cancelAnimationFrame(frame);
  }, [map, ordered, view, layoutTick, surfaceRef]);

  // The selected highlight is outlined on every line it covers (a marker covers only the first line).
  const [outline, setOutline] = useState<Array<{ top: number; left: number; width: number; height: number }>>([]);
  useEffect(() => {
    const surface = surfaceRef.current;
    const a = selectedId ? ordered.find((x) => x.id === selectedId) : undefined;
    if (!surface || !a) return setOutline([]);
    const frame = requestAnimationFrame(() => {
      const r = map.liveRangeFor(a.position);
      const origin = surface.getBoundingClientRect();
      setOutline(r ? lineBoxes([...r.getClientRects()]).map((b) => ({ top: b.top - origin.top, left: b.left - origin.left, width: b.right - b.left, height: b.bottom - b.top })) : []);
    });
    return () => cancelAnimationFrame(frame);
  }, [map, ordered, selectedId, layoutTick, surfaceRef]);

  return (
    <div className="highlight-markers">
      {outline.map((b, i) => (
        <span key={`outline-${i}`} className="hl-selected-line" aria-hidden="true" style={b} />
      ))}
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

/** The union of the rectangles on each line: one box per line of a highlight. */
function lineBoxes(rects: DOMRect[]): Array<{ top: number; bottom: number; left: number; right: number }> {
  const lines: Array<{ top: number; bottom: number; left: number; right: number }> = [];
  for (const x of rects) {
    if (x.width <= 0) continue;
    const line = lines.find((l) => Math.abs(l.top - x.top) < x.height / 2);
    if (!line) lines.push({ top: x.top, bottom: x.bottom, left: x.left, right: x.right });
    else {
      line.top = Math.min(line.top, x.top);
      line.bottom = Math.max(line.bottom, x.bottom);
      line.left = Math.min(line.left, x.left);
      line.right = Math.max(line.right, x.right);
    }
  }
  return lines;
}

/** Index of the first annotation starting at or after `offset`. */
function lowerBound(list: readonly Annotation[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.position.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
