// CountedMiniSearch builds, saves and loads the same index MiniSearch's own add() builds: the same
// results with the same scores, after additions in uneven batches, discards and a save/load round trip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import MiniSearch from 'minisearch';
import { CountedMiniSearch } from './counted-mini-search';
import { loadCorpus } from './test-corpus';
import { eachTermId, tokenizeTerms } from './text';

const corpus = loadCorpus((f) => readFileSync(join(__dirname, '../../../corpus', f), 'utf8'));
const OPTIONS = {
  fields: ['body'],
  tokenize: (text: string) => tokenizeTerms(text),
  processTerm: (term: string) => term,
  searchOptions: { tokenize: (text: string) => [text], processTerm: (term: string) => term },
};
// Paragraphs of the corpus as entries: many entries, Chinese included.
const entries = corpus.flatMap((d) => d.text.split('\n').filter((p) => p.trim()).map((body, i) => ({ id: `${d.id}#${i}`, body })));
const QUERIES = ['kamilov', 'the', 'senate', '乌兹别克斯坦', 'minister', 'tokayev'];

function answers(m: MiniSearch<{ id: string; body: string }>): Array<Array<[string, number]>> {
  return QUERIES.map((q) => m.search(q, { prefix: q === 'minister' }).map((r) => [r.id as string, r.score] as [string, number]).sort((a, b) => a[0].localeCompare(b[0])));
}

/** Each word's postings in MiniSearch's own saved form, by word, as byWord gives them. */
function plainByWord(m: MiniSearch<{ id: string; body: string }>): Map<string, number[]> {
  const json = m.toJSON() as unknown as { index: Array<[string, Record<string, Record<string, number>>]> };
  const out = new Map<string, number[]>();
  for (const [term, fields] of json.index) {
    const pairs = Object.entries(fields['0'] ?? {}).map(([short, freq]) => [Number(short), freq]);
    if (pairs.length) out.set(term, pairs.sort((a, b) => a[0]! - b[0]!).flat());
  }
  return out;
}

/** Each word's postings in the compact form, by word. */
function byWord(m: CountedMiniSearch<{ id: string; body: string }>): Map<string, number[]> {
  const c = m.toCompact();
  const out = new Map<string, number[]>();
  let at = 0;
  for (const term of c.terms.split('\u0000')) {
    const n = c.postings[at]!;
    out.set(term, [...c.postings.subarray(at + 1, at + 1 + 2 * n)]);
    at += 1 + 2 * n;
  }
  return out;
}

/** The tree's word count as MiniSearch would answer it without walking the tree (undefined: it would walk). */
const cachedWordCount = (m: MiniSearch<{ id: string; body: string }>) => (m as unknown as { _index: { _size?: number } })._index._size;
const walkedWordCount = (m: MiniSearch<{ id: string; body: string }>) => [...(m as unknown as { _index: Map<string, unknown> })._index.keys()].length;

