// Per-field merge: the two-reviewer scenario, history and restore, and property tests over
// random edit histories of 2-4 reviewers merged in every order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAnnotation, VERDICTS, type Annotation } from '../model/annotation';
import { EDITABLE_FIELDS, type EditableField } from '../model/edit';
import { entryProblem, makeEntry, sameValue, type FieldEntry, type Reviewer } from './entries';
import {
  allEntries,
  annotationHistory,
  createdState,
  deletedEntry,
  deletionOf,
  emptyState,
  indexEntries,
  listConflicts,
  liveEntries,
  LiveRegisters,
  materialize,
  mergeStates,
  patchEntries,
  resolveEntry,
  restoreEntry,
  serializeState,
  withAdded,
  type MergeState,
} from './merge';

const A: Reviewer = { id: 'rev-a', name: 'Ana' };
const B: Reviewer = { id: 'rev-b', name: 'Ben' };
const C: Reviewer = { id: 'rev-c', name: 'Chloé' };
const D: Reviewer = { id: 'rev-d', name: 'Dev' };
const HASH = 'a'.repeat(64);

function claim(id: string, note = ''): Annotation {
  return createAnnotation({
    id,
    docId: 'doc-1',
    kind: 'claim',
    verdict: 'contested',
    quote: { type: 'TextQuoteSelector', exact: 'unemployment fell', prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: 10, end: 27 },
    docHash: HASH,
    author: A.name,
    now: '2026-11-30T10:00:00.000Z',
    note,
  });
}

function created(annotation: Annotation, by: Reviewer): MergeState {
  const { base } = createdState(annotation, by);
  return withAdded(emptyState(), [base], []);
}

function edit(state: MergeState, id: string, set: Partial<Annotation>, by: Reviewer, at: string): MergeState {
  return withAdded(state, [], patchEntries(state, { id, set }, by, at));
}

describe('the issue scenario: B changes the verdict with a note, A edits the same note', () => {
  const shared = created(claim('x1', 'first reading'), A);
  const fromB = edit(shared, 'x1', { verdict: 'contradicted', note: 'ONS revised the series (B)' }, B, '2026-11-30T11:00:00.000Z');
  const fromA = edit(shared, 'x1', { note: 'Check the ONS release (A)' }, A, '2026-11-30T11:05:00.000Z');

  it("keeps B's verdict, and keeps the note conflict with both values, authors and times", () => {
    const merged = mergeStates(fromA, fromB);
    const [m] = materialize(merged);
    expect(m!.annotation.verdict).toBe('contradicted');
    expect(m!.conflicts).toHaveLength(1);
    const c = m!.conflicts[0]!;
    expect(c.field).toBe('note');
    expect(c.entries.map((e) => [e.value, e.by.name, e.at])).toEqual([
      ['Check the ONS release (A)', 'Ana', '2026-11-30T11:05:00.000Z'],
      ['ONS revised the series (B)', 'Ben', '2026-11-30T11:00:00.000Z'],
    ]);
    expect(listConflicts(merged)).toEqual(m!.conflicts);
    // Either side merging the other sees exactly the same thing.
    expect(serializeState(mergeStates(fromB, fromA))).toBe(serializeState(merged));
  });

  it("records B's changes under B's name in the history, and a resolution under the resolver's", () => {
    const merged = mergeStates(fromA, fromB);
    const resolution = resolveEntry(merged, 'x1', 'note', 'ONS revised the series; release checked', A, '2026-11-30T12:00:00.000Z');
    const resolved = withAdded(merged, [], [resolution]);
    expect(listConflicts(resolved)).toEqual([]);
    expect(materialize(resolved)[0]!.annotation.note).toBe('ONS revised the series; release checked');
    const history = annotationHistory(resolved, 'x1').filter((h) => h.entry.action !== 'create');
    expect(history.map((h) => [h.entry.field, h.entry.by.name, h.entry.action, h.live])).toEqual([
      ['verdict', 'Ben', 'edit', true],
      ['note', 'Ben', 'edit', false],
      ['note', 'Ana', 'edit', false],
      ['note', 'Ana', 'resolve', true],
    ]);
    // The resolution names both values it replaced: neither was dropped unrecorded.
    expect(resolution.basedOn).toHaveLength(2);
    // B receiving the resolution settles too.
    expect(listConflicts(mergeStates(fromB, resolved))).toEqual([]);
  });

  it('restores an earlier value as a new entry that says where it came from', () => {
    const merged = mergeStates(fromA, fromB);
    const bNote = annotationHistory(merged, 'x1').find((h) => h.entry.field === 'note' && h.entry.by.id === B.id)!.entry;
    const restored = restoreEntry(merged, bNote.id, C, '2026-11-30T13:00:00.000Z');
    const after = withAdded(merged, [], [restored]);
    expect(materialize(after)[0]!.annotation.note).toBe('ONS revised the series (B)');
    expect(restored.restoredFrom).toBe(bNote.id);
    expect(listConflicts(after)).toEqual([]);
  });

  it('changes to different fields of one annotation both survive without a conflict', () => {
    const a = edit(shared, 'x1', { note: 'A' }, A, '2026-11-30T11:00:00.000Z');
    const b = edit(shared, 'x1', { verdict: 'sourced' }, B, '2026-11-30T11:00:00.000Z');
    const [m] = materialize(mergeStates(a, b));
    expect([m!.annotation.note, m!.annotation.verdict, m!.conflicts.length]).toEqual(['A', 'sourced', 0]);
  });

  it('two reviewers writing the same value is not a conflict', () => {
    const a = edit(shared, 'x1', { verdict: 'sourced' }, A, '2026-11-30T11:00:00.000Z');
    const b = edit(shared, 'x1', { verdict: 'sourced' }, B, '2026-11-30T11:01:00.000Z');
    expect(listConflicts(mergeStates(a, b))).toEqual([]);
  });

  it('a later edit by someone who saw the value replaces it without a conflict', () => {
    const seen = edit(fromB, 'x1', { note: 'agreed' }, A, '2026-11-30T11:30:00.000Z');
    const merged = mergeStates(fromB, seen, shared);
    expect(listConflicts(merged)).toEqual([]);
    expect(materialize(merged)[0]!.annotation.note).toBe('agreed');
  });
});

