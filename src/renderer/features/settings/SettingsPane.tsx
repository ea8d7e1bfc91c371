// Settings as a feature: the dialog, saving settings, and (desktop) restoring a backup.
import { useCallback, useEffect, useState } from 'react';
import type { BackupInfo } from '../../../core/ipc';
import { getApi, platform } from '../../platform';
import { describeSaveError } from '../../db/storage-errors';
import { setSettings } from '../../db/writes';
import { buildBackupContent, restoreBackup } from '../../state/backups';
import type { Settings } from '../../state/settings';
import { useStores } from '../../state/stores';
import { SettingsDialog } from './SettingsDialog';
import type { SyncSettings } from '../sync/sync-settings';

export interface SyncChoice {
  value: SyncSettings;
  reviewerId: string;
  onSave(next: SyncSettings): void;
}

export function SettingsPane({ open, settings, onClose, sync }: { open: boolean; settings: Settings; onClose(): void; sync?: SyncChoice }) {
  const { db, notices } = useStores();
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);

  useEffect(() => {
    navigator.storage?.persist?.().then(setPersisted, () => setPersisted(false));
  }, []);
  useEffect(() => {
    if (open && platform.hasBackups) platform.listBackups().then(setBackups, () => setBackups([]));
  }, [open]);

  const save = useCallback(
    (next: Settings) => {
      setSettings(db, { editorName: next.editorName, mqmWeights: next.mqmWeights, mqmThreshold: next.mqmThreshold, organisation: next.organisation, reviewerUrl: next.reviewerUrl }).then(
        () => notices.status('Settings saved.'),
        (e: unknown) => notices.alert(describeSaveError('the settings', e)),
      );
    },
    [db, notices],
  );

  const restore = useCallback(
    async (name: string) => {
      if (!window.confirm('Restore this backup? Your current work is backed up first.')) return;
      try {
        const api = getApi();
        await api.writeBackup({ content: await buildBackupContent(db) });
        const report = await restoreBackup(db, await api.readBackup({ name }));
        notices.status(`Restored ${name}: ${report}.`);
        onClose();
      } catch (e) {
        notices.alert(`Could not restore: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);
      }
    },
    [db, notices, onClose],
  );

  return (
    <SettingsDialog
      open={open}
      settings={settings}
      persisted={persisted}
      backups={platform.hasBackups ? backups : null}
      onClose={onClose}
      onSave={save}
      onRestore={(n) => void restore(n)}
      sync={sync}
    />
  );
}
