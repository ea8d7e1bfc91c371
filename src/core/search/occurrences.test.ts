// All occurrences on the real corpus: the four "Kalldahl Berdymukhamedov" of the machine-translated
// article, folded and exact matching, whole words, and selectors that anchor back to each place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe as group, expect, it } from 'vitest';
import { anchor } from '../anchoring/anchor';
import { findOccurrences, findOccurrencesInCorpus } from './occurrences';
import { foldText, foldTextSlowly } from './text';
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
});
