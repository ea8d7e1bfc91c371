// Per-field merge of several reviewers' work: a state is a set of annotation bases (where and what was
// marked) and a set of immutable field entries. Merging is set union, hence commutative, associative and
// idempotent. A field's live entries are those no other entry lists in `basedOn`: one live value (or
// several equal ones) is settled; several different ones are a conflict kept whole until a person
// resolves it with an entry based on all of them.
import type { Annotation, AnchorHistoryEntry, TextPositionSelector, TextQuoteSelector } from '../model/annotation';
import { defaultValueOf, EDITABLE_FIELDS, editableValuesOf, type AnnotationPatch, type EditableField, type EditableValues } from '../model/edit';
import { canonicalJson, DELETED_FIELD, LIMITS, makeEntry, rootEntryId, sameValue, type EntryAction, type FieldEntry, type MergeField, type MergeValues, type Reviewer } from './entries';

/** What an annotation is apart from its editable fields: set once by its creator. */
export interface AnnotationBase {
  id: string;
  docId: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  docHash: string;
  orphan: boolean;
  createdAt: string;
  createdBy: Reviewer;
  history: AnchorHistoryEntry[];
  /** The creator's values: each field's root entry (`rootEntryId`). */
  initial: EditableValues;
  /** Who brought it in on the creator's behalf (a file import); see FieldEntry.relayedBy. */
  relayedBy?: Reviewer;
}

export interface MergeState {
  bases: ReadonlyMap<string, AnnotationBase>;
  entries: ReadonlyMap<string, FieldEntry>;
}

export function emptyState(): MergeState {
  return { bases: new Map(), entries: new Map() };
}

export function baseOf(annotation: Annotation, by: Reviewer, relayedBy?: Reviewer): AnnotationBase {
  const { id, docId, quote, position, docHash, orphan, createdAt, history } = annotation;
  const initial = editableValuesOf(annotation);
  return { id, docId, quote, position, docHash, orphan, createdAt, createdBy: by, history, initial, ...(relayedBy && relayedBy.id !== by.id ? { relayedBy } : {}) };
}

/** The root entries of an annotation: its creator's value of each field. */
export function rootEntries(base: AnnotationBase): FieldEntry[] {
  return EDITABLE_FIELDS.map((field) => ({
    id: rootEntryId(base.id, field),
    annotationId: base.id,
    field,
    // A base written before the workflow fields existed lacks them: their defaults are its creator's values.
    value: Object.prototype.hasOwnProperty.call(base.initial, field) ? base.initial[field] : (defaultValueOf(field) as EditableValues[typeof field]),
    basedOn: [],
    at: base.createdAt,
    by: base.createdBy,
    action: 'create' as const,
    ...(base.relayedBy ? { relayedBy: base.relayedBy } : {}),
  }));
}

/** Every entry of a state: the roots its bases hold and the entries written since. */
export function* allEntries(state: MergeState): Iterable<FieldEntry> {
  for (const base of state.bases.values()) yield* rootEntries(base);
  yield* state.entries.values();
}

/**
 * Two bases under one id should never differ (ids are random); if they do, the smaller canonical JSON
 * wins on every replica, so the choice does not depend on merge order.
 */
function pickBase(a: AnnotationBase, b: AnnotationBase): AnnotationBase {
  return canonicalJson(a) <= canonicalJson(b) ? a : b;
}

/** Adds bases and entries to a state, returning a new state; the inputs are not changed. */
export function withAdded(state: MergeState, bases: Iterable<AnnotationBase>, entries: Iterable<FieldEntry>): MergeState {
  const nextBases = new Map(state.bases);
  for (const b of bases) {
    const had = nextBases.get(b.id);
    nextBases.set(b.id, had ? pickBase(had, b) : b);
  }
  const nextEntries = new Map(state.entries);
  for (const e of entries) if (!nextEntries.has(e.id)) nextEntries.set(e.id, e);
  return { bases: nextBases, entries: nextEntries };
}

/** The union of states: every base and every entry any of them holds. */
export function mergeStates(...states: MergeState[]): MergeState {
  return states.reduce((acc, s) => withAdded(acc, s.bases.values(), s.entries.values()), emptyState());
}

