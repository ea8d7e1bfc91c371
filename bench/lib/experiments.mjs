// What one frame costs with the large document open, and why (`node scripts/bench.mjs --experiments`):
// the same trivial DOM change and the same scroll measured with the page as it is, then with the
// painted CSS highlights removed, then with only the viewport's highlights kept, then with the
// annotation panel's list hidden. Page-side toggles only; the renderer is not changed.
// Writes bench/experiments.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function runExperiments({ browser, url, root, inputs, newContext, helpers, log }) {
  const { openApp, openDoc, importText, importJson, settle, scrollFrames, trivialFrame, libraryItem } = helpers;
  const { large, files } = inputs;
  const context = await newContext(browser);
  const page = await context.newPage();
  await openApp(page, url);
  await importText(page, large, files[large.id]);
  await importJson(page, files.largeJson);
  await openDoc(page, large);
  await settle(page, 2000);
  void libraryItem;

  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const trivial = async (n = 7) => {
    const xs = [];
    for (let i = 0; i < n; i++) {
      xs.push(await trivialFrame(page));
      await page.waitForTimeout(100);
    }
    return Math.round(median(xs));
  };
  const scroll = async () => {
    const f = await scrollFrames(page, '.reader-scroll', 0.4, 60);
    return { median_frame_ms: Math.round(median(f)), max_frame_ms: Math.round(Math.max(...f)) };
  };
  const out = {};
  const step = async (name, what) => {
    await settle(page, 800);
    out[name] = { what, trivial_frame_ms: await trivial(), scroll: await scroll() };
    log(`experiment ${name}: trivial frame ${out[name].trivial_frame_ms} ms, scroll median ${out[name].scroll.median_frame_ms} ms (max ${out[name].scroll.max_frame_ms})`);
  };

  await step('as_is', `the large document open: ${large.total} highlights painted as CSS Custom Highlight ranges, markers, panel list`);

  // Save the painted highlights, then measure without them.
  const counts = await page.evaluate(() => {
    window.__saved = new Map([...CSS.highlights.entries()]);
    const counts = Object.fromEntries([...CSS.highlights.entries()].map(([k, h]) => [k, h.size]));
    CSS.highlights.clear();
    return counts;
  });
  out.painted_ranges = counts;
  await step('no_css_highlights', 'CSS.highlights cleared (markers and panel unchanged)');

  // Only the ranges whose start is within 3 screens of the viewport.
  const kept = await page.evaluate(() => {
    const sc = document.querySelector('.reader-scroll');
    const box = sc.getBoundingClientRect();
    let kept = 0;
    for (const [name, h] of window.__saved) {
      const near = new Highlight();
      near.priority = h.priority;
      for (const r of h) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const rect = range.getBoundingClientRect();
        if (rect.bottom > box.top - 3 * box.height && rect.top < box.bottom + 3 * box.height) {
          near.add(r);
          kept++;
        }
      }
      CSS.highlights.set(name, near);
    }
    return kept;
  });
  out.viewport_ranges_kept = kept;
  await step('viewport_highlights_only', `only the ${kept} ranges within three screens of the viewport painted (at the start position; the scroll leaves them behind)`);

  // Everything painted again, the annotation panel hidden.
  const setAll = await page.evaluate(() => {
    const t0 = performance.now();
    for (const [name, h] of window.__saved) CSS.highlights.set(name, h);
    return performance.now() - t0;
  });
  out.restore_highlight_set_ms = Math.round(setAll);
  out.restore_next_frame_ms = Math.round(await page.evaluate(async () => {
    const t0 = performance.now();
    document.getElementById('bench-tick').textContent = 'x';
    return (await window.__bench.afterFrame()) - t0;
  }));
  // (The app's CSP refuses injected style sheets; a CSSOM style property is allowed.)
  await page.evaluate(() => document.querySelectorAll('.panel .entries').forEach((e) => (e.style.display = 'none')));
  await step('panel_list_hidden', 'all highlights painted again, the annotation panel list display:none');
  await page.evaluate(() => CSS.highlights.clear());
  await step('panel_hidden_no_highlights', 'panel list hidden and CSS.highlights cleared: what remains is the reader, the markers and React');
  await context.close();
  writeFileSync(join(root, 'bench', 'experiments.json'), `${JSON.stringify(out, null, 2)}\n`);
  return out;
}
