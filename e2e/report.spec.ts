// The review report on paper and in other people's Markdown viewers: claims made with the mouse (overlapping
// and nested ones among them), a translation marked reviewed (kept across a reload), then the report printed
// to PDF from the browser build and from the self-contained HTML file (the desktop app's path): pdftotext
// finds every claim number, quote and verdict; pdftoppm renders the pages in grey, and the marks show as ink
// that is gone when the marks' CSS is removed. The Markdown report is rendered with marked and markdown-it in
// Chromium: no script runs, nothing is requested.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { TITLES, highlight, openApp, openDocument, selectWithMouse } from './helpers';

const SENTENCE = "On February 26, Mirziyoyev spokesman Sherzod Asadov walked back on the Kremlin's assessment";
/** In the order of the text, so numbered #1… in the report (Caravanserai is the first document). */
const CLAIMS = [
  { words: "Sherzod Asadov walked back on the Kremlin's assessment", key: '2', verdict: 'Contested' },
  { words: "the Kremlin's assessment and declared that Uzbekistan is taking a balanced, neutral position", key: '3', verdict: 'Contradicted' }, // overlaps #1
  { words: 'a balanced, neutral position', key: '1', verdict: 'Sourced' }, // inside #2
  { words: 'Uzbekistan sent 28 tonnes of humanitarian aid to Ukraine', key: '1', verdict: 'Sourced' },
  { words: "Tashkent also does not recognise Russia's takeover of Crimea in March 2014.", key: '2', verdict: 'Contested' },
] as const;
const PAYLOAD =
  'See https://example.org/<img src="x" onerror="top.__pwned=(top.__pwned||0)+1"> and <script>top.__pwned=(top.__pwned||0)+1</script>\n' +
  '![pixel](https://evil.example/pixel.png) [click](javascript:top.__pwned=1) <https://evil.example/auto> www.evil.example/<b>x</b> a@evil.example';
const ERRORS = [
  { quote: 'Olij Malis', category: 'Terminology', subtype: null, severity: 'Major', correction: 'Oliy Majlis', readable: 'Terminology' },
  { quote: 'Milziyoev', category: 'Linguistic conventions', subtype: 'Spelling', severity: 'Minor', correction: 'Mirziyoyev', readable: 'Linguistic conventions / Spelling' },
] as const;

const noteField = (page: Page) => page.getByRole('textbox', { name: 'Note', exact: true });

async function download(page: Page, format: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const pending = page.waitForEvent('download');
  await dialog.getByRole('button', { name: format, exact: true }).click();
  const file = await pending;
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

/**
 * Takes the marks' drawing away (underline and tint) from every CSS rule that styles them, in every style
 * sheet of the page, and keeps their weight so the text is laid out exactly as before: what differs
 * between the two prints is then the marks alone.
 */
async function removeMarkCss(page: Page): Promise<number> {
  return page.evaluate(() => {
    let changed = 0;
    const sweep = (list: CSSRuleList) => {
      for (const rule of [...list]) {
        if (rule instanceof CSSStyleRule && /(^|[\s,])(mark|\.mark)\b/.test(rule.selectorText)) {
          for (const p of ['text-decoration', 'text-decoration-line', 'text-decoration-style', 'text-decoration-color', 'text-decoration-thickness', 'background', 'background-color']) rule.style.removeProperty(p);
          changed++;
        } else if (rule instanceof CSSGroupingRule) sweep(rule.cssRules);
      }
    };
    for (const sheet of [...document.styleSheets]) sweep(sheet.cssRules);
    // The user agent's own <mark> style (yellow) would stand in for ours.
    for (const m of document.querySelectorAll<HTMLElement>('mark, .mark')) m.style.setProperty('background', 'transparent');
    return changed;
  });
}

interface Gray {
  width: number;
  height: number;
  pixels: Buffer;
}

/** Renders each page of the PDF in grey (as a black-and-white printer would) at 100 dpi. */
function renderGray(pdf: string, dir: string): Gray[] {
  mkdirSync(dir, { recursive: true });
  execFileSync('pdftoppm', ['-gray', '-r', '100', pdf, join(dir, 'page')]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const data = readFileSync(join(dir, f));
      // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'))!;
      return { width: Number(header[1]), height: Number(header[2]), pixels: data.subarray(header[0].length) };
    });
}

