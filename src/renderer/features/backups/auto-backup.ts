// Desktop backups: a Claimdesk JSON snapshot after changes (every change records lastChangeAt), at
// most every 5 minutes; main keeps the last 20. Nothing in the browser build (it has no disk).
import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getApi, platform } from '../../platform';
import { readMeta } from '../../db/reads';
import type { ClaimdeskDb } from '../../db/schema';
import { buildBackupContent } from '../../state/backups';

export const BACKUP_INTERVAL_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
let lastBackupAt = 0;

export async function maybeWriteBackup(db: ClaimdeskDb, now = Date.now()): Promise<boolean> {
  if (!platform.hasBackups || now - lastBackupAt < BACKUP_INTERVAL_MS) return false;
  lastBackupAt = now;
  try {
    await getApi().writeBackup({ content: await buildBackupContent(db) });
    return true;
  } catch {
    return false; // a failed backup must never disturb the work; the next change tries again
  }
}

/** Writes backups after changes; says whether the browser should remind the user to export. */
export function useBackupsAndReminder(db: ClaimdeskDb): boolean {
  const state = useLiveQuery(async () => ({ change: await readMeta<string>(db, 'lastChangeAt'), exported: await readMeta<string>(db, 'lastExportAt') }), [db]);
  useEffect(() => {
    if (state?.change) void maybeWriteBackup(db);
  }, [state?.change, db]);
  return platform.remindsToExport && !!state?.change && (!state.exported || state.exported < state.change) && Date.now() - Date.parse(state.change) > DAY_MS;
}