/** Deterministic text of a state, for comparing replicas and for tests. */
export function serializeState(state: MergeState): string {
  const bases = [...state.bases.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map(canonicalJson);
  const entries = [...state.entries.keys()].sort();
  return `${bases.join('\n')}\n--\n${entries.join('\n')}`;
}

/** Entries grouped by annotation and field, with the set of ids some entry replaced. */
export interface EntryIndex {
  byField: Map<string, Map<MergeField, FieldEntry[]>>;
  superseded: Set<string>;
}

export function indexEntries(entries: Iterable<FieldEntry>): EntryIndex {
  const byField = new Map<string, Map<MergeField, FieldEntry[]>>();
  const superseded = new Set<string>();
  for (const e of entries) {
    let fields = byField.get(e.annotationId);
    if (!fields) byField.set(e.annotationId, (fields = new Map()));
    let list = fields.get(e.field);
    if (!list) fields.set(e.field, (list = []));
    list.push(e);
    for (const id of e.basedOn) superseded.add(id);
  }
  return { byField, superseded };
}

/** Newest first by the writer's clock, then by id, so every replica lists a conflict in one order. */
export function compareEntries(a: FieldEntry, b: FieldEntry): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The entries of one field that no other entry replaced, newest first. */
export function liveEntries(index: EntryIndex, annotationId: string, field: MergeField): FieldEntry[] {
  const list = index.byField.get(annotationId)?.get(field) ?? [];
  return list.filter((e) => !index.superseded.has(e.id)).sort(compareEntries);
}

export interface FieldConflict {
  annotationId: string;
  field: MergeField;
  /**
   * Every live value with its author and time, newest first. For `deleted`: the live deletes (and
   * restores), and the edits of other fields the deleters did not see.
   */
  entries: FieldEntry[];
}

/** Whether an annotation is deleted, and whether its deletion is disputed (ADR 0022). */
export interface Deletion {
  /** Gone for people: every live `deleted` entry says so and their writers saw every live edit. */
  deleted: boolean;
  /** A delete restored concurrently, or edits its writer did not see: kept visible as a conflict. */
  conflict: FieldConflict | null;
}

/**
 * The tombstone rule. No live `deleted` entry, or only restores: alive. Deletes and restores live side
 * by side: alive, with a conflict. Only deletes: deleted, unless an edit of another field is live that
 * none of them saw (written concurrently), which brings the annotation back with a conflict a person
 * settles by deleting again or keeping it. So no edit disappears behind a delete nobody weighed it against.
 */
export function deletionOf(annotationId: string, live: (field: MergeField) => FieldEntry[]): Deletion {
  const marks = live(DELETED_FIELD);
  if (marks.every((e) => e.value === false)) return { deleted: false, conflict: null };
  if (marks.some((e) => e.value === false)) return { deleted: false, conflict: { annotationId, field: DELETED_FIELD, entries: marks } };
  const saw = new Set(marks.flatMap((e) => e.saw ?? []));
  const unseen = EDITABLE_FIELDS.flatMap((f) => live(f)).filter((e) => !isRootId(e.id) && !saw.has(e.id));
  if (unseen.length === 0) return { deleted: true, conflict: null };
  return { deleted: false, conflict: { annotationId, field: DELETED_FIELD, entries: [...marks, ...unseen].sort(compareEntries) } };
}

function isRootId(id: string): boolean {
  return id.startsWith('root:');
}

/** What a delete lists as seen: the live entries of every editable field (roots are always had). */
function seenForDelete(live: (field: MergeField) => FieldEntry[]): string[] {
  return EDITABLE_FIELDS.flatMap((f) => live(f))
    .map((e) => e.id)
    .filter((id) => !isRootId(id))
    .slice(0, LIMITS.saw);
}

export interface MaterializedAnnotation {
  annotation: Annotation;
  conflicts: FieldConflict[];
  /** Reviewers who wrote any entry of it, in order of first appearance in time. */
  contributors: Reviewer[];
  /** Deleted (a tombstone): kept in the state and its history, not shown among the annotations. */
  deleted: boolean;
}

/** Live entries whose values differ: a real conflict. Equal values written twice are settled. */
function conflicting(live: FieldEntry[]): boolean {
  return live.length > 1 && live.some((e) => !sameValue(e.value, live[0]!.value));
}

/**
 * The annotations as a person sees them. A conflicting field shows its newest value (every replica picks
 * the same one) and is listed in `conflicts`; a field with no entry at all keeps the creation default.
 */
export function materialize(state: MergeState, index: EntryIndex = indexEntries(allEntries(state))): MaterializedAnnotation[] {
  const out: MaterializedAnnotation[] = [];
  for (const base of state.bases.values()) {
    const values: Partial<EditableValues> = {};
    const conflicts: FieldConflict[] = [];
    let updatedAt = base.createdAt;
    for (const field of EDITABLE_FIELDS) {
      const live = liveEntries(index, base.id, field);
      if (live.length === 0) continue;
      (values as Record<string, unknown>)[field] = live[0]!.value;
      if (conflicting(live)) conflicts.push({ annotationId: base.id, field, entries: live });
    }
    const deletion = deletionOf(base.id, (f) => liveEntries(index, base.id, f));
    if (deletion.conflict) conflicts.push(deletion.conflict);
    const all = [...(index.byField.get(base.id)?.values() ?? [])].flat().sort((a, b) => -compareEntries(a, b));
    const contributors: Reviewer[] = [];
    for (const e of all) {
      if (e.at > updatedAt) updatedAt = e.at;
      if (!contributors.some((r) => r.id === e.by.id)) contributors.push(e.by);
    }
    const annotation: Annotation = {
      id: base.id,
      docId: base.docId,
      kind: values.kind ?? 'claim',
      verdict: values.verdict === undefined ? (values.kind === 'translation-error' ? null : 'contested') : values.verdict,
      translation: values.translation ?? null,
      quote: base.quote,
      position: base.position,
      docHash: base.docHash,
      orphan: base.orphan,
      note: values.note ?? '',
      sources: values.sources ?? [],
      author: base.createdBy.name,
      createdAt: base.createdAt,
      updatedAt,
      history: base.history,
    };
    out.push({ annotation, conflicts, contributors, deleted: deletion.deleted });
  }
  return out;
}

const MERGE_ORDER: readonly MergeField[] = [...EDITABLE_FIELDS, DELETED_FIELD];

/** Every open conflict in a state, in annotation then field order. */
export function listConflicts(state: MergeState): FieldConflict[] {
  return materialize(state)
    .flatMap((m) => m.conflicts)
    .sort((a, b) => (a.annotationId < b.annotationId ? -1 : a.annotationId > b.annotationId ? 1 : MERGE_ORDER.indexOf(a.field) - MERGE_ORDER.indexOf(b.field)));
}

/** A new annotation as state: its base, which holds the creator's value of every field. */
export function createdState(annotation: Annotation, by: Reviewer): { base: AnnotationBase } {
  return { base: baseOf(annotation, by) };
}

function findEntry(state: MergeState, entryId: string): FieldEntry | undefined {
  const hit = state.entries.get(entryId);
  if (hit) return hit;
  const m = /^root:([A-Za-z]+):(.+)$/.exec(entryId);
  const base = m ? state.bases.get(m[2]!) : undefined;
  return base ? rootEntries(base).find((e) => e.id === entryId) : undefined;
}

function entryFor(
  index: EntryIndex,
  annotationId: string,
  field: MergeField,
  value: unknown,
  by: Reviewer,
  at: string,
  action: EntryAction,
  extra: Partial<FieldEntry> = {},
): FieldEntry {
  const live = liveEntries(index, annotationId, field);
  const saw = field === DELETED_FIELD && value === true ? { saw: seenForDelete((f) => liveEntries(index, annotationId, f)) } : {};
  return makeEntry({ annotationId, field, value: value as never, basedOn: live.map((e) => e.id), at, by, action, ...extra, ...saw });
}

/**
 * The entries a person's patch adds: one per field whose value changes, each based on every live entry
 * the person sees. Writing over a conflict is a resolution, recorded as such.
 */
export function patchEntries(state: MergeState, patch: AnnotationPatch, by: Reviewer, at: string, index: EntryIndex = indexEntries(allEntries(state))): FieldEntry[] {
  if (!state.bases.has(patch.id)) throw new Error(`no annotation ${patch.id}`);
  const out: FieldEntry[] = [];
  for (const field of EDITABLE_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(patch.set, field)) continue;
    const value = patch.set[field];
    const live = liveEntries(index, patch.id, field);
    const inConflict = conflicting(live);
    if (!inConflict && live.length > 0 && sameValue(live[0]!.value, value)) continue;
    out.push(entryFor(index, patch.id, field, value, by, at, inConflict ? 'resolve' : 'edit'));
  }
  return out;
}

