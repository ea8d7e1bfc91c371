// The Yjs layout: concurrent writes of one field survive an exchange of updates as a conflict (where a
// plain Y.Map key per field would silently keep one), and malformed values are set aside, not read.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAnnotation } from '../model/annotation';
import { entryProblem, makeEntry, type Reviewer } from './entries';
import { createdState, listConflicts, materialize, patchEntries } from './merge';
import { docNameFor, entriesMap, readDoc, writeToDoc } from './ydoc';

const A: Reviewer = { id: 'rev-a', name: 'Ana' };
const B: Reviewer = { id: 'rev-b', name: 'Ben' };
const HASH = 'b'.repeat(64);
const annotation = createAnnotation({
  id: 'x1',
  docId: 'doc',
  kind: 'claim',
  quote: { type: 'TextQuoteSelector', exact: 'rates rose', prefix: '', suffix: '' },
  position: { type: 'TextPositionSelector', start: 0, end: 10 },
  docHash: HASH,
  author: 'Ana',
  now: '2026-11-30T10:00:00.000Z',
});

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('registers in a Y.Doc', () => {
  it('two people writing one note offline both keep their value after syncing', () => {
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const { base } = createdState(annotation, A);
    writeToDoc(docA, [base], []);
    exchange(docA, docB);
    const noteA = patchEntries(readDoc(docA).state, { id: 'x1', set: { note: 'from A' } }, A, '2026-11-30T11:00:00.000Z');
    const noteB = patchEntries(readDoc(docB).state, { id: 'x1', set: { note: 'from B' } }, B, '2026-11-30T11:00:01.000Z');
    writeToDoc(docA, [], noteA);
    writeToDoc(docB, [], noteB);
    exchange(docA, docB);
    for (const doc of [docA, docB]) {
      const { state, rejected } = readDoc(doc);
      expect(rejected).toEqual([]);
      const [conflict] = listConflicts(state);
      expect(conflict?.entries.map((e) => `${e.by.name}: ${e.value as string}`)).toEqual(['Ben: from B', 'Ana: from A']);
    }
  });

  it('(why) a plain Y.Map key per field keeps only one of two concurrent writes', () => {
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    docA.getMap('plain').set('x1.note', 'from A');
    docB.getMap('plain').set('x1.note', 'from B');
    exchange(docA, docB);
    const values = new Set([docA.getMap('plain').get('x1.note'), docB.getMap('plain').get('x1.note')]);
    expect(values.size).toBe(1);
  });

  it('sets aside a forged entry, an unknown field and an oversized note instead of reading them', () => {
    const doc = new Y.Doc();
    const { base } = createdState(annotation, A);
    writeToDoc(doc, [base], []);
    const good = patchEntries(readDoc(doc).state, { id: 'x1', set: { kind: 'claim', note: 'kept' } }, A, '2026-11-30T10:30:00.000Z')[0]!;
    writeToDoc(doc, [], [good]);
    const forged = { ...good, value: 'translation-error' };
    const unknown = makeEntry({ annotationId: 'x1', field: 'owner' as never, value: 'me' as never, basedOn: [], at: good.at, by: A, action: 'edit' });
    const huge = makeEntry({ annotationId: 'x1', field: 'note', value: 'x'.repeat(200_000), basedOn: [], at: good.at, by: A, action: 'edit' });
    expect(entryProblem(forged)).toBe('id does not match content');
    expect(entryProblem(unknown)).toMatch(/unknown field/);
    expect(entryProblem(huge)).toBe('bad value for note');
    const map = entriesMap(doc);
    map.set(`${'f'.repeat(63)}0`, forged);
    map.set(unknown.id, unknown);
    map.set(huge.id, huge);
    const { state, rejected } = readDoc(doc);
    expect(rejected).toHaveLength(3);
    expect(materialize(state)[0]!.annotation.kind).toBe('claim');
    expect(materialize(state)[0]!.annotation.note).toBe('kept');
  });

  it('names a document by its content hash and refuses anything else', () => {
    expect(docNameFor(HASH)).toBe(`doc:${HASH}`);
    expect(() => docNameFor('../etc/passwd')).toThrow();
  });
});
