// The reader: a read-only Lexical view of one document (one paragraph per line, text unchanged), made of
// small plugins (plugins/): loading, highlight painting, caret browsing, highlight navigation, the
// selection toolbar, tag shortcuts and the focus flash. Each registers and removes its own listeners.
import { useCallback, useMemo, useRef, useState, type Ref } from 'react';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import type { LexicalEditor } from 'lexical';
import '@fontsource/noto-serif/400.css';
import '@fontsource/noto-serif/400-italic.css';
import '@fontsource/noto-serif/700.css';
import type { Annotation, AnnotationKind, CorpusDocument, Verdict } from '../../core/model';
import { describeKind, paragraphStarts, splitParagraphs } from '../../core/model';
import { TextMap } from './text-map';
import type { TextRange } from './types';
import { HighlightMarkers } from './HighlightMarkers';
import { ReaderSectionNode } from './section-node';
import { readSelection } from './dom-selection';
import { useViewWindow } from './use-view-window';
import { FIRST_CHUNK, LoaderPlugin, type LoadedKeys } from './plugins/LoaderPlugin';
import { HighlightPaintPlugin } from './plugins/HighlightPaintPlugin';
import { FocusFlashPlugin } from './plugins/FocusFlashPlugin';
import { SelectionToolbarPlugin } from './plugins/SelectionToolbarPlugin';
import { TagShortcutsPlugin } from './plugins/TagShortcutsPlugin';
import { HighlightNavigationPlugin } from './plugins/HighlightNavigationPlugin';
import { CaretPlugin, type ReaderHandle } from './plugins/CaretPlugin';

export type { ReaderHandle } from './plugins/CaretPlugin';
export type { LoadedKeys } from './plugins/LoaderPlugin';

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
  /** A verdict key on words that already carry a claim: that claim's verdict changes (undoable), no duplicate. */
  onChangeVerdict?(a: Annotation, verdict: Verdict): void;
  /** Enter on a highlight: open its entry for editing. */
  onOpenAnnotation?(id: string): void;
  /** The current text selection in document offsets (null when none): used to re-attach orphans. */
  onSelectionChange(range: TextRange | null): void;
  onReady?(info: { paragraphs: number; ms: number }): void;
  /** Lets the app give the keyboard focus back to the reader, with the caret where it was. */
  handleRef?: Ref<ReaderHandle>;
}

/** Mount with `key={doc.id + doc.hash}`: a new text is a new reader, with nothing carried over. */
export function Reader(props: ReaderProps) {
  const { doc, annotations, selectedId, focusRequest, onSelectAnnotation, onCreate, onChangeVerdict, onOpenAnnotation, onSelectionChange, onReady, handleRef } = props;
  const paragraphs = useMemo(() => splitParagraphs(doc.text), [doc.text]);
  const starts = useMemo(() => paragraphStarts(paragraphs), [paragraphs]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const surfaceRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<TextMap | null>(null);
  const [loaded, setLoaded] = useState(false);
  const openedAt = useRef(performance.now());
  const annotationsRef = useRef(annotations);
  annotationsRef.current = annotations;
  const canMarkTranslation = doc.translation !== null;

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

  const { view, layoutTick } = useViewWindow(map, scrollRef, surfaceRef);

  /**
   * Tags the selected words. Words that already carry an annotation of the same kind are not tagged
   * twice: that annotation is selected, and a claim takes the new verdict.
   */
  const tag = useCallback(
    (kind: AnnotationKind, verdict: Verdict | null, fallback?: TextRange) => {
      const range = readSelection(map, doc.text)?.range ?? fallback;
      if (!range || (kind === 'translation-error' && !canMarkTranslation)) return;
      const same = annotationsRef.current.find((a) => !a.orphan && a.kind === kind && a.position.start === range.start && a.position.end === range.end);
      if (!same) onCreate({ kind, verdict, range });
      else if (kind === 'claim' && verdict && same.verdict !== verdict && onChangeVerdict) onChangeVerdict(same, verdict);
      else onSelectAnnotation(same.id);
      // The caret stays at the end of what was tagged, so a keyboard user carries on from there.
      const sel = document.getSelection();
      if (sel && map && sel.focusNode && map.root.contains(sel.focusNode)) sel.collapseToEnd();
      else sel?.removeAllRanges();
    },
    [map, doc.text, canMarkTranslation, onCreate, onChangeVerdict, onSelectAnnotation],
  );

  const openAnnotation = useCallback((id: string) => (onOpenAnnotation ? onOpenAnnotation(id) : onSelectAnnotation(id)), [onOpenAnnotation, onSelectAnnotation]);

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
        <div className="reader-surface" ref={surfaceRef}>
          <LexicalComposer key={`${doc.id}:${doc.hash}`} initialConfig={initialConfig}>
            <RichTextPlugin
              contentEditable={
                // A read-only multi-line text box: screen readers let the arrow keys through to the caret
                // (Lexical marks a read-only editor aria-readonly, which a "document" may not carry).
                <ContentEditable
                  className="reader-content"
                  aria-label="Article text"
                  aria-multiline
                  tabIndex={0}
                  role="textbox"
                  aria-keyshortcuts={canMarkTranslation ? '1 2 3 T N P Enter' : '1 2 3 N P Enter'}
                />
              }
              ErrorBoundary={LexicalErrorBoundary}
            />
            <LoaderPlugin paragraphs={paragraphs} onProgress={onProgress} />
            <HighlightPaintPlugin map={map} annotations={annotations} selectedId={selectedId} view={view} />
            <CaretPlugin map={map} annotations={annotations} scrollRef={scrollRef} surfaceRef={surfaceRef} handleRef={handleRef} />
            <HighlightNavigationPlugin map={map} annotations={annotations} selectedId={selectedId} scrollRef={scrollRef} onSelect={onSelectAnnotation} onOpen={openAnnotation} />
            <TagShortcutsPlugin map={map} text={doc.text} canMarkTranslation={canMarkTranslation} onTag={tag} />
            <SelectionToolbarPlugin map={map} text={doc.text} surfaceRef={surfaceRef} canMarkTranslation={canMarkTranslation} onSelectionChange={onSelectionChange} onTag={tag} />
            <FocusFlashPlugin map={map} annotations={annotations} focusRequest={focusRequest} scrollRef={scrollRef} surfaceRef={surfaceRef} />
          </LexicalComposer>
          {map && <HighlightMarkers map={map} annotations={annotations} selectedId={selectedId} onActivate={onSelectAnnotation} view={view} layoutTick={layoutTick} surfaceRef={surfaceRef} />}
        </div>
      </article>
    </div>
  );
}

export { describeKind };
