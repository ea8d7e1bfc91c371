// Backup content (a Claimdesk JSON snapshot of the database) and restoring one, whole or not at all.
// When to write backups is features/backups' business.
import { buildNativeExport, parseNative, serializeNative } from '../../core/formats';
import { plural } from '../../core/model';
import type { ClaimdeskDb } from '../db/schema';
import { nowIso } from '../db/clock';
import { readAllAnnotations } from '../db/reads';
import { replaceAllAnnotations } from '../db/writes';

export async function buildBackupContent(db: ClaimdeskDb): Promise<string> {
  const annotations = await readAllAnnotations(db);
  // The documents kept in the database travel with the backup; their text too where the format carries it.
  const documents = (await db.docTexts.toArray()).map(({ id, title, hash, file, text }) => ({ id, title, hash, file, text }));
  return serializeNative(buildNativeExport({ appVersion: __APP_VERSION__, now: nowIso(), documents, annotations }));
}

/** Replaces every annotation with the backup's, in one transaction; the file is validated whole first. */
export async function restoreBackup(db: ClaimdeskDb, content: string): Promise<string> {
  const parsed = parseNative(content);
  if (!parsed.ok) throw new Error(parsed.error);
  await replaceAllAnnotations(db, parsed.value.annotations);
  return plural(parsed.value.annotations.length, 'annotation');
}
