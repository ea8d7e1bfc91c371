// The reader: a read-only Lexical view of one document (one paragraph per line, text unchanged),
// highlights painted over it, a selection toolbar, click-to-select, keyboard selection.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import type { Annotation, AnnotationKind, CorpusDocument, Verdict } from '../../core/model';
import { describeKind, paragraphStarts, splitParagraphs } from '../../core/model';
import { TextMap } from './text-map';
import { HIGHLIGHT_NAMES, HighlightPainter, paintSingle } from './highlights';
import type { TextRange } from './types';
import { HighlightMarkers } from './HighlightMarkers';
import { trimRange } from './selection';
import { isTypingTarget } from '../keyboard';
import { $createReaderSectionNode, ReaderSectionNode, SECTION_SIZE, estimateHeight } from './section-node';

/**
 * Paragraphs rendered in the first pass (an article is rendered whole at once); a longer document's
 * rest follows in chunks after the first screen is painted.
 */
const FIRST_CHUNK = 12 * SECTION_SIZE;
const CHUNK = 40 * SECTION_SIZE;
/** Height of the selection toolbar plus a gap: it sits this far above the selection. */
const TOOLBAR_OFFSET_PX = 44;
/** Up to this many highlights are all painted; above it, only those in or near view. */
const PAINT_ALL_LIMIT = 2000;
/** How far beyond the visible area (px) highlights are painted and markers placed. */
const VIEW_MARGIN_PX = 1200;

export interface CreateRequest {
  kind: AnnotationKind;
  verdict: Verdict | null;
  range: TextRange;
}

export interface ReaderProps {
  doc: CorpusDocument;
  annotations: readonly Annotation[];
  selectedId: string | null;
  /** Changes (nonce) whenever the panel asks to scroll to and flash an annotation. */
  focusRequest: { id: string; nonce: number } | null;
  onSelectAnnotation(id: string | null): void;
  onCreate(request: CreateRequest): void;
  /** The current text selection in document offsets (null when none): used to re-attach orphans. */
  onSelectionChange(range: TextRange | null): void;
  onReady?(info: { paragraphs: number; ms: number }): void;
}

export interface LoadedKeys {
  paragraphs: string[];
  sections: Array<{ key: string; first: number; last: number }>;
}

/** Renders the paragraphs into Lexical in sections, the first screenful at once and the rest in chunks. */
function LoaderPlugin({ paragraphs, onProgress }: { paragraphs: readonly string[]; onProgress(editor: LexicalEditor, keys: LoadedKeys, done: boolean): void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    let cancelled = false;
    const keys: LoadedKeys = { paragraphs: [], sections: [] };
    let next = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frame = 0;
    const step = () => {
      if (cancelled) return;
      const end = Math.min(paragraphs.length, next + (next === 0 ? FIRST_CHUNK : CHUNK));
      const from = next;
      editor.update(
        () => {
          const root = $getRoot();
          if (from === 0) root.clear();
          for (let s = from; s < end; s += SECTION_SIZE) {
            const last = Math.min(end, s + SECTION_SIZE) - 1;
            const section = $createReaderSectionNode(estimateHeight(paragraphs.slice(s, last + 1)));
            for (let j = s; j <= last; j++) {
              const p = $createParagraphNode();
              const line = paragraphs[j]!;
              if (line) p.append($createTextNode(line));
              section.append(p);
              keys.paragraphs.push(p.getKey());
            }
            root.append(section);
            keys.sections.push({ key: section.getKey(), first: s, last });
          }
        },
        { discrete: true },
      );
      next = end;
      const done = next >= paragraphs.length;
      onProgress(editor, keys, done);
      // After the first screenful, let the browser paint before rendering the rest.
      if (!done) frame = requestAnimationFrame(() => (timer = setTimeout(step, 0)));
    };
    step();
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
    // onProgress is stable (useCallback in the parent)
  }, [editor, paragraphs, onProgress]);
  return null;
}

