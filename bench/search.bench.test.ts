// Benchmark: library search, similar passages and all occurrences over 2,000 articles (~36 MB)
// made from the corpus, Chinese included, each beside a plain indexOf scan of the same texts in the
// same run. Measured in Node (the worker's code, not the UI): key-press-to-paint needs the browser.
// Prints figures, writes search.json, and never fails on timing.
import { it, expect } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SearchIndex } from '../src/core/search/search-index';
import { ARTICLES, buildScaledCorpus } from './lib/search-corpus';

const benchDir = fileURLToPath(new URL(`../${process.env.CLAIMDESK_BENCH_OUT ?? '.tmp/bench'}/`, import.meta.url));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
}

const round = (n: number) => Number(n.toFixed(2));

// Queries a person would type: rare and common names, prefixes while typing, phrases, Chinese,
// and words in almost every article.
const QUERIES = [
  'Kamilov',
  'kami',
  'Tokayev',
  '"Foreign Minister Abdulaziz Kamilov"',
  '"peaceful solution"',
  'senate statement',
  'Kazakhstan oil',
  'Mirziyoyev WTO',
  '卡米洛夫',
  '外交部长',
  'ukraine',
  'russia',
  'the',
  '"of the"',
  'berdymukh',
  'Karimov trust',
];

it('searches 2,000 articles (~36 MB) with Chinese: index build, query p95, indexOf baseline', () => {
  const { docs } = buildScaledCorpus();
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
  expect(docs.length).toBe(ARTICLES);

  let t0 = performance.now();
  const index = new SearchIndex();
  for (const d of docs) index.setDocument(d);
  const buildMs = performance.now() - t0;

  // Warm-up, then every query several times.
  for (const q of QUERIES) index.search(q);
  const queryTimes: number[] = [];
  const perQuery: Record<string, { ms: number; documents: number; hits: number }> = {};
  for (let run = 0; run < 5; run++) {
    for (const q of QUERIES) {
      t0 = performance.now();
      const r = index.search(q);
      const ms = performance.now() - t0;
      queryTimes.push(ms);
      if (!perQuery[q] || ms > perQuery[q].ms) perQuery[q] = { ms: round(ms), documents: r.totalDocuments, hits: r.totalHits };
    }
  }
  expect(perQuery['Kamilov']!.documents).toBeGreaterThan(100);
  expect(perQuery['卡米洛夫']!.documents).toBeGreaterThan(10);

  // Baseline: lower-cased texts prepared once, then an indexOf scan per query counting documents.
  const lowered = docs.map((d) => d.text.toLowerCase());
  const baselineTimes: number[] = [];
  for (let run = 0; run < 5; run++) {
    for (const q of QUERIES) {
      const needle = q.replace(/"/g, '').toLowerCase();
      t0 = performance.now();
      let found = 0;
      for (const text of lowered) if (text.indexOf(needle) !== -1) found++;
      baselineTimes.push(performance.now() - t0);
      expect(found).toBeGreaterThanOrEqual(0);
    }
  }

  const figures = {
    search_corpus: `${ARTICLES} articles, ${(bytes / 1e6).toFixed(1)} MB, ${index.size} index entries (paragraphs, details)`,
    search_index_build_ms: round(buildMs),
    search_query_p50_ms: round(percentile(queryTimes, 0.5)),
    search_query_p95_ms: round(percentile(queryTimes, 0.95)),
    search_query_max_ms: round(Math.max(...queryTimes)),
    search_baseline: 'indexOf scan of the same lower-cased texts, one per query',
    search_baseline_p50_ms: round(percentile(baselineTimes, 0.5)),
    search_baseline_p95_ms: round(percentile(baselineTimes, 0.95)),
    search_per_query_worst: perQuery,
    search_note: 'Node 20 on this machine, the worker code without the UI; key press to results painted needs the browser',
  };
  writeFigures(figures);
});

function writeFigures(figures: Record<string, unknown>): void {
  mkdirSync(benchDir, { recursive: true });
  const file = join(benchDir, 'search.json');
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    previous = {};
  }
  writeFileSync(file, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`);
  console.log(figures);
}
