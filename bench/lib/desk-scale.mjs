// Benchmark group "desk" (issue 17): the shape a desk that imports its own articles has — thousands of
// short documents sharing 100,000 annotations — beside the five-dossier shape of `bulk`. Measures an
// import into an empty store, a 50-annotation import into the full store, cold and warm opens, creating
// a highlight, reopening the app and exporting, each beside a baseline taken in the same run; then a
// sweep over sizes gives growth exponents (cost ∝ size^k, least squares on log-log of medians) in
// annotations and in documents. Keys `desk_scale_*`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusParagraphs, makeAnnotations, makeDocument } from './inputs.mjs';

/** A Claimdesk JSON carrying its documents with their texts (as an export of a desk would). */
function nativeWithTexts(docs, annotations) {
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...annotations].sort((a, b) => cmp(a.docId, b.docId) || a.position.start - b.position.start || a.position.end - b.position.end || cmp(a.id, b.id));
  const x = {
    format: 'claimdesk',
    version: 1,
    appVersion: '0.1.0',
    exportedAt: '2026-01-06T12:00:00.000Z',
    documents: docs.map((d) => ({ id: d.id, title: d.title, hash: d.hash, file: d.file, text: d.text })).sort((a, b) => cmp(a.id, b.id)),
    annotations: sorted,
  };
  return `${JSON.stringify(x, null, 2)}\n`;
}

/** `docs` documents sharing `count` annotations (as evenly as it divides), plus a 50-annotation file on some of them. */
export function makeDeskInputs(root, tmp, docs, count, tag) {
  const paragraphs = corpusParagraphs(root);
  const notes = paragraphs.filter((p) => p.length > 60 && p.length < 240);
  const perDoc = Math.ceil(count / docs);
  const bytes = Math.max(6 * 1024, perDoc * 130);
  const list = [];
  const annotations = [];
  for (let i = 0; i < docs; i++) {
    const n = Math.min(perDoc, count - annotations.length);
    const d = makeDocument({ id: `desk-${tag}-${i}`, title: `Desk article q${i}z of ${docs}`, bytes, seed: 5000 + i, paragraphs });
    // 50 more clauses per document are kept free for the 50-annotation import and for creating.
    const made = makeAnnotations(d, n + 1, 9000 + i, notes);
    const extra = made.splice(i % (n + 1), 1)[0];
    d.total = n;
    d.spare = extra;
    list.push(d);
    annotations.push(...made);
  }
  const text = nativeWithTexts(list, annotations);
  const path = join(tmp, `desk-${tag}.json`);
  writeFileSync(path, text);
  // 50 annotations spread over 50 documents (every docs/50-th), each on a clause not yet annotated.
  const step = Math.max(1, Math.floor(docs / 50));
  const small = [];
  const smallDocs = [];
  for (let i = 0; i < docs && small.length < 50; i += step) {
    small.push({ ...list[i].spare, id: `${list[i].spare.id.slice(0, -4)}f50${small.length % 10}` });
    smallDocs.push(list[i]);
  }
  while (small.length < 50) small.push({ ...list[0].spare, id: `${list[0].spare.id.slice(0, -6)}g${String(small.length).padStart(5, '0')}`, position: list[0].spare.position });
  const smallPath = join(tmp, `desk-${tag}-50.json`);
  writeFileSync(smallPath, nativeWithTexts(smallDocs, small));
  return { docs: list, count: annotations.length, path, bytes: Buffer.byteLength(text), smallPath, small };
}

/** Least-squares slope of log(y) on log(x): the k of y ∝ x^k. */
export function growthExponent(points) {
  const p = points.filter(([x, y]) => x > 0 && y > 0);
  if (p.length < 2) return null;
  const lx = p.map(([x]) => Math.log(x));
  const ly = p.map(([, y]) => Math.log(y));
  const mx = lx.reduce((a, b) => a + b, 0) / p.length;
  const my = ly.reduce((a, b) => a + b, 0) / p.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < p.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return den ? Math.round((num / den) * 100) / 100 : null;
}

