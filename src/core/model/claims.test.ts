import { describe, expect, it } from 'vitest';
import { createAnnotation, type Annotation } from './annotation';
import { appearancesOf, divergentFields, groupClaims, linkProblem, planLink, planUnlink } from './claims';
import { applyPatch, applyTransition } from './edit';

const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';
function claim(id: string, docId: string, start: number, exact: string, over: Partial<Annotation> = {}): Annotation {
  return {
    ...createAnnotation({
      id, docId, kind: 'claim', verdict: 'sourced', author: 'Ann', now: NOW, docHash: 'h'.repeat(64),
      quote: { type: 'TextQuoteSelector', exact, prefix: `before ${id}`, suffix: `after ${id}` },
      position: { type: 'TextPositionSelector', start, end: start + exact.length },
    }),
    ...over,
  };
}

const a = claim('a', 'caravanserai', 120, 'Kamilov told the Senate on 17 March', { note: 'first', verdict: 'contested', sources: [{ url: 'https://senate.example/17-march', title: 'Senate record', accessed: '', quote: '' }] });
const b = claim('b', 'the-paper', 40, 'the foreign minister said in the Senate', { note: 'second', status: 'in-progress' });
const c = claim('c', 'the-paper', 900, 'on March 17, Kamilov said');

function applyAll(records: Annotation[], patches: ReturnType<typeof planLink>, now = LATER): Annotation[] {
  return records.map((r) => {
    const p = patches.find((x) => x.id === r.id);
    return p ? applyPatch(r, p, now) : r;
  });
}

describe('linking appearances as one claim', () => {
  it('shares the leader’s verdict, status, sources and wording; each keeps its own quote, note and selectors', () => {
    const [la, lb, lc] = applyAll([a, b, c], planLink([a, b, c], a, 'claim-1', 'Kamilov addressed the Senate on 17 March'));
    for (const x of [la!, lb!, lc!]) {
      expect(x).toMatchObject({ claimId: 'claim-1', claimWording: 'Kamilov addressed the Senate on 17 March', verdict: 'contested', status: 'to-check', sources: a.sources });
    }
    expect([la!.note, lb!.note, lc!.note]).toEqual(['first', 'second', '']);
    expect([la, lb, lc].map((x) => [x!.quote, x!.position, x!.docId])).toEqual([a, b, c].map((x) => [x.quote, x.position, x.docId]));
    expect(appearancesOf(lb!, [la!, lb!, lc!]).map((x) => x.id)).toEqual(['a', 'c']);
    expect(groupClaims([la!, lb!, lc!, claim('d', 'x', 0, 'alone')]).map((g) => [g.key, g.appearances.map((x) => x.id)])).toEqual([
      ['claim-1', ['a', 'b', 'c']],
      ['d', ['d']],
    ]);
  });

  it('joins an already linked leader’s claim, and defaults the wording to the leader’s quote', () => {
    const [la, lb] = applyAll([a, b], planLink([a, b], a, 'claim-1'));
    expect(la!.claimWording).toBe(a.quote.exact);
    const [, , lc] = applyAll([la!, lb!, c], planLink([c], la!, 'claim-2'));
    expect(lc!.claimId).toBe('claim-1');
  });

  it('refuses to link a claim with a translation error, or a single passage', () => {
    const err = { ...c, kind: 'translation-error' as const, verdict: null, translation: { dimension: 'accuracy' as const, subtype: 'mistranslation', severity: 'major' as const, correction: '' } };
    expect(linkProblem([a, err])).toMatch(/cannot be linked/);
    expect(linkProblem([a])).toMatch(/at least two/);
    expect(() => planLink([err], a, 'x')).toThrow();
  });

  it('linking and unlinking are undone exactly, selectors untouched, by replaying each record back', () => {
    const before = [a, b, c];
    const linked = applyAll(before, planLink(before, a, 'claim-1'));
    // Undo the link: each record goes from its linked state back to what it was.
    const undone = linked.map((l, i) => {
      const r = applyTransition(l, { id: l.id, from: l, to: before[i]! });
      if (!r.ok) throw new Error(r.reason);
      return r.next!;
    });
    expect(undone).toEqual(before);

    // Unlink one of three: it leaves, the other two stay one claim.
    const out = applyAll(linked, planUnlink(linked[2]!, linked.slice(0, 2)));
    expect(out.map((x) => x.claimId)).toEqual(['claim-1', 'claim-1', '']);
    expect(out[2]!.verdict).toBe('contested'); // keeps a copy of the shared values
    expect(out.map((x) => x.position)).toEqual(before.map((x) => x.position));
    // Unlink one of two: no claim of one is left behind.
    const pair = applyAll(linked.slice(0, 2), planUnlink(linked[0]!, [linked[1]!]));
    expect(pair.map((x) => x.claimId)).toEqual(['', '']);
    // And the unlink undoes back to the linked records.
    const relinked = pair.map((p, i) => {
      const r = applyTransition(p, { id: p.id, from: p, to: linked[i]! });
      if (!r.ok) throw new Error(r.reason);
      return r.next!;
    });
    expect(relinked).toEqual(linked.slice(0, 2));
  });

  it('names the shared fields on which appearances disagree', () => {
    const linked = applyAll([a, b], planLink([a, b], a, 'claim-1'));
    expect(divergentFields(linked)).toEqual([]);
    expect(divergentFields([linked[0]!, { ...linked[1]!, verdict: 'contradicted', note: 'own note' }])).toEqual(['verdict']);
  });
});