describe('deletion: a tombstone register that merges like the other fields', () => {
  const shared = created(claim('x1', 'first reading'), A);
  const del = (state: MergeState, by: Reviewer, at: string, deleted = true) => withAdded(state, [], [deletedEntry(state, 'x1', deleted, by, at)]);
  const shown = (state: MergeState) => materialize(state).filter((m) => !m.deleted);

  it("A's delete reaches B; A's undo of it reaches B too; nothing is purged", () => {
    const deletedByA = del(shared, A, '2026-11-30T11:00:00.000Z');
    const atB = mergeStates(shared, deletedByA);
    expect(shown(atB)).toEqual([]);
    expect(listConflicts(atB)).toEqual([]);
    // The annotation and its history are still in the state: nothing was purged.
    expect(atB.bases.has('x1')).toBe(true);
    expect(annotationHistory(atB, 'x1').at(-1)!.entry).toMatchObject({ field: 'deleted', value: true, by: { name: 'Ana' } });
    const undone = del(deletedByA, A, '2026-11-30T11:01:00.000Z', false);
    const later = mergeStates(atB, undone);
    expect(shown(later).map((m) => m.annotation.note)).toEqual(['first reading']);
    expect(listConflicts(later)).toEqual([]);
  });

  it('a delete and an edit made apart bring the annotation back with a conflict naming both', () => {
    const deletedByA = del(shared, A, '2026-11-30T11:00:00.000Z');
    const editedByB = edit(shared, 'x1', { note: 'ONS revised the series (B)' }, B, '2026-11-30T11:00:30.000Z');
    const merged = mergeStates(deletedByA, editedByB);
    expect(serializeState(mergeStates(editedByB, deletedByA))).toBe(serializeState(merged));
    const [m] = materialize(merged);
    expect(m!.deleted).toBe(false);
    expect(m!.annotation.note).toBe('ONS revised the series (B)');
    expect(m!.conflicts.map((c) => [c.field, c.entries.map((e) => `${e.by.name} ${e.field} ${String(e.value)}`)])).toEqual([
      ['deleted', ['Ben note ONS revised the series (B)', 'Ana deleted true']],
    ]);
    // A person settles it: deleting again (having now seen the edit) deletes; keeping it keeps the edit.
    const deletedAgain = del(merged, B, '2026-11-30T12:00:00.000Z');
    expect(deletedAgain.entries.size).toBe(merged.entries.size + 1);
    expect([...deletedAgain.entries.values()].at(-1)!.action).toBe('resolve');
    expect(shown(deletedAgain)).toEqual([]);
    expect(listConflicts(deletedAgain)).toEqual([]);
    const kept = withAdded(merged, [], [resolveEntry(merged, 'x1', 'deleted', false, A, '2026-11-30T12:00:00.000Z')]);
    expect(shown(kept).map((x) => x.annotation.note)).toEqual(['ONS revised the series (B)']);
    expect(listConflicts(kept)).toEqual([]);
  });

  it('an edit the deleter had seen does not bring it back', () => {
    const editedByB = edit(shared, 'x1', { note: 'B' }, B, '2026-11-30T11:00:00.000Z');
    const deletedByA = del(mergeStates(shared, editedByB), A, '2026-11-30T11:01:00.000Z');
    expect(shown(mergeStates(editedByB, deletedByA))).toEqual([]);
  });

  it('what a delete saw is sealed into its id, and only a delete may carry it', () => {
    const editedByB = edit(shared, 'x1', { note: 'B' }, B, '2026-11-30T11:00:00.000Z');
    const d = deletedEntry(editedByB, 'x1', true, A, '2026-11-30T11:01:00.000Z');
    expect(d.saw).toEqual([[...editedByB.entries.keys()][0]]);
    expect(entryProblem(d)).toBeNull();
    expect(entryProblem({ ...d, saw: [] })).toBe('id does not match content');
    const { id: _id, ...note } = [...editedByB.entries.values()][0]!;
    expect(entryProblem(makeEntry({ ...note, saw: d.saw }))).toBe('saw on an entry that is not a delete');
  });

  it('a delete and an undo made apart stay visible as a conflict on the deletion', () => {
    const deletedByA = del(shared, A, '2026-11-30T11:00:00.000Z');
    const deletedAndUndoneByB = del(del(shared, B, '2026-11-30T11:00:10.000Z'), B, '2026-11-30T11:00:20.000Z', false);
    const merged = mergeStates(deletedByA, deletedAndUndoneByB);
    expect(shown(merged)).toHaveLength(1);
    expect(listConflicts(merged).map((c) => [c.field, c.entries.map((e) => `${e.by.name} ${String(e.value)}`)])).toEqual([['deleted', ['Ben false', 'Ana true']]]);
  });
});

