// Named reads: every query the app makes of the database, for live queries and for jobs.
import type { Annotation } from '../../core/model';
import { AnnotationStore } from './layout';
import type { ClaimdeskDb, DocStatsRow, DocTextRow } from './schema';

export async function readAllAnnotations(db: ClaimdeskDb): Promise<Annotation[]> {
  const rows = await db.buckets.toArray();
  return rows.flatMap((r) => r.items);
}

export async function readDocAnnotations(db: ClaimdeskDb, docId: string): Promise<Annotation[]> {
  const rows = await db.buckets.where('docId').equals(docId).toArray();
  return rows.flatMap((r) => r.items);
}

/**
 * One annotation as stored now, wherever it is (null when absent): its locator shard, its document's
 * counts and one bucket row. `docId` is accepted for older callers; the locator knows the document.
 */
export async function readAnnotation(db: ClaimdeskDb, id: string, docId?: string): Promise<Annotation | null> {
  void docId;
  return db.transaction('r', db.buckets, db.docStats, db.locator, async () => {
    const store = new AnnotationStore(db);
    await store.locate([id]);
    return store.get(id);
  });
}

/** Which of these annotation ids are stored, through the locator: reads only their shards and rows, never the whole store. */
export async function readStoredIds(db: ClaimdeskDb, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  return db.transaction('r', db.buckets, db.docStats, db.locator, async () => {
    const store = new AnnotationStore(db);
    await store.locate(ids);
    return new Set(ids.filter((id) => store.get(id) !== null));
  });
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
