// Confirming occurrences on the real corpus: the four "Kalldahl Berdymukhamedov" of The Paper's
// machine translation become four linked translation errors sharing one correction, written in one
// transaction, and a fix made once reaches all four.
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { anchor } from '../../../core/anchoring';
import { sha256Hex, type Annotation } from '../../../core/model';
import { ClaimdeskDb } from '../../db/schema';
import { readAllAnnotations } from '../../db/reads';
import { Workspace } from '../../state/workspace';
import { planOccurrenceMarks } from './mark-occurrences';

const text = readFileSync(new URL('../../../../corpus/004_6426d44e76528891.txt', import.meta.url), 'utf8');
const paper = { id: 'paper', text, hash: sha256Hex(text) };
const places = [...text.matchAll(/Kalldahl Berdymukhamedov/g)].map((m) => ({ docId: 'paper', start: m.index, end: m.index + 'Kalldahl Berdymukhamedov'.length }));
let n = 0;
const newId = () => `id-${++n}`;
const translation = { dimension: 'locale-conventions' as const, subtype: 'name-format', severity: 'major' as const, correction: 'Serdar Berdimuhamedow' };

describe('confirming all occurrences', () => {
  it('four occurrences become four translation errors in one claim, each anchored on its own words', () => {
    expect(places).toHaveLength(4);
    const plan = planOccurrenceMarks({ places, documents: [paper], existing: [], mark: { kind: 'translation-error', translation }, wording: 'Kalldahl Berdymukhamedov', author: 'Ann', now: '2026-11-30T12:00:00.000Z', newId });
    expect(plan.created).toHaveLength(4);
    expect(new Set(plan.created.map((a) => a.claimId)).size).toBe(1);
    for (const [i, a] of plan.created.entries()) {
      expect(a.translation).toEqual(translation);
      expect(a.position).toEqual({ type: 'TextPositionSelector', start: places[i]!.start, end: places[i]!.end });
      expect(anchor(text, a)).toMatchObject({ status: 'anchored', start: places[i]!.start, end: places[i]!.end });
    }
  });

  it('an occurrence already marked joins the link instead of being marked twice; a doc not at hand is said', () => {
    const plan1 = planOccurrenceMarks({ places: places.slice(0, 1), documents: [paper], existing: [], mark: { kind: 'translation-error', translation }, wording: 'x', author: 'Ann', now: '2026-11-30T12:00:00.000Z', newId });
    const existing: Annotation = { ...plan1.created[0]!, note: 'seen first' };
    const plan = planOccurrenceMarks({ places: [...places, { docId: 'gone', start: 0, end: 3 }], documents: [paper], existing: [existing], mark: { kind: 'translation-error', translation }, wording: 'x', author: 'Ann', now: '2026-11-30T12:00:00.000Z', newId });
    expect(plan.created).toHaveLength(3);
    expect(plan.joined.map((j) => j.id)).toEqual([existing.id]);
    expect(plan.joined[0]!.set.claimId).toBe(plan.created[0]!.claimId);
    expect(plan.joined[0]!.set).not.toHaveProperty('note');
    expect(plan.skipped).toEqual([{ docId: 'gone', start: 0, end: 3 }]);
  });

  it('written in one transaction and undone as one step; a correction fixed once applies to all four', async () => {
    const db = new ClaimdeskDb('occurrences', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    const ws = new Workspace(db);
    const plan = planOccurrenceMarks({ places, documents: [paper], existing: [], mark: { kind: 'translation-error', translation: { ...translation, correction: 'Serdar Berdymukhamedov' } }, wording: 'Kalldahl Berdymukhamedov', author: 'Ann', now: '2026-11-30T12:00:00.000Z', newId });
    await ws.addLinked(plan.created, plan.joined, 'Mark 4 occurrences');
    expect(await readAllAnnotations(db)).toHaveLength(4);
    await ws.saveInputs(plan.created[2]!.id, { 'translation.correction': 'Serdar Berdimuhamedow' }, 'fix');
    expect((await readAllAnnotations(db)).map((a) => a.translation!.correction)).toEqual(Array(4).fill('Serdar Berdimuhamedow'));
    await ws.history.undo();
    await ws.history.undo();
    expect(await readAllAnnotations(db)).toHaveLength(0);
  });
});
