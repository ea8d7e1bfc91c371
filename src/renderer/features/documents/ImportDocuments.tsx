// Adding documents: "Add documents…" (several files), drag and drop onto the window, and "New
// document from clipboard". Files are read in the documents worker with progress; a review lists
// each file (title, words, encoding, which can be changed for plain text) or why it is refused;
// "Add" writes the good ones in one transaction.
import { useCallback, useEffect, useRef, useState } from 'react';
import { DOCUMENT_ACCEPT, type EncodingChoice, type LibraryDocument } from '../../../core/documents';
import { plural } from '../../../core/model';
import type { ClaimdeskDb } from '../../db/schema';
import { nowIso } from '../../state/workspace';
import { describeSaveError } from '../storage/storage-errors';
import { readFiles, type FileInput, type ReadProgress } from './documents-client';
import { addImportedDocuments } from './document-store';
import { readPastedText, type ReadOutcome } from './readers/pasted';
import { ImportReviewList, describeReview } from './ImportReviewList';
import { useModal } from './use-modal';
import { onDocumentReviewRequest } from './document-requests';
import { filesOfDrop, folderOf } from './dropped-folders';

interface Pending {
  file: FileInput;
  outcome: ReadOutcome;
  /** For plain text: the encoding used and the ones offered, kept when a chosen encoding makes the file unreadable, so it can be changed back. */
  encoding: EncodingChoice | null;
}

export interface ImportDocumentsProps {
  db: ClaimdeskDb;
  documents: readonly LibraryDocument[];
  onStatus(message: string): void;
  onAlert(message: string): void;
  onOpen(id: string): void;
}

function listRefusals(pending: readonly Pending[]): string {
  return pending.flatMap((p) => (p.outcome.ok ? [] : [`${p.outcome.refusal.name}: ${p.outcome.refusal.reason}`])).join('; ');
}