// --- Property tests -------------------------------------------------------------------------------

const REVIEWERS = [A, B, C, D];
const IDS = ['p1', 'p2'];
const FIELDS: EditableField[] = ['verdict', 'note', 'sources'];
const VALUES: Record<string, unknown[]> = {
  verdict: [...VERDICTS],
  note: ['', 'n1', 'n2', 'n3'],
  sources: [[], [{ url: 'https://ons.gov.uk/a', title: 'ONS', accessed: '', quote: '' }]],
};

type Op =
  | { t: 'edit'; r: number; ann: number; field: number; value: number }
  | { t: 'sync'; from: number; to: number }
  | { t: 'resolve'; r: number; pick: number }
  | { t: 'restore'; r: number; pick: number }
  | { t: 'delete'; r: number; ann: number; deleted: boolean };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('edit' as const), r: fc.nat(3), ann: fc.nat(1), field: fc.nat(2), value: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('sync' as const), from: fc.nat(3), to: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('resolve' as const), r: fc.nat(3), pick: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('restore' as const), r: fc.nat(3), pick: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), r: fc.nat(3), ann: fc.nat(1), deleted: fc.boolean() }) },
);

interface Written {
  entry: FieldEntry;
  /** Ids the writer held when writing. */
  known: Set<string>;
}

