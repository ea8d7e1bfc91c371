// Library search on the real corpus: phrase, prefix, folded and Chinese queries find the right
// documents, hits point at the words, and the index follows documents and annotations as they change.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Query } from 'minisearch';
import { parseQuery } from './query';
import { SearchIndex, countDocumentWords } from './search-index';
import { unpackCounted } from './counted-mini-search';
import type { SearchableAnnotation, SearchableDocument } from './search-index';
import { EURASIANET, KARAVANSERAI, KARIMOV, loadCorpus, SILENT_REACTION, THE_PAPER } from './test-corpus';

const corpusDir = fileURLToPath(new URL('../../../corpus/', import.meta.url));
const corpus = loadCorpus((f) => readFileSync(join(corpusDir, f), 'utf8'));
const byId = new Map(corpus.map((d) => [d.id, d]));

function docsOf(index: SearchIndex, q: string): string[] {
  return index
    .search(q)
    .groups.map((g) => g.docId)
    .sort();
}

function annotation(partial: Partial<SearchableAnnotation> & { id: string; docId: string; exact: string }): SearchableAnnotation {
  const text = byId.get(partial.docId)!.text;
  const start = text.indexOf(partial.exact);
  expect(start).toBeGreaterThanOrEqual(0);
  return {
    id: partial.id,
    docId: partial.docId,
    quote: { type: 'TextQuoteSelector', exact: partial.exact, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start, end: start + partial.exact.length },
    note: partial.note ?? '',
    sources: partial.sources ?? [],
  };
}