export function ImportDocuments({ db, documents, onStatus, onAlert, onOpen }: ImportDocumentsProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<ReadProgress | null>(null);
  const [pending, setPending] = useState<Pending[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [pasted, setPasted] = useState('');
  const reviewing = pending !== null;
  const reviewRef = useModal(reviewing);
  const pasteRef = useModal(pasteOpen);
  // The list goes in once the dialog is open (this effect runs after useModal's showModal): measured in
  // a closed dialog, every row is 0 px high and the virtualized list would render them all. It also
  // puts the dialog's opening and the list's first render in separate tasks.
  const [reviewShown, setReviewShown] = useState(false);
  useEffect(() => setReviewShown(reviewing), [reviewing]);

  const readInputs = useCallback(
    async (files: Array<File | FileInput>) => {
      if (files.length === 0) return;
      onAlert('');
      setProgress({ done: 0, total: files.length, name: files[0]!.name });
      try {
        // A File from the input or a drop (its folder when a folder was chosen or dropped), or bytes main
        // read for Import…. The window never reads the bytes: the worker does, one file at a time.
        const inputs: FileInput[] = files.map((f) => (f instanceof File ? { name: f.name, type: f.type, blob: f, folder: folderOf(f) } : f));
        const outcomes = await readFiles(inputs, setProgress);
        const rows = inputs.map((file, i) => ({ file, outcome: outcomes[i]!, encoding: outcomes[i]!.ok ? outcomes[i]!.encoding : null }));
        // Files that arrive while a review is open (a second launch handing over more) join it.
        setPending((shown) => (shown ? [...shown, ...rows] : rows));
        performance.mark('cd:documents-read', { detail: { files: inputs.length } });
      } catch (e) {
        onAlert(`The files could not be read: ${e instanceof Error ? e.message : String(e)}. Nothing was added.`);
      } finally {
        setProgress(null);
      }
    },
    [onAlert],
  );
  const readAll = readInputs;

  // File › Import… hands its documents here (features/import).
  useEffect(() => onDocumentReviewRequest((files) => void readInputs(files)), [readInputs]);

  // Drag and drop of files anywhere on the window.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      document.documentElement.classList.add('doc-drop-active');
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) document.documentElement.classList.remove('doc-drop-active');
    };
    const drop = (e: DragEvent) => {
      document.documentElement.classList.remove('doc-drop-active');
      if (!hasFiles(e)) return;
      e.preventDefault();
      // A dropped folder is read whole (its files keep their folder, for grouping the library by folder).
      void filesOfDrop(e.dataTransfer).then(readAll, () => readAll([...(e.dataTransfer?.files ?? [])]));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [readAll]);

  const changeEncoding = async (index: number, encoding: string) => {
    if (!pending) return;
    const file = { ...pending[index]!.file, encoding };
    const [outcome] = await readFiles([file], () => {});
    setPending(
      (list) =>
        list &&
        list.map((p, i) =>
          i === index ? { file, outcome: outcome!, encoding: outcome!.ok ? outcome!.encoding : p.encoding && { ...p.encoding, label: encoding, source: 'chosen' } } : p,
        ),
    );
  };

  const add = async (list: Pending[]) => {
    // The folder a file came from goes into its origin (the library groups by it).
    const good = list.flatMap((p) => (p.outcome.ok ? [p.file.folder ? { ...p.outcome.document, original: { ...p.outcome.document.original, folder: p.file.folder } } : p.outcome.document] : []));
    const refused = listRefusals(list);
    setAdding(true);
    try {
      const report = await addImportedDocuments(db, good, documents.map((d) => ({ hash: d.hash, title: d.title, trashedAt: d.trashedAt })), nowIso());
      performance.mark('cd:documents-added', { detail: { added: report.added.length } });
      const parts: string[] = [];
      if (report.added.length) parts.push(`Added ${plural(report.added.length, 'document')}: ${report.added.map((d) => `“${d.details.title}”`).join(', ')}.`);
      for (const d of report.duplicates) parts.push(`${d.name} is already ${d.inTrash ? 'in the trash' : 'in the library'} as “${d.existingTitle}”; not added again.`);
      if (parts.length === 0) parts.push('Nothing was added.');
      onStatus(parts.join(' '));
      if (refused) onAlert(`Not added — ${refused}.`);
      if (report.added.length === 1) onOpen(report.added[0]!.id);
      setPending(null);
      setPasteOpen(false);
      setPasted('');
    } catch (e) {
      onAlert(`${describeSaveError('the documents', e)} Nothing was added.`);
    } finally {
      setAdding(false);
    }
  };

  const addPasted = () => {
    const outcome = readPastedText(pasted, nowIso());
    if (!outcome.ok) {
      onAlert(`${outcome.refusal.name} was not added: ${outcome.refusal.reason}.`);
      return;
    }
    void add([{ file: { name: outcome.document.original.name, type: 'text/plain', blob: new Blob([pasted], { type: 'text/plain' }) }, outcome, encoding: null }]);
  };

  const goodCount = pending?.filter((p) => p.outcome.ok).length ?? 0;

  return (
    <>
      <button type="button" onClick={() => inputRef.current?.click()} disabled={progress !== null}>
        Add documents…
      </button>
      <input
        ref={inputRef}
        type="file"
        multiple
        accept={DOCUMENT_ACCEPT}
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void readAll(files);
        }}
      />
      <button type="button" onClick={() => setPasteOpen(true)}>
        New document from clipboard
      </button>
      {progress && (
        <span className="doc-progress" role="status">
          <progress value={progress.done} max={progress.total} aria-label="Reading documents" />
          Reading {Math.min(progress.done + 1, progress.total)} of {progress.total}: {progress.name}
        </span>
      )}

      <dialog ref={reviewRef} className="dialog" aria-labelledby="doc-review-title" onCancel={() => setPending(null)} onClose={() => setPending(null)}>
        <h2 id="doc-review-title">Add documents</h2>
        {pending && reviewShown && (
          <>
            <p className="doc-import-summary">{describeReview(pending)}</p>
            <ImportReviewList rows={pending} onEncoding={(i, encoding) => void changeEncoding(i, encoding)} />
          </>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={() => setPending(null)}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={adding || goodCount === 0} onClick={() => pending && void add(pending)}>
            {goodCount === 0 ? 'Nothing to add' : `Add ${plural(goodCount, 'document')}`}
          </button>
        </div>
      </dialog>

      <dialog ref={pasteRef} className="dialog" aria-labelledby="doc-paste-title" onCancel={() => setPasteOpen(false)} onClose={() => setPasteOpen(false)}>
        <h2 id="doc-paste-title">New document from clipboard</h2>
        <label>
          Paste the text here (Ctrl+V)
          <textarea value={pasted} onChange={(e) => setPasted(e.target.value)} />
        </label>
        <div className="dialog-buttons">
          <button
            type="button"
            onClick={() => {
              navigator.clipboard?.readText?.().then(setPasted, () => onAlert('The clipboard could not be read here; paste into the box with Ctrl+V.'));
            }}
          >
            Read the clipboard
          </button>
          <button type="button" onClick={() => setPasteOpen(false)}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={adding || pasted.trim() === ''} onClick={addPasted}>
            Add document
          </button>
        </div>
      </dialog>
    </>
  );
}