/** Plays a history: each reviewer edits its own replica and now and then pulls another's. */
function play(n: number, ops: Op[]): { replicas: MergeState[]; written: Written[] } {
  let seed = emptyState();
  IDS.forEach((id, i) => {
    const { base } = createdState(claim(id), REVIEWERS[i % n]!);
    seed = withAdded(seed, [base], []);
  });
  const replicas = Array.from({ length: n }, () => seed);
  const written: Written[] = [];
  let clock = 0;
  const at = () => new Date(Date.UTC(2026, 10, 30, 12, 0, clock++)).toISOString();
  const add = (r: number, entries: FieldEntry[]) => {
    const known = new Set(replicas[r]!.entries.keys());
    for (const entry of entries) written.push({ entry, known });
    replicas[r] = withAdded(replicas[r]!, [], entries);
  };
  for (const op of ops) {
    if (op.t === 'edit') {
      const r = op.r % n;
      const field = FIELDS[op.field]!;
      const values = VALUES[field]!;
      add(r, patchEntries(replicas[r]!, { id: IDS[op.ann]!, set: { [field]: values[op.value % values.length] } }, REVIEWERS[r]!, at()));
    } else if (op.t === 'sync') {
      replicas[op.to % n] = mergeStates(replicas[op.to % n]!, replicas[op.from % n]!);
    } else if (op.t === 'resolve') {
      const r = op.r % n;
      const conflicts = listConflicts(replicas[r]!);
      if (conflicts.length === 0) continue;
      const c = conflicts[op.pick % conflicts.length]!;
      const picked = c.entries[op.pick % c.entries.length]!;
      // In a deletion conflict, keeping an edit made apart from the delete means keeping the annotation.
      const value = c.field === 'deleted' && picked.field !== 'deleted' ? false : picked.value;
      add(r, [resolveEntry(replicas[r]!, c.annotationId, c.field, value, REVIEWERS[r]!, at())]);
    } else if (op.t === 'delete') {
      const r = op.r % n;
      add(r, [deletedEntry(replicas[r]!, IDS[op.ann]!, op.deleted, REVIEWERS[r]!, at())]);
    } else {
      const r = op.r % n;
      const ids = [...allEntries(replicas[r]!)].map((e) => e.id).sort();
      add(r, [restoreEntry(replicas[r]!, ids[op.pick % ids.length]!, REVIEWERS[r]!, at())]);
    }
  }
  return { replicas, written };
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

function ancestors(state: MergeState, id: string, memo = new Map<string, Set<string>>()): Set<string> {
  const hit = memo.get(id);
  if (hit) return hit;
  const out = new Set<string>();
  memo.set(id, out);
  for (const parent of state.entries.get(id)?.basedOn ?? []) {
    out.add(parent);
    for (const a of ancestors(state, parent, memo)) out.add(a);
  }
  return out;
}

const historyArb = fc.record({ n: fc.integer({ min: 2, max: 4 }), ops: fc.array(opArb, { maxLength: 40 }) });

describe('merge properties over random histories of 2-4 reviewers', () => {
  it('every merge order gives the same state and the same annotations (commutative, associative)', () => {
    fc.assert(
      fc.property(historyArb, ({ n, ops }) => {
        const { replicas } = play(n, ops);
        const expected = serializeState(mergeStates(...replicas));
        const view = JSON.stringify(materialize(mergeStates(...replicas)));
        for (const order of permutations(replicas)) {
          // Left fold and right fold: different groupings of the same merges.
          const left = order.reduce((acc, s) => mergeStates(acc, s));
          const right = order.reduceRight((acc, s) => mergeStates(s, acc));
          expect(serializeState(left)).toBe(expected);
          expect(serializeState(right)).toBe(expected);
          expect(JSON.stringify(materialize(left))).toBe(view);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('merging a state with itself, or with anything already in it, changes nothing (idempotent)', () => {
    fc.assert(
      fc.property(historyArb, ({ n, ops }) => {
        const { replicas } = play(n, ops);
        const all = mergeStates(...replicas);
        for (const r of replicas) {
          expect(serializeState(mergeStates(r, r))).toBe(serializeState(r));
          expect(serializeState(mergeStates(all, r))).toBe(serializeState(all));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('no value anyone wrote is lost without a recorded resolution', () => {
    fc.assert(
      fc.property(historyArb, ({ n, ops }) => {
        const { replicas, written } = play(n, ops);
        const all = mergeStates(...replicas);
        const index = indexEntries(allEntries(all));
        const byId = new Map(written.map((w) => [w.entry.id, w]));
        const memo = new Map<string, Set<string>>();
        for (const w of written) {
          // Every entry is still there, with its author and time.
          expect(all.entries.get(w.entry.id)).toEqual(w.entry);
          if (!index.superseded.has(w.entry.id)) continue;
          // A replaced entry was replaced by someone who had it in front of them.
          const replacers = [...all.entries.values()].filter((f) => f.basedOn.includes(w.entry.id));
          expect(replacers.length).toBeGreaterThan(0);
          for (const f of replacers) {
            const fw = byId.get(f.id);
            if (fw) expect(fw.known.has(w.entry.id)).toBe(true);
          }
        }
        // Nothing vanishes: every entry is live or an ancestor of a live entry.
        const entries = [...allEntries(all)];
        const live = entries.filter((e) => !index.superseded.has(e.id));
        for (const e of entries) {
          expect(live.some((l) => l.id === e.id || ancestors(all, l.id, memo).has(e.id))).toBe(true);
        }
        // Live entries with different values are shown as one conflict holding all of them.
        const conflicts = listConflicts(all);
        for (const ann of IDS) {
          for (const field of FIELDS) {
            const here = live.filter((e) => e.annotationId === ann && e.field === field);
            const shown = conflicts.find((c) => c.annotationId === ann && c.field === field);
            const differ = here.some((e) => !sameValue(e.value, here[0]!.value));
            expect(shown?.entries.map((e) => e.id).sort() ?? null).toEqual(differ ? here.map((e) => e.id).sort() : null);
          }
        }
        // Two concurrent writes of different values to one field that no later entry has seen both of
        // are still two lines of live values: never silently collapsed into one.
        for (const e1 of entries) {
          for (const e2 of entries) {
            if (e1.id >= e2.id || e1.annotationId !== e2.annotationId || e1.field !== e2.field || sameValue(e1.value, e2.value)) continue;
            if (ancestors(all, e1.id, memo).has(e2.id) || ancestors(all, e2.id, memo).has(e1.id)) continue;
            const seenTogether = entries.some((f) => {
              const anc = ancestors(all, f.id, memo);
              return anc.has(e1.id) && anc.has(e2.id);
            });
            if (seenTogether) continue;
            const from = (e: FieldEntry) => live.filter((l) => l.id === e.id || ancestors(all, l.id, memo).has(e.id)).map((l) => l.id);
            const l1 = from(e1);
            const l2 = from(e2);
            expect(l1.length).toBeGreaterThan(0);
            expect(l2.length).toBeGreaterThan(0);
            expect(l1.some((id) => l2.includes(id))).toBe(false);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a delete hides an annotation only when its writer had every live edit of it in front of them', () => {
    fc.assert(
      fc.property(historyArb, ({ n, ops }) => {
        const { replicas, written } = play(n, ops);
        const all = mergeStates(...replicas);
        const index = indexEntries(allEntries(all));
        const knownBy = new Map(written.map((w) => [w.entry.id, w.known]));
        for (const m of materialize(all)) {
          const id = m.annotation.id;
          const marks = liveEntries(index, id, 'deleted');
          const edits = EDITABLE_FIELDS.flatMap((f) => liveEntries(index, id, f)).filter((e) => !e.id.startsWith('root:'));
          const everySeen = edits.every((e) => marks.some((d) => d.value === true && knownBy.get(d.id)!.has(e.id)));
          const settledDelete = marks.length > 0 && marks.every((d) => d.value === true);
          expect(m.deleted).toBe(settledDelete && everySeen);
          // Whatever is not settled is shown as a conflict on the deletion, holding every live delete or restore.
          const conflict = m.conflicts.find((c) => c.field === 'deleted');
          const disputed = marks.some((d) => d.value === true) && !(settledDelete && everySeen);
          expect(conflict !== undefined).toBe(disputed);
          if (conflict) for (const d of marks) expect(conflict.entries.map((e) => e.id)).toContain(d.id);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('replicas that have pulled from everyone show the same annotations and conflicts', () => {
    fc.assert(
      fc.property(historyArb, ({ n, ops }) => {
        const { replicas } = play(n, ops);
        const synced = replicas.map((r, i) => mergeStates(r, ...replicas.filter((_, j) => j !== i)));
        const views = synced.map((s) => JSON.stringify(materialize(s)));
        expect(new Set(views).size).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('LiveRegisters', () => {
  it('tracks the same live entries as a full index, whatever order entries arrive in', () => {
    fc.assert(
      fc.property(historyArb, fc.integer(), ({ n, ops }, seed) => {
        const all = mergeStates(...play(n, ops).replicas);
        const entries = [...allEntries(all)];
        // A deterministic shuffle from the seed.
        let s = seed >>> 0;
        for (let i = entries.length - 1; i > 0; i--) {
          s = (s * 1664525 + 1013904223) >>> 0;
          const j = s % (i + 1);
          [entries[i], entries[j]] = [entries[j]!, entries[i]!];
        }
        const live = new LiveRegisters();
        entries.forEach((e) => live.add(e));
        const index = indexEntries(allEntries(all));
        for (const id of IDS) for (const f of FIELDS) expect(live.get(id, f).map((e) => e.id)).toEqual(liveEntries(index, id, f).map((e) => e.id));
        for (const id of IDS) expect(live.deletion(id)).toEqual(deletionOf(id, (f) => liveEntries(index, id, f)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('annotationHistory', () => {
  it('lists every entry of an annotation once, each after the entries it replaced', () => {
    fc.assert(
      fc.property(historyArb, ({ n, ops }) => {
        const all = mergeStates(...play(n, ops).replicas);
        for (const id of IDS) {
          const history = annotationHistory(all, id);
          const expected = [...allEntries(all)].filter((e) => e.annotationId === id).map((e) => e.id).sort();
          expect(history.map((h) => h.entry.id).sort()).toEqual(expected);
          const position = new Map(history.map((h, i) => [h.entry.id, i]));
          for (const h of history) for (const b of h.entry.basedOn) expect(position.get(b)!).toBeLessThan(position.get(h.entry.id)!);
        }
      }),
      { numRuns: 100 },
    );
  });
});
