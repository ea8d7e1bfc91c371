// All occurrences on the real corpus: the four "Kalldahl Berdymukhamedov" of the machine-translated
// article, folded and exact matching, whole words, and selectors that anchor back to each place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe as group, expect, it } from 'vitest';
import { anchor } from '../anchoring/anchor';
import { findOccurrences, findOccurrencesInCorpus } from './occurrences';
import { findWordRuns, foldText, foldTextSlowly, tokenizeTerms } from './text';
import { KARAVANSERAI, loadCorpus, THE_PAPER } from './test-corpus';

const corpusDir = fileURLToPath(new URL('../../../corpus/', import.meta.url));
const corpus = loadCorpus((f) => readFileSync(join(corpusDir, f), 'utf8'));
const paper = corpus.find((d) => d.id === THE_PAPER)!;

group('findOccurrences', () => {
  it('lists the four "Kalldahl Berdymukhamedov" of the machine-translated article with context and anchoring selectors', () => {
    const found = findOccurrences(paper, 'Kalldahl Berdymukhamedov');
    expect(found).toHaveLength(4);
    const starts = [...paper.text.matchAll(/Kalldahl Berdymukhamedov/g)].map((m) => m.index);
    expect(found.map((o) => o.start)).toEqual(starts);
    for (const o of found) {
      expect(o.exact).toBe('Kalldahl Berdymukhamedov');
      expect(o.before + o.exact + o.after).toBe(paper.text.slice(o.start - o.before.length, o.end + o.after.length));
      expect(o.selectors.quote.exact).toBe('Kalldahl Berdymukhamedov');
      expect(o.selectors.position).toEqual({ type: 'TextPositionSelector', start: o.start, end: o.end });
      // Each becomes an annotation that anchors at its own place, not at the first of the four.
      const a = anchor(paper.text, o.selectors);
      expect(a).toMatchObject({ status: 'anchored', start: o.start, end: o.end });
    }
  });

  it('ignores case and accents unless asked to match exactly', () => {
    expect(findOccurrences(paper, 'kalldahl BERDYMUKHAMEDOV')).toHaveLength(4);
    expect(findOccurrences(paper, 'Kálldahl Berdymukhamedov')).toHaveLength(4);
    expect(findOccurrences(paper, 'kalldahl berdymukhamedov', { exact: true })).toHaveLength(0);
    expect(findOccurrences(paper, 'Kalldahl Berdymukhamedov', { exact: true })).toHaveLength(4);
    const accented = { id: 'x', text: 'Ménard met MENARD and menard; Ménardière left.' };
    expect(findOccurrences(accented, 'menard').map((o) => o.exact)).toEqual(['Ménard', 'MENARD', 'menard']);
    expect(findOccurrences(accented, 'menard', { wholeWords: false }).map((o) => o.exact)).toEqual(['Ménard', 'MENARD', 'menard', 'Ménard']);
  });

  it('finds whole words only by default, and Chinese inside a run of characters', () => {
    expect(findOccurrences(paper, 'Kalldah')).toHaveLength(0);
    expect(findOccurrences(paper, 'Kalldah', { wholeWords: false })).toHaveLength(4);
    expect(findOccurrences(paper, '澎湃').length).toBe(paper.text.split('澎湃').length - 1);
  });

  it('maps folded offsets back through decomposed accents and astral characters', () => {
    const text = 'Cafe\u0301 𝒳 Cafe\u0301 ß Strasse STRAßE';
    const f = foldText(text);
    expect(f.map).not.toBeNull();
    const cafes = findOccurrences({ id: 'd', text }, 'café');
    expect(cafes.map((o) => [o.start, o.end, o.exact])).toEqual([
      [0, 5, 'Cafe\u0301'],
      [9, 14, 'Cafe\u0301'],
    ]);
    expect(findOccurrences({ id: 'd', text }, 'strasse').map((o) => o.exact)).toEqual(['Strasse', 'STRAßE']);
  });

  it('lists occurrences across the corpus, document by document', () => {
    const found = findOccurrencesInCorpus(corpus, 'Kamilov');
    const expected = corpus.flatMap((d) => [...d.text.matchAll(/Kamilov/g)].map((m) => `${d.id}:${m.index}`));
    expect(found.map((o) => `${o.docId}:${o.start}`)).toEqual(expected);
    expect(new Set(found.map((o) => o.docId))).toEqual(new Set([KARAVANSERAI, THE_PAPER]));
    expect(findOccurrencesInCorpus(corpus, 'Kamilov', { limit: 3 })).toHaveLength(3);
  });

  it('folds a whole text in one pass exactly as character by character', () => {
    for (const d of corpus) expect(foldText(d.text)).toEqual(foldTextSlowly(d.text));
    const mixed = 'Ökonomie “Ярослав” Ελλάδα 外交部长 Ǆemal';
    expect(foldText(mixed)).toEqual(foldTextSlowly(mixed));
  });

  it('folds unit by unit (a table) exactly as lower-casing and normalizing the whole text', () => {
    const whole = (t: string) => t.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
    const texts = [
      'Ménard, ÉTÉ — “Ярослав” Ελλάδα 外交部长 한국어 Ǆemal Øresund Łódź',
      // A capital sigma lowers by its place in the word (ΟΔΟΣ -> οδος): the whole text decides it.
      'ΟΔΟΣ ΣΟΦΙΑ Σ',
      'emoji 😀 and 𝒳 outside the BMP',
      ...corpus.map((d) => d.text),
    ];
    for (const t of texts) expect(foldText(t)).toEqual({ folded: whole(t), map: null });
    // Text whose folding changes lengths still gets a map back to the original.
    expect(foldText('Straße İstanbul').map).not.toBeNull();
  });

  it('finds runs of words exactly where the regular expression it replaces finds them', () => {
    // The reference: whole words side by side with anything but letters, digits or marks between.
    const W = '[\\p{L}\\p{N}\\p{M}]';
    const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const reference = (text: string, terms: string[], prefix: boolean) =>
      [...text.matchAll(new RegExp(`(?<!${W})${terms.map(escape).join(`[^${W.slice(1)}+`)}${prefix ? '' : `(?!${W})`}`, 'gu'))].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const texts = [
      ...corpus.map((d) => foldText(d.text).folded),
      foldText('the theme: them, the—the. 𝒳the the𝒳 éthe theé 2the the2 the\u0301 "foreign  minister" foreign-minister foreign.minister foreignminister').folded,
    ];
    const queries: Array<[string[], boolean]> = [
      [['the'], false],
      [['the'], true],
      [['foreign', 'minister'], false],
      [['foreign', 'minis'], true],
      [['kamilov'], false],
      [['kalldahl', 'berdymukhamedov'], false],
      [['uz'], false],
      [tokenizeTerms('澎湃'), false],
      [['2022'], true],
    ];
    let found = 0;
    for (const text of texts)
      for (const [terms, prefix] of queries) {
        const runs = findWordRuns(text, terms, prefix);
        expect(runs, `${terms.join(' ')}${prefix ? '*' : ''}`).toEqual(terms.some((t) => /\p{Script=Han}/u.test(t)) ? [...text.matchAll(new RegExp(escape(terms.join('')), 'gu'))].map((m) => ({ start: m.index, end: m.index + m[0].length })) : reference(text, terms, prefix));
        found += runs.length;
      }
    expect(found).toBeGreaterThan(100);
  });
});
