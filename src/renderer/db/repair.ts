// Repair on open: a database that somehow holds an annotation twice, in the wrong bucket row, or a
// document row with an empty id (written by older versions) is put right before anything reads it,
// and what was repaired is logged (meta `repairLog`), so exports and backups never carry it.
import type { Annotation } from '../../core/model';
import { nowIso } from './clock';
import { addToStats, bucketKey, bucketOf, emptyStats, type BucketRow, type ClaimdeskDb, type DocStatsRow } from './schema';

export interface RepairEntry {
  at: string;
  what: string;
}

/** Checks the whole store; writes only when something is wrong. Returns what was repaired (empty: nothing). */
export async function repairDatabase(db: ClaimdeskDb): Promise<string[]> {
  return db.transaction('rw', db.buckets, db.docStats, db.docTexts, db.meta, async () => {
    const log: string[] = [];
    // A document row with an empty id: give it a real one, and its annotations with it.
    let renamedEmpty: string | null = null;
    const emptyDoc = await db.docTexts.get('');
    if (emptyDoc) {
      let id = 'untitled-text';
      for (let i = 2; await db.docTexts.get(id); i++) id = `untitled-text-${i}`;
      await db.docTexts.delete('');
      await db.docTexts.put({ ...emptyDoc, id });
      renamedEmpty = id;
      log.push(`document with an empty id renamed to ${id}`);
    }
    const rows = await db.buckets.toArray();
    const best = new Map<string, Annotation>();
    let copies = 0;
    for (const row of rows) {
      for (let a of row.items) {
        if (renamedEmpty !== null && a.docId === '') a = { ...a, docId: renamedEmpty };
        const seen = best.get(a.id);
        if (seen) {
          copies++;
          if (a.updatedAt > seen.updatedAt) best.set(a.id, a);
        } else best.set(a.id, a);
      }
    }
    const want = new Map<string, BucketRow>();
    const stats = new Map<string, DocStatsRow>();
    for (const a of best.values()) {
      const key = bucketKey(a.docId, bucketOf(a.id));
      let row = want.get(key);
      if (!row) want.set(key, (row = { key, docId: a.docId, bucket: bucketOf(a.id), items: [] }));
      row.items.push(a);
      let s = stats.get(a.docId);
      if (!s) stats.set(a.docId, (s = emptyStats(a.docId)));
      addToStats(s, a, 1);
    }
    const misplaced = rows.reduce((n, r) => n + r.items.filter((a) => a.docId !== r.docId || bucketOf(a.id) !== r.bucket).length, 0);
    if (copies) log.push(`${copies} duplicate cop${copies === 1 ? 'y' : 'ies'} of annotations removed (the most recently updated kept)`);
    if (misplaced) log.push(`${misplaced} annotation${misplaced === 1 ? '' : 's'} moved to the row of their document`);
    if (copies || misplaced || renamedEmpty !== null) {
      await db.buckets.clear();
      await db.buckets.bulkPut([...want.values()]);
    }
    const storedStats = await db.docStats.toArray();
    const statsWrong = storedStats.some((s) => JSON.stringify(s) !== JSON.stringify(stats.get(s.docId) ?? emptyStats(s.docId))) || [...stats.keys()].some((d) => !storedStats.some((s) => s.docId === d));
    if (statsWrong) {
      log.push('per-document counts recomputed');
      await db.docStats.clear();
      await db.docStats.bulkPut([...stats.values()]);
    }
    if (log.length) {
      const previous = ((await db.meta.get('repairLog'))?.value as RepairEntry[] | undefined) ?? [];
      const at = nowIso();
      await db.meta.put({ key: 'repairLog', value: [...previous, ...log.map((what) => ({ at, what }))].slice(-200) });
    }
    return log;
  });
}
