// The editor's "reviewed" mark on a document: only a translation marked reviewed shows MQM Pass or Fail.
// Kept in the meta table, one row per document under `reviewed:<docId>`, so it needs no schema version
// of its own; every write is one transaction that also records the change time (what backups watch).
import { useLiveQuery } from 'dexie-react-hooks';
import type { DocumentReviewMark } from '../../core/formats';
import type { ClaimdeskDb } from './schema';
import { recordChange } from './writes';

export type { DocumentReviewMark };

const PREFIX = 'reviewed:';

function isReviewMark(v: unknown): v is DocumentReviewMark {
  if (!v || typeof v !== 'object') return false;
  const m = v as Record<string, unknown>;
  return typeof m.docId === 'string' && typeof m.reviewedAt === 'string' && typeof m.reviewer === 'string';
}

/** Marks the document reviewed by `reviewer` at `now` (replacing an earlier mark). */
export async function markDocumentReviewed(db: ClaimdeskDb, docId: string, reviewer: string, now: string): Promise<DocumentReviewMark> {
  const mark: DocumentReviewMark = { docId, reviewedAt: now, reviewer };
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: `${PREFIX}${docId}`, value: mark });
    await recordChange(db, now);
  });
  return mark;
}

/** Takes the mark away: the document shows "not reviewed" again. */
export async function unmarkDocumentReviewed(db: ClaimdeskDb, docId: string, now: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.delete(`${PREFIX}${docId}`);
    await recordChange(db, now);
  });
}

/** Every document's mark; rows that are not a valid mark (written by a future version, say) are left out. */
export async function readReviewMarks(db: ClaimdeskDb): Promise<DocumentReviewMark[]> {
  const rows = await db.meta.where('key').startsWith(PREFIX).toArray();
  return rows
    .map((r) => r.value)
    .filter(isReviewMark)
    .map(({ docId, reviewedAt, reviewer }) => ({ docId, reviewedAt, reviewer }));
}

/** One document's mark, or undefined when it is not marked reviewed. */
export async function readReviewMark(db: ClaimdeskDb, docId: string): Promise<DocumentReviewMark | undefined> {
  const row = await db.meta.get(`${PREFIX}${docId}`);
  return row && isReviewMark(row.value) ? { docId: row.value.docId, reviewedAt: row.value.reviewedAt, reviewer: row.value.reviewer } : undefined;
}

/** The marks, live: undefined while the first read is under way. */
export function useReviewMarks(db: ClaimdeskDb): DocumentReviewMark[] | undefined {
  return useLiveQuery(() => readReviewMarks(db), [db]);
}