/** A person's decision on a conflict: the chosen (or newly written) value, based on every live entry. */
export function resolveEntry(state: MergeState, annotationId: string, field: MergeField, value: MergeValues[MergeField], by: Reviewer, at: string): FieldEntry {
  return entryFor(indexEntries(allEntries(state)), annotationId, field, value, by, at, 'resolve');
}

/** Brings back an earlier value of a field, recording which entry it came from. */
export function restoreEntry(state: MergeState, entryId: string, by: Reviewer, at: string): FieldEntry {
  const old = findEntry(state, entryId);
  if (!old) throw new Error(`no entry ${entryId}`);
  return entryFor(indexEntries(allEntries(state)), old.annotationId, old.field, old.value, by, at, 'restore', { restoredFrom: old.id });
}

/**
 * A person's delete (`deleted: true`) or undo of one (`false`): based on the live `deleted` entries, a
 * delete listing the edits it saw. A state keeps the annotation either way; nothing is purged.
 */
export function deletedEntry(state: MergeState, annotationId: string, deleted: boolean, by: Reviewer, at: string): FieldEntry {
  if (!state.bases.has(annotationId)) throw new Error(`no annotation ${annotationId}`);
  const index = indexEntries(allEntries(state));
  const disputed = deletionOf(annotationId, (f) => liveEntries(index, annotationId, f)).conflict !== null;
  return entryFor(index, annotationId, DELETED_FIELD, deleted, by, at, disputed ? 'resolve' : 'edit');
}

