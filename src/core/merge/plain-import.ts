// Merging annotations that arrive without their history (a file from before entries travelled in
// exports): an unknown annotation is added whole; for a known one, each field whose value differs from
// what is live here becomes an entry in the file's reviewer's name based on nothing. Not knowing who
// changed what since, the differing values are shown side by side as a conflict, never overwritten.
import type { Annotation } from '../model/annotation';
import { EDITABLE_FIELDS, editableValuesOf } from '../model/edit';
import { makeEntry, sameValue, type FieldEntry, type Reviewer } from './entries';
import { allEntries, baseOf, indexEntries, liveEntries, withAdded, type AnnotationBase, type MergeState } from './merge';

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