describe('SearchIndex on the corpus', () => {
  let index: SearchIndex;
  beforeAll(() => {
    index = new SearchIndex();
    for (const d of corpus) index.setDocument(d);
  });

  it('finds "Kamilov" in the two articles that name him, with every word located in the text', () => {
    const results = index.search('Kamilov');
    expect(results.groups.map((g) => g.docId).sort()).toEqual([KARAVANSERAI, THE_PAPER]);
    for (const group of results.groups) {
      const text = byId.get(group.docId)!.text;
      expect(group.hits.length).toBeGreaterThan(0);
      for (const hit of group.hits) {
        expect(hit.field).toBe('text');
        for (const r of hit.ranges) expect(text.slice(r.start, r.end)).toBe('Kamilov');
        for (const m of hit.snippet.matches) expect(hit.snippet.text.slice(m.start, m.end)).toBe('Kamilov');
      }
    }
    // Every paragraph naming him is a hit: 000 has him in 6 paragraphs (one a repeated caption), 004 in 2.
    const counts = Object.fromEntries(results.groups.map((g) => [g.docId, g.hitCount]));
    const paragraphsWith = (id: string) => byId.get(id)!.text.split('\n').filter((p) => p.includes('Kamilov')).length;
    expect(counts[KARAVANSERAI]).toBe(paragraphsWith(KARAVANSERAI));
    expect(counts[THE_PAPER]).toBe(paragraphsWith(THE_PAPER));
  });

  it('is case-insensitive and finds a prefix of a word as it is being typed', () => {
    expect(docsOf(index, 'KAMILOV')).toEqual([KARAVANSERAI, THE_PAPER]);
    expect(docsOf(index, 'kamil')).toEqual([KARAVANSERAI, THE_PAPER]);
    // Without search-as-you-type the half word finds nothing; with a star it is a prefix again.
    expect(index.search('kamil', { prefixLast: false }).groups).toEqual([]);
    expect(docsOf(index, 'kamil* senate')).toEqual([KARAVANSERAI, THE_PAPER]);
  });

  it('matches a quoted phrase only where its words stand side by side', () => {
    // "Foreign Minister Abdulaziz Kamilov" is in 000 and 004; "Kamilov Abdulaziz" in none.
    expect(docsOf(index, '"Foreign Minister Abdulaziz Kamilov"')).toEqual([KARAVANSERAI, THE_PAPER]);
    expect(docsOf(index, '"Kamilov Abdulaziz"')).toEqual([]);
    // Both words are in 004 but never next to each other in this order.
    const paper = byId.get(THE_PAPER)!.text;
    expect(paper).toMatch(/Kalldahl/);
    expect(paper).toMatch(/Turkmenistan/);
    expect(docsOf(index, 'Kalldahl Turkmenistan')).toEqual([THE_PAPER]);
    expect(docsOf(index, '"Kalldahl Turkmenistan"')).toEqual([]);
    const hit = index.search('"Kalldahl Berdymukhamedov"').groups[0]!;
    expect(hit.hitCount).toBe(paper.split('\n').filter((p) => p.includes('Kalldahl Berdymukhamedov')).length);
    for (const h of hit.hits) for (const r of h.ranges) expect(paper.slice(r.start, r.end)).toBe('Kalldahl Berdymukhamedov');
  });

  it('folds accents both ways: "Türkiye"-style queries find plain text and plain queries find accented text', () => {
    // 001 writes "Ukraine’s" with a curly apostrophe and has one "ö"; the Karimov piece has Cyrillic.
    const withUmlaut = byId.get(EURASIANET)!.text.match(/\p{L}*ö\p{L}*/u)![0];
    const plain = withUmlaut.normalize('NFD').replace(/\p{M}/gu, '');
    expect(docsOf(index, plain)).toContain(EURASIANET);
    expect(docsOf(index, withUmlaut.toUpperCase())).toContain(EURASIANET);
    expect(docsOf(index, 'Kámílóv')).toEqual([KARAVANSERAI, THE_PAPER]);
    // Cyrillic folds case like Latin.
    const cyrillic = byId.get(KARIMOV)!.text.match(/\p{Script=Cyrillic}+/u)![0];
    expect(docsOf(index, cyrillic.toUpperCase())).toEqual([KARIMOV]);
  });

  it('segments Chinese with no spaces: a word inside a run of Han characters is found', () => {
    // 004 keeps "澎湃" (The Paper) untranslated in its photo credits.
    expect(docsOf(index, '澎湃')).toEqual([THE_PAPER]);
    const hit = index.search('澎湃').groups[0]!.hits.find((h) => h.field === 'text')!;
    expect(byId.get(THE_PAPER)!.text.slice(hit.ranges[0]!.start, hit.ranges[0]!.end)).toBe('澎湃');

    // A Chinese document: the foreign minister's name inside an unbroken sentence.
    const zh = new SearchIndex();
    zh.setDocument({ ...byId.get(THE_PAPER)!, id: 'zh', title: '中亚国家', text: '3月17日，乌兹别克斯坦外交部长卡米洛夫在参议院全体会议上表示。\n哈萨克斯坦总统托卡耶夫。' });
    expect(zh.search('外交部').groups.map((g) => g.docId)).toEqual(['zh']);
    expect(zh.search('卡米洛夫').groups[0]!.hits[0]!.paragraph).toBe(0);
    expect(zh.search('托卡耶夫').groups[0]!.hits[0]!.paragraph).toBe(1);
    expect(zh.search('外交部长卡米洛夫').groups.length).toBe(1);
    expect(zh.search('卡米洛夫外交部').groups.length).toBe(0);
  });

  it('requires every word (AND) and ranks a document with the words close together first', () => {
    // Both names are in 004 (never in one paragraph); 000 names only Kamilov, 001 only Tokayev.
    expect(docsOf(index, 'Kamilov Tokayev')).toEqual([THE_PAPER]);
    expect(docsOf(index, 'Kamilov zzzunknown')).toEqual([]);
    expect(docsOf(index, 'Karimov')).toContain(KARIMOV);
    expect(index.search('Karimov trust Russia').groups[0]!.docId).toBe(KARIMOV);
  });

  it('searches document details: title, publication, author', () => {
    expect(docsOf(index, 'Caravanserai')).toContain(KARAVANSERAI);
    const byAuthor = index.search('Rabbimov').groups.find((g) => g.docId === KARIMOV)!;
    expect(byAuthor.hits.some((h) => h.field === 'details')).toBe(true);
    expect(docsOf(index, 'silent reaction')).toContain(SILENT_REACTION);
  });

  it('lists in steps: the first documents at once, then the rest, the same as one search and with the same counts', () => {
    for (const q of ['the', 'Kamilov', '"foreign minister"', 'uzbek']) {
      const whole = index.search(q);
      const steps = index.searchInSteps(q);
      const first = steps.results(2);
      expect(first.groups).toEqual(whole.groups.slice(0, 2));
      // Counted before all are listed: without a phrase the count is exact at once.
      if (!q.startsWith('"')) expect(first.totalDocuments).toBe(whole.totalDocuments);
      expect(steps.results(50)).toEqual(whole);
    }
    // A bounded step: a phrase in none of the candidates stops after checking `examine` of them, counted
    // as partial, and the next call goes on until every candidate is checked.
    const none = index.searchInSteps('"the senate of"');
    const bounded = none.results(8, 1);
    expect(bounded.groups).toEqual([]);
    expect(bounded.partial).toBe(true);
    expect(bounded.totalDocuments).toBeGreaterThan(0);
    let last = bounded;
    for (let i = 0; i < 10 && last.totalDocuments > last.groups.length; i++) last = none.results(8, 1);
    expect(last).toEqual(index.search('"the senate of"'));
    expect(last.groups).toEqual([]);
    expect(last.totalDocuments).toBe(0);
    // "the" is in all five articles: two listed first, all five after.
    const steps = index.searchInSteps('the');
    expect(steps.results(2).groups).toHaveLength(2);
    expect(steps.results(2).totalDocuments).toBe(5);
    expect(steps.results(50).groups).toHaveLength(5);
  });

  it('highlights every match of the query in a document for the reader', () => {
    const text = byId.get(KARAVANSERAI)!.text;
    const ranges = index.matchesInDocument(KARAVANSERAI, 'kamilov');
    const expected = [...text.matchAll(/Kamilov/g)].map((m) => m.index);
    expect(ranges.map((r) => r.start)).toEqual(expected);
    expect(ranges.every((r) => text.slice(r.start, r.end) === 'Kamilov')).toBe(true);
  });
});

