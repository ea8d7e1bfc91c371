// Edits as changes to fields, never whole-object overwrites: the shared vocabulary of the renderer's
// write path (issue 10), file merge and live sync (issue 15). A patch names only the fields a person
// changed; applying it to the record as stored now can never write back a field it did not change.
import { WORKFLOW_DEFAULTS, type Annotation, type WorkflowFields } from './annotation';

/**
 * The fields a person edits. Selectors, ids and times are the app's, never a person's edit. The
 * workflow and link fields (status … claimWording) are optional on the stored record; their values
 * when absent are WORKFLOW_DEFAULTS (editableValuesOf fills them in).
 */
export const EDITABLE_FIELDS = ['kind', 'verdict', 'translation', 'note', 'sources', 'status', 'assignee', 'due', 'claimId', 'claimWording'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type EditableValues = { [F in EditableField]-?: Exclude<Annotation[F], undefined> };

/** An annotation's editable values, absent workflow fields read as their defaults. */
export function editableValuesOf(a: Pick<Annotation, 'kind' | 'verdict' | 'translation' | 'note' | 'sources'> & Partial<WorkflowFields>): EditableValues {
  return {
    kind: a.kind,
    verdict: a.verdict,
    translation: a.translation,
    note: a.note,
    sources: a.sources,
    status: a.status ?? WORKFLOW_DEFAULTS.status,
    assignee: a.assignee ?? WORKFLOW_DEFAULTS.assignee,
    due: a.due ?? WORKFLOW_DEFAULTS.due,
    claimId: a.claimId ?? WORKFLOW_DEFAULTS.claimId,
    claimWording: a.claimWording ?? WORKFLOW_DEFAULTS.claimWording,
  };
}

/** A field's value when the record does not hold it (the workflow fields), else undefined. */
export function defaultValueOf<F extends EditableField>(field: F): EditableValues[F] | undefined {
  return (WORKFLOW_DEFAULTS as unknown as Partial<EditableValues>)[field];
}

export interface AnnotationPatch {
  id: string;
  /** The fields to set, with their new values; absent fields are left as stored. */
  set: Partial<EditableValues>;
}

export function isEditableField(value: unknown): value is EditableField {
  return typeof value === 'string' && (EDITABLE_FIELDS as readonly string[]).includes(value);
}

/** The fields whose values differ between two versions of one annotation (an absent workflow field equals its default). */
export function changedFields(before: Parameters<typeof editableValuesOf>[0], after: Parameters<typeof editableValuesOf>[0]): EditableField[] {
  const b = editableValuesOf(before);
  const a = editableValuesOf(after);
  return EDITABLE_FIELDS.filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]));
}

/** Applies a patch to the stored record: only the named fields change (and updatedAt). */
export function applyPatch(current: Annotation, patch: AnnotationPatch, now: string): Annotation {
  if (patch.id !== current.id) throw new Error(`patch for ${patch.id} applied to ${current.id}`);
  const next: Annotation = { ...current, updatedAt: now };
  for (const field of EDITABLE_FIELDS) {
    if (Object.prototype.hasOwnProperty.call(patch.set, field)) (next as unknown as Record<string, unknown>)[field] = patch.set[field];
  }
  return next;
}

/**
 * The fields that say where an annotation sits. Re-anchoring and re-attaching change only these
 * (re-attaching also `updatedAt`), never a person's edit fields, so they can land beside an edit.
 */
export const ANCHOR_FIELDS = ['quote', 'position', 'docHash', 'orphan', 'history'] as const;
export type AnchorField = (typeof ANCHOR_FIELDS)[number];

/** Re-anchoring checks these before writing: the anchor it computed from must still be the stored one. */
const ANCHOR_CHECKED = ['docId', 'quote', 'position', 'docHash', 'orphan'] as const;

/** JSON text with object keys sorted: equal values compare equal whatever order their keys were written in. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Applies a job's new anchor (computed from `read`) to the record as stored now, keeping every
 * field a person edits as stored. Null when the stored anchor is no longer the one the job read
 * (the job recomputes or leaves it for the next pass, never overwrites).
 */
export function applyAnchor(current: Annotation, read: Annotation, next: Annotation): Annotation | null {
  if (current.id !== read.id || read.id !== next.id) throw new Error(`anchor for ${next.id} applied to ${current.id}`);
  if (!ANCHOR_CHECKED.every((f) => same(current[f], read[f]))) return null;
  const out: Annotation = { ...current };
  for (const f of ANCHOR_FIELDS) (out as unknown as Record<string, unknown>)[f] = next[f];
  if (next.updatedAt !== read.updatedAt) out.updatedAt = next.updatedAt;
  return out;
}

/**
 * One step of an undo history, replayed in either direction: the record goes from `from` to `to`
 * (null: absent). Only the fields that differ between the two are written, and only if the record
 * is still as the step left it: every field a person edits, and every field the step sets, still
 * equal `from`'s. Otherwise the target changed since (another window, an import) and the step is
 * refused rather than overwriting that change.
 */
export interface Transition {
  id: string;
  from: Annotation | null;
  to: Annotation | null;
}

export type TransitionRefusal = 'deleted' | 'exists' | 'changed';

export type TransitionResult = { ok: true; next: Annotation | null } | { ok: false; reason: TransitionRefusal };

/** Keys never compared when checking a step's target: the app's bookkeeping, not content. */
const UNCHECKED = new Set(['updatedAt', 'history']);

export function applyTransition(current: Annotation | null, t: Transition): TransitionResult {
  const { from, to } = t;
  if (!from) {
    if (current) return { ok: false, reason: 'exists' };
    return { ok: true, next: to };
  }
  if (!current) return { ok: false, reason: 'deleted' };
  const differing = to
    ? [...new Set([...Object.keys(from), ...Object.keys(to)])].filter(
        (k) => k !== 'id' && !same((from as unknown as Record<string, unknown>)[k], (to as unknown as Record<string, unknown>)[k]),
      )
    : [];
  const checked = new Set<string>([...EDITABLE_FIELDS, ...differing.filter((k) => !UNCHECKED.has(k))]);
  for (const k of checked) {
    if (!same((current as unknown as Record<string, unknown>)[k], (from as unknown as Record<string, unknown>)[k])) return { ok: false, reason: 'changed' };
  }
  if (!to) return { ok: true, next: null };
  const next: Record<string, unknown> = { ...current };
  for (const k of differing) next[k] = (to as unknown as Record<string, unknown>)[k];
  return { ok: true, next: next as unknown as Annotation };
}
