// The open document: the reader (or its corrected reading) and its annotation panel, reading the
// document's annotations with a live query where they render. Creating, deleting and re-attaching
// annotations, and re-anchoring when the document's text changed, are workspace actions.
import { startTransition, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { plural, compareByTextOrder, type Annotation, type CorpusDocument, type Verdict } from '../../../core/model';
import { Reader, type ReaderHandle } from '../../reader/Reader';
import { CorrectedReading } from '../../reader/CorrectedReading';
import { readDocAnnotations } from '../../db/reads';
import type { DocTextSummary } from '../../db/library-reads';
import { describeSaveError } from '../../db/storage-errors';
import { restoreDocText } from '../../db/writes';
import { isPlaceholderDocument } from '../../state/documents';
import { cutAtWord, describeTarget } from '../../state/history';
import { useSelection, useStores } from '../../state/stores';
import type { CreateRequest } from '../../state/workspace';
import { AnnotationPanel } from '../annotations/AnnotationPanel';
import { SideBySide } from '../documents/SideBySide';
import { useFilteredForPanel } from '../filters/filter-context';
import type { LibraryDocument } from '../../../core/documents';

export interface DocumentViewProps {
  doc: LibraryDocument | null;
  /** Null while the corpus loads. */
  corpus: readonly CorpusDocument[] | null;
  /** The stored texts without their text (which one replaces a corpus file or an earlier import). */
  docTexts: readonly DocTextSummary[];
  author: string;
  /** The library as shown (a linked translation's source is found here). */
  documents?: readonly LibraryDocument[];
}

/** The open document's annotations as stored now (a live query), with a recent answer shown while a reopened document loads. */
export function useDocAnnotations(docId: string | null): { stored: Annotation[] | undefined; live: Annotation[] | undefined } {
  const { db } = useStores();
  const live = useLiveQuery(async () => ({ docId, items: docId ? await readDocAnnotations(db, docId) : [] }), [db, docId]);
  const recent = useRef(new Map<string, Annotation[]>());
  const liveItems = live && live.docId === docId ? live.items : undefined;
  useEffect(() => {
    if (live?.docId) recent.current.set(live.docId, live.items);
  }, [live]);
  return { stored: liveItems ?? (docId ? recent.current.get(docId) : undefined), live: liveItems };
}

export function DocumentView({ doc, corpus, docTexts, author, documents = [] }: DocumentViewProps) {
  // formats helper (issue 12): a document's title, to name an unplaced import's candidates.
  const titleOf = useCallback((id: string) => documents.find((d) => d.id === id)?.title, [documents]);
  const { db, workspace, drafts, selection, notices, reportDeletedElsewhere } = useStores();
  const { selectedId, focusRequest, editRequest, corrected } = useSelection();
  const readerHandle = useRef<ReaderHandle>(null);
  const hasRange = useSyncExternalStore(selection.subscribeRange, () => selection.textRange() !== null);
  const [optimistic, setOptimistic] = useState<Annotation[]>([]);
  const { stored, live: liveItems } = useDocAnnotations(doc?.id ?? null);
  const placeholder = doc ? isPlaceholderDocument(doc) : false;

  // Optimistic annotations show at once; they drop out when the live query has them.
  const annotations = useMemo(() => {
    const list = stored ?? [];
    if (optimistic.length === 0) return list;
    const have = new Set(list.map((a) => a.id));
    return list.concat(optimistic.filter((a) => a.docId === doc?.id && !have.has(a.id)));
  }, [stored, optimistic, doc?.id]);
  // The panel follows the annotations at lower priority, so a new highlight paints first.
  const panelAnnotations = useFilteredForPanel(useDeferredValue(annotations), selectedId);
  useEffect(() => {
    if (!stored || optimistic.length === 0) return;
    const have = new Set(stored.map((a) => a.id));
    if (optimistic.some((a) => have.has(a.id))) setOptimistic((o) => o.filter((a) => !have.has(a.id)));
  }, [stored, optimistic]);

  // Re-anchor annotations made against another version of the text when the document opens.
  const reanchoredFor = useRef<string>('');
  useEffect(() => {
    // Only ever on the database's current answer, never on the recent copy shown while it loads.
    if (!doc || !liveItems || placeholder) return;
    const key = `${doc.id}:${doc.hash}:${liveItems.length}`;
    if (reanchoredFor.current === key) return;
    reanchoredFor.current = key;
    if (!liveItems.some((a) => a.docHash !== doc.hash)) return;
    void workspace.reanchor(doc, liveItems).then(({ moved, orphaned }) => {
      if (moved || orphaned) notices.status(`The text of this document changed: ${plural(moved, 'annotation')} followed their words, ${plural(orphaned, 'became orphan', 'became orphans')}.`);
    });
  }, [doc, liveItems, workspace, notices, placeholder]);

  // The annotation open in the panel was deleted in another window: say so, and offer it back.
  const lastSelected = useRef<Annotation | null>(null);
  useEffect(() => {
    if (!liveItems || !doc) return;
    const open = selectedId ? liveItems.find((a) => a.id === selectedId) : undefined;
    if (open) {
      lastSelected.current = open;
      return;
    }
    const gone = lastSelected.current;
    lastSelected.current = null;
    if (!gone || gone.id !== selectedId || gone.docId !== doc.id || workspace.deletedHere(gone.id)) return;
    selection.select(null);
    reportDeletedElsewhere(gone);
  }, [liveItems, selectedId, doc, workspace, selection, reportDeletedElsewhere]);

  const onCreate = useCallback(
    (request: CreateRequest) => {
      if (!doc) return;
      // Shown before it is saved: the highlight appears at once.
      const a = workspace.build(doc, request, author);
      setOptimistic((o) => [...o, a]);
      // The highlight is urgent; opening its entry in the panel can follow a frame later.
      startTransition(() => selection.select(a.id));
      workspace.add(a).then(
        () => {
          performance.mark('cd:annotation-saved', { detail: { id: a.id } });
          notices.status(`${a.kind === 'claim' ? `Tagged as ${a.verdict}` : 'Marked as a translation error'}: “${cutAtWord(a.quote.exact, 60)}”.`);
        },
        (e: unknown) => {
          setOptimistic((o) => o.filter((x) => x.id !== a.id));
          notices.alert(describeSaveError('the annotation', e));
        },
      );
    },
    [doc, workspace, author, selection, notices],
  );

  // Read by onDelete without making it change (and re-render the panel) on every edit.
  const annotationsRef = useRef(annotations);
  annotationsRef.current = annotations;
  const onDelete = useCallback(
    (a: Annotation) => {
      // The keyboard focus goes to the next entry in the same list (or back to the reader), never to the page body.
      const list = annotationsRef.current.filter((x) => x.orphan === a.orphan).sort(compareByTextOrder);
      const next = list[list.findIndex((x) => x.id === a.id) + 1];
      workspace.remove(a).then(
        () => {
          drafts.drop(a.id);
          selection.select(null);
          notices.status('Deleted. Press Ctrl+Z to undo.');
          requestAnimationFrame(() => {
            const entry = next && document.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(next.id)}"] button:not(:disabled)`);
            if (entry) entry.focus();
            else readerHandle.current?.focus();
          });
        },
        (e: unknown) => notices.alert(describeSaveError('the deletion', e)),
      );
    },
    [workspace, drafts, selection, notices],
  );

  // A verdict key on words that already carry a claim changes that claim's verdict (one undoable field edit).
  const onChangeVerdict = useCallback(
    (a: Annotation, verdict: Verdict) => {
      selection.select(a.id);
      workspace.edit({ id: a.id, set: { verdict } }).then(
        () => notices.status(`Changed to ${verdict}: “${cutAtWord(a.quote.exact, 60)}”. Press Ctrl+Z to undo.`),
        (e: unknown) => notices.alert(describeSaveError('the new verdict', e)),
      );
    },
    [workspace, selection, notices],
  );

  // Escape in the editor closes it and gives the reader back its focus (the caret where it was);
  // without a reader on screen (corrected reading, unplaced imports) the entry keeps the focus.
  const closeEditor = useCallback(() => {
    const entry = document.activeElement?.closest('[data-entry-id]');
    selection.select(null);
    if (readerHandle.current) readerHandle.current.focus();
    else requestAnimationFrame(() => entry?.querySelector<HTMLElement>('button')?.focus());
  }, [selection]);
  const openForEditing = useCallback((id: string) => selection.openForEditing(id), [selection]);

  const onReattach = useCallback(
    (a: Annotation) => {
      const range = selection.textRange();
      if (!doc || !range) return;
      workspace.reattach(a, doc, range).then(
        () => {
          document.getSelection()?.removeAllRanges();
          selection.select(a.id);
          notices.status('Orphan re-attached to the selected text.');
        },
        (e: unknown) => notices.alert(describeSaveError('the re-attached orphan', e)),
      );
    },
    [doc, workspace, selection, notices],
  );

  const isOwnWrite = useCallback((a: Annotation) => workspace.wroteThis(a), [workspace]);
  const onSelect = useCallback((id: string) => selection.focus(id), [selection]);
  const onSelectAnnotation = useCallback((id: string | null) => selection.select(id), [selection]);

  // A text imported in place of another: a corpus file's corrected text, or an imported text replaced by a later one.
  const row = doc ? docTexts.find((t) => t.id === doc.id) : undefined;
  const replacesCorpus = !!row && !!corpus?.some((d) => d.id === row.id);
  const restore = useCallback(async () => {
    if (!row) return;
    try {
      const what = await restoreDocText(db, row.id);
      notices.status(what === 'corpus' ? 'Restored the corpus text of this document; its annotations are re-anchored to it.' : 'Restored the previous text of this document; its annotations are re-anchored to it.');
    } catch (e) {
      notices.alert(describeSaveError('the restored text', e));
    }
  }, [db, row, notices]);

  return (
    <>
      <section className="reader-pane" aria-label="Reader">
        {row && (replacesCorpus || row.previous) && (
          <p className="replaced-note" role="note">
            {replacesCorpus
              ? `This text is ${row.file}, imported ${row.importedAt.slice(0, 10)} in place of the corpus file. `
              : `This text is ${row.file}, imported ${row.importedAt.slice(0, 10)} in place of an earlier ${row.previous!.file}. `}
            <button type="button" onClick={() => void restore()}>
              {replacesCorpus && !row.previous ? 'Restore the corpus text' : 'Restore the previous text'}
            </button>
          </p>
        )}
        {!doc ? (
          <p className="muted empty">{corpus ? 'No documents.' : 'Loading the corpus…'}</p>
        ) : placeholder ? (
          <p className="muted empty">
            These imported annotations name a document that is not in the library. They are listed as orphans in the panel; nothing was dropped. Import the document’s text (.txt) to place them, or delete them there.
          </p>
        ) : corrected ? (
          <CorrectedReading doc={doc} annotations={annotations} />
        ) : (
          // documents (issue 13): the source beside a linked translation
          <SideBySide doc={doc} documents={documents}>
          <Reader
            key={`${doc.id}:${doc.hash}`}
            doc={doc}
            annotations={annotations}
            selectedId={selectedId}
            focusRequest={focusRequest}
            onSelectAnnotation={onSelectAnnotation}
            onCreate={onCreate}
            onChangeVerdict={onChangeVerdict}
            onOpenAnnotation={openForEditing}
            handleRef={readerHandle}
            onSelectionChange={selection.setTextRange}
          />
          </SideBySide>
        )}
      </section>
      <AnnotationPanel
        annotations={panelAnnotations}
        selectedId={selectedId}
        drafts={drafts}
        isOwnWrite={isOwnWrite}
        unplaced={placeholder}
        canReattach={hasRange && !placeholder}
        onSelect={onSelect}
        editRequest={editRequest}
        onCloseEditor={closeEditor}
        onDelete={onDelete}
        onReattach={onReattach}
        titleOf={titleOf}
        editorName={author}
      />
    </>
  );
}