describe('SearchIndex ranking', () => {
  it("ranks each document as MiniSearch's own search ranks its best entry, after changes too", () => {
    const index = new SearchIndex();
    index.setDocuments(corpus);
    index.setAnnotations([
      annotation({ id: 'r1', docId: KARAVANSERAI, exact: 'Kamilov', note: 'The minister spoke to the Senate' }),
      annotation({ id: 'r2', docId: THE_PAPER, exact: 'Kalldahl Berdymukhamedov', note: 'oil and gas' }),
    ]);
    // A replaced document and annotation leave discarded entries behind in the index.
    const karimov = { ...byId.get(KARIMOV)!, text: `${byId.get(KARIMOV)!.text}\nTokayev and oil.` };
    const r2 = annotation({ id: 'r2', docId: THE_PAPER, exact: 'Kalldahl Berdymukhamedov', note: 'oil, gas and the minister' });
    index.setDocument(karimov);
    index.setAnnotation(r2);
    // The reference: MiniSearch's own search over the same entries, built afresh.
    const fresh = new SearchIndex();
    fresh.setDocuments(corpus.map((d) => (d.id === KARIMOV ? karimov : d)));
    fresh.setAnnotations([annotation({ id: 'r1', docId: KARAVANSERAI, exact: 'Kamilov', note: 'The minister spoke to the Senate' }), r2]);
    for (const q of ['kamilov', 'the', 'tokayev oil', 'minis', 'senate kamil', 'oil', '澎湃', 'the minister']) {
      const query = parseQuery(q);
      const miniQuery: Query = {
        combineWith: 'OR',
        queries: query.clauses.map((c) => ({ combineWith: 'AND' as const, queries: c.terms.map((t, i) => ({ queries: [t], prefix: c.prefix && i === c.terms.length - 1 })) })),
      };
      // MiniSearch's search, grouped by document: the best entry's score, every clause held by some entry.
      const byDoc = new Map<string, { score: number; mask: number }>();
      for (const { result, entry } of fresh.rankedEntries(miniQuery, { boostDocument: (id: string) => (id.startsWith('d') ? 1.5 : 1) })) {
        const mask = query.clauses.reduce((m, c, n) => (c.terms.every((t) => result.queryTerms.includes(t)) ? m | (1 << n) : m), 0);
        if (mask === 0) continue;
        const g = byDoc.get(entry.docId) ?? { score: result.score, mask: 0 };
        g.mask |= mask;
        byDoc.set(entry.docId, g);
      }
      const all = (1 << query.clauses.length) - 1;
      const expected = [...byDoc].filter(([, g]) => g.mask === all).map(([docId, g]) => [docId, g.score] as const);
      const got = index.search(q).groups.map((g) => [g.docId, g.score] as const);
      expect(got.length, q).toBeGreaterThan(0);
      expect(got.map(([id]) => id).sort(), q).toEqual(expected.map(([id]) => id).sort());
      for (const [docId, score] of got) expect(score, `${q}: ${docId}`).toBeCloseTo(new Map(expected).get(docId)!, 9);
      // Best first.
      expect(got.map(([, score]) => score), q).toEqual([...got.map(([, score]) => score)].sort((a, b) => b - a));
    }
    // A pasted passage of more than 30 distinct words is ranked by MiniSearch's search itself.
    const passage = byId.get(KARAVANSERAI)!.text.split('\n').find((p) => new Set(p.toLowerCase().split(/\W+/)).size > 40)!;
    expect(index.search(`"${passage.split(' ').slice(0, 45).join(' ')}"`).groups.map((g) => g.docId)).toEqual([KARAVANSERAI]);
  });
});

