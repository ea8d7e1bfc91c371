// Tables made from bench/results.json: the two shapes side by side (five 2 MB dossiers vs 2,000 short
// documents, issue 17), the growth exponents, and README's performance table (scripts/bench-readme.mjs).

const ms = (x) => (x === null || x === undefined ? '–' : `${Number(x).toLocaleString('en', { maximumFractionDigits: x < 100 ? 1 : 0 })} ms`);
const ratio = (r) => (r === null || r === undefined ? '' : ` (${r}×)`);
const cell = (r) => (r ? `${ms(r.median_ms)}${ratio(r.ratio)}` : '–');
const base = (r) => (r && r.baseline_ms !== null && r.baseline_ms !== undefined ? `${ms(r.baseline_ms)}` : '–');

/** Rows: [operation, 5-document shape, 2,000-document shape, baselines]. */
export function shapeRows(results) {
  const rows = [
    ['import 100,000 annotations', 'import_bulk', 'desk_scale_import', 'JSON.parse'],
    ['longest main-thread task during it', 'import_bulk_longest_task', 'desk_scale_import_longest_task', ''],
    ['import 50 annotations into the full store', null, 'desk_scale_import_50_full', '50 into an empty store'],
    ['open a document (cold, first in a fresh page)', 'open_large_cold', 'desk_scale_open_cold', 'plain element'],
    ['open a document (warm, again)', 'open_large_usable', 'desk_scale_open_warm', 'plain element'],
    ['create a highlight: visible', 'create_large_visible', 'desk_scale_create_visible', 'one frame'],
    ['create a highlight: saved', 'create_large_saved', 'desk_scale_create_saved', 'one frame'],
    ['reopen until the last document is usable', 'reopen_bulk', 'desk_scale_reopen', 'empty reopen / JSON.parse'],
    ['export 100,000 to Claimdesk JSON', 'export_bulk', 'desk_scale_export', 'JSON.stringify'],
  ];
  return rows.map(([label, a, b, what]) => [label, a ? cell(results[a]) : '–', cell(results[b]), `${what}: ${base(results[a])} / ${base(results[b])}`, results[b]?.target ?? '', results[b]?.met === undefined || results[b]?.met === null ? '' : results[b].met ? 'yes' : 'no']);
}

export function growthRows(results) {
  const g = results.desk_scale_growth?.growth;
  if (!g) return [];
  return Object.entries(g).map(([op, v]) => [op, v.k_annotations ?? '–', v.k_documents ?? '–', v.annotations_points.map(([x, y]) => `${x}: ${ms(y)}`).join(', '), v.documents_points.map(([x, y]) => `${x}: ${ms(y)}`).join(', ')]);
}

export function printAligned(rows, log = console.log) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  rows.forEach((r, i) => {
    log(r.map((c, j) => String(c).padEnd(w[j])).join('  '));
    if (i === 0) log(w.map((n) => '-'.repeat(n)).join('  '));
  });
}

export function printShapes(results, log = console.log) {
  if (!results.desk_scale_import) return;
  log('\nBoth shapes side by side (median, ratio to its same-run baseline):');
  printAligned([['operation', '5 docs × 20,000', '2,000 docs × 50', 'baselines (5 / 2,000)', 'target (2,000)', 'met'], ...shapeRows(results)], log);
  const g = growthRows(results);
  if (g.length) {
    log('\nGrowth exponents (cost ∝ size^k on log-log of medians):');
    printAligned([['operation', 'k (annotations)', 'k (documents)', 'annotations at 200 docs', 'documents at 100k'], ...g], log);
  }
}

const md = (rows) => rows.map((r) => `| ${r.join(' | ')} |`).join('\n');

