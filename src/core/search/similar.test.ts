// Similar passages on the real corpus: the March 17 Senate statement of Uzbekistan's foreign minister,
// told by Caravanserai and by The Paper, finds the other telling first; differing figures are called out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SearchIndex } from './search-index';
import { extractFacts, findSimilarPassages, sentenceRanges } from './similar';
import { KARAVANSERAI, loadCorpus, THE_PAPER } from './test-corpus';

const corpusDir = fileURLToPath(new URL('../../../corpus/', import.meta.url));
const corpus = loadCorpus((f) => readFileSync(join(corpusDir, f), 'utf8'));
const index = new SearchIndex();
for (const d of corpus) index.setDocument(d);

function claimAt(docId: string, from: string, to: string) {
  const text = corpus.find((d) => d.id === docId)!.text;
  const start = text.indexOf(from);
  const end = text.indexOf(to, start) + to.length;
  expect(start).toBeGreaterThanOrEqual(0);
  return { docId, start, end };
}

describe('findSimilarPassages', () => {
  it("ranks The Paper's telling of the March 17 Senate statement first for Caravanserai's, with why", () => {
    const claim = claimAt(KARAVANSERAI, 'Speaking at a session of the Senate on March 17', 'through diplomacy.');
    const similar = findSimilarPassages(index, claim);
    const top = similar[0]!;
    expect(top.docId).toBe(THE_PAPER);
    expect(top.text).toMatch(/^On March 17th, Uzbek Foreign Minister Abdulaziz Kamilov made it very clear at the plenary session of the National Senate/);
    expect(top.why.sharedDates).toContain('March 17');
    expect(top.why.sharedNames).toEqual(expect.arrayContaining(['Kamilov', 'Abdulaziz', 'Senate', 'Uzbek']));
    expect(top.why.possibleConflict).toBe(false);
    // The claim itself is not suggested; the Paper's second mention of the statement comes in the top 3.
    expect(similar.some((p) => p.docId === KARAVANSERAI && p.start < claim.end && p.end > claim.start)).toBe(false);
    expect(similar.slice(0, 3).some((p) => p.docId === THE_PAPER && p.text.startsWith('On March 17th, Uzbek Foreign Minister Kamilov urged'))).toBe(true);
    // And the other way round.
    const back = findSimilarPassages(index, claimAt(THE_PAPER, 'On March 17th, Uzbek Foreign Minister Abdulaziz Kamilov', 'Olij Malis)'));
    expect(back.filter((p) => !p.sameDocument)[0]!.docId).toBe(KARAVANSERAI);
  });

  it('calls out figures that differ between passages about the same named things', () => {
    const own = new SearchIndex();
    own.setDocument({
      ...corpus[1]!,
      id: 'a',
      text: 'Intro line.\nThe CPC pipeline carries 80 percent of Kazakh oil exports to Europe, officials said in March 2022.',
    });
    own.setDocument({
      ...corpus[1]!,
      id: 'b',
      text: 'Other news.\nAccording to the ministry, the CPC pipeline carries about 2/3 or 66 percent of Kazakh oil exports, not 80%.\nUnrelated sentence about football.',
    });
    own.setDocument({ ...corpus[1]!, id: 'c', text: 'The CPC pipeline carries 80 percent of Kazakh oil exports.' });
    const text = own.document('a')!.text;
    const start = text.indexOf('The CPC');
    const similar = findSimilarPassages(own, { docId: 'a', start, end: text.length });
    expect(similar.map((p) => p.docId).sort()).toEqual(['b', 'c']);
    const c = similar.find((p) => p.docId === 'c')!;
    expect(c.why).toMatchObject({ sharedNumbers: ['80 percent'], possibleConflict: false });
    const b = similar.find((p) => p.docId === 'b')!;
    expect(b.why.possibleConflict).toBe(false); // it gives 80 % too
    own.setDocument({ ...corpus[1]!, id: 'b', text: 'The ministry says the CPC pipeline carries 66 percent of Kazakh oil exports.' });
    const conflict = findSimilarPassages(own, { docId: 'a', start, end: text.length }).find((p) => p.docId === 'b')!;
    expect(conflict.why.possibleConflict).toBe(true);
    expect(conflict.why.differingNumbers).toEqual({ claim: ['80 percent'], passage: ['66 percent'] });
  });

  it('reads dates and figures in English and Chinese forms alike', () => {
    expect(extractFacts('On March 17th, 60,000 workers; 5.2 million euros in 2019').dates.sort()).toEqual(['2019', 'March 17']);
    expect(extractFacts('On March 17th, 60,000 workers; 5.2 million euros in 2019').numbers).toEqual(['60,000', '5.2 million']);
    expect(extractFacts('3月17日，外交部长').dates).toEqual(['March 17']);
    expect(extractFacts('17 March and 80% of oil').numbers).toEqual(['80 percent']);
  });

  it('splits sentences within paragraphs, including run-together ones of the machine translation', () => {
    const text = 'First one. Second "quoted." Third!\nNext line.However joined';
    expect(sentenceRanges(text).map((r) => text.slice(r.start, r.end))).toEqual(['First one.', 'Second "quoted."', 'Third!', 'Next line.', 'However joined']);
  });
});
