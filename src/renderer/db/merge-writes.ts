// Writes of the per-field merge (issue 15), through the one write path (writeAnnotations): merged values
// land compare-and-set, as undo steps do, so a person's edit that reached the store first is never
// overwritten; new annotations another reviewer made are added only where the id is free, and ones
// another reviewer deleted are removed only while unchanged. The storage
// layout stays db/writes.ts' business.
import type { Annotation } from '../../core/model';
import { writeAnnotations, type AnnotationOp } from './writes';

export interface MergedValues {
  /** The record as read when the merge was computed. */
  read: Annotation;
  /** The merged record: `read` with merged field values (and time). */
  next: Annotation;
}

export interface MergeWriteResult {
  /** Ids whose write landed. */
  landed: Set<string>;
  /** Ids refused because the stored record changed meanwhile (or the id was taken). */
  refused: Set<string>;
}

/**
 * `removed`: annotations another reviewer deleted, each removed only while it is still as read (a
 * person's edit that landed first keeps it, and the bridge records that edit against the delete).
 */
export async function writeMergedAnnotations(
  db: Parameters<typeof writeAnnotations>[0],
  updates: readonly MergedValues[],
  added: readonly Annotation[],
  removed: readonly Annotation[] = [],
): Promise<MergeWriteResult> {
  const ops: AnnotationOp[] = [
    ...updates.map((u) => ({ type: 'transition' as const, transition: { id: u.read.id, from: u.read, to: u.next } })),
    ...added.map((a) => ({ type: 'put' as const, annotation: a, ifAbsent: true })),
    ...removed.map((a) => ({ type: 'transition' as const, transition: { id: a.id, from: a, to: null } })),
  ];
  if (ops.length === 0) return { landed: new Set(), refused: new Set() };
  const r = await writeAnnotations(db, ops, { onConflict: 'skip' });
  return { landed: new Set([...r.after.keys()]), refused: new Set(r.conflicts.map((c) => c.id)) };
}