/** The listed library entry of a desk document (the library lists a page at a time: filter to it). */
async function openDeskDoc(page, h, doc) {
  const from = await h.marksLength(page);
  const item = page.locator('button.library-item', { hasText: doc.title });
  if (!(await item.count())) {
    // A token only this title has (the filter matches words anywhere in titles).
    await page.getByLabel('Filter the library').fill(/q\d+z/.exec(doc.title)[0]);
    await item.first().waitFor();
  }
  const fromClick = await h.marksLength(page);
  await item.first().click();
  await h.waitAllPainted(page, fromClick, doc);
  const state = await h.benchState(page, from);
  const open = state.marks.find((m) => m.name === 'cd:open' && m.detail?.docId === doc.id);
  if (await page.getByLabel('Filter the library').inputValue().catch(() => '')) {
    await page.getByLabel('Filter the library').fill('');
    await page.evaluate(() => document.activeElement?.blur()); // keys pressed later go to the reader, not the filter
  }
  return { t0: open.t };
}

/** One size: import, 50 into the full store, cold/warm open, create, reopen, export. Returns raw samples. */
async function measurePoint(d, input, runs, full) {
  const { browser, url, newContext, openApp, settle, log, h } = d;
  const out = { import: [], importLongest: [], parse: [], import50: [], open: [], openWarm: [], plainOpen: [], visible: [], saved: [], trivial: [], reopen: [], reopenLongest: [], exp: [], expLongest: [], stringify: [] };
  const label = `${input.docs.length} docs/${input.count}`;
  let context;
  let page;
  for (let r = 0; r < runs.import; r++) {
    if (context) await context.close();
    context = await newContext(browser);
    page = await context.newPage();
    await openApp(page, url);
    await settle(page, 500);
    const imp = await h.importJson(page, input.path);
    await settle(page, 1000);
    const st = await h.benchState(page, 0);
    const done = st.marks.find((m) => m.name === 'cd:import-done' && m.t > imp.start);
    out.import.push(imp.ms);
    out.importLongest.push(h.longestIn(st.longtasks, imp.start, done.frame + 500));
    const stages = st.marks.filter((m) => m.name === 'cd:import-stage' && m.t > imp.start).map((m) => `${m.detail.stage} at ${(m.t - imp.start).toFixed(0)}`);
    log(`desk ${label} import run ${r + 1}: ${imp.ms.toFixed(0)} ms (${stages.join(', ')}), longest task ${out.importLongest.at(-1).toFixed(0)} ms`);
    if (full) {
      await h.loadFileInPage(page, input.path);
      out.parse.push(
        await page.evaluate(async () => {
          const text = await window.__benchFile.text();
          const t0 = performance.now();
          const x = JSON.parse(text);
          return x ? performance.now() - t0 : 0;
        }),
      );
      await page.evaluate(() => (window.__benchFile = null));
    }
  }
  if (!full) return out;
  // 50 annotations into the full store.
  for (let r = 0; r < runs.import50; r++) {
    const imp = await h.importJson(page, input.smallPath);
    out.import50.push(imp.ms);
    await settle(page, 500);
  }
  for (const a of input.small) input.docs.find((x) => x.id === a.docId).total += 1;
  log(`desk ${label} 50 into the full store: ${out.import50.map((x) => x.toFixed(0)).join(', ')} ms`);
  // Cold opens: each in a fresh page (nothing cached), a different document each time.
  for (let r = 0; r < runs.open; r++) {
    await page.close();
    page = await context.newPage();
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Library' }).waitFor();
    await page.locator('.reader-scroll[data-loaded="true"]').waitFor({ timeout: 120_000 });
    await settle(page, 800);
    const doc = input.docs[(r * 7 + 3) % input.docs.length];
    const { t0 } = await openDeskDoc(page, h, doc);
    await settle(page, 400);
    out.open.push(h.openFigures(await h.benchState(page, 0), t0, doc).usable);
    // Warm: another document, then back (served from the recent cache).
    const other = input.docs[(r * 7 + 4) % input.docs.length];
    await openDeskDoc(page, h, other);
    await settle(page, 300);
    const again = await openDeskDoc(page, h, doc);
    await settle(page, 300);
    out.openWarm.push(h.openFigures(await h.benchState(page, 0), again.t0, doc).usable);
    out.plainOpen.push(await h.plainRender(page, doc.text));
    await h.removePlain(page);
  }
  log(`desk ${label} open cold ${out.open.map((x) => x.toFixed(0)).join(', ')} ms; warm ${out.openWarm.map((x) => x.toFixed(0)).join(', ')} ms; plain ${out.plainOpen.map((x) => x.toFixed(0)).join(', ')} ms`);
  // Create on the open document.
  const openDoc = input.docs[((runs.open - 1) * 7 + 3) % input.docs.length];
  await settle(page, 500);
  for (let i = 0; i < runs.create; i++) {
    const c = await h.measureCreate(page, 1 + i * 2);
    openDoc.total += 1;
    out.visible.push(c.visible);
    out.saved.push(c.saved);
    await settle(page, 300);
    out.trivial.push(await h.trivialFrame(page));
  }
  log(`desk ${label} create visible ${out.visible.map((x) => x.toFixed(0)).join(', ')} ms; saved ${out.saved.map((x) => x.toFixed(0)).join(', ')} ms`);
  // Reopen: a new page until the last open document is shown and the main thread is quiet.
  for (let r = 0; r < runs.reopen; r++) {
    await page.close();
    page = await context.newPage();
    await page.goto(url);
    await h.waitAllPainted(page, 0, openDoc);
    await settle(page, 1200);
    const st = await h.benchState(page, 0);
    const all = st.marks.find((m) => m.name === 'cd:highlights-painted' && m.detail.paragraphs === openDoc.lines && m.detail.total === openDoc.total);
    const usable = h.quietAfter(all.frame, st.longtasks);
    out.reopen.push(usable);
    out.reopenLongest.push(h.longestIn(st.longtasks, 0, usable));
  }
  log(`desk ${label} reopen ${out.reopen.map((x) => x.toFixed(0)).join(', ')} ms, longest task ${out.reopenLongest.map((x) => x.toFixed(0)).join(', ')} ms`);
  // Export.
  for (let r = 0; r < runs.export; r++) {
    const e = await h.exportNative(page);
    out.exp.push(e.ms);
    out.expLongest.push(e.longest);
    log(`desk ${label} export run ${r + 1}: ${e.ms.toFixed(0)} ms (${e.stages.join(', ')}), longest task ${e.longest.toFixed(0)} ms`);
    await h.loadFileInPage(page, input.path);
    out.stringify.push(
      await page.evaluate(async () => {
        const x = JSON.parse(await window.__benchFile.text());
        window.__benchFile = null;
        const t0 = performance.now();
        const s = JSON.stringify(x.annotations, null, 2);
        return s.length ? performance.now() - t0 : 0;
      }),
    );
    await settle(page, 500);
  }
  log(`desk ${label} export ${out.exp.map((x) => x.toFixed(0)).join(', ')} ms; stringify ${out.stringify.map((x) => x.toFixed(0)).join(', ')} ms`);
  await context.close();
  return out;
}

