// Reviewers and field entries: the unit of provenance. Every change to an editable field of an annotation
// is an immutable entry `{value, basedOn, at, by}`; its id is the hash of its content, so the same entry
// arriving twice (from a file and from the server) is one entry, and a forged copy cannot reuse an id.
import { isAnnotationKind, isClaimStatus, isVerdict, MQM_DIMENSIONS, SEVERITIES } from '../model/annotation';
import { EDITABLE_FIELDS, isEditableField, type EditableField, type EditableValues } from '../model/edit';
import { sha256Hex } from '../model/hash';

/** A person on the desk: a stable id chosen once per profile, and the name others see. */
export interface Reviewer {
  id: string;
  name: string;
}

/** How an entry came about; 'resolve' entries are a person's decision on a conflict. */
export const ENTRY_ACTIONS = ['create', 'edit', 'resolve', 'restore'] as const;
export type EntryAction = (typeof ENTRY_ACTIONS)[number];

/**
 * The merge's fields: the editable ones and `deleted`, the tombstone register (ADR 0022). `deleted` has
 * no root entry (an annotation is alive until someone deletes it); a delete entry (`true`) lists in
 * `saw` the live entries of the other fields its writer had in front of them, so an edit it did not see
 * is concurrent with it and brings the annotation back as a visible conflict instead of being lost.
 */
export const DELETED_FIELD = 'deleted' as const;
export type MergeField = EditableField | typeof DELETED_FIELD;
export type MergeValues = EditableValues & { deleted: boolean };
export const MERGE_FIELDS: readonly MergeField[] = [...EDITABLE_FIELDS, DELETED_FIELD];

export function isMergeField(value: unknown): value is MergeField {
  return value === DELETED_FIELD || isEditableField(value);
}

export interface FieldEntry<F extends MergeField = MergeField> {
  /** sha256 of the canonical JSON of everything below. */
  id: string;
  annotationId: string;
  field: F;
  value: MergeValues[F];
  /** Ids of the entries of this field the writer saw and replaced, sorted. Empty for the first value. */
  basedOn: string[];
  /** ISO time on the writer's clock: for people to read, never for deciding who wins. */
  at: string;
  by: Reviewer;
  action: EntryAction;
  /** For 'restore': the earlier entry whose value was brought back. */
  restoredFrom?: string;
  /** For a delete (`deleted: true`): the live entries of the other fields its writer saw, sorted (roots left out). */
  saw?: string[];
  /**
   * Who brought this entry in on `by`'s behalf (a file import, ADR 0022): a sync server vouches for the
   * sender only, so it accepts an entry in another's name when the sender is named here, and the app
   * shows `by` as "from a file imported by" this reviewer, never as `by`'s own word.
   */
  relayedBy?: Reviewer;
}

export type EntryContent = Omit<FieldEntry, 'id'>;

const REVIEWER_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const ENTRY_ID = /^[0-9a-f]{64}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** Bounds that no person's edit reaches and that keep a hostile peer from growing a document without end. */
export const LIMITS = { note: 100_000, text: 10_000, sources: 200, basedOn: 64, annotationId: 128, name: 200, saw: 640 } as const;

export function isReviewer(value: unknown): value is Reviewer {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    Object.keys(r).length === 2 &&
    typeof r.id === 'string' &&
    REVIEWER_ID.test(r.id) &&
    typeof r.name === 'string' &&
    r.name.length <= LIMITS.name
  );
}

export function isEntryId(value: unknown): value is string {
  return typeof value === 'string' && ENTRY_ID.test(value);
}

/**
 * The id of a field's first value, the one its creator gave it. That value lives in the annotation's
 * base (`initial`), not as an entry of its own: a new annotation is one record, not six.
 */
export function rootEntryId(annotationId: string, field: MergeField): string {
  return `root:${field}:${annotationId}`;
}

function isShortText(v: unknown, max: number = LIMITS.text): v is string {
  return typeof v === 'string' && v.length <= max;
}

function hasExactKeys(o: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(o, k));
}

