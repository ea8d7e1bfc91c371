// Benchmark: library search, similar passages and all occurrences over 2,000 articles (~36 MB)
// made from the corpus, Chinese included, each beside a plain indexOf scan of the same texts in the
// same run. Measured in Node (the worker's code, not the UI): key-press-to-paint needs the browser.
// Prints figures, writes search.json, and never fails on timing.
import { it, expect } from 'vitest';
import os from 'node:os';
import { findOccurrencesInCorpus } from '../src/core/search/occurrences';
import { SearchIndex } from '../src/core/search/search-index';
import { findSimilarPassages } from '../src/core/search/similar';
import { mergeFigures } from './lib/figures-file';
import { ARTICLES, buildScaledCorpus, CHINESE_SHARE, PLANTED_COUNT, PLANTED_NAME } from './lib/search-corpus';


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

/** Wall time and this process's CPU time of one call (CPU time shows what the code costs when
 * other jobs share the machine's two cores). */
function timed<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

// The scaled corpus's size; smaller for development (CLAIMDESK_SEARCH_ARTICLES=200), 2,000 for the figures.
const articles = Number(process.env.CLAIMDESK_SEARCH_ARTICLES ?? ARTICLES);
const median = (xs: number[]) => percentile(xs, 0.5);

/** An entry in the shape scripts/bench.mjs writes to results.json, with CPU time beside wall time. */
function entry(o: { operation: string; size: string; samples: number[]; cpu: number[]; baseline: string; baselineSamples: number[]; baselineCpu: number[]; target: string; goalMs: number; extra?: Record<string, unknown> }) {
  const med = median(o.samples);
  const p95 = percentile(o.samples, 0.95);
  const base = median(o.baselineSamples);
  return {
    operation: o.operation,
    size: o.size,
    median_ms: round(med),
    p95_ms: round(p95),
    cpu_median_ms: round(median(o.cpu)),
    cpu_p95_ms: round(percentile(o.cpu, 0.95)),
    baseline: o.baseline,
    baseline_ms: round(base),
    baseline_cpu_ms: round(median(o.baselineCpu)),
    ratio: base ? round(med / base) : null,
    target: o.target,
    // Met on wall time (what a person waits); on a shared machine the CPU time says what the code costs.
    met: (o.operation.includes('p95') ? p95 : med) <= o.goalMs,
    met_in_cpu_time: (o.operation.includes('p95') ? percentile(o.cpu, 0.95) : median(o.cpu)) <= o.goalMs,
    runs: o.samples.length,
    ...o.extra,
  };
}

