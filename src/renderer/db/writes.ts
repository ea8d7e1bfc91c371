// Named write functions: every change to annotations goes through one transaction here.
import type { Annotation } from '../../core/model';
import { addToStats, bucketKey, bucketOf, emptyStats, type BucketRow, type ClaimdeskDb, type DocStatsRow } from './schema';

export interface AnnotationChange {
  put: Annotation[];
  /** Ids to delete. */
  remove: string[];
}

/** Test hook: called between the bucket writes and the stats write, to prove a failure there leaves nothing half-written. */
export let faultInjector: ((stage: 'after-buckets') => void) | null = null;
export function setFaultInjector(fn: typeof faultInjector): void {
  faultInjector = fn;
}

/**
 * Applies puts and deletes in one read-write transaction over buckets and stats: either all of it
 * lands or none. Returns the annotations as they were before (null where absent), for undo.
 */
export async function applyChange(db: ClaimdeskDb, change: AnnotationChange): Promise<Map<string, Annotation | null>> {
  return db.transaction('rw', db.buckets, db.docStats, async () => {
    const before = new Map<string, Annotation | null>();
    const rows = new Map<string, BucketRow>();
    const stats = new Map<string, DocStatsRow>();
    const statsFor = async (docId: string): Promise<DocStatsRow> => {
      let s = stats.get(docId);
      if (!s) stats.set(docId, (s = (await db.docStats.get(docId)) ?? emptyStats(docId)));
      return s;
    };
    // An id lives in bucket bucketOf(id) of its document; its document is usually the one given,
    // but a delete (or a put that moves it) may not know it, so look in that bucket of every document.
    const locate = async (id: string): Promise<{ row: BucketRow; index: number } | null> => {
      const bucket = bucketOf(id);
      for (const row of rows.values()) {
        if (row.bucket !== bucket) continue;
        const index = row.items.findIndex((x) => x.id === id);
        if (index >= 0) return { row, index };
      }
      for (const row of await db.buckets.where('bucket').equals(bucket).toArray()) {
        if (rows.has(row.key)) continue;
        rows.set(row.key, row);
        const index = row.items.findIndex((x) => x.id === id);
        if (index >= 0) return { row, index };
      }
      return null;
    };
    const takeOut = async (id: string): Promise<void> => {
      const found = await locate(id);
      if (!before.has(id)) before.set(id, found ? found.row.items[found.index]! : null);
      if (!found) return;
      const [old] = found.row.items.splice(found.index, 1);
      addToStats(await statsFor(old!.docId), old!, -1);
    };
    for (const id of change.remove) await takeOut(id);
    for (const a of change.put) {
      await takeOut(a.id);
      const key = bucketKey(a.docId, bucketOf(a.id));
      let row = rows.get(key) ?? (await db.buckets.get(key));
      if (!row) row = { key, docId: a.docId, bucket: bucketOf(a.id), items: [] };
      rows.set(key, row);
      row.items.push(a);
      addToStats(await statsFor(a.docId), a, 1);
    }
    const all = [...rows.values()];
    await db.buckets.bulkPut(all.filter((r) => r.items.length > 0));
    const empty = all.filter((r) => r.items.length === 0).map((r) => r.key);
    if (empty.length) await db.buckets.bulkDelete(empty);
    faultInjector?.('after-buckets');
    await db.docStats.bulkPut([...stats.values()]);
    return before;
  });
}

/**
 * Writes many annotations at once (imports): groups them per bucket and writes whole rows, so the
 * cost is per bucket, not per annotation. Existing annotations with the same id are replaced.
 */
export async function bulkPutAnnotations(db: ClaimdeskDb, list: readonly Annotation[]): Promise<void> {
  if (list.length === 0) return;
  await db.transaction('rw', db.buckets, db.docStats, async () => {
    const grouped = new Map<string, Annotation[]>();
    for (const a of list) {
      const key = bucketKey(a.docId, bucketOf(a.id));
      let g = grouped.get(key);
      if (!g) grouped.set(key, (g = []));
      g.push(a);
    }
    const keys = [...grouped.keys()];
    const existing = await db.buckets.bulkGet(keys);
    const incomingIds = new Set(list.map((a) => a.id));
    const docIds = new Set(list.map((a) => a.docId));
    const statsRows = await db.docStats.bulkGet([...docIds]);
    const stats = new Map<string, DocStatsRow>();
    [...docIds].forEach((d, i) => stats.set(d, statsRows[i] ?? emptyStats(d)));
    const rows: BucketRow[] = keys.map((key, i) => {
      const row = existing[i];
      const adds = grouped.get(key)!;
      const docId = adds[0]!.docId;
      const s = stats.get(docId)!;
      const kept: Annotation[] = [];
      for (const old of row?.items ?? []) {
        if (incomingIds.has(old.id)) addToStats(s, old, -1);
        else kept.push(old);
      }
      for (const a of adds) addToStats(s, a, 1);
      return { key, docId, bucket: bucketOf(adds[0]!.id), items: kept.concat(adds) };
    });
    await db.buckets.bulkPut(rows);
    faultInjector?.('after-buckets');
    await db.docStats.bulkPut([...stats.values()]);
  });
}

export async function readAllAnnotations(db: ClaimdeskDb): Promise<Annotation[]> {
  const rows = await db.buckets.toArray();
  return rows.flatMap((r) => r.items);
}

export async function readDocAnnotations(db: ClaimdeskDb, docId: string): Promise<Annotation[]> {
  const rows = await db.buckets.where('docId').equals(docId).toArray();
  return rows.flatMap((r) => r.items);
}

export async function setSetting(db: ClaimdeskDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

export async function setMeta(db: ClaimdeskDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
