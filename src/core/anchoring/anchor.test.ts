import { describe as suite, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { anchor, anchorMany } from './anchor';
import { describe } from './describe';
import { seededRandom, sentenceRanges } from './test-support';

const corpusDir = fileURLToPath(new URL('../../../corpus/', import.meta.url));
const articles = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((file) => ({ file, text: readFileSync(corpusDir + file, 'utf8') }));

function randomRanges(text: string, count: number, seed: number) {
  const rng = seededRandom(seed);
  const out: Array<{ start: number; end: number }> = [];
  while (out.length < count) {
    const start = Math.floor(rng() * (text.length - 1));
    const end = Math.min(text.length, start + 1 + Math.floor(rng() * 300));
    out.push({ start, end });
  }
  return out;
}

suite('anchor: round trip on the corpus', () => {
  it('has the five articles', () => expect(articles).toHaveLength(5));

  for (const [i, { file, text }] of articles.entries()) {
    it(`gives back 200 random ranges of ${file} by position`, () => {
      for (const range of randomRanges(text, 200, 1000 + i)) {
        const result = anchor(text, describe(text, range));
        expect(result).toEqual({ status: 'anchored', start: range.start, end: range.end, score: 1, method: 'position' });
      }
    });
  }
});

const TEXT =
  'The minister said the border would stay open. Critics said the border would close within a week. ' +
  'Officials later confirmed that 4,000 trucks had crossed since Monday, a record for the season.';

function at(text: string, needle: string, from = 0) {
  const start = text.indexOf(needle, from);
  if (start < 0) throw new Error(`no ${needle}`);
  return { start, end: start + needle.length };
}

suite('anchor: steps', () => {
  it('(a) uses the stored position when the quote is still there', () => {
    const selectors = describe(TEXT, at(TEXT, '4,000 trucks had crossed'));
    expect(anchor(TEXT, selectors)).toMatchObject({ status: 'anchored', method: 'position', score: 1 });
  });

  it('(b) finds the exact quote after text was inserted before it', () => {
    const range = at(TEXT, '4,000 trucks had crossed');
    const selectors = describe(TEXT, range);
    const edited = `Update: new figures. ${TEXT}`;
    expect(anchor(edited, selectors)).toMatchObject({ status: 'anchored', method: 'quote', start: range.start + 21, end: range.end + 21 });
  });

  it('(b) picks, among repeated quotes, the one whose context matches', () => {
    const range = at(TEXT, 'the border would', 30); // the critics' sentence
    const selectors = describe(TEXT, range);
    const edited = `Breaking. ${TEXT}`;
    const result = anchor(edited, selectors);
    expect(result).toMatchObject({ status: 'anchored', method: 'quote', start: range.start + 10 });
  });

  it('(b) picks the nearest copy when a passage was duplicated with the same context', () => {
    const paragraph = 'Officials later confirmed that 4,000 trucks had crossed since Monday.';
    const text = `Intro line.\n\n${paragraph}\n\nMiddle text that is long enough to separate the two.\n\n${paragraph}\n\nEnd.`;
    const range = at(text, 'confirmed that 4,000 trucks');
    const selectors = describe(text, range);
    const edited = `New first line.\n\n${text}\n\n${paragraph}`;
    expect(anchor(edited, selectors)).toMatchObject({ status: 'anchored', start: range.start + 17 });
  });

  it('(b) refuses to choose among copies when none has the context', () => {
    const quote = 'the border would';
    const selectors = {
      quote: { type: 'TextQuoteSelector' as const, exact: quote, prefix: 'completely unrelated words, here ', suffix: ' nothing like the text around it' },
      position: { type: 'TextPositionSelector' as const, start: 0, end: quote.length },
    };
    expect(anchor(TEXT, selectors)).toMatchObject({ status: 'orphan' });
  });

  it('(b) accepts a long quote that occurs once even when its paragraph moved', () => {
    const a = 'First paragraph about the border crossing and its traffic.';
    const b = 'Second paragraph quoting the minister on the new customs rules.';
    const c = 'Third paragraph.';
    const text = [a, b, c].join('\n\n');
    const selectors = describe(text, at(text, b));
    const moved = [c, a, 'Something new.', b].join('\n\n');
    expect(anchor(moved, selectors)).toMatchObject({ status: 'anchored', method: 'quote', ...at(moved, b) });
  });

  it('(c) finds a quote with typos inside by fuzzy matching', () => {
    const range = at(TEXT, 'Officials later confirmed that 4,000 trucks had crossed');
    const selectors = describe(TEXT, range);
    const edited = TEXT.replace('confirmed that 4,000', 'confrimed that 4.000');
    const result = anchor(edited, selectors);
    expect(result).toMatchObject({ status: 'anchored', method: 'fuzzy', start: range.start, end: range.end });
    if (result.status === 'anchored') expect(result.score).toBeGreaterThan(0.9);
  });

  it('(c) looks past an exact copy elsewhere to the edited original', () => {
    const quote = 'trucks had crossed since Monday';
    const text = `Intro. ${TEXT}\n\nUnrelated closing remark: ${quote}.`;
    const range = at(text, quote);
    const selectors = describe(text, range);
    const edited = text.replace('trucks had crossed since Monday, a record', 'trucks had crosed since Monday, a record');
    expect(anchor(edited, selectors)).toMatchObject({ status: 'anchored', method: 'fuzzy', start: range.start });
  });

  it('(d) makes an orphan of a deleted passage and reports the best score it saw', () => {
    const selectors = describe(TEXT, at(TEXT, 'Officials later confirmed that 4,000 trucks had crossed since Monday'));
    const edited = TEXT.slice(0, TEXT.indexOf('Officials'));
    const result = anchor(edited, selectors);
    expect(result.status).toBe('orphan');
    if (result.status === 'orphan') expect(result.bestScore).toBeLessThan(0.75);
  });

  it('(d) honours a stricter threshold', () => {
    const range = at(TEXT, 'Officials later confirmed that 4,000 trucks had crossed');
    const edited = TEXT.replace('confirmed that 4,000', 'confrimed that 4.000');
    expect(anchor(edited, describe(TEXT, range), { threshold: 0.99 }).status).toBe('orphan');
  });

  it('returns an orphan for an empty quote', () => {
    expect(anchor(TEXT, describe(TEXT, { start: 3, end: 3 }))).toEqual({ status: 'orphan', bestScore: 0 });
  });

  it('ignores a nonsensical stored position', () => {
    const range = at(TEXT, 'a record for the season');
    const selectors = describe(TEXT, range);
    const broken = { ...selectors, position: { ...selectors.position, start: Number.NaN, end: -3 } };
    expect(anchor(TEXT, broken)).toMatchObject({ status: 'anchored', start: range.start, end: range.end });
  });

  it('never returns a range that splits a surrogate pair', () => {
    const text = `Intro 𠀀𪚥 the claim about 👍🏽 reactions was false, said the ministry.`;
    const range = at(text, '𪚥 the claim about 👍🏽 reactions');
    const selectors = describe(text, range);
    const edited = text.replace('claim', 'clam');
    const result = anchor(edited, selectors);
    expect(result.status).toBe('anchored');
    if (result.status === 'anchored') {
      for (const offset of [result.start, result.end]) {
        const code = edited.charCodeAt(offset);
        expect(code >= 0xdc00 && code <= 0xdfff).toBe(false);
      }
      expect(edited.slice(result.start, result.end)).toContain('𪚥');
    }
  });

  it('finds a quote across a paragraph break after \\n became \\r\\n', () => {
    const text = 'First paragraph ends here.\n\nSecond paragraph starts here and goes on.';
    const range = at(text, 'ends here.\n\nSecond paragraph');
    const edited = text.replace(/\n/g, '\r\n');
    expect(anchor(edited, describe(text, range))).toMatchObject({ status: 'anchored', method: 'fuzzy', ...at(edited, 'ends here.\r\n\r\nSecond paragraph') });
  });

  it('stays fast on a long text, searching near the old position first', () => {
    const rng = seededRandom(5);
    const words = ['border', 'minister', 'trucks', 'record', 'season', 'customs', 'officials', 'the', 'said', 'crossed'];
    let text = '';
    while (text.length < 1_000_000) text += `${words[Math.floor(rng() * words.length)]}${rng() < 0.1 ? '.\n\n' : ' '}`;
    const ranges = sentenceRanges(text, 50, rng);
    const list = ranges.map((r) => describe(text, r));
    const edited = `A new lead paragraph.\n\n${text}`;
    const t0 = performance.now();
    const results = anchorMany(edited, list);
    const elapsed = performance.now() - t0;
    results.forEach((r, i) => expect(r).toMatchObject({ status: 'anchored', start: ranges[i]!.start + 23 }));
    expect(elapsed).toBeLessThan(2000);
  });
});

suite('selectors without context (recogito-js writes only the exact quote)', () => {
  const text = 'The ministry said exports rose. Later the ministry said exports fell sharply in May.';
  const bare = (exact: string, start = 0, end = 0) => ({
    quote: { type: 'TextQuoteSelector' as const, exact, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector' as const, start, end },
  });

  it('anchors a unique 22-character exact quote where it is', () => {
    const exact = 'exports fell sharply i';
    expect(exact).toHaveLength(22);
    const r = anchor(text, bare(exact));
    expect(r).toMatchObject({ status: 'anchored', start: text.indexOf(exact), end: text.indexOf(exact) + 22 });
  });

  it('anchors a repeated quote only where its position points, and orphans it without one', () => {
    const second = text.lastIndexOf('the ministry said');
    expect(anchor(text, bare('the ministry said', second, second + 17))).toMatchObject({ status: 'anchored', start: second });
    expect(anchor(text, bare('ministry said')).status).toBe('orphan');
  });

  it('never guesses a fuzzy match without context', () => {
    expect(anchor(text, bare('exports fell sharpyl in May')).status).toBe('orphan');
  });
});