export interface HistoryItem {
  entry: FieldEntry;
  /** True while no later entry replaced it. */
  live: boolean;
}

/**
 * Who changed what, when, for one annotation: every entry after the entries it replaced (reviewers'
 * clocks disagree, so time alone could list a resolution before what it resolved), otherwise oldest
 * first.
 */
export function annotationHistory(state: MergeState, annotationId: string): HistoryItem[] {
  const index = indexEntries(allEntries(state));
  const entries = [...(index.byField.get(annotationId)?.values() ?? [])].flat();
  const ids = new Set(entries.map((e) => e.id));
  const waiting = new Map(entries.map((e) => [e.id, e.basedOn.filter((b) => ids.has(b)).length]));
  const children = new Map<string, FieldEntry[]>();
  for (const e of entries) for (const b of e.basedOn) if (ids.has(b)) children.set(b, [...(children.get(b) ?? []), e]);
  const oldestFirst = (a: FieldEntry, b: FieldEntry) => -compareEntries(a, b);
  const ready = entries.filter((e) => waiting.get(e.id) === 0).sort(oldestFirst);
  const out: HistoryItem[] = [];
  while (ready.length) {
    const entry = ready.shift()!;
    out.push({ entry, live: !index.superseded.has(entry.id) });
    for (const c of children.get(entry.id) ?? []) {
      const left = waiting.get(c.id)! - 1;
      waiting.set(c.id, left);
      if (left === 0) {
        ready.push(c);
        ready.sort(oldestFirst);
      }
    }
  }
  return out;
}

/**
 * The live entries of every field, kept up to date one entry at a time (entries may arrive in any
 * order), for clients that must not rescan the whole state on each change.
 */
export class LiveRegisters {
  private readonly live = new Map<string, Map<string, FieldEntry>>();
  private readonly superseded = new Set<string>();
  private readonly seen = new Set<string>();

  /** A new annotation: its creator's values are the first live entries of its fields. */
  addBase(base: AnnotationBase): void {
    for (const root of rootEntries(base)) this.add(root);
  }

  add(entry: FieldEntry): void {
    if (this.seen.has(entry.id)) return;
    this.seen.add(entry.id);
    const key = `${entry.annotationId}\u0000${entry.field}`;
    let here = this.live.get(key);
    if (!here) this.live.set(key, (here = new Map()));
    for (const id of entry.basedOn) {
      this.superseded.add(id);
      here.delete(id);
    }
    if (!this.superseded.has(entry.id)) here.set(entry.id, entry);
  }

  /** Live entries of one field, newest first. */
  get(annotationId: string, field: MergeField): FieldEntry[] {
    return [...(this.live.get(`${annotationId}\u0000${field}`)?.values() ?? [])].sort(compareEntries);
  }

  /** Whether the annotation is deleted now, and whether that is disputed. */
  deletion(annotationId: string): Deletion {
    return deletionOf(annotationId, (f) => this.get(annotationId, f));
  }

  /** A new entry for a person's change of one field, based on every live entry of it. */
  edit(annotationId: string, field: MergeField, value: MergeValues[MergeField], by: Reviewer, at: string): FieldEntry {
    const live = this.get(annotationId, field);
    const disputed = field === DELETED_FIELD ? this.deletion(annotationId).conflict !== null : conflicting(live);
    const saw = field === DELETED_FIELD && value === true ? { saw: seenForDelete((f) => this.get(annotationId, f)) } : {};
    return makeEntry({ annotationId, field, value, basedOn: live.map((e) => e.id), at, by, action: disputed ? 'resolve' : 'edit', ...saw });
  }
}
