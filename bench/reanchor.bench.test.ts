// Benchmark: re-anchoring 1,000 annotations on a ~1 MB document after edits, beside the cost of
// reading that file from disk and splitting it into paragraphs. Prints figures, writes
// bench/reanchor.json, and never fails on timing.
import { it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchorMany, describe } from '../src/core/anchoring';
import { applyEdits, lines, randomInt, seededRandom, sentenceRanges } from '../src/core/anchoring/test-support';
import { splitParagraphs } from '../src/core/model/document';

const RUNS = 7;
const GOAL_MS = 200;
const TARGET_LENGTH = 1_000_000;
const ANNOTATIONS = 1000;

const corpusDir = fileURLToPath(new URL('../corpus/', import.meta.url));
const benchDir = fileURLToPath(new URL(`../${process.env.CLAIMDESK_BENCH_OUT ?? '.tmp/bench'}/`, import.meta.url));

/**
 * Copy n of a paragraph, with letters rotated n places: the corpus is only 55 kB, and plain
 * repetition would give every sentence twenty identical twins, which no real document has. The
 * rotation keeps word lengths, spacing and punctuation, so matching costs the same.
 */
function rotate(paragraph: string, n: number): string {
  if (n % 26 === 0) return paragraph;
  return paragraph.replace(/[a-z]/gi, (ch) => {
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + n) % 26) + base);
  });
}

function buildDocument(): string {
  const paragraphs = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .flatMap((f) => splitParagraphs(readFileSync(join(corpusDir, f), 'utf8')))
    .filter((p) => p.trim() !== '');
  const rng = seededRandom(2024);
  const out: string[] = [];
  let length = 0;
  for (let copy = 0; length < TARGET_LENGTH; copy++) {
    for (const p of paragraphs) {
      const q = rotate(p, copy);
      out.push(q);
      length += q.length + 2;
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.join('\n\n');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
}

it('re-anchors 1,000 annotations on a ~1 MB document', () => {
  const text = buildDocument();
  const rng = seededRandom(77);
  const ranges = sentenceRanges(text, ANNOTATIONS, rng);
  const selectors = ranges.map((r) => describe(text, r));

  // Edits: 40 sentences inserted at paragraph starts, 10 typos inside annotated passages, and one
  // annotated paragraph deleted.
  const paragraphs = lines(text).filter((l) => l.end > l.start);
  const edits: Array<{ start: number; end: number; insert: string }> = [];
  const taken = new Set<number>();
  const deleted = paragraphs.find((l) => ranges.some((r) => r.start >= l.start && r.end <= l.end) && l.start > text.length / 2)!;
  edits.push({ start: deleted.start, end: deleted.end + 1, insert: '' });
  taken.add(deleted.start);
  for (let k = 0; k < 40; k++) {
    const l = paragraphs[randomInt(rng, 0, paragraphs.length - 1)]!;
    if (taken.has(l.start)) continue;
    taken.add(l.start);
    edits.push({ start: l.start, end: l.start, insert: 'An editor added this sentence to the paragraph. ' });
  }
  for (let k = 0; k < 10; k++) {
    const r = ranges[randomInt(rng, 0, ranges.length - 1)]!;
    const at = r.start + randomInt(rng, 2, r.end - r.start - 3);
    if (r.start < deleted.end + 1 && r.end > deleted.start) continue;
    if (edits.some((e) => at < e.end + 1 && at + 1 > e.start - 1)) continue;
    edits.push({ start: at, end: at + 1, insert: text[at] === 'e' ? 'a' : 'e' });
  }
  const edit = applyEdits(text, edits);

  const dir = mkdtempSync(join(tmpdir(), 'claimdesk-bench-'));
  const file = join(dir, 'document.txt');
  writeFileSync(file, edit.text);

  const reanchorTimes: number[] = [];
  const baselineTimes: number[] = [];
  let results = anchorMany(edit.text, selectors);
  for (let run = 0; run < RUNS; run++) {
    let t0 = performance.now();
    const read = readFileSync(file, 'utf8');
    const split = splitParagraphs(read);
    baselineTimes.push(performance.now() - t0);
    expect(split.length).toBeGreaterThan(100);

    t0 = performance.now();
    results = anchorMany(edit.text, selectors);
    reanchorTimes.push(performance.now() - t0);
  }
  rmSync(dir, { recursive: true, force: true });

  let correct = 0;
  let wrong = 0;
  let orphan = 0;
  results.forEach((result, i) => {
    const truth = edit.locate(ranges[i]!);
    if (result.status === 'orphan') orphan++;
    else if (truth && Math.min(result.end, truth.end) - Math.max(result.start, truth.start) >= 0.9 * Math.max(result.end - result.start, truth.end - truth.start)) correct++;
    else wrong++;
  });

  const median = percentile(reanchorTimes, 0.5);
  const baselineMedian = percentile(baselineTimes, 0.5);
  const figures = {
    operation: `re-anchor ${ANNOTATIONS} annotations on a ${(edit.text.length / 1e6).toFixed(2)} MB edited document`,
    median_ms: Number(median.toFixed(2)),
    p95_ms: Number(percentile(reanchorTimes, 0.95).toFixed(2)),
    baseline: 'read the file from disk (utf8) and split it into paragraphs',
    baseline_ms: Number(baselineMedian.toFixed(2)),
    ratio: Number((median / baselineMedian).toFixed(1)),
  };
  mkdirSync(benchDir, { recursive: true });
  writeFileSync(join(benchDir, 'reanchor.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(figures);
  console.log(
    `runs: ${RUNS}; outcomes: ${correct} correct, ${wrong} wrong, ${orphan} orphan; ` +
      `goal <= ${GOAL_MS} ms: ${median <= GOAL_MS ? 'met' : 'NOT met'} (median ${median.toFixed(1)} ms)`,
  );
});
