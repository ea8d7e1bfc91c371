// The Export dialog: one button per format, named after it; progress for big exports.
import { useEffect, useRef, useState } from 'react';
import { grouped, plural } from '../../../core/model';
import { EXPORT_FORMATS, type ExportFormatId } from './build-export';
import type { BulkProgress } from '../bulk/bulk-client';

/** The stages a big export goes through, in order: the bar advances one step per stage. */
const STAGES = ['preparing', 'reading', 'building', 'saving'];

export interface ExportDialogProps {
  open: boolean;
  annotationCount: number;
  onClose(): void;
  onExport(format: ExportFormatId, onProgress: (p: BulkProgress) => void, scope?: string): Promise<string>;
  /** Which annotations to export ("export what is filtered"): offered when there is more than one. */
  scopes?: ReadonlyArray<{ id: string; label: string; count: number }>;
  /** The scope chosen when the dialog opens (the desk's "Export selected…"). */
  initialScope?: string;
}

export function ExportDialog({ open, annotationCount: allCount, onClose, onExport, scopes = [], initialScope }: ExportDialogProps) {
  const [scope, setScope] = useState<string | undefined>(initialScope);
  const chosen = scopes.find((s) => s.id === scope);
  const annotationCount = chosen ? chosen.count : allCount;
  // A scope asked for but not yet counted: nothing is exported until it is known what it holds.
  const waiting = scope !== undefined && !chosen;
  const ref = useRef<HTMLDialogElement>(null);
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setScope(initialScope);
      setMessage(null);
      setProgress(null);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open, initialScope]);

  const run = async (format: ExportFormatId) => {
    setBusy(true);
    setMessage(null);
    setProgress(annotationCount > 1000 ? { stage: 'preparing', done: 0, total: annotationCount } : null);
    try {
      const text = await onExport(format, setProgress, chosen?.id);
      setMessage({ text, error: false });
    } catch (e) {
      setMessage({ text: `Export failed: ${e instanceof Error ? e.message : String(e)}. Nothing was written.`, error: true });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="export-title" onClose={onClose} onCancel={onClose}>
      <h2 id="export-title">Export</h2>
      {scopes.length > 0 ? (
        <fieldset className="export-scope">
          <legend>Annotations to export</legend>
          <label>
            <input type="radio" name="export-scope" checked={!chosen} onChange={() => setScope(undefined)} /> All {grouped(allCount)} across the corpus
          </label>
          {scopes.map((s) => (
            <label key={s.id}>
              <input type="radio" name="export-scope" checked={chosen?.id === s.id} onChange={() => setScope(s.id)} /> {s.label} ({s.count})
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="muted">
          {plural(annotationCount, 'annotation')} across the corpus.
        </p>
      )}
      <div className="format-buttons">
        {EXPORT_FORMATS.map((f) => (
          <button type="button" key={f.id} disabled={busy || waiting} onClick={() => void run(f.id)}>
            {f.label}
          </button>
        ))}
      </div>
      {progress && (
        <div className="progress" role="status" aria-live="polite">
          <progress max={STAGES.length} value={Math.max(0, STAGES.indexOf(progress.stage)) + 1} aria-label="Export progress" />
          <span>
            Exporting {plural(annotationCount, 'annotation')}: {progress.stage}…
          </span>
        </div>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      <div className="row end">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