export async function benchDeskScale(d) {
  const { root, record, log, median, r1, quick } = d;
  const tmp = join(root, '.tmp', 'bench');
  const main = quick ? { docs: 100, count: 2000 } : { docs: 2000, count: 100000 };
  const runs = quick || process.env.CLAIMDESK_BENCH_DESK_ONE_RUN ? { import: 1, import50: 1, open: 1, create: 1, reopen: 1, export: 1 } : { import: 3, import50: 3, open: 3, create: 5, reopen: 3, export: 3 };
  log(`desk: making ${main.docs} documents with ${main.count} annotations`);
  const input = makeDeskInputs(root, tmp, main.docs, main.count, 'main');
  log(`desk: file ${(input.bytes / 1024 / 1024).toFixed(1)} MB`);
  const m = await measurePoint(d, input, runs, true);
  const size = `${input.count} annotations over ${main.docs} documents of ${(input.docs[0].bytes / 1024).toFixed(1)} KB; file ${(input.bytes / 1024 / 1024).toFixed(1)} MB`;
  const n = input.count.toLocaleString('en');
  record('desk_scale_import', {
    label: `import ${n} annotations over ${main.docs} documents (Claimdesk JSON carrying the texts) into an empty store: file input change to cd:import-done`,
    size,
    samples: m.import,
    baseline: 'JSON.parse of the same file text in the page',
    baselineSamples: m.parse,
    target: '≤ 3000 ms and ≤ 3× JSON.parse',
    met: median(m.import) <= 3000 && median(m.import) / median(m.parse) <= 3,
    extra: { longest_task_median_ms: r1(median(m.importLongest)) },
  });
  record('desk_scale_import_longest_task', {
    label: `import ${n} over ${main.docs} documents: longest main-thread task from the file choice to 0.5 s after cd:import-done`,
    size,
    samples: m.importLongest,
    baseline: 'JSON.parse of the same file (one task)',
    baselineSamples: m.parse,
    target: '≤ 50 ms',
    met: median(m.importLongest) <= 50,
  });
  // Baseline of the 50-annotation import: the same file into an empty store (its documents arrive with it).
  const empty50 = [];
  for (let r = 0; r < (quick ? 0 : runs.import50); r++) {
    const c = await d.newContext(d.browser);
    const p = await c.newPage();
    await d.openApp(p, d.url);
    await d.settle(p, 500);
    empty50.push((await d.h.importJson(p, input.smallPath)).ms);
    await c.close();
  }
  record('desk_scale_import_50_full', {
    label: `import 50 annotations (on 50 documents) into the store holding ${n} over ${main.docs} documents`,
    size,
    samples: m.import50,
    baseline: quick ? '(not measured in --quick)' : 'the same 50-annotation file imported into an empty store',
    baselineSamples: empty50,
    target: '≤ 200 ms',
    met: median(m.import50) <= 200,
  });
  record('desk_scale_open_cold', {
    label: 'open a document first time in a fresh page (nothing cached): library click to every paragraph and highlight shown, main thread quiet',
    size: `${(input.docs[0].bytes / 1024).toFixed(1)} KB, ~${input.docs[0].total} highlights, in a store of ${n}`,
    samples: m.open,
    baseline: 'the same text rendered into a plain element (one <p> per line), forced layout, next frame',
    baselineSamples: m.plainOpen,
    target: '≤ 150 ms',
    met: median(m.open) <= 150,
  });
  record('desk_scale_open_warm', {
    label: 'open the same document again after another (recent cache): click to shown, main thread quiet',
    size: `${(input.docs[0].bytes / 1024).toFixed(1)} KB, ~${input.docs[0].total} highlights, in a store of ${n}`,
    samples: m.openWarm,
    baseline: 'plain element with the same text',
    baselineSamples: m.plainOpen,
    target: '≤ 150 ms',
    met: median(m.openWarm) <= 150,
  });
  record('desk_scale_create_visible', {
    label: `create a highlight with ${n} annotations over ${main.docs} documents stored: key press to the frame that shows it`,
    size,
    samples: m.visible,
    baseline: 'one frame after a trivial DOM change, same page',
    baselineSamples: m.trivial,
    target: '≤ one frame (17 ms)',
    met: median(m.visible) <= 17,
  });
  record('desk_scale_create_saved', {
    label: `create a highlight with ${n} over ${main.docs} documents stored: key press to cd:annotation-saved`,
    size,
    samples: m.saved,
    baseline: 'one frame after a trivial DOM change, same page',
    baselineSamples: m.trivial,
    target: '≤ 50 ms',
    met: median(m.saved) <= 50,
  });
  record('desk_scale_reopen', {
    label: `reopen the app with ${n} over ${main.docs} documents: navigation start to the last document shown, main thread quiet`,
    size,
    samples: m.reopen,
    baseline: 'JSON.parse of the whole file (as a scale; the empty reopen is bulk’s reopen baseline)',
    baselineSamples: m.parse,
    target: '≤ 500 ms, no task over 50 ms',
    met: median(m.reopen) <= 500 && median(m.reopenLongest) <= 50,
    extra: { longest_task_median_ms: r1(median(m.reopenLongest)) },
  });
  record('desk_scale_export', {
    label: `export ${n} annotations over ${main.docs} documents to Claimdesk JSON: click to cd:export-done`,
    size,
    samples: m.exp,
    baseline: 'JSON.stringify(annotations, null, 2) of the same annotations in the page',
    baselineSamples: m.stringify,
    target: '≤ 1000 ms',
    met: median(m.exp) <= 1000,
    extra: { longest_task_median_ms: r1(median(m.expLongest)) },
  });
  const small = !!process.env.CLAIMDESK_BENCH_DESK_SWEEP_SMALL; // a check of the sweep itself at toy sizes
  if ((quick && !small) || process.env.CLAIMDESK_BENCH_DESK_NO_SWEEP) return;
  // Growth: annotations at 200 documents, documents at 100,000 annotations (1 run a point, medians of creates).
  const sweep = [
    { docs: 200, count: 1000 },
    { docs: 200, count: 10000 },
    { docs: 200, count: 100000 },
    { docs: 20, count: 100000 },
  ].map((p) => (small ? { docs: p.docs / 10, count: p.count / 50 } : p));
  const points = [{ ...main, m }];
  const A = small ? 20 : 200;
  const N = small ? 2000 : 100000;
  for (const s of sweep) {
    log(`desk sweep: ${s.docs} documents, ${s.count} annotations`);
    const inp = makeDeskInputs(root, tmp, s.docs, s.count, `s${s.docs}-${s.count}`);
    points.push({ ...s, m: await measurePoint(d, inp, { import: 1, import50: 1, open: 1, create: 3, reopen: 1, export: 1 }, true) });
  }
  const ops = { import: (m) => m.import, import_50: (m) => m.import50, open_cold: (m) => m.open, create_saved: (m) => m.saved, create_visible: (m) => m.visible, reopen: (m) => m.reopen, export: (m) => m.exp };
  const growth = {};
  for (const [op, f] of Object.entries(ops)) {
    const inAnnotations = points.filter((p) => p.docs === A).map((p) => [p.count, median(f(p.m))]);
    const inDocuments = points.filter((p) => p.count === N).map((p) => [p.docs, median(f(p.m))]);
    growth[op] = { k_annotations: growthExponent(inAnnotations), k_documents: growthExponent(inDocuments), annotations_points: inAnnotations.map(([x, y]) => [x, r1(y)]), documents_points: inDocuments.map(([x, y]) => [x, r1(y)]) };
  }
  d.results.desk_scale_growth = {
    operation: 'growth exponents: cost ∝ size^k, least squares on log-log of medians (annotations 1k/10k/100k at 200 documents; documents 20/200/2,000 at 100k annotations)',
    size: 'sweep',
    median_ms: null,
    p95_ms: null,
    baseline: null,
    baseline_ms: null,
    ratio: null,
    target: 'per-item operations (open, create, import 50) k_documents ≤ 0.1',
    met: ['open_cold', 'create_saved', 'import_50'].every((op) => growth[op].k_documents !== null && growth[op].k_documents <= 0.1),
    runs: points.length,
    commit: d.results.desk_scale_import?.commit ?? null,
    growth,
  };
}
