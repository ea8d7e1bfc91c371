// Paints the annotations over the reader's text (CSS Custom Highlights, see ../highlights.ts), only
// what changed, and only what is near the view in a long document; the selected one on its own layer.
import { useEffect, useLayoutEffect, useMemo } from 'react';
import type { Annotation } from '../../../core/model';
import type { TextMap } from '../text-map';
import type { TextRange } from '../types';
import { HIGHLIGHT_NAMES, HighlightPainter, paintSingle } from '../highlights';

/** Up to this many highlights are all painted; above it, only those in or near view. */
const PAINT_ALL_LIMIT = 2000;

export function HighlightPaintPlugin({ map, annotations, selectedId, view }: { map: TextMap | null; annotations: readonly Annotation[]; selectedId: string | null; view: TextRange | null }) {
  const painter = useMemo(() => new HighlightPainter(), []);
  useEffect(() => () => painter.dispose(), [painter]);
  useLayoutEffect(() => {
    if (!map) return;
    const { painted, wanted } = painter.sync(map, annotations, annotations.length > PAINT_ALL_LIMIT ? view : null);
    // Marks for benchmarks and profiles (bench/): cheap, and they say what the reader has shown.
    // `wanted` is what should be painted now (long documents paint only what is in or near view).
    performance.mark('cd:highlights-painted', { detail: { painted, wanted, total: annotations.length, paragraphs: map.renderedCount } });
  }, [map, annotations, painter, view]);

  useLayoutEffect(() => {
    paintSingle(HIGHLIGHT_NAMES.selected, map, annotations.find((a) => a.id === selectedId) ?? null);
  }, [map, annotations, selectedId]);
  return null;
}
