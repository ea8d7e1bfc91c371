// Named writes: every change to the database goes through one of these transactions, and every change
// to annotations through one path, writeAnnotations, which also records `lastChangeAt` (the backup and
// the export reminder follow it). See docs/adr/0010-renderer-map.md.
import { planMerge, type MergeReport } from '../../core/formats';
import {
  applyAnchor,
  countWords,
  sha256Hex,
  applyPatch,
  applyTransition,
  type Annotation,
  type AnnotationPatch,
  type Transition,
  type TransitionRefusal,
} from '../../core/model';
import { nowIso } from './clock';
import { AnnotationStore } from './layout';
import type { ClaimdeskDb, DocTextRow } from './schema';

/**
 * One change to one annotation:
 * - `put`: the whole record (creation, import); with `ifAbsent` it is refused when the id exists.
 * - `patch`: only the named fields, applied to the record as stored now (a person's edit).
 * - `anchor`: a job's new anchor, computed from `read`; applied only if the stored anchor is still `read`'s.
 * - `remove`: delete, wherever it is stored.
 * - `transition`: one undo/redo step, refused when its target changed since (see core/model/edit).
 */
export type AnnotationOp =
  | { type: 'put'; annotation: Annotation; ifAbsent?: boolean }
  | { type: 'patch'; patch: AnnotationPatch }
  /** A patch built from the record as stored now (typing into one part of a field: `sources.1.url`). */
  | { type: 'patch-from'; id: string; build: (current: Annotation) => AnnotationPatch }
  /** `asIs`: a person re-attached what they saw; the anchor is theirs to set whatever it is now. */
  | { type: 'anchor'; read: Annotation; next: Annotation; asIs?: boolean }
  | { type: 'remove'; id: string }
  | { type: 'transition'; transition: Transition };

export type ConflictReason = TransitionRefusal | 'anchor-changed';

export interface Conflict {
  id: string;
  reason: ConflictReason;
}

export type States = Map<string, Annotation | null>;

export interface WriteResult {
  /** The records before and after, by id (null: absent), for the ops that landed. */
  before: States;
  after: States;
  /** Ops that were refused; with `onConflict: 'abort'` nothing was written when this is non-empty. */
  conflicts: Conflict[];
}

export interface WriteOptions {
  /** 'abort' (default): one refused op and nothing is written. 'skip': the others land. */
  onConflict?: 'abort' | 'skip';
  /** The time written to edited records and to `lastChangeAt`. */
  now?: string;
}

/** Test hook: called between the bucket writes and the stats write, to prove a failure there leaves nothing half-written. */
export let faultInjector: ((stage: 'after-buckets') => void) | null = null;
export function setFaultInjector(fn: typeof faultInjector): void {
  faultInjector = fn;
}

function opId(op: AnnotationOp): string {
  switch (op.type) {
    case 'put':
      return op.annotation.id;
    case 'patch':
      return op.patch.id;
    case 'patch-from':
      return op.id;
    case 'anchor':
      return op.next.id;
    case 'remove':
      return op.id;
    case 'transition':
      return op.transition.id;
  }
}

/**
 * The one write path for annotations: applies the ops in order inside one read-write transaction
 * over buckets, stats and meta, with `lastChangeAt`, so either all of it lands or none. Each op
 * applies to the record as stored now, inside the transaction, never to a copy read earlier.
 */
export async function writeAnnotations(db: ClaimdeskDb, ops: readonly AnnotationOp[], options: WriteOptions = {}): Promise<WriteResult> {
  return db.transaction('rw', db.buckets, db.docStats, db.locator, db.meta, async () => {
    const view = new AnnotationStore(db);
    await view.locate(
      ops.map(opId),
      ops.flatMap((op) => (op.type === 'put' ? [{ id: op.annotation.id, docId: op.annotation.docId }] : [])),
    );
    return applyOps(db, view, ops, options);
  });
}

