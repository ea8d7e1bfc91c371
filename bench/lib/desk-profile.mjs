// CPU profiles of the desk-scale operations (`node scripts/bench.mjs --only desk --profile-desk`): an
// unminified build with source maps; the bulk worker profiled over the import and the export (attached
// through CDP's Target domain, as Playwright does not profile workers), the window over a create and a
// reopen, at 2,000 documents x 100,000 annotations. Writes bench/profile-desk.json (top self time by
// function and by file, mapped to the sources).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDeskInputs } from './desk-scale.mjs';
import { sourceMapper, summariseCpu } from './profile.mjs';

/** Profiles the page's workers: Target auto-attach without flatten, commands through sendMessageToTarget. */
async function workerProfiler(page) {
  const cdp = await page.context().newCDPSession(page);
  const sessions = new Map(); // url -> sessionId
  const pending = new Map();
  let next = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') sessions.set(e.targetInfo.url, e.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    if (m.id && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
    }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const send = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  const bulk = () => [...sessions.entries()].find(([url]) => /bulk/.test(url))?.[1];
  return {
    async start() {
      const deadline = Date.now() + 30_000;
      while (!bulk() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const s = bulk();
      if (!s) throw new Error('the bulk worker did not start');
      await send(s, 'Profiler.enable');
      await send(s, 'Profiler.setSamplingInterval', { interval: 200 });
      await send(s, 'Profiler.start');
      return s;
    },
    async stop(s) {
      const m = await send(s, 'Profiler.stop');
      return m.result.profile;
    },
  };
}

async function pageProfile(page, run) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await run();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  return profile;
}

export async function profileDesk(d) {
  const { browser, src, tmp, serve, build, newContext, openApp, settle, log, h, root } = d;
  const outDir = join(tmp, 'web-profile-desk');
  log('desk profile: building an unminified renderer with source maps');
  build(src, outDir, ['--minify', 'false', '--sourcemap']);
  const server = await serve(src, outDir);
  const map = sourceMapper(outDir);
  const out = {};
  try {
    const input = makeDeskInputs(root, tmp, 2000, 100000, 'profile');
    const context = await newContext(browser);
    let page = await context.newPage();
    await openApp(page, server.url);
    await settle(page, 6000); // after the on-open check
    const wp = await workerProfiler(page);
    // Import: the worker starts with it; profile from its first message.
    const importing = h.importJson(page, input.path);
    const s = await wp.start();
    const imp = await importing;
    out.import = { ms: Math.round(imp.ms), worker: summariseCpu(await wp.stop(s), map) };
    log(`desk profile: import ${imp.ms.toFixed(0)} ms`);
    await settle(page, 1500);
    // Export.
    const s2 = await wp.start();
    const e = await h.exportNative(page);
    out.export = { ms: Math.round(e.ms), stages: e.stages, worker: summariseCpu(await wp.stop(s2), map) };
    log(`desk profile: export ${e.ms.toFixed(0)} ms`);
    // Create (window): open a document, then three creates.
    await page.close();
    page = await context.newPage();
    await page.goto(server.url);
    await page.locator('.reader-scroll[data-loaded="true"]').waitFor({ timeout: 120_000 });
    await settle(page, 6000);
    const doc = input.docs[3];
    await page.getByLabel('Filter the library').fill(/q\d+z/.exec(doc.title)[0]);
    await page.locator('button.library-item', { hasText: doc.title }).first().click();
    await h.waitAllPainted(page, 0, doc);
    await page.getByLabel('Filter the library').fill('');
    await page.evaluate(() => document.activeElement?.blur());
    await settle(page, 1000);
    const creates = [];
    const prof = await pageProfile(page, async () => {
      for (let i = 0; i < 3; i++) {
        creates.push(await h.measureCreate(page, 1 + i * 2));
        doc.total += 1;
        await settle(page, 300);
      }
    });
    out.create = { visible_ms: creates.map((c) => Math.round(c.visible)), saved_ms: creates.map((c) => Math.round(c.saved)), window: summariseCpu(prof, map) };
    log(`desk profile: create saved ${creates.map((c) => c.saved.toFixed(0)).join(', ')} ms`);
    // Reopen (window): a new page, profiled from navigation to the document shown.
    await page.close();
    page = await context.newPage();
    const reopen = await pageProfile(page, async () => {
      await page.goto(server.url);
      await h.waitAllPainted(page, 0, doc);
      await settle(page, 1000);
    });
    out.reopen = { window: summariseCpu(reopen, map) };
    await context.close();
  } finally {
    server.stop();
  }
  writeFileSync(join(root, 'bench', 'profile-desk.json'), `${JSON.stringify(out, null, 2)}\n`);
  for (const [op, v] of Object.entries(out)) {
    const p = v.worker ?? v.window;
    log(`desk profile ${op} (${v.worker ? 'bulk worker' : 'window'}; busy ${p.busy_ms} of ${p.profiled_ms} ms): ${p.self_top.slice(0, 8).map(([k, t]) => `${k} ${t}`).join('; ')}`);
  }
}