it('search, similar passages and occurrences over 2,000 articles (~36 MB) with Chinese, beside indexOf scans', () => {
  const { docs, plantedParagraph } = buildScaledCorpus(articles);
  const planted = Math.round((PLANTED_COUNT * articles) / ARTICLES);
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
  expect(docs.length).toBe(articles);
  const loadBefore = os.loadavg();
  const size = `${articles} articles, ${(bytes / 1e6).toFixed(1)} MB, ${Math.round(CHINESE_SHARE * 100)} % Chinese`;

  // Baseline for the build: what searching without an index costs once: lower-case every text and
  // scan it with indexOf.
  const buildBaseline = [0, 1, 2].map(() => timed(() => docs.reduce((n, d) => n + (d.text.toLowerCase().indexOf('kamilov') === -1 ? 0 : 1), 0)));
  // Index build as the worker does it on a start without a saved index: every document at once.
  const builds = [0, 1, 2].map(() =>
    timed(() => {
      const index = new SearchIndex();
      index.setDocuments(docs);
      return index;
    }),
  );
  const index = builds[builds.length - 1]!.value;
  // Saving: the compact form, cloned as IndexedDB does; loading it back (a start with a saved index).
  const saves = [0, 1, 2].map(() => timed(() => structuredClone(index.save())));
  const saved = saves[0]!.value;
  const loads = [0, 1, 2].map(() => timed(() => SearchIndex.load(saved, docs)!));
  expect(loads[0]!.value.search('Kamilov').totalDocuments).toBe(index.search('Kamilov').totalDocuments);
  // Kept up to date: one article more (an import, or a text changed) put into the loaded index of the
  // whole library, against the same article put into an empty index.
  const loadedIndex = loads[0]!.value;
  const oneMore = (i: number) => ({ ...docs[i]!, id: `one-more-${i}`, text: `${docs[i]!.text}\nOne more paragraph, number ${i}.` });
  const addOne = [0, 1, 2, 3, 4].map((i) => timed(() => loadedIndex.setDocuments([oneMore(i)])));
  const addOneEmpty = [0, 1, 2, 3, 4].map((i) => timed(() => new SearchIndex().setDocuments([oneMore(i)])));
  expect(loadedIndex.search('"One more paragraph, number 3"').groups.map((g) => g.docId)).toEqual(['one-more-3']);
  const savedMb = (saved.mini.postings.byteLength + saved.mini.terms.length * 2 + saved.mini.ids.join('').length * 2) / 1e6;

  // Warm-up, then every query several times.
  for (const q of QUERIES) index.search(q);
  const queryTimes: number[] = [];
  const queryCpu: number[] = [];
  const perQuery: Record<string, { ms: number; documents: number }> = {};
  for (let run = 0; run < 5; run++) {
    for (const q of QUERIES) {
      const t = timed(() => index.search(q));
      queryTimes.push(t.ms);
      queryCpu.push(t.cpuMs);
      if (!perQuery[q] || t.ms > perQuery[q].ms) perQuery[q] = { ms: round(t.ms), documents: t.value.totalDocuments };
    }
  }
  expect(perQuery['Kamilov']!.documents).toBeGreaterThan(articles / 20);
  expect(perQuery['卡米洛夫']!.documents).toBeGreaterThan(articles / 200);

  // Baseline: lower-cased texts prepared once, then an indexOf scan per query listing the documents.
  const lowered = docs.map((d) => d.text.toLowerCase());
  const baselineTimes: number[] = [];
  const baselineCpu: number[] = [];
  for (let run = 0; run < 5; run++) {
    for (const q of QUERIES) {
      const needle = q.replace(/"/g, '').toLowerCase();
      const t = timed(() => lowered.filter((text) => text.indexOf(needle) !== -1).length);
      baselineTimes.push(t.ms);
      baselineCpu.push(t.cpuMs);
    }
  }

  // Similar passages for the March 17 Senate statement, as a claim in a document holding it.
  const claimText = 'Speaking at a session of the Senate on March 17, Uzbek Foreign Minister Abdulaziz Kamilov stressed';
  const claimDoc = docs.find((d) => d.text.includes(claimText))!;
  const claimStart = claimDoc.text.indexOf(claimText);
  const claimEnd = claimDoc.text.indexOf('diplomacy.', claimStart) + 'diplomacy.'.length;
  findSimilarPassages(index, { docId: claimDoc.id, start: claimStart, end: claimEnd });
  const similarRuns = [0, 1, 2, 3, 4, 5, 6].map(() => timed(() => findSimilarPassages(index, { docId: claimDoc.id, start: claimStart, end: claimEnd })));
  const similar = similarRuns[0]!.value;
  const claimWords = claimText.toLowerCase().split(/\W+/).filter((w) => w.length > 3);
  const similarBaseline = [0, 1, 2].map(() => timed(() => claimWords.map((w) => lowered.filter((text) => text.indexOf(w) !== -1).length)));
  // The scaled corpus repeats the corpus's sentences across articles, so the top passages are other
  // tellings of the same statement (copies of the claim's sentence, The Paper's, the captions).
  expect(similar[0]!.why.sharedDates).toContain('March 17');
  expect(similar[0]!.why.sharedNames).toContain('Kamilov');

  // All occurrences of the name planted 500 times: cold (every text folded on the spot) and warm (the
  // worker keeps folded texts of the documents it searched).
  const sources = docs.map((d) => ({ id: d.id, text: d.text }));
  const cold = timed(() => findOccurrencesInCorpus(sources, PLANTED_NAME));
  expect(cold.value).toHaveLength(planted);
  for (const d of docs) index.foldedDocument(d.id);
  const warm = [0, 1, 2, 3, 4, 5, 6].map(() => timed(() => findOccurrencesInCorpus(sources, PLANTED_NAME, {}, (id) => index.foldedDocument(id))));
  for (const t of warm) expect(t.value).toHaveLength(planted);
  const needle = PLANTED_NAME.toLowerCase();
  const occurrencesBaseline = [0, 1, 2, 3, 4, 5, 6].map(() =>
    timed(() => {
      let n = 0;
      for (const text of lowered) for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) n++;
      return n;
    }),
  );
  expect(plantedParagraph).toContain(PLANTED_NAME);

  const ms = (ts: Array<{ ms: number }>) => ts.map((t) => t.ms);
  const cpu = (ts: Array<{ cpuMs: number }>) => ts.map((t) => t.cpuMs);
  const loadAfter = os.loadavg();
  const machine = `Node ${process.version}, ${os.cpus().length} cores; load average (1/5/15 min) ${loadBefore.map((x) => x.toFixed(1)).join('/')} before, ${loadAfter.map((x) => x.toFixed(1)).join('/')} after`;
  const figures = {
    search_index_build: entry({
      operation: 'build the library search index (the worker\'s code, in Node): every document at once, as on a start without a saved index',
      size: `${size}; ${index.size} index entries`,
      samples: ms(builds),
      cpu: cpu(builds),
      baseline: 'lower-case every text and scan it once with indexOf (searching with no index)',
      baselineSamples: ms(buildBaseline),
      baselineCpu: cpu(buildBaseline),
      target: '≤ 3000 ms in the worker',
      goalMs: 3000,
      extra: { machine },
    }),
    search_index_load: entry({
      operation: 'load the saved index (compact form, structured-cloned as IndexedDB stores it) with the same documents',
      size: `${size}; saved index ~${savedMb.toFixed(1)} MB`,
      samples: ms(loads),
      cpu: cpu(loads),
      baseline: 'building it instead (search_index_build)',
      baselineSamples: ms(builds),
      baselineCpu: cpu(builds),
      target: 'faster than building',
      goalMs: median(ms(builds)),
      extra: { save_median_ms: round(median(ms(saves))), save_cpu_median_ms: round(median(cpu(saves))) },
    }),
    search_index_add_one: entry({
      operation: 'one article added to the loaded index of the whole library (an import, or a text changed)',
      size,
      samples: ms(addOne),
      cpu: cpu(addOne),
      baseline: 'the same article added to an empty index',
      baselineSamples: ms(addOneEmpty),
      baselineCpu: cpu(addOneEmpty),
      target: '≤ 20 ms',
      goalMs: 20,
    }),
    search_query: entry({
      operation: `query p95 (${QUERIES.length} queries × 5: names, prefixes, phrases, Chinese, words in every article), in Node without the UI`,
      size,
      samples: queryTimes,
      cpu: queryCpu,
      baseline: 'indexOf scan of the same lower-cased texts, one per query',
      baselineSamples: baselineTimes,
      baselineCpu: baselineCpu,
      target: '≤ 30 ms p95 key press to results painted (here: the worker\'s part)',
      goalMs: 30,
      extra: { per_query_worst: perQuery },
    }),
    similar_passages: entry({
      operation: 'similar passages for one claim (the March 17 Senate statement, Caravanserai) over the whole library',
      size,
      samples: ms(similarRuns),
      cpu: cpu(similarRuns),
      baseline: `indexOf scans of the lower-cased texts for the claim's ${claimWords.length} longer words`,
      baselineSamples: ms(similarBaseline),
      baselineCpu: cpu(similarBaseline),
      target: '≤ 150 ms',
      goalMs: 150,
      extra: { top3: similar.slice(0, 3).map((p) => p.text.slice(0, 90)) },
    }),
    occurrences_list: entry({
      operation: `list all occurrences of "${PLANTED_NAME}" (${planted} times) across the library with context and selectors, folded texts kept by the worker`,
      size,
      samples: ms(warm),
      cpu: cpu(warm),
      baseline: 'indexOf scan of the same lower-cased texts counting the name',
      baselineSamples: ms(occurrencesBaseline),
      baselineCpu: cpu(occurrencesBaseline),
      target: '≤ 100 ms listed',
      goalMs: 100,
      extra: { cold_ms: round(cold.ms), cold_cpu_ms: round(cold.cpuMs), cold_note: 'first listing with no folded text kept (every text folded on the spot)' },
    }),
  };
  writeFigures(figures);
});

function writeFigures(figures: Record<string, unknown>): void {
  // Beside the browser figures of scripts/bench.mjs in results.json, keeping its other entries.
  mergeFigures('results.json', figures);
}