/** writeAnnotations' body, on a store whose ids are located (inside the caller's transaction). */
async function applyOps(db: ClaimdeskDb, view: AnnotationStore, ops: readonly AnnotationOp[], options: WriteOptions): Promise<WriteResult> {
  const now = options.now ?? nowIso();
  const onConflict = options.onConflict ?? 'abort';
  {
    const before: States = new Map();
    const after: States = new Map();
    const conflicts: Conflict[] = [];
    const planned: Array<{ id: string; next: Annotation | null }> = [];
    const current = new Map<string, Annotation | null>();
    const stored = (id: string) => (current.has(id) ? current.get(id)! : view.get(id));
    for (const op of ops) {
      const id = opId(op);
      const cur = stored(id);
      let next: Annotation | null;
      if (op.type === 'put') {
        if (op.ifAbsent && cur) {
          conflicts.push({ id, reason: 'exists' });
          continue;
        }
        next = op.annotation;
      } else if (op.type === 'patch') {
        if (!cur) {
          conflicts.push({ id, reason: 'deleted' });
          continue;
        }
        next = applyPatch(cur, op.patch, now);
      } else if (op.type === 'patch-from') {
        if (!cur) {
          conflicts.push({ id, reason: 'deleted' });
          continue;
        }
        next = applyPatch(cur, op.build(cur), now);
      } else if (op.type === 'anchor') {
        const n = cur ? applyAnchor(cur, op.asIs ? cur : op.read, op.asIs ? { ...op.next, history: cur.history.concat(op.next.history.slice(op.read.history.length)) } : op.next) : null;
        if (!n) {
          conflicts.push({ id, reason: cur ? 'anchor-changed' : 'deleted' });
          continue;
        }
        next = n;
      } else if (op.type === 'remove') {
        next = null;
      } else {
        const r = applyTransition(cur, op.transition);
        if (!r.ok) {
          conflicts.push({ id, reason: r.reason });
          continue;
        }
        next = r.next;
      }
      if (!before.has(id)) before.set(id, view.get(id));
      current.set(id, next);
      after.set(id, next);
      planned.push({ id, next });
    }
    if (conflicts.length && onConflict === 'abort') return { before: new Map(), after: new Map(), conflicts };
    await view.loadDocs(planned.flatMap((p) => (p.next ? [p.next.docId] : [])));
    for (const { id, next } of planned) {
      if (next) view.put(next);
      else view.remove(id);
    }
    if (view.changed) await view.flush(() => faultInjector?.('after-buckets'), () => recordChange(db, now));
    return { before, after, conflicts };
  }
}

// ---- compatibility names (older callers and tests); both go through writeAnnotations ----

export interface AnnotationChange {
  put: Annotation[];
  /** Ids to delete. */
  remove: string[];
}

/** Puts and deletes in one transaction; returns the annotations as they were before (null where absent). */
export async function applyChange(db: ClaimdeskDb, change: AnnotationChange): Promise<States> {
  const ops: AnnotationOp[] = [...change.remove.map((id) => ({ type: 'remove' as const, id })), ...change.put.map((a) => ({ type: 'put' as const, annotation: a }))];
  return (await writeAnnotations(db, ops)).before;
}

/** Writes many annotations at once (imports); an existing annotation with the same id is replaced, wherever it was. */
export async function bulkPutAnnotations(db: ClaimdeskDb, list: readonly Annotation[]): Promise<void> {
  if (list.length === 0) return;
  await writeAnnotations(db, list.map((a) => ({ type: 'put' as const, annotation: a })));
}

/** Replaces every annotation (restoring a backup), in one transaction. */
export async function replaceAllAnnotations(db: ClaimdeskDb, list: readonly Annotation[]): Promise<void> {
  await db.transaction('rw', db.buckets, db.docStats, db.locator, db.meta, async () => {
    await db.buckets.clear();
    await db.docStats.clear();
    await db.locator.clear();
    await writeAnnotations(db, list.map((a) => ({ type: 'put' as const, annotation: a })));
    await recordChange(db, nowIso());
  });
}

// ---- imports ----

/** A document a Claimdesk JSON file carries (with its text, in files from versions that carry texts). */
export interface CarriedDocument {
  id: string;
  title: string;
  hash: string;
  file: string;
  text?: unknown;
}

