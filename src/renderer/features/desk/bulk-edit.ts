// Bulk actions of the claims desk: one field set on every selected annotation (and on the other
// appearances of their linked claims), written as one change through db/writes' one write path and
// recorded as one step of this window's undo history.
import type { ClaimStatus, EditableValues, Verdict } from '../../../core/model';
import { CLAIM_STATUS_LABELS, plural } from '../../../core/model';
import type { ClaimdeskDb } from '../../db/schema';
import { nowIso } from '../../db/clock';
import { writeAnnotations, type AnnotationOp, type WriteResult } from '../../db/writes';
import type { UndoHistory } from '../../state/history';
import type { DeskRow } from './desk-model';

export type BulkChange =
  | { field: 'status'; value: ClaimStatus }
  | { field: 'assignee'; value: string; name: string }
  | { field: 'verdict'; value: Verdict };

export interface BulkPlan {
  ops: AnnotationOp[];
  /** Selected rows the change does not apply to (a verdict on a translation error) or that already hold it. */
  unchanged: number;
  label: string;
}

/** The patches a bulk change makes: only rows whose value differs, verdicts only on claims. */
export function planBulk(rows: readonly DeskRow[], change: BulkChange): BulkPlan {
  const ops: AnnotationOp[] = [];
  for (const r of rows) {
    if (change.field === 'verdict' && r.kind !== 'claim') continue;
    if (r[change.field] === change.value) continue;
    const set: Partial<EditableValues> = { [change.field]: change.value };
    ops.push({ type: 'patch', patch: { id: r.id, set } });
  }
  const n = plural(ops.length, 'annotation');
  const label =
    change.field === 'status'
      ? `Set status of ${n} to ${CLAIM_STATUS_LABELS[change.value]}`
      : change.field === 'assignee'
        ? change.value
          ? `Assign ${n} to ${change.name}`
          : `Unassign ${n}`
        : `Set verdict of ${n} to ${change.value}`;
  return { ops, unchanged: rows.length - ops.length, label };
}

/**
 * Writes a bulk change in one transaction (an annotation deleted meanwhile is skipped, the rest land)
 * and records it as one undo step. Returns what landed.
 */
export async function applyBulk(db: ClaimdeskDb, history: UndoHistory, plan: BulkPlan, now: string = nowIso()): Promise<WriteResult> {
  if (plan.ops.length === 0) return { before: new Map(), after: new Map(), conflicts: [] };
  const r = await writeAnnotations(db, plan.ops, { onConflict: 'skip', now });
  if (r.after.size) history.record({ label: plan.label, before: r.before, after: r.after, at: Date.now() });
  return r;
}