describe('SearchIndex built from words counted elsewhere', () => {
  it('answers exactly as one that read every text itself', () => {
    const plain = new SearchIndex();
    plain.setDocuments(corpus);
    // Half the texts counted "on another thread" (structuredClone: what postMessage does to them).
    const elsewhere = corpus.filter((_, i) => i % 2 === 1);
    const counted = unpackCounted(structuredClone(countDocumentWords(elsewhere.map((d) => d.text))));
    const split = new SearchIndex();
    split.setDocuments(corpus.filter((_, i) => i % 2 === 0));
    split.setDocuments(elsewhere, new Map(elsewhere.map((d, i) => [d.id, counted[i]!])));
    expect(counted[0]!.pairs.length).toBeGreaterThan(200);
    for (const q of ['Kamilov', 'the', '"foreign minister"', 'tokayev oil', '澎湃', 'kami', 'Kalldahl Berdymukhamedov']) {
      const a = plain.search(q);
      const b = split.search(q);
      expect(b.groups.map((g) => g.docId).sort(), q).toEqual(a.groups.map((g) => g.docId).sort());
      for (const g of b.groups) expect(g.score, q).toBeCloseTo(a.groups.find((x) => x.docId === g.docId)!.score, 9);
      expect(b.totalHits, q).toBe(a.totalHits);
    }
  });
});