/** README's table, from the results of one full run, naming its commit. */
export function readmeTable(results, meta, reanchor) {
  // `p95`: the row's target is on the p95, which is shown beside the median.
  const line = (key, label, { p95 = false } = {}) => {
    const r = results[key];
    if (!r) return null;
    const extra = r.longest_task_median_ms !== undefined && r.longest_task_median_ms !== null ? `, longest task ${ms(r.longest_task_median_ms)}` : '';
    return [label, `${ms(r.median_ms)}${p95 ? `, p95 ${ms(r.p95_ms)}` : ''}${extra}`, `${ms(r.baseline_ms)}${ratio(r.ratio)}`, r.target, r.met === null || r.met === undefined ? '–' : r.met ? 'yes' : 'no', r.commit ?? meta.commit];
  };
  const rows = [
    line('open_article', 'open the 30 KB article with 200 highlights'),
    line('create_article_visible', 'create a highlight on the article: visible'),
    line('create_article_saved', 'create a highlight on the article: saved'),
    line('open_large_first_screen', 'open the 2 MB document: first screen'),
    line('open_large_usable', 'open the 2 MB document: usable (warm)'),
    line('open_large_cold', 'open the 2 MB document: usable (cold)'),
    line('open_large_vs_sectioned', 'open the 2 MB document vs a sectioned plain element'),
    line('create_large_visible', 'create a highlight on the 2 MB document: visible'),
    line('scroll_large', 'scroll the 2 MB document: median frame'),
    line('import_bulk', 'import 100,000 annotations (5 documents)'),
    line('reopen_bulk', 'reopen with 100,000 stored (5 documents)'),
    line('export_bulk', 'export 100,000 (5 documents)'),
    line('desk_scale_import', 'import 100,000 over 2,000 documents'),
    line('desk_scale_import_50_full', 'import 50 annotations into that full store'),
    line('desk_scale_open_cold', 'open a document cold at 2,000 documents / 100,000'),
    line('desk_scale_open_warm', 'open a document warm at 2,000 documents / 100,000'),
    line('desk_scale_create_visible', 'create a highlight at 2,000 documents: visible'),
    line('desk_scale_create_saved', 'create a highlight at 2,000 documents: saved'),
    line('desk_scale_reopen', 'reopen with 100,000 over 2,000 documents'),
    line('desk_scale_export', 'export 100,000 over 2,000 documents'),
    line('import_documents_total', 'add 200 files (text, HTML, PDF, Word, Markdown) to the library'),
    line('library_2000_open', 'open the library of 2,000 documents'),
    line('library_2000_filter_key', 'filter the library of 2,000 documents: a key'),
    line('search_browser_index_build', 'search: build the index of 2,000 articles (36.6 MB) in the worker'),
    line('search_browser_index_load', 'search: load the saved index on the next start'),
    line('search_key_to_paint', 'search: key press to results painted', { p95: true }),
    line('similar_passages', 'similar passages for one claim over 2,000 articles (Node)'),
    line('occurrences_list', 'all occurrences of a name found 500 times: listed (Node)'),
    line('desk_open', 'open the claims desk with 100,000 annotations'),
    line('desk_sort', 'sort the claims desk by a column'),
    line('desk_scroll_longest_frame', 'scroll the claims desk: longest frame'),
  ].filter(Boolean);
  if (reanchor?.cases) for (const c of reanchor.cases) rows.push([`re-anchor 1,000 annotations on an edited 1 MB document, ${c.case} (${c.typos} typos, ${c.deleted_paragraphs} deleted paragraphs)`, `${ms(c.median_ms)} (${c.correct} correct, ${c.wrong} wrong, ${c.orphan} orphans)`, `${ms(reanchor.baseline_ms)} (read and split)`, c.case === 'mild' ? '≤ 200 ms' : '0 wrong', c.wrong === 0 && (c.case !== 'mild' || c.median_ms <= 200) ? 'yes' : 'no', reanchor.commit ?? meta.commit]);
  // How loaded the machine was: the same JSON.parse took 165 ms in the quiet run of ADR 0006 (c42b77c).
  const load = results.import_bulk?.baseline_ms ? ` JSON.parse of the 89.5 MB bulk file took ${ms(results.import_bulk.baseline_ms)} in the run of ${results.import_bulk.commit ?? meta.commit} (165 ms in the quieter run recorded in ADR 0006), so read the ratios more than the absolute figures.` : '';
  const commits = [...new Set(rows.map((r) => r[5]))];
  const out = [`Figures of the ${commits.length > 1 ? `runs of commits ${commits.join(', ')} (the last, ` : 'full run of commit '}${meta.commit}${commits.length > 1 ? ', measured only some groups; each row names its commit)' : ''} (${meta.source}; ${meta.date.slice(0, 16).replace('T', ' ')} UTC, ${meta.cores} cores shared with other work, Chromium ${meta.chromium ?? '?'}), written by \`node scripts/bench-readme.mjs\` from \`bench/results.json\`.${load}`, '', md([['operation', 'median', 'baseline (same run)', 'target', 'met', 'commit'], ['---', '---', '---', '---', '---', '---'], ...rows])];
  const g = growthRows(results);
  if (g.length) out.push('', 'Growth exponents (cost ∝ size^k, least squares on log-log of medians; 1 run a point):', '', md([['operation', 'k in annotations (200 documents)', 'k in documents (100,000 annotations)'], ['---', '---', '---'], ...g.map((r) => r.slice(0, 3))]));
  return out.join('\n');
}
