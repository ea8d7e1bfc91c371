// Reader defects found in review (issue 9, part 5): no duplicate claims on the same words, translation
// errors only on translations, the selected highlight outlined on every line, and no favicon 404.
import { expect, test } from '@playwright/test';
import { TITLES, highlight, openApp, openDocument, panelEntry, selectWithMouse, storedAnnotations } from './helpers';

const SENTENCE = "Tashkent also does not recognise Russia's takeover of Crimea in March 2014.";
const LONG =
  "TASHKENT -- Three weeks into Russia's invasion of Ukraine, Tashkent made clear its position: Uzbekistan recognises Ukraine's independence, sovereignty and territorial integrity, and is committed to finding a peaceful solution to the conflict.";

test('a verdict key on words that already carry a claim changes its verdict (undoable) instead of adding a duplicate', async ({ page }) => {
  await openApp(page);
  await openDocument(page, TITLES.caravanserai);
  await selectWithMouse(page, SENTENCE);
  await page.keyboard.press('2');
  await expect(highlight(page, `Contested claim: “${SENTENCE}”`)).toBeVisible();
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(1);
  const first = (await storedAnnotations(page))[0]!;

  await selectWithMouse(page, SENTENCE);
  await page.keyboard.press('3');
  await expect(highlight(page, `Contradicted claim: “${SENTENCE}”`)).toBeVisible();
  await expect(highlight(page, `Contested claim: “${SENTENCE}”`)).toHaveCount(0);
  await expect.poll(async () => (await storedAnnotations(page)).map((a) => [a.id, a.verdict])).toEqual([[first.id, 'contradicted']]);
  await expect(panelEntry(page, /Contradicted claim/)).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('radio', { name: 'Contradicted' })).toBeChecked();

  // Undo restores the verdict; still one annotation.
  await page.keyboard.press('Control+z');
  await expect(highlight(page, `Contested claim: “${SENTENCE}”`)).toBeVisible();
  await expect.poll(async () => (await storedAnnotations(page)).map((a) => [a.id, a.verdict])).toEqual([[first.id, 'contested']]);

  // A narrower selection inside it is a new, nested claim, not a change.
  await selectWithMouse(page, 'takeover of Crimea');
  await page.keyboard.press('1');
  await expect(highlight(page, 'Sourced claim: “takeover of Crimea”')).toBeVisible();
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(2);
});

test('“Translation error” is offered only on documents that are translations', async ({ page }) => {
  await openApp(page);
  await openDocument(page, TITLES.caravanserai);
  await selectWithMouse(page, SENTENCE);
  const toolbar = page.getByRole('toolbar', { name: 'Tag the selected text' });
  await expect(toolbar.getByRole('button', { name: 'Contested' })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Translation error' })).toHaveCount(0);
  await page.keyboard.press('t');
  // The selection is still there (T did nothing); 1 then tags it as a claim.
  await expect(toolbar).toBeVisible();
  await page.keyboard.press('1');
  await expect(highlight(page, `Sourced claim: “${SENTENCE}”`)).toBeVisible();
  await expect.poll(async () => (await storedAnnotations(page)).map((a) => a.kind)).toEqual(['claim']);

  await openDocument(page, TITLES.paper);
  await selectWithMouse(page, 'Olij Malis');
  await expect(toolbar.getByRole('button', { name: 'Translation error' })).toBeVisible();
  await page.keyboard.press('t');
  await expect(highlight(page, 'Translation error: “Olij Malis”')).toBeVisible();
});

test('the selected highlight is outlined on every line it covers', async ({ page }) => {
  await openApp(page);
  await openDocument(page, TITLES.caravanserai);
  await selectWithMouse(page, LONG);
  await page.keyboard.press('2');
  await expect(panelEntry(page, /Contested claim/)).toHaveAttribute('aria-current', 'true');
  const lineTops = await page.evaluate((text) => {
    const root = document.querySelector('.reader-content')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf(text);
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + text.length);
      return [...new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)))];
    }
    return [];
  }, LONG);
  expect(lineTops.length).toBeGreaterThanOrEqual(3);
  const outline = page.locator('.hl-selected-line');
  await expect(outline).toHaveCount(lineTops.length);
  const boxes = await outline.evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((b) => ({ top: b.top, height: b.height, width: b.width })));
  const tops = boxes.map((b) => Math.round(b.top)).sort((a, b) => a - b);
  // One box on each line of the highlight, each wider than a word.
  for (const [i, t] of lineTops.sort((a, b) => a - b).entries()) expect(Math.abs(tops[i]! - t)).toBeLessThanOrEqual(2);
  for (const b of boxes) expect(b.width).toBeGreaterThan(40);
  expect(await outline.first().evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
});

test('the app ships an icon: nothing 404s on load', async ({ page }) => {
  const missing: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
  });
  await openApp(page);
  const href = await page.locator('link[rel="icon"]').getAttribute('href');
  expect(href).toBe('./favicon.ico');
  const icon = await page.request.get('favicon.ico');
  expect(icon.status()).toBe(200);
  const body = await icon.body();
  // An ICO header (reserved 0, type 1) with at least one image.
  expect([body.readUInt16LE(0), body.readUInt16LE(2)]).toEqual([0, 1]);
  expect(body.readUInt16LE(4)).toBeGreaterThan(0);
  await page.reload();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
  expect(missing).toEqual([]);
});
