// Robustness suite: >1,000 annotations on the five corpus articles, re-anchored after each class of
// edit. Every edit is tracked character by character, so the true new place of every annotation is
// known. Counts per class go to bench/anchoring.json and a table on stdout.
//
// Rule for "correct": when the annotated text itself is unchanged by the edit, the anchor must equal
// the true span exactly; when the edit changed characters inside it (typos, whitespace, quote
// marks), the anchor must overlap the true span with intersection/union >= 0.9. Anything else that
// anchors is "wrong". For `deleted`, an annotation whose whole passage is gone has no true span:
// orphan is the only acceptable outcome; the `deleted` row counts only those annotations (the
// others in the same edited article are checked too and printed as "survivors").
// p95_ms is over the time of each single anchor() call. Set ANCHORING_SHOW_ORPHANS=1 to list the
// orphans that had a true place to go.
import { describe as suite, it, expect } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { anchor } from './anchor';
import { describe } from './describe';
import type { AnchorResult, AnchorSelectors, TextRange } from './types';
import { applyEdits, assemble, lines, randomInt, seededRandom, sentenceRanges } from './test-support';
import type { Piece, TrackedEdit } from './test-support';

const corpusDir = fileURLToPath(new URL('../../../corpus/', import.meta.url));
// `npm test` writes its figures to the ignored .tmp/bench/; only `npm run bench` (CLAIMDESK_BENCH_OUT=bench)
// updates the committed results.
const benchDir = fileURLToPath(new URL(`../../../${process.env.CLAIMDESK_BENCH_OUT ?? '.tmp/bench'}/`, import.meta.url));
const articles = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((file) => readFileSync(corpusDir + file, 'utf8'));

const TOTAL_ANNOTATIONS = 1100;
const MIN_PER_ARTICLE = 120;
const totalLength = articles.reduce((sum, t) => sum + t.length, 0);

interface Annotated {
  range: TextRange;
  selectors: AnchorSelectors;
}

const annotated: Annotated[][] = articles.map((text, i) => {
  const count = Math.max(MIN_PER_ARTICLE, Math.round((TOTAL_ANNOTATIONS * text.length) / totalLength));
  return sentenceRanges(text, count, seededRandom(4200 + i)).map((range) => ({ range, selectors: describe(text, range) }));
});

/** An edited version of one article and which of its annotations this class evaluates. */
interface Variant {
  edit: TrackedEdit;
  indices: number[];
}

type EditClass = (text: string, annotations: Annotated[], rng: () => number) => Variant[];

const all = (annotations: Annotated[]) => annotations.map((_, i) => i);

const INSERTS = [
  'Editor’s note: this paragraph was updated after publication. ',
  'Correction: an earlier version misstated a date. ',
  'UPDATE — ',
  'In a statement released on Tuesday, the ministry gave further details. ',
  '(Reporting by the regional desk.) ',
];

function overlapsAny(annotations: Annotated[], start: number, end: number): boolean {
  return annotations.some(({ range }) => range.start < end && range.end > start);
}