/**
 * Merges imported annotations (newer wins, conflicts keep the local copy) and adds the documents the
 * file carries with their text, in one transaction: the merge is planned against the database as it
 * is inside that transaction, and lands whole or not at all.
 */
export async function importAnnotations(db: ClaimdeskDb, incoming: readonly Annotation[], documents: readonly CarriedDocument[] = []): Promise<MergeReport> {
  return db.transaction('rw', db.buckets, db.docStats, db.locator, db.meta, db.docTexts, async () => {
    // Feature-detected: only files that carry a document's text add it; a text already here is never
    // replaced. One bulkGet and one bulkPut, however many documents the file carries.
    const carried = documents.filter((d): d is CarriedDocument & { text: string } => typeof d.text === 'string' && d.id !== '');
    if (carried.length) {
      const here = await db.docTexts.bulkGet(carried.map((d) => d.id));
      const added = new Map<string, DocTextRow>();
      const at = nowIso();
      carried.forEach((d, i) => {
        // The hash is the text's own: the import plan (planNativeImport) refused any file where it was not.
        if (!here[i] && !added.has(d.id)) added.set(d.id, { id: d.id, file: d.file, title: d.title, text: d.text, hash: /^[0-9a-f]{64}$/.test(d.hash) ? d.hash : sha256Hex(d.text), importedAt: at, words: countWords(d.text) });
      });
      if (added.size) {
        await db.docTexts.bulkPut([...added.values()]);
        await recordChange(db, at);
      }
    }
    // Only the stored records of the incoming ids are read (their locator shards and rows), not the store.
    const view = new AnnotationStore(db);
    await view.locate(incoming.map((a) => a.id));
    const existing: Annotation[] = [];
    for (const a of incoming) {
      const stored = view.get(a.id);
      if (stored) existing.push(stored);
    }
    const plan = planMerge(existing, incoming);
    // Puts never conflict, and nobody reads an import's before/after: straight into the store.
    await view.loadDocs(plan.put.map((a) => a.docId));
    for (const a of plan.put) view.put(a);
    if (view.changed) {
      await view.flush(() => faultInjector?.('after-buckets'));
      await recordChange(db);
    }
    return plan.report;
  });
}

// ---- document texts ----

/**
 * Adds or replaces an imported text. The text it replaces (if any) is kept as `previous`, so the
 * replacement can be undone ("Restore the previous text").
 */
export async function putDocText(db: ClaimdeskDb, row: DocTextRow): Promise<void> {
  await db.transaction('rw', db.docTexts, db.meta, async () => {
    const old = await db.docTexts.get(row.id);
    const previous = old ? { file: old.file, title: old.title, text: old.text, hash: old.hash, importedAt: old.importedAt, words: old.words } : undefined;
    await db.docTexts.put(previous ? { ...row, previous } : row);
    await recordChange(db, nowIso());
  });
}

/** Undoes an imported text: back to the text it replaced, or (a corpus file) to the corpus text. */
export async function restoreDocText(db: ClaimdeskDb, id: string): Promise<'previous' | 'corpus' | 'none'> {
  return db.transaction('rw', db.docTexts, db.meta, async () => {
    const row = await db.docTexts.get(id);
    if (!row) return 'none';
    if (row.previous) await db.docTexts.put({ id: row.id, ...row.previous });
    else await db.docTexts.delete(id);
    await recordChange(db, nowIso());
    return row.previous ? 'previous' : 'corpus';
  });
}

/**
 * Records that the work changed (the backup and the export reminder follow it). Called inside the
 * transaction of every write that changes the work, so the time lands with the change or not at all.
 */
export async function recordChange(db: ClaimdeskDb, now: string = nowIso()): Promise<void> {
  await db.meta.put({ key: 'lastChangeAt', value: now });
}

// ---- settings and bookkeeping (not changes to the work: no lastChangeAt) ----

export async function setSetting(db: ClaimdeskDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

export async function setSettings(db: ClaimdeskDb, values: Record<string, unknown>): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    for (const [key, value] of Object.entries(values)) await db.settings.put({ key, value });
  });
}

export async function setMeta(db: ClaimdeskDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
