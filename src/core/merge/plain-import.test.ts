// Files without history merge without loss: new annotations are added, differing values become a
// visible conflict in the file's reviewer's name, and importing the same file twice changes nothing.
import { describe, expect, it } from 'vitest';
import { createAnnotation, type Annotation } from '../model/annotation';
import { allEntries, createdState, emptyState, indexEntries, listConflicts, materialize, patchEntries, serializeState, withAdded } from './merge';
import { importPlainAnnotations, incomingFieldEntries } from './plain-import';

const A = { id: 'rev-a', name: 'Ana' };
const B = { id: 'rev-b', name: 'Ben' };
const make = (id: string, note = ''): Annotation =>
  createAnnotation({
    id,
    docId: 'd',
    kind: 'claim',
    quote: { type: 'TextQuoteSelector', exact: 'q', prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: 0, end: 1 },
    docHash: 'e'.repeat(64),
    author: 'Ana',
    now: '2026-11-30T09:00:00.000Z',
    note,
  });

describe('importPlainAnnotations', () => {
  it('adds new annotations, keeps both values where they differ, and is idempotent', () => {
    let mine = withAdded(emptyState(), [createdState(make('x1', 'first'), A).base], []);
    mine = withAdded(mine, [], patchEntries(mine, { id: 'x1', set: { note: 'Ana’s note' } }, A, '2026-11-30T10:00:00.000Z'));
    const file = [{ ...make('x1', 'Ben’s note'), verdict: 'contradicted' as const, updatedAt: '2026-11-30T10:30:00.000Z' }, make('x2')];
    const once = importPlainAnnotations(mine, file, B);
    expect([once.added, once.differing]).toEqual([1, 2]);
    const conflicts = listConflicts(once.state);
    expect(conflicts.map((c) => [c.field, c.entries.map((e) => `${e.by.name}: ${String(e.value)}`)])).toEqual([
      ['verdict', ['Ben: contradicted', 'Ana: contested']],
      ['note', ['Ben: Ben’s note', 'Ana: Ana’s note']],
    ]);
    expect(materialize(once.state).map((m) => m.annotation.id).sort()).toEqual(['x1', 'x2']);
    const twice = importPlainAnnotations(once.state, file, B);
    expect(serializeState(twice.state)).toBe(serializeState(once.state));
    expect(twice.differing).toBe(0);
  });
});

describe('incomingFieldEntries (a file copy of a known annotation, values without history)', () => {
  it('takes a field only the file changed, keeps a field both changed as a conflict, and ignores a value this side replaced', () => {
    let mine = withAdded(emptyState(), [createdState(make('x1', 'first'), A).base], []);
    mine = withAdded(mine, [], patchEntries(mine, { id: 'x1', set: { note: 'Ana’s note' } }, A, '2026-11-30T10:00:00.000Z'));
    const theirs = { ...make('x1', 'Ben’s note'), verdict: 'contradicted' as const, updatedAt: '2026-11-30T10:30:00.000Z' };
    const added = incomingFieldEntries(indexEntries(allEntries(mine)), theirs, B, theirs.updatedAt);
    expect(added.map((e) => [e.field, e.by.name, e.at])).toEqual([
      ['verdict', 'Ben', '2026-11-30T10:30:00.000Z'],
      ['note', 'Ben', '2026-11-30T10:30:00.000Z'],
    ]);
    const merged = withAdded(mine, [], added);
    const [m] = materialize(merged);
    expect(m!.annotation.verdict).toBe('contradicted');
    expect(m!.conflicts.map((c) => [c.field, c.entries.map((e) => `${e.by.name}: ${String(e.value)}`)])).toEqual([['note', ['Ben: Ben’s note', 'Ana: Ana’s note']]]);
    // The same file again adds nothing; a file that still holds the note Ana replaced is behind.
    expect(incomingFieldEntries(indexEntries(allEntries(merged)), theirs, B, theirs.updatedAt)).toEqual([]);
    expect(incomingFieldEntries(indexEntries(allEntries(mine)), make('x1', 'first'), B, '2026-11-30T11:00:00.000Z')).toEqual([]);
  });
});
