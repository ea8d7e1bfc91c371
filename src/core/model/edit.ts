// Edits as changes to fields, never whole-object overwrites: the shared vocabulary of the renderer's
// write path (issue 10), file merge and live sync (issue 15). A patch names only the fields a person
// changed; applying it to the record as stored now can never write back a field it did not change.
import type { Annotation } from './annotation';

/** The fields a person edits. Selectors, ids and times are the app's, never a person's edit. */
export const EDITABLE_FIELDS = ['kind', 'verdict', 'translation', 'note', 'sources'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type EditableValues = Pick<Annotation, EditableField>;

export interface AnnotationPatch {
  id: string;
  /** The fields to set, with their new values; absent fields are left as stored. */
  set: Partial<EditableValues>;
}

export function isEditableField(value: unknown): value is EditableField {
  return typeof value === 'string' && (EDITABLE_FIELDS as readonly string[]).includes(value);
}

/** The fields whose values differ between two versions of one annotation. */
export function changedFields(before: EditableValues, after: EditableValues): EditableField[] {
  return EDITABLE_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
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