const classes: Record<string, EditClass> = {
  unchanged: (text, annotations) => [{ edit: applyEdits(text, []), indices: all(annotations) }],

  // Insertions at paragraph starts, removed blank lines, and removed words no annotation covers.
  'insert-before': (text, annotations, rng) => {
    const edits: Array<{ start: number; end: number; insert: string }> = [{ start: 0, end: 0, insert: 'Breaking news. ' }];
    for (const line of lines(text)) {
      if (line.start === 0) continue;
      const r = rng();
      if (line.end === line.start) {
        if (r < 0.15) edits.push({ start: line.start, end: line.start + 1, insert: '' });
      } else if (r < 0.35) {
        edits.push({ start: line.start, end: line.start, insert: INSERTS[randomInt(rng, 0, INSERTS.length - 1)]! });
      } else if (r < 0.5) {
        const word = /^\S+\s/.exec(text.slice(line.start, line.end));
        if (word && !overlapsAny(annotations, line.start, line.start + word[0].length)) {
          edits.push({ start: line.start, end: line.start + word[0].length, insert: '' });
        }
      }
    }
    return [{ edit: applyEdits(text, edits), indices: all(annotations) }];
  },

  // Double spaces, tabs, trailing spaces and blank lines holding a space, throughout the text.
  whitespace: (text, annotations, rng) => {
    const edits: Array<{ start: number; end: number; insert: string }> = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === ' ') {
        const r = rng();
        if (r < 0.08) edits.push({ start: i, end: i + 1, insert: '  ' });
        else if (r < 0.1) edits.push({ start: i, end: i + 1, insert: '\t' });
      } else if (ch === '\n' && rng() < 0.3) {
        edits.push({ start: i, end: i, insert: ' ' });
      }
    }
    return [{ edit: applyEdits(text, edits), indices: all(annotations) }];
  },

  // Curly quotes become straight and straight ones curly, throughout.
  'quote-marks': (text, annotations) => {
    const edits: Array<{ start: number; end: number; insert: string }> = [];
    let open = true;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      const swap: Record<string, string> = { '‘': "'", '’': "'", '“': '"', '”': '"', "'": '’' };
      if (ch === '"') {
        edits.push({ start: i, end: i + 1, insert: open ? '“' : '”' });
        open = !open;
      } else if (swap[ch]) edits.push({ start: i, end: i + 1, insert: swap[ch] });
    }
    return [{ edit: applyEdits(text, edits), indices: all(annotations) }];
  },

  // One or two typos inside each quote. Annotations overlap, so each variant edits a set of
  // annotations that are apart from one another (context included): each quote gets only its own typos.
  'typo-inside': (text, annotations, rng) => {
    const variants: Variant[] = [];
    const remaining = all(annotations);
    while (remaining.length > 0) {
      const chosen: number[] = [];
      const edits: Array<{ start: number; end: number; insert: string }> = [];
      for (let k = 0; k < remaining.length; ) {
        const { range } = annotations[remaining[k]!]!;
        const clear = chosen.every((j) => {
          const other = annotations[j]!.range;
          return range.start >= other.end + 40 || range.end + 40 <= other.start;
        });
        if (!clear) {
          k++;
          continue;
        }
        chosen.push(remaining.splice(k, 1)[0]!);
        const count = randomInt(rng, 1, 2);
        const length = range.end - range.start;
        const used = new Set<number>();
        for (let t = 0; t < count; t++) {
          const at = range.start + randomInt(rng, 1, length - 3);
          if (used.has(at) || used.has(at + 1) || used.has(at - 1)) continue;
          used.add(at);
          const kind = randomInt(rng, 0, 3);
          const letter = 'etaoinshrdlu'[randomInt(rng, 0, 11)]!;
          if (kind === 0) edits.push({ start: at, end: at + 1, insert: text[at] === letter ? 'x' : letter });
          else if (kind === 1) edits.push({ start: at, end: at + 1, insert: '' });
          else if (kind === 2) edits.push({ start: at, end: at, insert: letter });
          else edits.push({ start: at, end: at + 2, insert: `${text[at + 1]}${text[at]}` });
        }
      }
      variants.push({ edit: applyEdits(text, edits), indices: chosen });
    }
    return variants;
  },

  // Paragraphs swapped in pairs, and one moved to the end.
  'paragraphs-moved': (text, annotations, rng) => {
    const all_ = lines(text);
    const order = all_.map((_, i) => i);
    const full = order.filter((i) => all_[i]!.end > all_[i]!.start);
    const body = (i: number) => text.slice(all_[i]!.start, all_[i]!.end);
    for (let k = 0; k + 1 < full.length; k += 2) {
      // Swapping two identical paragraphs changes nothing a reader (or an algorithm) could see.
      if (rng() < 0.6 && body(full[k]!) !== body(full[k + 1]!)) {
        [order[full[k]!], order[full[k + 1]!]] = [order[full[k + 1]!]!, order[full[k]!]!];
      }
    }
    const moved = order.splice(order.indexOf(full[randomInt(rng, 0, full.length - 1)]!), 1)[0]!;
    order.push(moved);
    const pieces: Piece[] = [];
    order.forEach((li, n) => {
      if (n > 0) pieces.push({ from: 0, to: 0, insert: '\n' });
      pieces.push({ from: all_[li]!.start, to: all_[li]!.end });
    });
    return [{ edit: assemble(text, pieces), indices: all(annotations) }];
  },

  // A sentence added at the top (so stored positions are stale) and every paragraph copied to the end.
  duplicated: (text, annotations) => {
    const pieces: Piece[] = [{ from: 0, to: 0, insert: 'A note added at the top of the article. ' }, { from: 0, to: text.length }];
    for (const line of lines(text)) {
      if (line.end === line.start) continue;
      pieces.push({ from: text.length, to: text.length, insert: '\n\n' }, { from: line.start, to: line.end, duplicate: true });
    }
    return [{ edit: assemble(text, pieces), indices: all(annotations) }];
  },

  // A quarter of the annotated paragraphs deleted, with their line break. Only annotations in a
  // deleted paragraph are counted here (see `deletedSurvivors` for the rest).
  deleted: (text, annotations, rng) => {
    const edits: Array<{ start: number; end: number; insert: string }> = [];
    for (const line of lines(text)) {
      const body = text.slice(line.start, line.end);
      if (!overlapsAny(annotations, line.start, line.end) || rng() >= 0.25) continue;
      if (text.indexOf(body) !== line.start || text.indexOf(body, line.start + 1) !== -1) continue; // a repeated paragraph is not deleted by deleting one copy
      edits.push({ start: line.start, end: Math.min(text.length, line.end + 1), insert: '' });
    }
    return [{ edit: applyEdits(text, edits), indices: all(annotations) }];
  },

  // Heavy editing at once (issue 17): a sentence at the top, a typo in one annotated passage of five,
  // and one annotated paragraph in ten deleted: 200 typos and 20 deleted paragraphs on 1 MB, scaled down.
  heavy: (text, annotations, rng) => {
    const edits: Array<{ start: number; end: number; insert: string }> = [{ start: 0, end: 0, insert: 'Updated throughout. ' }];
    const deleted: Array<{ start: number; end: number }> = [];
    for (const line of lines(text)) {
      const body = text.slice(line.start, line.end);
      if (line.start === 0 || !overlapsAny(annotations, line.start, line.end) || rng() >= 0.1) continue;
      if (text.indexOf(body) !== line.start || text.indexOf(body, line.start + 1) !== -1) continue;
      edits.push({ start: line.start, end: Math.min(text.length, line.end + 1), insert: '' });
      deleted.push(line);
    }
    for (const { range } of annotations) {
      if (rng() >= 0.2 || deleted.some((d) => range.start < d.end + 1 && range.end > d.start)) continue;
      const at = range.start + randomInt(rng, 2, range.end - range.start - 3);
      if (edits.some((e) => at < e.end + 1 && at + 1 > e.start - 1)) continue;
      const letter = 'etaoinshrdlu'[randomInt(rng, 0, 11)]!;
      edits.push({ start: at, end: at + 1, insert: text[at] === letter ? 'x' : letter });
    }
    return [{ edit: applyEdits(text, edits), indices: all(annotations) }];
  },

  crlf: (text, annotations) => {
    const edits = [...text.matchAll(/\n/g)].map((m) => ({ start: m.index!, end: m.index! + 1, insert: '\r\n' }));
    return [{ edit: applyEdits(text, edits), indices: all(annotations) }];
  },

  bom: (text, annotations) => [{ edit: applyEdits(text, [{ start: 0, end: 0, insert: '\uFEFF' }]), indices: all(annotations) }],
};

