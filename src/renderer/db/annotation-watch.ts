// A whole-corpus reader for indexes over every annotation (the claims desk, the library's progress).
// A live query over `readAllAnnotations` reads every bucket in one read transaction, again after every
// write; IndexedDB runs a write only after the read transactions over its store that started before it,
// so at 100,000 annotations each create and import waited seconds behind the desk's re-read (issue 17's
// "create: saved" and "import 50"). This reads in pieces of a few bucket rows, each its own transaction,
// so a write waits for one piece at most; it reads again after changes to the annotations (debounced,
// never two reads at once, and leaving at least as long as the last read took between reads).
import { Dexie } from 'dexie';
import type { Annotation } from '../../core/model';
import type { BucketRow, ClaimdeskDb } from './schema';

const ROWS_PER_PIECE = 32;
const SETTLE_MS = 150;

/**
 * Every annotation, read piece by piece. Not one snapshot: an annotation moved between rows while the
 * pieces are read can be missed or met twice (it is kept once); the change that moved it triggers the
 * watcher's next read, which sees it. Exports and backups, which must be one snapshot, use readAllAnnotations.
 */
export async function readAllAnnotationsInPieces(db: ClaimdeskDb, rowsPerPiece = ROWS_PER_PIECE): Promise<Annotation[]> {
  const byId = new Map<string, Annotation>();
  let after: string | null = null;
  for (;;) {
    const rows: BucketRow[] = await (after === null ? db.buckets.orderBy('key') : db.buckets.where('key').above(after)).limit(rowsPerPiece).toArray();
    for (const row of rows) for (const a of row.items) byId.set(a.id, a);
    if (rows.length < rowsPerPiece) return [...byId.values()];
    after = rows[rows.length - 1]!.key;
  }
}

/** Calls `onList` with every annotation now and after each change to them; returns the function that stops it. */
export function watchAllAnnotations(db: ClaimdeskDb, onList: (list: Annotation[], readMs: number) => void, onError: (e: unknown) => void): () => void {
  const prefix = `idb://${db.name}/buckets/`;
  let stopped = false;
  let reading = false;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastReadMs = 0;
  let lastEnd = 0;

  const read = async () => {
    timer = null;
    if (stopped) return;
    if (reading) {
      dirty = true;
      return;
    }
    reading = true;
    dirty = false;
    const t0 = performance.now();
    try {
      const list = await readAllAnnotationsInPieces(db);
      lastReadMs = performance.now() - t0;
      if (!stopped) onList(list, lastReadMs);
    } catch (e) {
      if (!stopped) onError(e);
    } finally {
      reading = false;
      lastEnd = performance.now();
      if (dirty) schedule();
    }
  };
  const schedule = () => {
    if (stopped) return;
    if (reading) {
      dirty = true;
      return;
    }
    if (timer) clearTimeout(timer);
    const rest = Math.max(0, lastEnd + lastReadMs - performance.now());
    timer = setTimeout(() => void read(), Math.max(SETTLE_MS, rest));
  };
  const onMutated = (parts: Record<string, unknown>) => {
    for (const part of Object.keys(parts)) {
      if (part.startsWith(prefix)) return schedule();
    }
  };
  Dexie.on.storagemutated.subscribe(onMutated);
  void read();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    Dexie.on.storagemutated.unsubscribe(onMutated);
  };
}