/** Pixels dark (< 128) in `a` and light (> 200) in `b`: the ink that `a` adds. */
function addedInk(a: Gray, b: Gray): number {
  if (a.width !== b.width || a.height !== b.height) return Number.POSITIVE_INFINITY;
  let n = 0;
  for (let i = 0; i < a.pixels.length; i++) if (a.pixels[i]! < 128 && b.pixels[i]! > 200) n++;
  return n;
}

function pdfText(pdf: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', [...range, pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** Prints the page to PDF twice, with and without the marks' CSS, and checks what a reader of the paper sees. */
async function checkPrinted(page: Page, name: string, print: () => Promise<void> = async () => {}): Promise<{ pages: number; inkPage1: number; inkAll: number }> {
  await print();
  const marked = test.info().outputPath(`${name}.pdf`);
  writeFileSync(marked, await page.pdf({ format: 'A4' }));
  // Printing again (the app puts the report away after each print), now without the marks' CSS.
  await print();
  expect(await removeMarkCss(page)).toBeGreaterThanOrEqual(5);
  // (Only the drawing goes; the layout stays, so the pages compare pixel by pixel.)
  const plain = test.info().outputPath(`${name}-without-marks.pdf`);
  writeFileSync(plain, await page.pdf({ format: 'A4' }));

  const text = pdfText(marked);
  CLAIMS.forEach((c, i) => {
    expect(text, `claim #${i + 1} in ${name}`).toContain(`#${i + 1} ${c.verdict} claim`);
    expect(text, `quote of claim #${i + 1} in ${name}`).toContain(c.words);
  });
  ERRORS.forEach((e) => {
    expect(text).toContain(e.quote);
    expect(text).toContain(e.readable);
  });
  expect(text).toContain('translated from Chinese (machine translation)');
  expect(text).toMatch(/PASS \(threshold 10\)/);
  expect(text).not.toContain('Select text in the article'); // the app's own screen is not printed
  // Page 1 is the summary, not a header alone.
  const first = pdfText(marked, 1);
  for (const s of ['Claimdesk review report', 'Summary', 'Totals', 'Contradicted and contested claims']) expect(first).toContain(s);
  expect(first).toMatch(/#2 Contradicted .*#1 Contested .*#5 Contested/);

  const withMarks = renderGray(marked, test.info().outputPath(`${name}-png`));
  const without = renderGray(plain, test.info().outputPath(`${name}-without-png`));
  expect(without).toHaveLength(withMarks.length);
  const inks = withMarks.map((p, i) => addedInk(p, without[i]!));
  const claimsPage = withMarks.findIndex((_, i) => pdfText(marked, i + 1).includes('#1 Contested claim'));
  // For a person to look at: the rendered pages, kept with the test's output (and in .tmp/report-png).
  const keep = resolve(__dirname, '../.tmp/report-png');
  mkdirSync(keep, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-gray', '-r', '80', '-f', '1', '-l', String(claimsPage + 1), marked, join(keep, name)]);
  console.log(`${name}: ${withMarks.length} pages; ink the marks add per page (grey, 100 dpi): ${inks.join(', ')}; claim details on page ${claimsPage + 1}`);
  expect(inks[0]).toBeGreaterThan(1000); // the summary's contradicted and contested claims are marked
  expect(claimsPage).toBeGreaterThan(0);
  expect(inks[claimsPage]).toBeGreaterThan(1500); // five marked quotes in the detail
  return { pages: withMarks.length, inkPage1: inks[0]!, inkAll: inks.reduce((a, b) => a + b, 0) };
}

test('the review report: printed marks, numbers, summary first, reviewed translations, safe Markdown', async ({ page, context }) => {
  test.setTimeout(180_000);
  await openApp(page);
  await openDocument(page, TITLES.caravanserai);
  for (const c of CLAIMS) {
    await selectWithMouse(page, c.words);
    await page.keyboard.press(c.key);
    // Long quotes are cut in the marker's label.
    const label = `${c.verdict} claim: “${c.words.slice(0, 40)}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(highlight(page, new RegExp(`^${label}`))).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Reader' })).toContainText(SENTENCE);
  await noteField(page).fill(PAYLOAD); // on the claim just made (its entry is open in the panel)
  await noteField(page).blur();

  // A translation: "Not reviewed" however few errors it has, until the editor says it is; that survives a reload.
  await openDocument(page, TITLES.paper);
  const main = page.getByRole('toolbar', { name: 'Main' });
  const score = main.getByLabel(/^MQM score/);
  await expect(score).toHaveText(/^MQM 0\.0 \/ 1,000 words · Not reviewed$/);
  for (const e of ERRORS) {
    await selectWithMouse(page, e.quote);
    await page.keyboard.press('t');
    await expect(highlight(page, `Translation error: “${e.quote}”`)).toBeVisible();
    await page.getByLabel('Category').selectOption({ label: e.category });
    if (e.subtype) await page.getByLabel('Subtype').selectOption({ label: e.subtype });
    await page.getByLabel('Severity').selectOption({ label: e.severity });
    await page.getByLabel('Suggested correction').fill(e.correction);
    await page.getByLabel('Suggested correction').blur();
  }
  await expect(score).toHaveText(/ · Not reviewed$/);
  const reviewed = main.getByRole('checkbox', { name: 'Translation reviewed' });
  await expect(reviewed).not.toBeChecked();
  await reviewed.check();
  await expect(score).toHaveText(/ · Pass$/);
  // The box follows the click at once; the stored mark names its reviewer in the tooltip once it is
  // written. A reload before that could abort the write (seen once in a run of the whole suite).
  await expect(page.locator('.reviewed-toggle')).toHaveAttribute('title', /^Marked reviewed by /);
  await page.reload();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: TITLES.paper })).toBeVisible();
  await expect(main.getByRole('checkbox', { name: 'Translation reviewed' })).toBeChecked();
  await expect(score).toHaveText(/ · Pass$/);

  // Report (PDF) from the browser: the app fills the print container and calls window.print(); a real
  // print would leave the page "already being printed" for page.pdf(), so the call is recorded instead.
  await main.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const htmlPath = await download(page, 'Report (HTML)');
  const mdPath = await download(page, 'Report (Markdown)');
  await page.evaluate(() => {
    (window as unknown as { printCalls: number }).printCalls = 0;
    window.print = () => void ((window as unknown as { printCalls: number }).printCalls += 1);
  });
  await dialog.getByRole('button', { name: 'Close' }).click();
  let prints = 0;
  const printFromApp = async () => {
    await main.getByRole('button', { name: 'Export' }).click();
    await dialog.getByRole('button', { name: 'Report (PDF)', exact: true }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(++prints);
    await dialog.getByRole('button', { name: 'Close' }).click();
  };
  const browserPrint = await checkPrinted(page, 'report-browser', printFromApp);

  // The self-contained HTML file printed on its own, as the desktop app's printToPDF does: its own CSS draws the marks.
  const file = await context.newPage();
  const requests: string[] = [];
  file.on('request', (r) => requests.push(r.url()));
  await file.goto(pathToFileURL(htmlPath).href);
  const filePrint = await checkPrinted(file, 'report-file');
  expect(requests).toEqual([pathToFileURL(htmlPath).href]);
  await file.close();

  // Markdown: plain text a person can read, and inert where people render it.
  const md = readFileSync(mdPath, 'utf8');
  expect(md).not.toMatch(/\\[(~&]/);
  expect(md).toContain('#### Contested claim #1 · ¶');
  expect(md).toContain("> On February 26, Mirziyoyev spokesman **Sherzod Asadov walked back on the Kremlin's assessment** and declared");
  expect(md).toContain('Overlaps #2 (contradicted claim).');
  expect(md).toContain('Overlaps #1 (contested claim); contains #3 (sourced claim).');
  expect(md).toMatch(/\| Milziyoev \| Linguistic conventions \/ Spelling \| Minor \| Mirziyoyev \|/);
  const viewer = await context.newPage();
  const viewerRequests: string[] = [];
  viewer.on('request', (r) => viewerRequests.push(r.url()));
  await viewer.route('**/*', (route) =>
    route.request().url() === 'https://viewer.test/'
      ? route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>viewer</title><body></body>' })
      : route.abort(),
  );
  await viewer.goto('https://viewer.test/');
  await viewer.addScriptTag({ path: resolve(__dirname, '../node_modules/marked/lib/marked.umd.js') });
  await viewer.addScriptTag({ path: resolve(__dirname, '../node_modules/markdown-it/dist/browser/markdown-it.umd.min.js') });
  const renderers = ['marked', 'markdown-it', 'markdown-it (html, linkify)'];
  const seen = await viewer.evaluate(
    async ({ source, renderers }) => {
      const w = window as unknown as {
        marked: { parse(s: string, o: object): string };
        markdownit(o?: object): { render(s: string): string };
        __pwned?: number;
      };
      const render: Record<string, (s: string) => string> = {
        marked: (s) => w.marked.parse(s, { gfm: true, async: false }),
        'markdown-it': (s) => w.markdownit().render(s),
        'markdown-it (html, linkify)': (s) => w.markdownit({ html: true, linkify: true }).render(s),
      };
      const out: Array<{ renderer: string; scripts: number; handlers: number; images: number; links: string[]; shown: boolean }> = [];
      for (const name of renderers) {
        // Shown as a viewer would: a whole document, where <script> and on… attributes would run.
        const frame = document.createElement('iframe');
        const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
        frame.srcdoc = render[name]!(source);
        document.body.append(frame);
        await loaded;
        await new Promise((r) => setTimeout(r, 300));
        const doc = frame.contentDocument!;
        out.push({
          renderer: name,
          scripts: doc.querySelectorAll('script').length,
          handlers: [...doc.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
          images: doc.querySelectorAll('img').length,
          links: [...doc.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
          shown: doc.body.textContent!.includes('See https://example.org/<img src="x" onerror='),
        });
      }
      return { out, pwned: w.__pwned ?? 0 };
    },
    { source: md, renderers },
  );
  await viewer.waitForTimeout(300);
  for (const r of seen.out) {
    console.log(`Markdown report in ${r.renderer}: ${r.scripts} script elements, ${r.handlers} event-handler attributes, ${r.images} images, links: ${JSON.stringify(r.links)}`);
    expect([r.scripts, r.handlers, r.images]).toEqual([0, 0, 0]);
    expect(r.shown).toBe(true); // the note is shown as the text it is
    // No link to anything the note names; markdown-it's linkify may still link a bare domain such as Yuz.uz.
    expect(r.links.filter((h) => !/^https?:\/\/[\w.]+\.uz\/?$/i.test(h))).toEqual([]);
  }
  console.log(`Markdown rendered in ${renderers.length} ways: ${seen.pwned} scripts executed, ${viewerRequests.length - 1} requests beyond the viewer page`);
  expect(seen.pwned).toBe(0);
  expect(viewerRequests).toEqual(['https://viewer.test/']);
  await viewer.close();

  console.log(`Printed from the browser: ${browserPrint.pages} pages, marks add ${browserPrint.inkAll} dark pixels; from the HTML file: ${filePrint.pages} pages, ${filePrint.inkAll}`);
  copyFileSync(mdPath, resolve(__dirname, '../.tmp/report-png/report.md'));
});