interface Tally {
  annotations: number;
  correct: number;
  wrong: number;
  orphan: number;
  times: number[];
  methods: Record<string, number>;
  examples: string[];
}

function newTally(): Tally {
  return { annotations: 0, correct: 0, wrong: 0, orphan: 0, times: [], methods: {}, examples: [] };
}

function isCorrect(result: AnchorResult & { status: 'anchored' }, truth: TextRange, quoteChanged: boolean): boolean {
  if (!quoteChanged) return result.start === truth.start && result.end === truth.end;
  const overlap = Math.min(result.end, truth.end) - Math.max(result.start, truth.start);
  const union = Math.max(result.end, truth.end) - Math.min(result.start, truth.start);
  return overlap > 0 && overlap / union >= 0.9;
}

function p95(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
}

const tallies: Record<string, Tally> = {};
const deletedSurvivors = newTally();
const deletedStillPresent = { count: 0 };

function run(): void {
  for (const [name, makeVariants] of Object.entries(classes)) {
    const tally = (tallies[name] = newTally());
    articles.forEach((text, a) => {
      const rng = seededRandom(9000 + a * 31 + name.length * 7);
      for (const { edit, indices } of makeVariants(text, annotated[a]!, rng)) {
        for (const i of indices) {
          const { range, selectors } = annotated[a]![i]!;
          const truth = edit.locate(range);
          let target = tally;
          // In the heavy class a deleted passage whose words survive elsewhere is not counted (as in `deleted`).
          if (name === 'heavy' && !truth && edit.text.includes(selectors.quote.exact)) continue;
          if (name === 'deleted') {
            if (truth) target = deletedSurvivors;
            else if (edit.text.includes(selectors.quote.exact)) {
              // The same words survive elsewhere, so the passage was not deleted; not counted.
              deletedStillPresent.count++;
              continue;
            }
          }
          const t0 = performance.now();
          const result = anchor(edit.text, selectors);
          target.times.push(performance.now() - t0);
          target.annotations++;
          if (result.status === 'orphan') {
            target.orphan++;
            if (process.env.ANCHORING_SHOW_ORPHANS && truth) {
              console.log(`[${name}] orphan article ${a} #${i} best ${result.bestScore.toFixed(3)}: ${JSON.stringify(selectors.quote.exact)} truth ${JSON.stringify(edit.text.slice(truth.start, truth.end))}`);
            }
            continue;
          }
          target.methods[result.method] = (target.methods[result.method] ?? 0) + 1;
          const quoteChanged = truth !== null && edit.text.slice(truth.start, truth.end) !== selectors.quote.exact;
          if (truth && isCorrect(result, truth, quoteChanged)) target.correct++;
          else {
            target.wrong++;
            if (target.examples.length < 5) {
              target.examples.push(
                `[${name}] article ${a} #${i} ${result.method} ${result.score.toFixed(3)}: ${JSON.stringify(selectors.quote.exact)} -> ` +
                  `${JSON.stringify(edit.text.slice(result.start, result.end))} truth ${truth ? JSON.stringify(edit.text.slice(truth.start, truth.end)) : 'deleted'}`,
              );
            }
          }
        }
      }
    });
  }
}

