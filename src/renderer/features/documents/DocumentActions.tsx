// The open document's details (edited in a dialog: title, publication, author, date, language, URL,
// translation with its source language and source document), removing it to the trash (with undo),
// and the trash (restore; delete for good only after a second confirmation).
import { useState } from 'react';
import { editableDetailsOf, validateDetails, type EditableDetails, type LibraryDocument } from '../../../core/documents';
import type { ClaimdeskDb, DocStatsRow } from '../../db/schema';
import { nowIso } from '../../state/workspace';
import { describeSaveError } from '../storage/storage-errors';
import { deleteImportedForever, moveToTrash, restoreFromTrash, saveDocumentDetails } from './document-store';
import { useModal } from './use-modal';
import './documents.css';
import { grouped, plural } from '../../../core/model';

export interface DocumentActionsProps {
  db: ClaimdeskDb;
  documents: readonly LibraryDocument[];
  openDoc: LibraryDocument | null;
  /** Ids of the bundled corpus: those cannot be deleted for good, only trashed and restored. */
  corpusIds: ReadonlySet<string>;
  stats: ReadonlyMap<string, DocStatsRow>;
  onOpen(id: string): void;
  onStatus(message: string): void;
  onAlert(message: string): void;
}

function DetailsDialog({ doc, documents, onClose, onSave }: { doc: LibraryDocument; documents: readonly LibraryDocument[]; onClose(): void; onSave(d: EditableDetails): Promise<void> }) {
  const ref = useModal(true);
  const [draft, setDraft] = useState<EditableDetails>(() => editableDetailsOf(doc));
  const [problems, setProblems] = useState<string[]>([]);
  const set = (patch: Partial<EditableDetails>) => setDraft((d) => ({ ...d, ...patch }));
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="doc-details-title" onCancel={onClose} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const next = { ...draft, title: draft.title.trim(), language: draft.language.trim() || 'und' };
          const p = validateDetails(next, doc.id);
          setProblems(p);
          if (p.length === 0) void onSave(next);
        }}
      >
        <h2 id="doc-details-title">Document details</h2>
        <label>
          Title
          <input type="text" value={draft.title} onChange={(e) => set({ title: e.target.value })} required />
        </label>
        <label>
          Publication
          <input type="text" value={draft.publication ?? ''} onChange={(e) => set({ publication: text(e.target.value) })} />
        </label>
        <label>
          Author
          <input type="text" value={draft.author ?? ''} onChange={(e) => set({ author: text(e.target.value) })} />
        </label>
        <label>
          Date (year or YYYY-MM-DD)
          <input type="text" value={draft.date ?? ''} onChange={(e) => set({ date: text(e.target.value) })} />
        </label>
        <label>
          Language (code, e.g. en, zh)
          <input type="text" value={draft.language} onChange={(e) => set({ language: e.target.value })} />
        </label>
        <label>
          URL
          <input type="url" value={draft.url ?? ''} onChange={(e) => set({ url: text(e.target.value) })} />
        </label>
        <fieldset>
          <legend>Translation</legend>
          <label className="inline">
            <input
              type="checkbox"
              checked={draft.translation !== null}
              onChange={(e) => set({ translation: e.target.checked ? { from: 'und', method: 'unknown', sourceId: null } : null })}
            />
            This document is a translation
          </label>
          {draft.translation && (
            <>
              <label>
                Source language (code)
                <input type="text" value={draft.translation.from === 'und' ? '' : draft.translation.from} onChange={(e) => set({ translation: { ...draft.translation!, from: e.target.value.trim() || 'und' } })} />
              </label>
              <label>
                Translated by
                <select value={draft.translation.method} onChange={(e) => set({ translation: { ...draft.translation!, method: e.target.value as 'machine' | 'human' | 'unknown' } })}>
                  <option value="machine">Machine</option>
                  <option value="human">A person</option>
                  <option value="unknown">Unknown</option>
                </select>
              </label>
              <label>
                Source document
                <select
                  value={draft.translation.sourceId ?? ''}
                  onChange={(e) => {
                    const source = documents.find((d) => d.id === e.target.value);
                    set({
                      translation: {
                        ...draft.translation!,
                        sourceId: source?.id ?? null,
                        from: draft.translation!.from === 'und' && source && source.language !== 'und' ? source.language : draft.translation!.from,
                      },
                    });
                  }}
                >
                  <option value="">None</option>
                  {documents
                    .filter((d) => d.id !== doc.id && !d.trashedAt)
                    .map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.title}
                      </option>
                    ))}
                </select>
              </label>
            </>
          )}
        </fieldset>
        {doc.origin && (
          <p className="muted">
            Imported from {doc.origin.name} ({doc.origin.type}, {grouped(doc.origin.size)} bytes{doc.origin.encoding ? `, ${doc.origin.encoding}` : ''}) by {doc.origin.method} on {doc.origin.importedAt.slice(0, 10)}.
          </p>
        )}
        {problems.length > 0 && (
          <ul className="error" role="alert">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save details
          </button>
        </div>
      </form>
    </dialog>
  );
}

