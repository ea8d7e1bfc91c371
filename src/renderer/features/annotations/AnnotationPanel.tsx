// The annotation panel: the open document's annotations in text order, and its orphans.
import { useEffect, useRef, useState } from 'react';
import { compareByTextOrder, describeKind, type Annotation } from '../../../core/model';
import { AnnotationEditor } from './AnnotationEditor';

export interface AnnotationPanelProps {
  annotations: readonly Annotation[];
  selectedId: string | null;
  /** Bumped when annotations change outside the editor (undo, redo, import): editors start afresh. */
  revision: number;
  canReattach: boolean;
  onSelect(id: string): void;
  onSave(next: Annotation, field: string): void;
  onDelete(a: Annotation): void;
  onReattach(a: Annotation): void;
}

function summary(a: Annotation): string {
  return a.quote.exact.length > 140 ? `${a.quote.exact.slice(0, 139)}…` : a.quote.exact;
}

export function AnnotationPanel(props: AnnotationPanelProps) {
  const { annotations, selectedId, revision, canReattach, onSelect, onSave, onDelete, onReattach } = props;
  const [tab, setTab] = useState<'annotations' | 'orphans'>('annotations');
  const sorted = [...annotations].sort(compareByTextOrder);
  const anchored = sorted.filter((a) => !a.orphan);
  const orphans = sorted.filter((a) => a.orphan);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!selectedId) return;
    const sel = annotations.find((a) => a.id === selectedId);
    if (sel) setTab(sel.orphan ? 'orphans' : 'annotations');
    requestAnimationFrame(() => {
      listRef.current?.querySelector(`[data-entry-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
    });
  }, [selectedId, annotations]);

  return (
    <aside className="panel" aria-label="Annotations panel">
      <div className="tabs" role="tablist" aria-label="Annotation lists">
        <button type="button" role="tab" aria-selected={tab === 'annotations'} onClick={() => setTab('annotations')}>
          Annotations ({anchored.length})
        </button>
        <button type="button" role="tab" aria-selected={tab === 'orphans'} onClick={() => setTab('orphans')}>
          Orphans ({orphans.length})
        </button>
      </div>
      {tab === 'annotations' ? (
        <div role="tabpanel" aria-label="Annotations">
          {anchored.length === 0 && <p className="muted empty">Select text in the article and press 1, 2, 3 or T to tag it.</p>}
          <ol className="entries" ref={listRef}>
            {anchored.map((a) => (
              <li key={a.id} data-entry-id={a.id} className={`entry entry-${a.kind === 'claim' ? a.verdict : 'translation'}${a.id === selectedId ? ' selected' : ''}`}>
                <button type="button" className="entry-summary" aria-expanded={a.id === selectedId} aria-current={a.id === selectedId ? 'true' : undefined} onClick={() => onSelect(a.id)}>
                  <span className="entry-kind">{describeKind(a)}</span>
                  <span className="entry-quote">“{summary(a)}”</span>
                  {a.note && a.id !== selectedId && <span className="entry-note">{a.note.split('\n')[0]}</span>}
                </button>
                {a.id === selectedId && <AnnotationEditor key={`${a.id}:${revision}`} annotation={a} onSave={onSave} onDelete={onDelete} />}
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <div role="tabpanel" aria-label="Orphans">
          <p className="muted">
            Orphans are annotations whose words are no longer in the text. They are kept until you re-attach or delete them.
          </p>
          {orphans.length === 0 && <p className="muted empty">No orphans in this document.</p>}
          <ol className="entries" ref={listRef}>
            {orphans.map((a) => (
              <li key={a.id} data-entry-id={a.id} className={`entry orphan${a.id === selectedId ? ' selected' : ''}`}>
                <div className="orphan-quote" aria-label="Old quote with its context">
                  <span className="context">…{a.quote.prefix}</span>
                  <mark>{a.quote.exact}</mark>
                  <span className="context">{a.quote.suffix}…</span>
                </div>
                <p className="entry-kind">{describeKind(a)}</p>
                {a.note && <p className="entry-note">{a.note}</p>}
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
        </div>
      )}
    </aside>
  );
}
