// Profiles the slow operations (`node scripts/bench.mjs --profile`): an unminified build with source
// maps, one run of each operation under the CDP CPU profiler and a Chrome trace, summarised as
// main-thread time by kind (script, style, layout, paint, GC) and script time by source file and
// function. Writes bench/profile.json (summary) and .tmp/bench/profiles/* (raw, git-ignored).
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

let TraceMap = null;
let originalPositionFor = null;
try {
  ({ TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping'));
} catch {
  /* without it, frames are named by bundle line */
}

export function sourceMapper(outDir) {
  const maps = new Map();
  return (url, line, column) => {
    const m = /\/assets\/[^?#]+\.js/.exec(url ?? '');
    if (!m || !TraceMap) return null;
    const file = join(outDir, m[0]);
    if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new TraceMap(readFileSync(`${file}.map`, 'utf8')) : null);
    const tm = maps.get(file);
    if (!tm) return null;
    const p = originalPositionFor(tm, { line: line + 1, column: Math.max(0, column) });
    return p.source ? { source: p.source.replace(/^(\.\.\/)+/, ''), line: p.line, name: p.name } : null;
  };
}

/** Groups a source path: node_modules/<package> or the app file. */
function groupOf(source) {
  if (!source) return null;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  return nm ? nm[1] : source.replace(/^.*?(src\/)/, '$1');
}

export function summariseCpu(profile, map) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totalSamples = profile.samples.length;
  const ms = (profile.endTime - profile.startTime) / 1000;
  const per = totalSamples ? ms / totalSamples : 0;
  const self = new Map();
  for (const n of profile.nodes) self.set(n.id, 0);
  for (const s of profile.samples) self.set(s, self.get(s) + per);
  const keyOf = new Map();
  for (const n of profile.nodes) {
    const cf = n.callFrame;
    if (!cf.url) {
      keyOf.set(n.id, { key: cf.functionName || '(anonymous)', group: cf.functionName.startsWith('(') ? cf.functionName : '(native)' });
      continue;
    }
    const o = map(cf.url, cf.lineNumber, cf.columnNumber);
    const where = o ? `${o.source.replace(/^.*?node_modules\//, '')}:${o.line}` : `${cf.url.replace(/^.*\//, '')}:${cf.lineNumber + 1}`;
    keyOf.set(n.id, { key: `${cf.functionName || '(anonymous)'} ${where}`, group: o ? groupOf(o.source) : cf.url.replace(/^.*\//, '') });
  }
  const selfByKey = new Map();
  const selfByGroup = new Map();
  for (const n of profile.nodes) {
    const { key, group } = keyOf.get(n.id);
    const t = self.get(n.id);
    if (!t) continue;
    selfByKey.set(key, (selfByKey.get(key) ?? 0) + t);
    selfByGroup.set(group, (selfByGroup.get(group) ?? 0) + t);
  }
  // Inclusive time per function, counting a function once per stack (recursion).
  const incl = new Map();
  const inclusiveOf = new Map();
  const visit = (id) => {
    const n = byId.get(id);
    let t = self.get(id);
    for (const c of n.children ?? []) t += visit(c);
    inclusiveOf.set(id, t);
    return t;
  };
  visit(profile.nodes[0].id);
  const walk = (id, onStack) => {
    const n = byId.get(id);
    const { key } = keyOf.get(id);
    const fresh = !onStack.has(key);
    if (fresh) {
      incl.set(key, (incl.get(key) ?? 0) + inclusiveOf.get(id));
      onStack.add(key);
    }
    for (const c of n.children ?? []) walk(c, onStack);
    if (fresh) onStack.delete(key);
  };
  walk(profile.nodes[0].id, new Set());
  const top = (m, n, filter = () => true) =>
    [...m.entries()]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, Math.round(v)]);
  const busy = ms - (selfByGroup.get('(idle)') ?? 0);
  return {
    profiled_ms: Math.round(ms),
    busy_ms: Math.round(busy),
    self_by_group: top(selfByGroup, 18),
    self_top: top(selfByKey, 25, (k) => !k.startsWith('(idle)')),
    inclusive_app: top(incl, 30, (k) => /src\/(renderer|core)\//.test(k)),
    inclusive_libs: top(incl, 25, (k) => /^[^(].* (lexical|@lexical|react-dom|dexie|zod|dexie-react-hooks)/.test(k)),
  };
}

const KIND = [
  [/^(Layout|UpdateLayout|LayoutShift)$/, 'layout'],
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|InvalidateLayout|ScheduleStyleRecalculation)$/, 'style'],
  [/^(Paint|PrePaint|PaintSetup|RasterTask|Layerize|UpdateLayer|UpdateLayerTree|CompositeLayers|Commit|PaintImage|Decode.*)$/, 'paint/composite'],
  [/GC|^V8\.GC/, 'gc'],
  [/^(HitTest)$/, 'hit test'],
  [/^(FunctionCall|EvaluateScript|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|v8\.run|v8\.callFunction|V8\.Execute|FireIdleCallback|XHRLoad|v8\.compile|v8\.compileModule|v8\.evaluateModule|ParseHTML|v8\.produceCache|CompileScript|CompileCode)$/, 'script'],
];

function summariseTrace(events) {
  const main = new Set();
  for (const e of events) if (e.name === 'thread_name' && e.args?.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`) || typeof e.dur !== 'number') continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e);
  }
  const kinds = new Map();
  const names = new Map();
  let longest = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    const selfOf = new Map();
    for (const e of list) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) selfOf.set(parent, (selfOf.get(parent) ?? parent.dur) - e.dur);
      selfOf.set(e, e.dur);
      if (e.name === 'RunTask' && !parent) longest = Math.max(longest, e.dur);
      stack.push(e);
    }
    for (const [e, s] of selfOf) {
      if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') continue;
      const kind = KIND.find(([re]) => re.test(e.name))?.[1] ?? 'other';
      kinds.set(kind, (kinds.get(kind) ?? 0) + Math.max(0, s) / 1000);
      names.set(e.name, (names.get(e.name) ?? 0) + Math.max(0, s) / 1000);
    }
  }
  const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, Math.round(v)]);
  const layouts = [];
  for (const list of byThread.values()) for (const e of list) if (e.name === 'Layout') layouts.push(e.dur / 1000);
  return { main_thread_by_kind_ms: top(kinds, 10), main_thread_by_event_ms: top(names, 15), longest_task_ms: Math.round(longest / 1000), layouts: layouts.length, longest_layout_ms: Math.round(Math.max(0, ...layouts)) };
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'];

async function profiled(browser, page, dir, name, action, log) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const tracePath = join(dir, `${name}.trace.json`);
  await browser.startTracing(page, { path: tracePath, categories: TRACE_CATEGORIES });
  await cdp.send('Profiler.start');
  const info = await action();
  const { profile } = await cdp.send('Profiler.stop');
  await browser.stopTracing();
  await cdp.detach().catch(() => {});
  writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  log(`profiled ${name}`);
  return { profile, tracePath, info };
}

export async function profileAll({ browser, src, tmp, inputs, serve, build, newContext, helpers, log }) {
  const { openApp, openDoc, importText, importJson, settle, measureCreate, scrollFrames, waitAllPainted, libraryItem } = helpers;
  const outDir = join(tmp, 'web-profile');
  log('building an unminified renderer with source maps for profiling');
  build(src, outDir, ['--minify', 'false', '--sourcemap']);
  const server = await serve(src, outDir);
  const map = sourceMapper(outDir);
  const dir = join(tmp, 'profiles');
  mkdirSync(dir, { recursive: true });
  const out = {};
  const file = join(tmp, '..', '..', 'bench', 'profile.json');
  const summarise = (name, r, describe) => {
    const trace = JSON.parse(readFileSync(r.tracePath, 'utf8'));
    out[name] = { what: describe, ...(r.info ?? {}), trace: summariseTrace(trace.traceEvents ?? trace), cpu: summariseCpu(r.profile, map) };
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  };
  try {
    const { large, bulkDocs, files } = inputs;
    const context = await newContext(browser);
    const page = await context.newPage();
    await openApp(page, server.url);
    const neutral = await page.evaluate(() => document.querySelector('button.library-item .library-title')?.textContent ?? '');
    await importText(page, large, files[large.id]);
    await importJson(page, files.largeJson);
    await openDoc(page, large);
    await (await libraryItem(page, neutral)).click();
    await settle(page, 1500);
    summarise(
      'open_large',
      await profiled(browser, page, dir, 'open_large', async () => {
        const { t0 } = await openDoc(page, large);
        await settle(page, 1500);
        const st = await page.evaluate(() => window.__bench.marks.filter((m) => m.name.startsWith('cd:')).map((m) => ({ name: m.name, t: Math.round(m.t), detail: m.detail })));
        return { marks_after_open: st.filter((m) => m.t >= t0).map((m) => ({ ...m, t: m.t - Math.round(t0) })).slice(0, 80) };
      }, log),
      'library click on the large document until 1.5 s after every highlight is painted',
    );
    summarise(
      'create_large',
      await profiled(browser, page, dir, 'create_large', async () => {
        const r = await measureCreate(page, 4321);
        large.total += 1;
        await settle(page, 800);
        return { visible_ms: Math.round(r.visible), saved_ms: Math.round(r.saved) };
      }, log),
      'select a clause, press 2, until 0.8 s after saved',
    );
    await page.evaluate(() => document.getSelection()?.removeAllRanges());
    await settle(page, 800);
    summarise(
      'scroll_large',
      await profiled(browser, page, dir, 'scroll_large', async () => {
        const f = await scrollFrames(page, '.reader-scroll', 0.3, 120);
        return { frames: f.length, median_frame_ms: Math.round([...f].sort((a, b) => a - b)[f.length >> 1]) };
      }, log),
      '120 frames of scrolling 120 px a frame from 30 % of the document',
    );
    // Trivial frame in the same page: is something heavy happening on every frame?
    summarise(
      'idle_large',
      await profiled(browser, page, dir, 'idle_large', async () => {
        await page.waitForTimeout(2000);
        return {};
      }, log),
      'two seconds of nothing with the large document open',
    );
    await context.close();

    const c2 = await newContext(browser);
    const p2 = await c2.newPage();
    await openApp(p2, server.url);
    for (const d of bulkDocs) await importText(p2, d, files[d.id]);
    await settle(p2, 1000);
    summarise(
      'import_bulk',
      await profiled(browser, p2, dir, 'import_bulk', async () => {
        const r = await importJson(p2, files.bulkJson);
        await settle(p2, 1500);
        return { import_ms: Math.round(r.ms) };
      }, log),
      `import ${inputs.bulkCount} annotations through the Import button, until 1.5 s after cd:import-done`,
    );
    const last = bulkDocs.at(-1);
    await openDoc(p2, last);
    await settle(p2, 1000);
    await p2.close();
    const p3 = await c2.newPage();
    summarise(
      'reopen_bulk',
      await profiled(browser, p3, dir, 'reopen_bulk', async () => {
        await p3.goto(server.url);
        await waitAllPainted(p3, 0, last);
        await settle(p3, 1500);
        const st = await p3.evaluate(() => window.__bench.marks.map((m) => ({ name: m.name, t: Math.round(m.t), frame: Math.round(m.frame ?? -1), detail: m.detail })));
        return { marks: st.slice(0, 60) };
      }, log),
      'new page on a profile with the bulk annotations stored, until 1.5 s after the last document is painted',
    );
    summarise(
      'export_bulk',
      await profiled(browser, p3, dir, 'export_bulk', async () => {
        const from = await p3.evaluate(() => window.__bench.marks.length);
        await p3.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Export', exact: true }).click();
        const dialog = p3.getByRole('dialog', { name: 'Export' });
        const download = p3.waitForEvent('download', { timeout: 600_000 });
        download.catch(() => {});
        await dialog.getByRole('button', { name: 'Claimdesk JSON' }).click();
        await p3.waitForFunction((from) => window.__bench.marks.slice(from).some((m) => m.name === 'cd:export-done'), from, { timeout: 120_000 }).catch(() => log('export did not finish within 120 s while traced'));
        await Promise.race([download.then((d) => d.delete()), new Promise((r) => setTimeout(r, 5000))]).catch(() => {});
        await settle(p3, 1000);
        return {};
      }, log),
      'Export › Claimdesk JSON with the bulk annotations stored (main thread only; the worker is in the trace)',
    );
    await c2.close();
  } finally {
    server.stop();
  }
  log(`profile summary → ${file}`);
  return out;
}