function TrashDialog(props: { trashed: readonly LibraryDocument[]; corpusIds: ReadonlySet<string>; stats: ReadonlyMap<string, DocStatsRow>; onClose(): void; onRestore(d: LibraryDocument): void; onDelete(d: LibraryDocument): void }) {
  const ref = useModal(true);
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="doc-trash-title" onCancel={props.onClose} onClose={props.onClose}>
      <h2 id="doc-trash-title">Trash</h2>
      {props.trashed.length === 0 ? (
        <p className="muted">The trash is empty.</p>
      ) : (
        <ul className="trash-list" aria-label="Documents in the trash">
          {props.trashed.map((d) => {
            const n = props.stats.get(d.id)?.total ?? 0;
            return (
              <li key={d.id}>
                <span className="trash-title">{d.title}</span>
                <span className="muted">
                  {plural(n, 'annotation')} · removed {d.trashedAt?.slice(0, 10)}
                </span>
                <button type="button" onClick={() => props.onRestore(d)} aria-label={`Restore “${d.title}”`}>
                  Restore
                </button>
                {props.corpusIds.has(d.id) ? (
                  <span className="muted">A corpus file: remove it from the corpus folder to delete it.</span>
                ) : confirming === d.id ? (
                  <span role="group" aria-label="Confirm deletion">
                    Delete “{d.title}” and its {plural(n, 'annotation')} for good? This cannot be undone.{' '}
                    <button type="button" className="danger" onClick={() => props.onDelete(d)}>
                      Delete for good
                    </button>{' '}
                    <button type="button" onClick={() => setConfirming(null)}>
                      Keep it
                    </button>
                  </span>
                ) : (
                  <button type="button" onClick={() => setConfirming(d.id)} aria-label={`Delete “${d.title}” for good…`}>
                    Delete for good…
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}

export function DocumentActions({ db, documents, openDoc, corpusIds, stats, onOpen, onStatus, onAlert }: DocumentActionsProps) {
  const [detailsOpen, setDetailsOpen] = useState(false);
  const [trashOpen, setTrashOpen] = useState(false);
  const [undo, setUndo] = useState<LibraryDocument | null>(null);
  const trashed = documents.filter((d) => d.trashedAt);

  const remove = async () => {
    if (!openDoc) return;
    try {
      await moveToTrash(db, openDoc.id, nowIso());
      const next = documents.find((d) => !d.trashedAt && d.id !== openDoc.id);
      if (next) onOpen(next.id);
      setUndo(openDoc);
      onStatus(`Moved “${openDoc.title}” and its annotations to the trash.`);
    } catch (e) {
      onAlert(describeSaveError('the removal', e));
    }
  };
  const restore = async (d: LibraryDocument) => {
    try {
      await restoreFromTrash(db, d.id, nowIso());
      setUndo(null);
      onOpen(d.id);
      onStatus(`Restored “${d.title}” from the trash.`);
    } catch (e) {
      onAlert(describeSaveError('the restore', e));
    }
  };
  const deleteForever = async (d: LibraryDocument) => {
    try {
      await deleteImportedForever(db, d.id, nowIso());
      onStatus(`Deleted “${d.title}” and its annotations for good.`);
    } catch (e) {
      onAlert(describeSaveError('the deletion', e));
    }
  };

  return (
    <>
      <button type="button" onClick={() => setDetailsOpen(true)} disabled={!openDoc}>
        Details
      </button>
      <button type="button" onClick={() => void remove()} disabled={!openDoc}>
        Remove
      </button>
      <button type="button" onClick={() => setTrashOpen(true)}>
        Trash{trashed.length ? ` (${trashed.length})` : ''}
      </button>
      {undo && (
        <span className="doc-notice">
          <button type="button" onClick={() => void restore(undo)}>
            Restore the removed document
          </button>
        </span>
      )}
      {detailsOpen && openDoc && (
        <DetailsDialog
          doc={openDoc}
          documents={documents}
          onClose={() => setDetailsOpen(false)}
          onSave={async (details) => {
            try {
              await saveDocumentDetails(db, openDoc.id, details, nowIso());
              setDetailsOpen(false);
              onStatus(`Saved the details of “${details.title}”. The text and its annotations are unchanged.`);
            } catch (e) {
              onAlert(describeSaveError('the details', e));
            }
          }}
        />
      )}
      {trashOpen && (
        <TrashDialog trashed={trashed} corpusIds={corpusIds} stats={stats} onClose={() => setTrashOpen(false)} onRestore={(d) => void restore(d)} onDelete={(d) => void deleteForever(d)} />
      )}
    </>
  );
}
