// The Export dialog: one button per format, named after it; progress for big exports.
import { useEffect, useRef, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormatId } from './build-export';
import type { BulkProgress } from '../bulk/bulk-client';

/** The stages a big export goes through, in order: the bar advances one step per stage. */
const STAGES = ['preparing', 'reading', 'building', 'saving'];

export interface ExportDialogProps {
  open: boolean;
  annotationCount: number;
  onClose(): void;
  onExport(format: ExportFormatId, onProgress: (p: BulkProgress) => void): Promise<string>;
}

export function ExportDialog({ open, annotationCount, onClose, onExport }: ExportDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setMessage(null);
      setProgress(null);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);

  const run = async (format: ExportFormatId) => {
    setBusy(true);
    setMessage(null);
    setProgress(annotationCount > 1000 ? { stage: 'preparing', done: 0, total: annotationCount } : null);
    try {
      const text = await onExport(format, setProgress);
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
      <p className="muted">
        {annotationCount} annotation{annotationCount === 1 ? '' : 's'} across the corpus.
      </p>
      <div className="format-buttons">
        {EXPORT_FORMATS.map((f) => (
          <button type="button" key={f.id} disabled={busy} onClick={() => void run(f.id)}>
            {f.label}
          </button>
        ))}
      </div>
      {progress && (
        <div className="progress" role="status" aria-live="polite">
          <progress max={STAGES.length} value={Math.max(0, STAGES.indexOf(progress.stage)) + 1} aria-label="Export progress" />
          <span>
            Exporting {annotationCount} annotations: {progress.stage}…
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