/** Mount with `key={doc.id + doc.hash}`: a new text is a new reader, with nothing carried over. */
export function Reader(props: ReaderProps) {
  const { doc, annotations, selectedId, focusRequest, onSelectAnnotation, onCreate, onSelectionChange, onReady } = props;
  const paragraphs = useMemo(() => splitParagraphs(doc.text), [doc.text]);
  const starts = useMemo(() => paragraphStarts(paragraphs), [paragraphs]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const surfaceRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<TextMap | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [pending, setPending] = useState<{ range: TextRange; top: number; left: number } | null>(null);
  const openedAt = useRef(performance.now());
  const annotationsRef = useRef(annotations);
  annotationsRef.current = annotations;

  const onProgress = useCallback(
    (editor: LexicalEditor, keys: LoadedKeys, done: boolean) => {
      const root = editor.getRootElement();
      if (!root) return;
      const els = keys.paragraphs.map((k) => editor.getElementByKey(k));
      const sections = keys.sections.map((s) => ({ el: editor.getElementByKey(s.key)!, first: s.first, last: s.last }));
      setMap(new TextMap(root, paragraphs, starts, els, sections));
      if (keys.paragraphs.length <= FIRST_CHUNK) performance.mark('cd:reader-first-chunk', { detail: { paragraphs: keys.paragraphs.length } });
      if (done) {
        performance.mark('cd:reader-loaded', { detail: { paragraphs: paragraphs.length } });
        setLoaded(true);
        onReady?.({ paragraphs: paragraphs.length, ms: performance.now() - openedAt.current });
      }
    },
    [paragraphs, starts, onReady],
  );

  // What is in or near view, in document offsets (section by section), and a tick when layout moves.
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
  }, [map]);

  // Paint highlights whenever the annotations, the rendered paragraphs or the view change (only what
  // changed). A long document paints only the highlights in or near view.
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

  // Scroll to and flash on request from the panel.
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
    }, 1200);
    return () => clearTimeout(t);
  }, [focusRequest, map]);

  /** The reader's current text selection in document offsets, read from the DOM now (never stale). */
  const readSelection = useCallback((): { range: TextRange; dom: Range } | null => {
    if (!map) return null;
    const sel = document.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    if (!map.root.contains(r.startContainer) || !map.root.contains(r.endContainer)) return null;
    const s = map.offsetOf(r.startContainer, r.startOffset);
    const e = map.offsetOf(r.endContainer, r.endOffset);
    if (s === null || e === null) return null;
    const range = trimRange(doc.text, { start: Math.min(s, e), end: Math.max(s, e) });
    return range ? { range, dom: r } : null;
  }, [map, doc.text]);

  // Follow the text selection: show the toolbar for a selection inside the reader.
  useEffect(() => {
    if (!map) return;
    let timer = 0;
    let dragging = false;
    const update = () => {
      timer = 0;
      const current = readSelection();
      if (!current) {
        setPending(null);
        onSelectionChange(null);
        return;
      }
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
    const onDown = (e: PointerEvent) => {
      if (e.button === 0 && map.root.contains(e.target as Node)) dragging = true;
    };
    const onUp = () => {
      if (!dragging) return;
      dragging = false;
      onChange();
    };
    document.addEventListener('selectionchange', onChange);
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('pointerup', onUp, true);
    return () => {
      document.removeEventListener('selectionchange', onChange);
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('pointerup', onUp, true);
      if (timer) clearTimeout(timer);
    };
  }, [map, readSelection, onSelectionChange]);

  const create = useCallback(
    (kind: AnnotationKind, verdict: Verdict | null) => {
      const range = readSelection()?.range ?? pending?.range;
      if (!range) return;
      onCreate({ kind, verdict, range });
      document.getSelection()?.removeAllRanges();
      setPending(null);
    },
    [readSelection, pending, onCreate],
  );

  // Keys 1, 2, 3 and T tag the selected text.
  useEffect(() => {
    if (!map) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      const k = e.key.toLowerCase();
      const action: [AnnotationKind, Verdict | null] | null =
        k === '1' ? ['claim', 'sourced'] : k === '2' ? ['claim', 'contested'] : k === '3' ? ['claim', 'contradicted'] : k === 't' ? ['translation-error', null] : null;
      if (!action || !readSelection()) return;
      e.preventDefault();
      create(action[0], action[1]);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [map, readSelection, create]);

  // Clicking a highlight selects its entry in the panel (the innermost one when they nest).
  const onClick = useCallback(
    (e: React.MouseEvent) => {
      if (!map) return;
      const sel = document.getSelection();
      if (sel && !sel.isCollapsed) return;
      const pos = document.caretPositionFromPoint?.(e.clientX, e.clientY);
      const point = pos ? { node: pos.offsetNode, offset: pos.offset } : null;
      if (!point) return;
      const offset = map.offsetOf(point.node, point.offset);
      if (offset === null) return;
      let best: Annotation | null = null;
      for (const a of annotationsRef.current) {
        if (a.orphan || a.position.start > offset || a.position.end <= offset) continue;
        if (!best || a.position.end - a.position.start < best.position.end - best.position.start) best = a;
      }
      onSelectAnnotation(best?.id ?? null);
    },
    [map, onSelectAnnotation],
  );

  // Shift+arrows select text from the keyboard, as in an editor.
  const onKeyDown = useCallback(
    (e: ReactKeyboardEvent) => {
      if (!map || !e.shiftKey || !/^Arrow(Left|Right|Up|Down)$/.test(e.key) && e.key !== 'Home' && e.key !== 'End') return;
      const sel = document.getSelection();
      if (!sel) return;
      if (sel.rangeCount === 0 || !map.root.contains(sel.anchorNode)) {
        const start = firstVisibleOffset(map, scrollRef.current!);
        const p = map.pointAt(start);
        if (!p) return;
        sel.collapse(p.node, p.offset);
      }
      const dir = e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'Home' ? 'backward' : 'forward';
      const unit = e.key === 'ArrowUp' || e.key === 'ArrowDown' ? 'line' : e.key === 'Home' || e.key === 'End' ? 'lineboundary' : e.ctrlKey || e.altKey ? 'word' : 'character';
      sel.modify('extend', dir, unit);
      e.preventDefault();
    },
    [map],
  );

  const initialConfig = useMemo(
    () => ({
      namespace: `reader-${doc.id}`,
      editable: false,
      nodes: [ReaderSectionNode],
      theme: { paragraph: 'reader-paragraph' },
      onError(error: Error) {
        throw error;
      },
    }),
    [doc.id],
  );

  return (
    <div className="reader-scroll" ref={scrollRef} data-loaded={loaded ? 'true' : 'false'}>
      <article className="reader-article" lang={doc.language === 'und' ? undefined : doc.language} aria-labelledby="reader-title">
        <header className="reader-header">
          <h2 id="reader-title">{doc.title}</h2>
          <p className="reader-meta">
            {[doc.publication, doc.author, doc.date].filter(Boolean).join(' · ')}
            {doc.translation ? ` · translated from ${doc.translation.from === 'und' ? 'an unknown language' : doc.translation.from}${doc.translation.method === 'machine' ? ' (machine)' : ''}` : ''}
          </p>
        </header>
        <div className="reader-surface" ref={surfaceRef} onClick={onClick} onKeyDown={onKeyDown}>
          <LexicalComposer key={`${doc.id}:${doc.hash}`} initialConfig={initialConfig}>
            <RichTextPlugin
              contentEditable={<ContentEditable className="reader-content" aria-label="Article text" tabIndex={0} role="document" />}
              ErrorBoundary={LexicalErrorBoundary}
            />
            <LoaderPlugin paragraphs={paragraphs} onProgress={onProgress} />
          </LexicalComposer>
          {map && <HighlightMarkers map={map} annotations={annotations} selectedId={selectedId} onActivate={onSelectAnnotation} view={view} layoutTick={layoutTick} surfaceRef={surfaceRef} />}
          {pending && (
            <div className="selection-toolbar" role="toolbar" aria-label="Tag the selected text" style={{ top: pending.top, left: pending.left }} onMouseDown={(e) => e.preventDefault()}>
              <button type="button" className="tag-sourced" onClick={() => create('claim', 'sourced')} aria-keyshortcuts="1">Sourced</button>
              <button type="button" className="tag-contested" onClick={() => create('claim', 'contested')} aria-keyshortcuts="2">Contested</button>
              <button type="button" className="tag-contradicted" onClick={() => create('claim', 'contradicted')} aria-keyshortcuts="3">Contradicted</button>
              <button type="button" className="tag-translation" onClick={() => create('translation-error', null)} aria-keyshortcuts="T">Translation error</button>
            </div>
          )}
        </div>
      </article>
    </div>
  );
}

function firstVisibleOffset(map: TextMap, scroller: HTMLElement): number {
  const top = scroller.getBoundingClientRect().top;
  for (let i = 0; i < map.paragraphs.length; i++) {
    const el = map.element(i);
    if (el && el.getBoundingClientRect().bottom > top && map.paragraphs[i]!.length > 0) return map.starts[i]!;
  }
  return 0;
}

export { describeKind };
