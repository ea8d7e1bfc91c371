// The annotation panel: the open document's annotations in text order, and its orphans.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { compareByTextOrder, describeKind, describeStatus, workflowOf, type Annotation } from '../../../core/model';
import type { DraftStore } from '../../state/drafts';
import { AnnotationEditor, DIMENSION_LABELS } from './AnnotationEditor';
import { ClaimWorkflow, knownReviewers } from './ClaimWorkflow';

export interface AnnotationPanelProps {
  annotations: readonly Annotation[];
  selectedId: string | null;
  /** This window's unsaved typing, shown over the stored records. */
  drafts: DraftStore;
  isOwnWrite(a: Annotation): boolean;
  /** The open document is the "Unplaced imports" list (no text to select in). */
  unplaced?: boolean;
  canReattach: boolean;
  onSelect(id: string): void;
  /** Enter on a highlight asks for its editor to take the keyboard focus. */
  editRequest?: { id: string; nonce: number } | null;
  /** Escape in the editor: close it and give the focus back to the reader. */
  onCloseEditor?(): void;
  onDelete(a: Annotation): void;
  onReattach(a: Annotation): void;
  /** formats helper (issue 12): a document's title, to name an unplaced import's candidates. */
  titleOf?(docId: string): string | undefined;
  /** This profile's editor, offered as an assignee with the annotations' authors. */
  editorName?: string;
}

/** Entries shown at once: a document with 20,000 annotations lists them a page at a time. */
export const PAGE_SIZE = 200;

function summary(a: Annotation): string {
  return a.quote.exact.length > 140 ? `${a.quote.exact.slice(0, 139)}…` : a.quote.exact;
}

