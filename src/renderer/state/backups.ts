// Backups in the desktop app: a Claimdesk JSON snapshot after changes, at most every 5 minutes
// (main keeps the last 20 under userData/backups), and restoring one.
import { buildNativeExport, parseNative, serializeNative } from '../../core/formats';
import type { ClaimdeskApi } from '../../core/ipc';
import type { ClaimdeskDb } from '../db/schema';
import { nowIso } from '../db/clock';
import { readAllAnnotations } from '../db/reads';
import { replaceAllAnnotations } from '../db/writes';
import { isElectron } from '../platform';

export const BACKUP_INTERVAL_MS = 5 * 60 * 1000;
let lastBackupAt = 0;

export async function buildBackupContent(db: ClaimdeskDb): Promise<string> {
  const annotations = await readAllAnnotations(db);
  return serializeNative(buildNativeExport({ appVersion: __APP_VERSION__, now: nowIso(), documents: [], annotations }));
}

export async function maybeWriteBackup(db: ClaimdeskDb, api: ClaimdeskApi, now = Date.now()): Promise<boolean> {
  if (!isElectron() || now - lastBackupAt < BACKUP_INTERVAL_MS) return false;
  lastBackupAt = now;
  try {
    await api.writeBackup({ content: await buildBackupContent(db) });
    return true;
  } catch {
    return false; // a failed backup must never disturb the work; the next change tries again
  }
}

/** Replaces every annotation with the backup's, in one transaction; the file is validated whole first. */
export async function restoreBackup(db: ClaimdeskDb, content: string): Promise<string> {
  const parsed = parseNative(content);
  if (!parsed.ok) throw new Error(parsed.error);
  await replaceAllAnnotations(db, parsed.value.annotations);
  return `${parsed.value.annotations.length} annotations`;
}
