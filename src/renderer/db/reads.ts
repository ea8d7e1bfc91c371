// Named reads: every query the app makes of the database, for live queries and for jobs.
import type { Annotation } from '../../core/model';
import type { ClaimdeskDb, DocStatsRow, DocTextRow } from './schema';

export async function readAllAnnotations(db: ClaimdeskDb): Promise<Annotation[]> {
  const rows = await db.buckets.toArray();
  return rows.flatMap((r) => r.items);
}

export async function readDocAnnotations(db: ClaimdeskDb, docId: string): Promise<Annotation[]> {
  const rows = await db.buckets.where('docId').equals(docId).toArray();
  return rows.flatMap((r) => r.items);
}

/** One annotation as stored now, wherever it is (null when absent). */
export async function readAnnotation(db: ClaimdeskDb, id: string, docId?: string): Promise<Annotation | null> {
  const rows = docId ? await db.buckets.where('docId').equals(docId).toArray() : await db.buckets.toArray();
  for (const r of rows) {
    const found = r.items.find((a) => a.id === id);
    if (found) return found;
  }
  return docId ? readAnnotation(db, id) : null;
}

export function readDocTexts(db: ClaimdeskDb): Promise<DocTextRow[]> {
  return db.docTexts.toArray();
}

export function readDocStats(db: ClaimdeskDb): Promise<DocStatsRow[]> {
  return db.docStats.toArray();
}

export async function readMeta<T>(db: ClaimdeskDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}