export const AnnotationPanel = memo(function AnnotationPanel(props: AnnotationPanelProps) {
  const { annotations, selectedId, drafts, isOwnWrite, unplaced, canReattach, onSelect, editRequest, onCloseEditor, onDelete, onReattach, titleOf, editorName = '' } = props;
  const reviewers = useMemo(() => knownReviewers(editorName, annotations), [editorName, annotations]);
  const docTitle = useMemo(() => titleOf ?? ((id: string) => id), [titleOf]);
  const [tab, setTab] = useState<'annotations' | 'orphans'>('annotations');
  const { anchored, orphans } = useMemo(() => {
    const sorted = [...annotations].sort(compareByTextOrder);
    return { anchored: sorted.filter((a) => !a.orphan), orphans: sorted.filter((a) => a.orphan) };
  }, [annotations]);
  const listRef = useRef<HTMLOListElement>(null);
  const [pageStart, setPageStart] = useState(0);
  // What another window changed in the open annotation just now (see AnnotationEditor).
  const [changedElsewhere, setChangedElsewhere] = useState<{ id: string; message: string } | null>(null);
  const onChangedElsewhere = useCallback((message: string) => selectedId && setChangedElsewhere({ id: selectedId, message }), [selectedId]);
  // It is about "just now": gone once another annotation is opened (or this one closed and opened again).
  useEffect(() => setChangedElsewhere(null), [selectedId]);
  const shown = tab === 'annotations' ? anchored : orphans;
  const start = Math.min(pageStart, Math.max(0, shown.length - PAGE_SIZE));
  const page = shown.length > PAGE_SIZE ? shown.slice(start, start + PAGE_SIZE) : shown;

  // The selected entry is brought into view (its tab, its page, scrolled to) once when it is selected,
  // and again only if it moves between the two lists (orphaned, or re-attached). Never because the list
  // changed: every save here and every change in another window makes a new list, and the panel must
  // not pull away from where the person scrolled to read.
  const broughtIntoView = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId) {
      broughtIntoView.current = null;
      return;
    }
    const sel = annotations.find((a) => a.id === selectedId);
    // Not listed (created a moment ago, or its document is not the one shown): brought into view when
    // it is listed again.
    if (!sel) {
      broughtIntoView.current = null;
      return;
    }
    const seen = `${selectedId}|${sel.orphan ? 'orphan' : 'anchored'}`;
    if (broughtIntoView.current === seen) return;
    setTab(sel.orphan ? 'orphans' : 'annotations');
    const list = sel.orphan ? orphans : anchored;
    const i = list.findIndex((a) => a.id === selectedId);
    if (i >= 0 && list.length > PAGE_SIZE) setPageStart((p) => (i >= p && i < p + PAGE_SIZE ? p : Math.max(0, i - Math.floor(PAGE_SIZE / 4))));
    // The entry is drawn once its tab and page are (a few frames at most).
    let frames = 0;
    let raf = 0;
    const scroll = () => {
      const el = listRef.current?.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(selectedId)}"]`);
      if (!el && frames++ < 10) {
        raf = requestAnimationFrame(scroll);
        return;
      }
      // Done (a change to the list before this frame runs it all again: it is not done until now).
      broughtIntoView.current = seen;
      if (!el) return;
      // An entry taller than the panel shows from its header (never scrolled with the header cut off).
      const scroller = el.closest<HTMLElement>('.panel');
      el.scrollIntoView({ block: scroller && el.offsetHeight > scroller.clientHeight - 60 ? 'start' : 'nearest' });
    };
    raf = requestAnimationFrame(scroll);
    return () => cancelAnimationFrame(raf);
  }, [selectedId, annotations, anchored, orphans]);

  return (
    <aside className="panel" aria-label="Annotations panel">
      <div className="tabs" role="tablist" aria-label="Annotation lists">
        <button type="button" role="tab" aria-selected={tab === 'annotations'} onClick={() => { setTab('annotations'); setPageStart(0); }}>
          Annotations ({anchored.length})
        </button>
        <button type="button" role="tab" aria-selected={tab === 'orphans'} onClick={() => { setTab('orphans'); setPageStart(0); }}>
          Orphans ({orphans.length})
        </button>
      </div>
      {tab === 'annotations' ? (
        <div role="tabpanel" aria-label="Annotations">
          {anchored.length === 0 && <p className="muted empty">Select text in the article and press 1, 2, 3 or T to tag it.</p>}
          <PageControl which="earlier" count={start} onClick={() => setPageStart(Math.max(0, start - PAGE_SIZE))} />
          <ol className="entries" ref={listRef}>
            {page.map((a) => (
              <li key={a.id} data-entry-id={a.id} className={`entry entry-${a.kind === 'claim' ? a.verdict : a.kind === 'comment' ? 'comment' : 'translation'}${a.id === selectedId ? ' selected' : ''}`}>
                <button type="button" className="entry-summary" aria-expanded={a.id === selectedId} aria-current={a.id === selectedId ? 'true' : undefined} onClick={() => onSelect(a.id)}>
                  <span className="entry-kind">{describeKind(a)}</span>
                  <span className="entry-quote">“{summary(a)}”</span>
                  {a.translation && <TranslationSummary a={a} />}
                  {a.note && a.id !== selectedId && <span className="entry-note">{a.note.split('\n')[0]}</span>}
                  {a.textChanged && <span className="entry-changed">Text changed</span>}
                  {(a.kind === 'claim' || workflowOf(a).claimId) && (
                    <span className="entry-workflow">
                      {a.kind === 'claim' ? describeStatus(a.status) : ''}
                      {workflowOf(a).claimId ? `${a.kind === 'claim' ? ' · ' : ''}Linked` : ''}
                    </span>
                  )}
                </button>
                {/* formats helper (issue 12): a re-anchor landed on other words; the reviewer checks the verdict. */}
                {a.textChanged && a.id === selectedId && (
                  <p className="entry-changed-detail">
                    The text changed under this annotation: it was made on “{a.textChanged.before}”, the words now are “{a.textChanged.after}”. Check that it still holds.
                  </p>
                )}
                {a.replies && a.replies.length > 0 && a.id === selectedId && (
                  <ol className="entry-replies" aria-label="Replies">
                    {a.replies.map((r) => (
                      <li key={r.id}>
                        <span className="entry-reply-author">{r.author}</span>: {r.text}
                      </li>
                    ))}
                  </ol>
                )}
                {a.id === selectedId && <AnnotationEditor key={a.id} annotation={a} drafts={drafts} isOwnWrite={isOwnWrite} onDelete={onDelete} focusRequest={editRequest?.id === a.id ? editRequest.nonce : undefined} onClose={onCloseEditor} onChangedElsewhere={onChangedElsewhere} />}
                {a.id === selectedId && a.kind !== 'comment' && <ClaimWorkflow key={`wf-${a.id}`} annotation={a} drafts={drafts} reviewers={reviewers} titleOf={docTitle} />}
                {/* Below the entry's controls, so none moves from under the pointer when it appears; a live region, so it is heard. */}
                {a.id === selectedId && changedElsewhere?.id === a.id && (
                  <p className="changed-note" role="status">
                    {changedElsewhere.message}{' '}
                    <button type="button" className="link-button" onClick={() => setChangedElsewhere(null)}>OK</button>
                  </p>
                )}
              </li>
            ))}
          </ol>
          <PageControl which="later" count={Math.max(0, shown.length - start - page.length)} onClick={() => setPageStart(start + PAGE_SIZE)} />
        </div>
      ) : (
        <div role="tabpanel" aria-label="Orphans">
          {unplaced ? (
            <p className="muted">
              These annotations were imported for a document that is not in the library. To place them, import that document’s text (.txt, named as in the annotations’ source), then import the annotation file again: they attach to it. Or export them (Claimdesk JSON keeps them) and delete them here.
            </p>
          ) : (
            <p className="muted">
              Orphans are annotations whose words are no longer in the text. They are kept until you re-attach or delete them.
            </p>
          )}
          {orphans.length === 0 && <p className="muted empty">No orphans in this document.</p>}
          <PageControl which="earlier" count={start} onClick={() => setPageStart(Math.max(0, start - PAGE_SIZE))} />
          <ol className="entries" ref={listRef}>
            {page.map((a) => (
              <li key={a.id} data-entry-id={a.id} className={`entry orphan${a.id === selectedId ? ' selected' : ''}`}>
                <div className="orphan-quote" aria-label="Old quote with its context">
                  <span className="context">…{a.quote.prefix}</span>
                  <mark>{a.quote.exact}</mark>
                  <span className="context">{a.quote.suffix}…</span>
                </div>
                <p className="entry-kind">{describeKind(a)}</p>
                {a.note && <p className="entry-note">{a.note}</p>}
                {/* formats helper (issue 12): an unplaced import lists the documents it could belong to. */}
                {a.candidates && a.candidates.length > 0 && (
                  <p className="entry-candidates">Could belong to: {a.candidates.map((id) => titleOf?.(id) ?? id).join('; ')}</p>
                )}
                <div className="row">
                  <button type="button" disabled={!canReattach} onMouseDown={(e) => e.preventDefault()} onClick={() => onReattach(a)} title={canReattach ? '' : 'Select the new text in the article first'}>
                    Re-attach to selection
                  </button>
                  <button type="button" className="danger" onClick={() => onDelete(a)}>
                    Delete orphan
                  </button>
                </div>
              </li>
            ))}
          </ol>
          <PageControl which="later" count={Math.max(0, shown.length - start - page.length)} onClick={() => setPageStart(start + PAGE_SIZE)} />
        </div>
      )}
    </aside>
  );
});

function PageControl({ which, count, onClick }: { which: 'earlier' | 'later'; count: number; onClick(): void }) {
  if (count === 0) return null;
  return (
    <div className="row page-control">
      <button type="button" onClick={onClick}>
        Show {which} entries ({count} more)
      </button>
    </div>
  );
}

/** A translation error's category, severity and suggested correction, in the entry itself. */
function TranslationSummary({ a }: { a: Annotation }) {
  const t = a.translation!;
  const subtype = t.subtype ? ` / ${t.subtype.replace(/-/g, ' ')}` : '';
  return (
    <span className="entry-mqm">
      {DIMENSION_LABELS[t.dimension]}
      {subtype} · {t.severity}
      {t.correction ? ` · suggested: “${t.correction}”` : ''}
    </span>
  );
}