describe('SearchIndex updates', () => {
  it('indexes annotation quotes, notes and sources, and forgets them when they change or go', () => {
    const index = new SearchIndex();
    for (const d of corpus) index.setDocument(d);
    expect(index.search('zanzibar').groups).toEqual([]);

    const a = annotation({
      id: 'a1',
      docId: EURASIANET,
      exact: byId.get(EURASIANET)!.text.split('\n')[2]!.slice(0, 40),
      note: 'Compare with the Zanzibar figures',
      sources: [{ title: 'Ministry of Energy bulletin', url: 'https://energo.example.kz/bulletin', accessed: '', quote: '' }],
    });
    index.setAnnotation(a);
    const note = index.search('zanzibar').groups;
    expect(note.map((g) => g.docId)).toEqual([EURASIANET]);
    expect(note[0]!.hits[0]).toMatchObject({ field: 'note', annotationId: 'a1' });
    expect(index.search('energo.example').groups[0]!.hits[0]).toMatchObject({ field: 'source', annotationId: 'a1' });

    index.setAnnotation({ ...a, note: 'Checked against the ministry' });
    expect(index.search('zanzibar').groups).toEqual([]);
    expect(index.search('ministry').groups.find((g) => g.docId === EURASIANET)!.hits.some((h) => h.field === 'note')).toBe(true);

    index.removeAnnotation('a1');
    expect(index.search('energo').groups).toEqual([]);
  });

  it('re-indexes a document whose text changed, and removes it with its annotations', () => {
    const index = new SearchIndex();
    for (const d of corpus) index.setDocument(d);
    const paper = byId.get(THE_PAPER)!;
    const corrected: SearchableDocument = { ...paper, text: paper.text.replaceAll('Kalldahl Berdymukhamedov', 'Serdar Berdimuhamedow') };
    index.setDocument(corrected);
    expect(docsOf(index, 'Kalldahl')).toEqual([]);
    expect(docsOf(index, 'Serdar Berdimuhamedow')).toEqual([THE_PAPER]);

    index.setAnnotation(annotation({ id: 'n1', docId: KARIMOV, exact: 'Karimov', note: 'Unique xylophone note' }));
    index.removeDocument(KARIMOV);
    expect(docsOf(index, 'xylophone')).toEqual([]);
    expect(docsOf(index, 'Rabbimov')).not.toContain(KARIMOV);
    expect(docsOf(index, 'Rabbimov')).toContain(KARAVANSERAI);
  });

  it('saves and loads: the loaded index answers like the built one and keeps following changes', () => {
    const built = new SearchIndex();
    for (const d of corpus) built.setDocument(d);
    built.setAnnotation(annotation({ id: 'k1', docId: KARAVANSERAI, exact: 'Kamilov', note: 'Senate transcript requested' }));
    // structuredClone: what IndexedDB does to the saved index (it holds typed arrays).
    const saved = structuredClone(built.save());
    const loaded = SearchIndex.load(saved, corpus)!;
    expect(loaded).not.toBeNull();
    for (const q of ['Kamilov', '"Foreign Minister"', 'transcript', '澎湃', 'Rabbimov', 'kami']) {
      expect(loaded.search(q)).toEqual(built.search(q));
    }
    expect(SearchIndex.load({ ...saved, version: 1 } as unknown as typeof saved, corpus)).toBeNull();
    loaded.setAnnotation(annotation({ id: 'k1', docId: KARAVANSERAI, exact: 'Kamilov', note: 'Nothing requested' }));
    expect(loaded.search('transcript').groups).toEqual([]);
    loaded.removeDocument(KARAVANSERAI);
    expect(docsOf(loaded, 'Kamilov')).toEqual([THE_PAPER]);
    expect(loaded.search('requested').groups.flatMap((g) => g.hits).some((h) => h.annotationId === 'k1')).toBe(false);
  });

  it('loads a saved index with some of its documents: those left out are gone from it, and the others can be added', () => {
    const built = new SearchIndex();
    for (const d of corpus) built.setDocument(d);
    built.setAnnotation(annotation({ id: 'k1', docId: KARAVANSERAI, exact: 'Kamilov', note: 'Senate transcript requested' }));
    const saved = structuredClone(built.save());
    // The Paper's text changed since the save, and the Karimov piece was removed.
    const kept = corpus.filter((d) => d.id !== THE_PAPER && d.id !== KARIMOV);
    const loaded = SearchIndex.load(saved, kept)!;
    expect(docsOf(loaded, 'Kamilov')).toEqual([KARAVANSERAI]);
    expect(docsOf(loaded, 'Rabbimov')).not.toContain(KARIMOV);
    expect(docsOf(loaded, '澎湃')).toEqual([]);
    expect(loaded.documentIds().sort()).toEqual(kept.map((d) => d.id).sort());
    // The annotation of a kept document is still found.
    expect(loaded.search('transcript').groups.flatMap((g) => g.hits).some((h) => h.annotationId === 'k1')).toBe(true);
    // The changed text is indexed as after any change: the loaded index then answers as one built from the same texts.
    const changed = { ...byId.get(THE_PAPER)!, text: `${byId.get(THE_PAPER)!.text}\nA late paragraph about zanzibar.` };
    loaded.setDocuments([changed]);
    const fresh = new SearchIndex();
    fresh.setDocuments([...kept, changed]);
    fresh.setAnnotation(annotation({ id: 'k1', docId: KARAVANSERAI, exact: 'Kamilov', note: 'Senate transcript requested' }));
    for (const q of ['Kamilov', '"Foreign Minister"', 'zanzibar', '澎湃', 'Rabbimov', 'kami', 'transcript']) {
      expect(docsOf(loaded, q)).toEqual(docsOf(fresh, q));
    }
  });

  it('saves a step at a time, the same as at once, and says so when the index changed between steps', () => {
    const built = new SearchIndex();
    built.setDocuments(corpus);
    built.setAnnotation(annotation({ id: 'k1', docId: KARAVANSERAI, exact: 'Kamilov', note: 'Senate transcript requested' }));
    const saving = built.saveInSteps();
    let made = saving.step(1000);
    let steps = 1;
    for (; made === null; steps++) made = saving.step(1000);
    expect(steps).toBeGreaterThan(5);
    expect(made).toEqual(built.save());

    // Changed between two steps: an annotation, a document, a removal. What was made is not used.
    const changes: Array<(i: SearchIndex) => void> = [
      (i) => i.setAnnotation(annotation({ id: 'k2', docId: THE_PAPER, exact: 'Kamilov', note: 'Second look' })),
      (i) => i.setDocument({ ...byId.get(THE_PAPER)!, text: `${byId.get(THE_PAPER)!.text}\nA new paragraph.` }),
      (i) => i.removeAnnotation('k1'),
      (i) => i.removeDocument(KARIMOV),
    ];
    for (const change of changes) {
      const index = new SearchIndex();
      index.setDocuments(corpus);
      index.setAnnotation(annotation({ id: 'k1', docId: KARAVANSERAI, exact: 'Kamilov', note: 'Senate transcript requested' }));
      const s = index.saveInSteps();
      expect(s.step(1000)).toBeNull();
      change(index);
      expect(s.step(1000)).toBe('changed');
      expect(index.saveInSteps().step(Infinity)).toEqual(index.save());
    }
  });

  it('parses phrases, stars and as-you-type prefixes', () => {
    expect(parseQuery('"Foreign Minister" kamil*').clauses).toEqual([
      { terms: ['foreign', 'minister'], prefix: false },
      { terms: ['kamil'], prefix: true },
    ]);
    expect(parseQuery('"foreign min').clauses).toEqual([{ terms: ['foreign', 'min'], prefix: true }]);
    // One or two letters typed into a phrase wait until they are a prefix; once the phrase is closed they count.
    expect(parseQuery('"foreign m').clauses).toEqual([{ terms: ['foreign'], prefix: false }]);
    expect(parseQuery('"foreign mi').clauses).toEqual([{ terms: ['foreign'], prefix: false }]);
    // A word becomes a prefix at three letters as it is typed; before that it is the whole word ("UN");
    // a star asks for a prefix from two.
    expect(parseQuery('ka').clauses).toEqual([{ terms: ['ka'], prefix: false }]);
    expect(parseQuery('kam').clauses).toEqual([{ terms: ['kam'], prefix: true }]);
    expect(parseQuery('ka*').clauses).toEqual([{ terms: ['ka'], prefix: true }]);
    expect(parseQuery('k*').clauses).toEqual([{ terms: ['k'], prefix: false }]);
    expect(parseQuery('"foreign m"').clauses).toEqual([{ terms: ['foreign', 'm'], prefix: false }]);
    expect(parseQuery('kun.uz ').clauses).toEqual([{ terms: ['kun', 'uz'], prefix: false }]);
    expect(parseQuery(' " , ').clauses).toEqual([]);
  });
});