describe('CountedMiniSearch', () => {
  it('keeps the count of its words known as batches are added and after a load, so a save does not walk every word to count them', () => {
    const counted = new CountedMiniSearch<{ id: string; body: string }>(OPTIONS);
    for (let from = 0; from < entries.length; from += 40) {
      counted.addTexts(entries.slice(from, from + 40).map((e) => ({ id: e.id, text: e.body })), eachTermId);
      expect(cachedWordCount(counted)).toBe(walkedWordCount(counted));
    }
    const loaded = CountedMiniSearch.fromCompact<{ id: string; body: string }>(structuredClone(counted.toCompact()), OPTIONS);
    expect(cachedWordCount(loaded)).toBe(walkedWordCount(loaded));
    loaded.addTexts([{ id: 'new', text: 'Zanzibar ferries and the Senate' }], eachTermId);
    expect(cachedWordCount(loaded)).toBe(walkedWordCount(loaded));
    expect(cachedWordCount(loaded)).toBe(walkedWordCount(counted) + 2);
  });

  it('finds the same entries with the same scores as MiniSearch.add, in batches, after discards, and saved and loaded', () => {
    const plain = new MiniSearch<{ id: string; body: string }>(OPTIONS);
    plain.addAll(entries);
    const counted = new CountedMiniSearch<{ id: string; body: string }>(OPTIONS);
    // Uneven batches: a small one after a large one works in memory the large one left longer.
    const cuts = [0, Math.floor((entries.length * 2) / 3), Math.floor((entries.length * 2) / 3) + 10, entries.length];
    for (let b = 0; b < 3; b++) counted.addTexts(entries.slice(cuts[b], cuts[b + 1]).map((e) => ({ id: e.id, text: e.body })), eachTermId);
    expect(entries.length).toBeGreaterThan(100);
    expect(answers(counted)).toEqual(answers(plain));
    expect(answers(plain)[0]!.length).toBeGreaterThan(2);

    for (const e of entries.slice(0, 40)) {
      plain.discard(e.id);
      counted.discard(e.id);
    }
    expect(answers(counted)).toEqual(answers(plain));

    const loaded = CountedMiniSearch.fromCompact(structuredClone(counted.toCompact()), OPTIONS);
    expect(answers(loaded)).toEqual(answers(plain));
    expect(loaded.documentCount).toBe(plain.documentCount);
    // A loaded index keeps taking entries, counted or plain.
    loaded.addTexts([{ id: 'new', text: 'Kamilov spoke to the Senate again' }], eachTermId);
    loaded.add({ id: 'new2', body: 'Kamilov once more' });
    expect(loaded.search('kamilov').map((r) => r.id)).toEqual(expect.arrayContaining(['new', 'new2']));
  });

  it('keeps matching MiniSearch.add through many small batches, vacuums and removals, built or loaded', async () => {
    // Postings are packed runs (packed-postings.ts): a batch per paragraph group gives words more runs
    // than are kept apart, and vacuuming and removing change runs into Maps, word by word.
    const plain = new MiniSearch<{ id: string; body: string }>(OPTIONS);
    const counted = new CountedMiniSearch<{ id: string; body: string }>(OPTIONS);
    for (let from = 0; from < entries.length; from += 7) {
      const batch = entries.slice(from, from + 7);
      plain.addAll(batch);
      counted.addTexts(batch.map((e) => ({ id: e.id, text: e.body })), eachTermId);
    }
    expect(entries.length / 7).toBeGreaterThan(20);
    expect(answers(counted)).toEqual(answers(plain));
    // Saved with nothing discarded, each word's runs are copied whole: the same postings as MiniSearch's.
    expect(byWord(counted)).toEqual(plainByWord(plain));
    const loaded = CountedMiniSearch.fromCompact(structuredClone(counted.toCompact()), OPTIONS);
    for (const e of entries.filter((_, i) => i % 3 === 0)) {
      plain.discard(e.id);
      counted.discard(e.id);
      loaded.discard(e.id);
    }
    await Promise.all([plain.vacuum(), counted.vacuum(), loaded.vacuum()]);
    expect(answers(counted)).toEqual(answers(plain));
    expect(answers(loaded)).toEqual(answers(plain));
    // The same postings word for word (the order of words in the tree may differ).
    expect(byWord(loaded)).toEqual(byWord(counted));
    expect(byWord(counted)).toEqual(plainByWord(plain));
    expect(byWord(counted).size).toBeGreaterThan(1000);
    // Entries put back (a document re-imported): new runs after Maps and after loaded runs alike.
    const back = entries.filter((_, i) => i % 3 === 0).map((e) => ({ ...e, id: `${e.id}'` }));
    plain.addAll(back);
    counted.addTexts(back.map((e) => ({ id: e.id, text: e.body })), eachTermId);
    loaded.addTexts(back.map((e) => ({ id: e.id, text: e.body })), eachTermId);
    expect(answers(counted)).toEqual(answers(plain));
    expect(answers(loaded)).toEqual(answers(plain));
    // MiniSearch's own remove (it reads each word's postings and takes one out).
    const gone = back[0]!;
    plain.remove(gone);
    counted.remove(gone);
    loaded.remove(gone);
    expect(answers(counted)).toEqual(answers(plain));
    expect(answers(loaded)).toEqual(answers(plain));
  });

  it('makes its compact form a step at a time, the same as at once, after discards too', () => {
    const counted = new CountedMiniSearch<{ id: string; body: string }>(OPTIONS);
    counted.addTexts(entries.map((e) => ({ id: e.id, text: e.body })), eachTermId);
    for (const e of entries.slice(0, 25)) counted.discard(e.id);
    const steps = counted.compactInSteps();
    let made = null;
    let taken = 0;
    while (!(made = steps.step(500))) taken++;
    expect(taken).toBeGreaterThan(10);
    expect(made).toEqual(counted.toCompact());
    expect(() => steps.step(500)).toThrow(/already made/);
    expect(answers(CountedMiniSearch.fromCompact(structuredClone(made), OPTIONS))).toEqual(answers(counted));
  });

  it('scores a word, exact or as a prefix, as MiniSearch\'s search does, boosts and discards included', async () => {
    const plain = new MiniSearch<{ id: string; body: string }>(OPTIONS);
    plain.addAll(entries);
    const counted = new CountedMiniSearch<{ id: string; body: string }>(OPTIONS);
    counted.addTexts(entries.map((e) => ({ id: e.id, text: e.body })), eachTermId);
    for (const e of entries.slice(5, 25)) {
      plain.discard(e.id);
      counted.discard(e.id);
    }
    // Until it vacuums, MiniSearch counts some discarded entries in a word's weight; termScores counts
    // the live entries only, as MiniSearch does once vacuumed.
    await plain.vacuum();
    const firstParagraph = (id: string) => (id.endsWith('#0') ? 1.5 : 1);
    const idOf = new Map(entries.map((e) => [counted.shortIdOf(e.id), e.id]));
    for (const [term, prefix] of [['kamilov', false], ['the', false], ['minis', true], ['sen', true], ['澎湃', false]] as const) {
      const expected = plain.search(term, { prefix, boostDocument: firstParagraph }).map((r) => [r.id as string, r.score] as const);
      const scores = new Float64Array(counted.shortIdLimit);
      const touched = counted.termScores(term, prefix, (short) => firstParagraph(idOf.get(short)!), scores);
      const got = touched.map((short) => [idOf.get(short)!, scores[short]!] as const);
      expect(got.map(([id]) => id).sort()).toEqual(expected.map(([id]) => id).sort());
      const want = new Map(expected);
      for (const [id, score] of got) expect(score, `${term} ${id}`).toBeCloseTo(want.get(id)!, 9);
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('refuses a duplicate id as MiniSearch does', () => {
    const counted = new CountedMiniSearch<{ id: string; body: string }>(OPTIONS);
    counted.addTexts([{ id: 'a', text: 'one' }], eachTermId);
    expect(() => counted.addTexts([{ id: 'a', text: 'two' }], eachTermId)).toThrow(/duplicate/);
  });
});