/** Whether a value is acceptable for a field: the same shapes the app itself writes, nothing else. */
export function isFieldValue(field: MergeField, value: unknown): boolean {
  switch (field) {
    case 'deleted':
      return typeof value === 'boolean';
    case 'kind':
      return isAnnotationKind(value);
    case 'verdict':
      return value === null || isVerdict(value);
    case 'note':
      return isShortText(value, LIMITS.note);
    case 'translation': {
      if (value === null) return true;
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      const t = value as Record<string, unknown>;
      return (
        hasExactKeys(t, ['dimension', 'subtype', 'severity', 'correction']) &&
        (MQM_DIMENSIONS as readonly unknown[]).includes(t.dimension) &&
        isShortText(t.subtype) &&
        (SEVERITIES as readonly unknown[]).includes(t.severity) &&
        isShortText(t.correction)
      );
    }
    case 'status':
      return isClaimStatus(value);
    case 'assignee':
    case 'claimId':
      return isShortText(value, LIMITS.name);
    case 'due':
      return value === '' || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value));
    case 'claimWording':
      return isShortText(value);
    case 'sources':
      return (
        Array.isArray(value) &&
        value.length <= LIMITS.sources &&
        value.every((s: unknown) => {
          if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
          const o = s as Record<string, unknown>;
          return hasExactKeys(o, ['url', 'title', 'accessed', 'quote']) && [o.url, o.title, o.accessed, o.quote].every((x) => isShortText(x));
        })
      );
  }
}

/** JSON with object keys sorted, so equal values always give equal text (and equal hashes). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Seals an entry: sorts basedOn and gives it its content id. */
export function makeEntry(content: EntryContent): FieldEntry {
  const sealed: EntryContent = { ...content, basedOn: [...new Set(content.basedOn)].sort() };
  if (content.saw !== undefined) sealed.saw = [...new Set(content.saw)].sort();
  return { id: sha256Hex(canonicalJson(sealed)), ...sealed };
}

/** Why a value received from elsewhere (a file, a peer) is not a well-formed entry, or null when it is. */
export function entryProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const e = value as Record<string, unknown>;
  const keys = ['id', 'annotationId', 'field', 'value', 'basedOn', 'at', 'by', 'action'];
  const extra = Object.keys(e).filter((k) => !keys.includes(k) && k !== 'restoredFrom' && k !== 'saw' && k !== 'relayedBy');
  if (extra.length) return `unknown key ${extra[0]}`;
  if (!isEntryId(e.id)) return 'bad id';
  if (typeof e.annotationId !== 'string' || e.annotationId.length === 0 || e.annotationId.length > LIMITS.annotationId) return 'bad annotationId';
  if (!isMergeField(e.field)) return `unknown field ${String(e.field).slice(0, 40)}`;
  if (!isFieldValue(e.field, e.value)) return `bad value for ${e.field}`;
  const root = rootEntryId(e.annotationId, e.field);
  if (!Array.isArray(e.basedOn) || e.basedOn.length > LIMITS.basedOn || !e.basedOn.every((b) => isEntryId(b) || b === root)) return 'bad basedOn';
  if (typeof e.at !== 'string' || !ISO_TIME.test(e.at)) return 'bad time';
  if (!isReviewer(e.by)) return 'bad reviewer';
  if (!(ENTRY_ACTIONS as readonly unknown[]).includes(e.action)) return 'bad action';
  if (e.restoredFrom !== undefined && !isEntryId(e.restoredFrom) && e.restoredFrom !== root) return 'bad restoredFrom';
  if (e.relayedBy !== undefined && !isReviewer(e.relayedBy)) return 'bad relayedBy';
  if (e.saw !== undefined) {
    if (e.field !== DELETED_FIELD || e.value !== true) return 'saw on an entry that is not a delete';
    if (!Array.isArray(e.saw) || e.saw.length > LIMITS.saw || !e.saw.every(isEntryId)) return 'bad saw';
  }
  const { id, ...content } = e as unknown as FieldEntry;
  if (makeEntry(content).id !== id) return 'id does not match content';
  return null;
}

export function isFieldEntry(value: unknown): value is FieldEntry {
  return entryProblem(value) === null;
}
