// Settings: the editor's name (written as the author of each annotation), MQM weights and threshold,
// storage persistence, and restoring from a backup in the desktop app.
import { useEffect, useRef, useState } from 'react';
import { describeMqmFormula } from '../../../core/model/mqm';
import type { BackupInfo } from '../../../core/ipc';
import type { Settings } from '../../state/settings';
import { SyncSettingsFields } from '../sync/SyncSettingsFields';
import { checkSyncSettings, type SyncSettings } from '../sync/sync-settings';

export interface SettingsDialogProps {
  open: boolean;
  settings: Settings;
  persisted: boolean | null;
  backups: BackupInfo[] | null;
  onClose(): void;
  onSave(next: Settings): void;
  onRestore(name: string): void;
  /** This profile's sync choice (issue 15) and its reviewer id, for the sync section. */
  sync?: { value: SyncSettings; reviewerId: string; onSave(next: SyncSettings): void };
}

export function SettingsDialog({ open, settings, persisted, backups, onClose, onSave, onRestore, sync }: SettingsDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState(settings);
  const [syncDraft, setSyncDraft] = useState<SyncSettings>(sync?.value ?? { serverUrl: '', token: '' });
  const syncValue = sync?.value;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setDraft(settings);
      if (syncValue) setSyncDraft(syncValue);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open, settings, syncValue]);
  const syncOn = syncDraft.serverUrl.trim() !== '' || syncDraft.token.trim() !== '';
  const syncValid = !syncOn || checkSyncSettings(syncDraft).ok;

  const num = (v: string, fallback: number) => {
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? n : fallback;
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="settings-title" onClose={onClose} onCancel={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          // Sync settings that are wrong keep the dialog open, with what is wrong said beside them.
          if (!syncValid) return;
          onSave({ ...draft, editorName: draft.editorName.trim() });
          if (sync && (syncDraft.serverUrl !== sync.value.serverUrl || syncDraft.token !== sync.value.token)) sync.onSave(syncDraft);
          onClose();
        }}
      >
        <h2 id="settings-title">Settings</h2>
        <label>
          Your name
          <input type="text" value={draft.editorName} onChange={(e) => setDraft({ ...draft, editorName: e.target.value })} autoComplete="name" />
        </label>
        <p className="muted">Written as the author of each annotation you make.</p>
        <label>
          Your page (optional)
          <input type="url" value={draft.reviewerUrl} onChange={(e) => setDraft({ ...draft, reviewerUrl: e.target.value.trim() })} placeholder="https://" />
        </label>
        <fieldset>
          <legend>Organisation (for ClaimReview)</legend>
          <label>
            Organisation name
            <input type="text" value={draft.organisation.name} onChange={(e) => setDraft({ ...draft, organisation: { ...draft.organisation, name: e.target.value } })} autoComplete="organization" />
          </label>
          <label>
            Organisation website
            <input type="url" value={draft.organisation.url} onChange={(e) => setDraft({ ...draft, organisation: { ...draft.organisation, url: e.target.value.trim() } })} placeholder="https://" />
          </label>
          <label>
            Logo address
            <input type="url" value={draft.organisation.logo} onChange={(e) => setDraft({ ...draft, organisation: { ...draft.organisation, logo: e.target.value.trim() } })} placeholder="https://" />
          </label>
          <label>
            Where checks are published (base address)
            <input type="url" value={draft.organisation.publishBaseUrl} onChange={(e) => setDraft({ ...draft, organisation: { ...draft.organisation, publishBaseUrl: e.target.value.trim() } })} placeholder="https://" />
          </label>
          <p className="muted">Each claim’s ClaimReview gets this address followed by the claim’s id, unless the claim has its own published URL. Claims without either are listed and left out of the export.</p>
        </fieldset>
        <fieldset>
          <legend>Translation quality (MQM)</legend>
          <label>
            Minor weight
            <input type="number" min={0} step="any" value={draft.mqmWeights.minor} onChange={(e) => setDraft({ ...draft, mqmWeights: { ...draft.mqmWeights, minor: num(e.target.value, 1) } })} />
          </label>
          <label>
            Major weight
            <input type="number" min={0} step="any" value={draft.mqmWeights.major} onChange={(e) => setDraft({ ...draft, mqmWeights: { ...draft.mqmWeights, major: num(e.target.value, 5) } })} />
          </label>
          <label>
            Critical weight
            <input type="number" min={0} step="any" value={draft.mqmWeights.critical} onChange={(e) => setDraft({ ...draft, mqmWeights: { ...draft.mqmWeights, critical: num(e.target.value, 25) } })} />
          </label>
          <label>
            Pass threshold (penalty points per 1,000 words)
            <input type="number" min={0} step="any" value={draft.mqmThreshold} onChange={(e) => setDraft({ ...draft, mqmThreshold: num(e.target.value, settings.mqmThreshold) })} />
          </label>
          <p className="muted">{describeMqmFormula(draft.mqmWeights, draft.mqmThreshold)}</p>
        </fieldset>
        {sync && (
          <>
            <SyncSettingsFields value={syncDraft} onChange={setSyncDraft} />
            <p className="muted">
              Your reviewer id: <code>{sync.reviewerId}</code>. The desk’s admin issues your token for this id; everything you change is recorded under it
              and your name.
            </p>
          </>
        )}
        <fieldset>
          <legend>Storage</legend>
          <p role="status">
            {persisted === null
              ? 'Checking whether this browser keeps the data persistently…'
              : persisted
                ? 'Persistent storage granted: the browser will not evict your annotations.'
                : 'Persistent storage not granted: the browser may clear the data under storage pressure. Export regularly.'}
          </p>
          {backups && (
            <>
              <p>{backups.length === 0 ? 'No backups yet.' : `${backups.length} backups (newest first).`}</p>
              <ul className="backups">
                {backups.map((b) => (
                  <li key={b.name}>
                    {b.createdAt} · {Math.ceil(b.bytes / 1024)} KB{' '}
                    <button type="button" onClick={() => onRestore(b.name)}>
                      Restore from backup
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </fieldset>
        <div className="row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save settings
          </button>
        </div>
      </form>
    </dialog>
  );
}
