// Merging annotations that arrive without their history (a file from before entries travelled in
// exports): an unknown annotation is added whole; for a known one, each field whose value differs from
// what is live here becomes an entry in the file's reviewer's name based on nothing. Not knowing who
// changed what since, the differing values are shown side by side as a conflict, never overwritten.
import type { Annotation } from '../model/annotation';
import { EDITABLE_FIELDS, editableValuesOf } from '../model/edit';
import { makeEntry, rootEntryId, sameValue, type FieldEntry, type Reviewer } from './entries';
import { allEntries, baseOf, indexEntries, liveEntries, withAdded, type AnnotationBase, type EntryIndex, type MergeState } from './merge';

export interface PlainImport {
  state: MergeState;
  added: number;
  /** Fields whose incoming value differed from every live value here: now in conflict, both kept. */
  differing: number;
}

export function importPlainAnnotations(state: MergeState, incoming: ReadonlyArray<Annotation>, by: Reviewer): PlainImport {
  const index = indexEntries(allEntries(state));
  const bases: AnnotationBase[] = [];
  const entries: FieldEntry[] = [];
  let differing = 0;
  for (const a of incoming) {
    if (!state.bases.has(a.id)) {
      bases.push(baseOf(a, by));
      continue;
    }
    for (const field of EDITABLE_FIELDS) {
      const live = liveEntries(index, a.id, field);
      const value = editableValuesOf(a)[field];
      if (live.some((e) => sameValue(e.value, value))) continue;
      differing++;
      entries.push(makeEntry({ annotationId: a.id, field, value: value as never, basedOn: [], at: a.updatedAt, by, action: 'edit' }));
    }
  }
  return { state: withAdded(state, bases, entries), added: bases.length, differing };
}

/**
 * The entries a file's copy of a known annotation adds, field by field, when the file carries values
 * but no history (Claimdesk JSON): a value this replica already has (live, or replaced since: the file
 * is behind) adds nothing; any other value is the file reviewer's change of the creator's value, so
 * its entry is based on the field's root. Where this replica never changed the field, that settles on
 * the file's value; where it did, both are live: a conflict with both values, authors and times.
 */
export function incomingFieldEntries(index: EntryIndex, incoming: Annotation, by: Reviewer, at: string, relayedBy?: Reviewer): FieldEntry[] {
  const relay = relayedBy && relayedBy.id !== by.id ? { relayedBy } : {};
  const out: FieldEntry[] = [];
  for (const field of EDITABLE_FIELDS) {
    const value = (incoming as unknown as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const live = liveEntries(index, incoming.id, field);
    if (live.length === 0 || live.some((e) => sameValue(e.value, value))) continue;
    const all = index.byField.get(incoming.id)?.get(field) ?? [];
    if (all.some((e) => index.superseded.has(e.id) && sameValue(e.value, value))) continue;
    out.push(makeEntry({ annotationId: incoming.id, field, value: value as never, basedOn: [rootEntryId(incoming.id, field)], at, by, action: 'edit', ...relay }));
  }
  return out;
}