/**
 * Floors just under what the suite reaches (measured: insert-before 98.4%, whitespace 98.4%,
 * quote-marks 100%, typo-inside 97.2%, paragraphs-moved 99.1%, duplicated 99.6%, crlf 99.3%,
 * bom 100%). Nearly every orphan left is an annotation inside a paragraph the article itself
 * carries twice (articles 000 and 002 repeat their captions), where the edit left no way to tell
 * the copies apart. Wrong is always 0.
 */
const CORRECT_FLOOR: Record<string, number> = {
  unchanged: 1,
  'insert-before': 0.97,
  whitespace: 0.97,
  'quote-marks': 0.99,
  'typo-inside': 0.95,
  'paragraphs-moved': 0.98,
  duplicated: 0.98,
  crlf: 0.98,
  bom: 0.99,
  // Measured 89.7%: nearly all of the rest are passages the class deleted (orphans, as they should be).
  heavy: 0.88,
};

suite('anchoring robustness', () => {
  run();

  it('writes anchoring.json (bench/ under npm run bench) and prints a table', () => {
    const report: Record<string, { annotations: number; correct: number; wrong: number; orphan: number; p95_ms: number }> = {};
    for (const [name, t] of Object.entries(tallies)) {
      report[name] = { annotations: t.annotations, correct: t.correct, wrong: t.wrong, orphan: t.orphan, p95_ms: Number(p95(t.times).toFixed(3)) };
    }
    mkdirSync(benchDir, { recursive: true });
    writeFileSync(`${benchDir}anchoring.json`, `${JSON.stringify(report, null, 2)}\n`);
    const rows = Object.entries(tallies).map(([name, t]) => ({
      class: name,
      annotations: t.annotations,
      correct: t.correct,
      '%': ((100 * t.correct) / Math.max(1, t.annotations)).toFixed(1),
      wrong: t.wrong,
      orphan: t.orphan,
      p95_ms: p95(t.times).toFixed(3),
      methods: Object.entries(t.methods).map(([m, n]) => `${m}:${n}`).join(' '),
    }));
    console.log(`anchoring robustness (${annotated.flat().length} annotations on ${articles.length} articles)`);
    console.table(rows);
    console.log(
      `deleted: survivors ${deletedSurvivors.correct}/${deletedSurvivors.annotations} correct, ${deletedSurvivors.wrong} wrong, ` +
        `${deletedSurvivors.orphan} orphan; ${deletedStillPresent.count} not counted (their words survive elsewhere)`,
    );
    const examples = [...Object.values(tallies), deletedSurvivors].flatMap((t) => t.examples);
    if (examples.length) console.log(examples.join('\n'));
    expect(annotated.flat().length).toBeGreaterThanOrEqual(1000);
  });

  it('never anchors an annotation in the wrong place', () => {
    for (const [name, t] of Object.entries(tallies)) expect(t.wrong, name).toBe(0);
    expect(deletedSurvivors.wrong).toBe(0);
  });

  it('anchors unchanged text by position, every time', () => {
    const t = tallies.unchanged!;
    expect(t.correct).toBe(t.annotations);
    expect(t.methods).toEqual({ position: t.annotations });
  });

  it('makes an orphan of every annotation whose passage was deleted', () => {
    const t = tallies.deleted!;
    expect(t.annotations).toBeGreaterThan(50);
    expect(t.orphan).toBe(t.annotations);
  });

  it('keeps the other classes above their floors', () => {
    for (const [name, floor] of Object.entries(CORRECT_FLOOR)) {
      const t = tallies[name]!;
      expect(t.correct / t.annotations, name).toBeGreaterThanOrEqual(floor);
    }
    expect(deletedSurvivors.correct / deletedSurvivors.annotations, 'deleted (survivors)').toBeGreaterThanOrEqual(0.95);
  });
});
