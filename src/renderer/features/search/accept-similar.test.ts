// Accepting a similar passage on the real corpus: The Paper's telling of the March 17 Senate statement
// becomes another appearance of the Caravanserai claim (same verdict, status, sources, wording; its own
// quote and an empty note), in one transaction undone as one step; words already annotated are linked
// as they are; impossible links are refused with linkProblem's reason.
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { anchor, describe as describeRange } from '../../../core/anchoring';
import { createAnnotation, sha256Hex, workflowOf, type Annotation } from '../../../core/model';
import { ClaimdeskDb } from '../../db/schema';
import { readAllAnnotations } from '../../db/reads';
import { Workspace } from '../../state/workspace';
import { isLinkedPlace, planAcceptSimilar } from './accept-similar';

const read = (file: string) => readFileSync(new URL(`../../../../corpus/${file}`, import.meta.url), 'utf8');
const caravanText = read('000_bcac1e10f295c14d.txt');
const paperText = read('004_6426d44e76528891.txt');
const caravan = { id: 'caravan', text: caravanText, hash: sha256Hex(caravanText) };
const paper = { id: 'paper', text: paperText, hash: sha256Hex(paperText) };
const CLAIM = 'Speaking at a session of the Senate on March 17, Uzbek Foreign Minister Abdulaziz Kamilov stressed';
const PASSAGE = 'On March 17th, Uzbek Foreign Minister Abdulaziz Kamilov made it very clear at the plenary session of the National Senate';
const NOW = '2026-12-01T00:00:00.000Z';
let n = 0;
const newId = () => `id-${++n}`;

function at(doc: typeof caravan, words: string, kind: Annotation['kind'] = 'claim'): Annotation {
  const start = doc.text.indexOf(words);
  const { quote, position } = describeRange(doc.text, { start, end: start + words.length });
  return createAnnotation({ id: newId(), docId: doc.id, kind, verdict: kind === 'claim' ? 'contested' : null, quote, position, docHash: doc.hash, author: 'Ann', now: NOW });
}

const source = { url: 'https://senat.uz/en/lists/view/3811', title: 'Senate of Uzbekistan: 17 March plenary session' };
const claim: Annotation = { ...at(caravan, CLAIM), note: 'my note', sources: [source], status: 'in-progress' } as Annotation;
const start = paperText.indexOf(PASSAGE);
const place = { docId: 'paper', start, end: start + PASSAGE.length };

describe('accepting a similar passage', () => {
  it('makes a new appearance on the passage with the claim’s shared values, its own quote and an empty note', () => {
    const plan = planAcceptSimilar({ claim, place, doc: paper, existing: [], author: 'Bo', now: NOW, newId });
    if (plan.type !== 'create') throw new Error(plan.type);
    const a = plan.created;
    expect(a.docId).toBe('paper');
    expect(a.quote.exact).toBe(PASSAGE);
    expect(anchor(paperText, a)).toMatchObject({ status: 'anchored', start: place.start, end: place.end });
    expect(a).toMatchObject({ kind: 'claim', verdict: 'contested', status: 'in-progress', sources: [source], note: '', claimWording: CLAIM, author: 'Bo' });
    expect(workflowOf(a).claimId).not.toBe('');
    expect(plan.patches).toEqual([{ id: claim.id, set: expect.objectContaining({ claimId: a.claimId, claimWording: CLAIM }) }]);
    expect(plan.patches[0]!.set).not.toHaveProperty('note');
  });

  it('words already annotated there are linked as they are; the claim itself or an appearance of it is refused', () => {
    const there = at(paper, PASSAGE);
    expect(planAcceptSimilar({ claim, place, doc: paper, existing: [there], author: 'Bo', now: NOW, newId })).toEqual({ type: 'link-existing', existing: there });
    const self = planAcceptSimilar({ claim, place: { docId: 'caravan', start: claim.position.start, end: claim.position.end }, doc: caravan, existing: [claim], author: 'Bo', now: NOW, newId });
    expect(self).toEqual({ type: 'refused', reason: 'that passage is the selected annotation itself' });
    const linkedClaim = { ...claim, claimId: 'c1' };
    const already = planAcceptSimilar({ claim: linkedClaim, place, doc: paper, existing: [{ ...there, claimId: 'c1' }], author: 'Bo', now: NOW, newId });
    expect(already).toEqual({ type: 'refused', reason: 'that passage is already linked to this claim' });
    expect(isLinkedPlace(linkedClaim, place, [{ ...there, claimId: 'c1' }])).toBe(true);
    expect(isLinkedPlace(linkedClaim, place, [there])).toBe(false);
  });

  it('refuses what cannot be one claim, and a passage whose text is not at hand', () => {
    const error = at(paper, PASSAGE, 'translation-error');
    expect(planAcceptSimilar({ claim, place, doc: paper, existing: [error], author: 'Bo', now: NOW, newId })).toEqual({
      type: 'refused',
      reason: 'a claim and a translation error cannot be linked (they record different things)',
    });
    const comment = { ...at(caravan, CLAIM, 'comment') };
    expect(planAcceptSimilar({ claim: comment, place, doc: paper, existing: [], author: 'Bo', now: NOW, newId })).toEqual({ type: 'refused', reason: 'comments cannot be linked; turn them into claims first' });
    expect(planAcceptSimilar({ claim, place, doc: { ...paper, text: '' }, existing: [], author: 'Bo', now: NOW, newId }).type).toBe('refused');
  });

  it('is written in one transaction and undone as one step (the new appearance gone, the claim unlinked); redo brings both back', async () => {
    const db = new ClaimdeskDb('accept-similar', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    const ws = new Workspace(db);
    await ws.add(claim);
    const plan = planAcceptSimilar({ claim, place, doc: paper, existing: [], author: 'Bo', now: NOW, newId });
    if (plan.type !== 'create') throw new Error(plan.type);
    await ws.addLinked([plan.created], plan.patches, 'Link a similar passage');
    let all = await readAllAnnotations(db);
    expect(all).toHaveLength(2);
    expect(new Set(all.map((a) => a.claimId)).size).toBe(1);
    expect(all.find((a) => a.id === claim.id)!.note).toBe('my note');
    await ws.history.undo();
    all = await readAllAnnotations(db);
    expect(all.map((a) => [a.id, workflowOf(a).claimId])).toEqual([[claim.id, '']]);
    await ws.history.redo();
    all = await readAllAnnotations(db);
    expect(all).toHaveLength(2);
    expect(all.every((a) => a.claimId === plan.created.claimId)).toBe(true);
  });
});
