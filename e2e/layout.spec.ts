// The window at common sizes, acting as a person: half of a 1920-pixel screen (a checker with the
// source beside the app) and a 1280 × 800 laptop. Every control of the main toolbar is inside the
// window and can be clicked, the page never scrolls sideways, the status bar at the foot covers no
// text (reader, panel, desk, overview), and the panel's verdict choices stay inside the panel. Each
// screen passes axe-core at that size too (a wrapped toolbar or narrower columns must not, say, overlap targets).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AXE_TAGS, TITLES, highlight, openApp, openDocument, selectWithMouse } from './helpers';

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${locator} has no box (not shown)`);
  return b;
}

/** The element's box, checked to lie between `left` and `right` (the window's or the reader's edges). */
async function expectWithin(locator: Locator, left: number, right: number, what: string): Promise<Box> {
  const b = await box(locator);
  expect(b.x, `${what} starts left of its room`).toBeGreaterThanOrEqual(left);
  expect(b.x + b.width, `${what} runs out of its room`).toBeLessThanOrEqual(right);
  return b;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The status bar at the foot of the window (sync state, "Changes and history"). */
const statusBar = (page: Page) => page.getByRole('contentinfo', { name: 'Sync' });

async function expectAxeClean(page: Page, screen: string): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) on ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(width);
}

for (const size of [
  { width: 960, height: 700, name: 'half of a 1920-pixel screen' },
  { width: 1280, height: 800, name: 'a 1280 × 800 laptop' },
]) {
  test(`the window at ${size.width} × ${size.height} (${size.name}): every toolbar control in reach, the status bar covers nothing`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    await openApp(page);
    // A translated article: the toolbar holds the most controls (Corrected reading, the MQM score, "Translation reviewed").
    await openDocument(page, TITLES.paper);
    await selectWithMouse(page, 'Kalldahl Berdymukhamedov');
    await page.keyboard.press('2');
    await expect(page.getByRole('status').filter({ hasText: 'Tagged as contested' })).toBeVisible();

    // Every control of the main toolbar lies inside the window and takes a click there (none under another).
    const toolbar = page.getByRole('toolbar', { name: 'Main' });
    const controls = toolbar.locator('button, input');
    const count = await controls.count();
    expect(count).toBeGreaterThanOrEqual(12);
    for (let i = 0; i < count; i++) {
      const control = controls.nth(i);
      const name = (await control.getAttribute('aria-label')) ?? (await control.evaluate((el) => (el.closest('label') ?? el).textContent?.trim()));
      const b = await expectWithin(control, 0, size.width, `“${name}”`);
      expect(b.height, `“${name}” is squeezed onto several lines`).toBeLessThan(44);
      if (await control.isEnabled()) await control.click({ trial: true, timeout: 2_000 });
    }
    await expectNoSidewaysScroll(page);

    // The Agreement panel floats below the header, however many lines the toolbar takes: it covers none of its controls.
    await toolbar.getByRole('button', { name: 'Agreement' }).click();
    const agreement = page.getByRole('region', { name: 'Agreement' });
    await expect(agreement).toBeVisible();
    const head = await box(page.getByRole('banner'));
    expect((await box(agreement)).y, 'the Agreement panel covers the toolbar').toBeGreaterThanOrEqual(head.y + head.height);
    await toolbar.getByRole('button', { name: 'Settings' }).click({ trial: true, timeout: 2_000 });
    await agreement.getByRole('button', { name: 'Close' }).click();
    await expect(agreement).toBeHidden();

    // The last controls are the ones a narrow window pushed out: they work from the mouse.
    await toolbar.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
    await toolbar.getByRole('checkbox', { name: 'Translation reviewed' }).check();
    await expect(toolbar.getByRole('checkbox', { name: 'Translation reviewed' })).toBeChecked();

    // The filters, opened: their document list (long titles) stays inside the window.
    const filtersButton = page.getByRole('button', { name: 'Filters' });
    await filtersButton.click();
    await expectWithin(page.getByRole('group', { name: 'Document' }).getByRole('combobox'), 0, size.width, 'the filters’ document list');
    await expectNoSidewaysScroll(page);
    await filtersButton.click();

    // The status bar covers neither the reader nor the panel: the reader's last line can be read where it is.
    const bar = await box(statusBar(page));
    expect(bar.y + bar.height).toBeLessThanOrEqual(size.height);
    const reader = await box(page.locator('.reader-scroll'));
    const panel = await box(page.getByRole('complementary', { name: 'Annotations panel' }));
    expect(overlaps(bar, reader), 'the status bar covers the reader').toBe(false);
    expect(overlaps(bar, panel), 'the status bar covers the panel').toBe(false);

    // The open entry's verdict choices stay inside their box in the panel (none running over its edge).
    const verdict = page.getByRole('group', { name: 'Verdict' });
    const group = await expectWithin(verdict, panel.x, panel.x + panel.width, 'the verdict box');
    for (const choice of ['Sourced', 'Contested', 'Contradicted']) {
      await expectWithin(verdict.getByRole('radio', { name: choice }).locator('xpath=..'), group.x, group.x + group.width, `the verdict “${choice}”`);
    }
    await expectAxeClean(page, 'reader and panel');

    // Words at the end of a line: the tagging toolbar ends inside the reader (it used to start at the
    // words and run out over the panel).
    const lineEnd = await page.evaluate(() => {
      const scroller = document.querySelector('.reader-scroll')!.getBoundingClientRect();
      for (const p of document.querySelectorAll('.reader-content p')) {
        const node = document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode() as Text | null;
        if (!node) continue;
        const r = p.getBoundingClientRect();
        if (r.top < scroller.top + 40 || r.top > scroller.bottom - 120) continue;
        // The last word of the paragraph's first line: the word before the first one on a lower line.
        const words = [...node.data.matchAll(/\S+/g)];
        const range = document.createRange();
        let previous: { x: number; y: number; right: number } | null = null;
        for (const w of words) {
          range.setStart(node, w.index!);
          range.setEnd(node, w.index! + w[0].length);
          const b = range.getBoundingClientRect();
          if (previous && b.top > previous.y + 4) return previous;
          previous = { x: b.left, y: b.top + b.height / 2, right: b.right };
        }
      }
      return null;
    });
    if (!lineEnd) throw new Error('no paragraph of two lines in view');
    await page.mouse.move(lineEnd.x + 1, lineEnd.y);
    await page.mouse.down();
    await page.mouse.move(lineEnd.right - 1, lineEnd.y, { steps: 4 });
    await page.mouse.up();
    const tagBar = page.getByRole('toolbar', { name: 'Tag the selected text' });
    await expect(tagBar).toBeVisible();
    await expectWithin(tagBar, reader.x, reader.x + reader.width, 'the tagging toolbar');
    await page.keyboard.press('Escape');

    // The desk and the overview: the status bar covers neither.
    await page.keyboard.press('Alt+Shift+D');
    const grid = page.getByRole('grid', { name: 'Claims desk' });
    await expect(grid.getByRole('row').filter({ hasText: 'Kalldahl Berdymukhamedov' })).toBeVisible();
    expect(overlaps(await box(statusBar(page)), await box(grid)), 'the status bar covers the desk').toBe(false);
    await expectNoSidewaysScroll(page);
    await expectAxeClean(page, 'claims desk');
    await page.keyboard.press('Alt+Shift+O');
    const overview = page.getByRole('heading', { name: 'Corpus overview' });
    await expect(overview).toBeVisible();
    await expect(page.getByText(/^1 annotation in 1 document;/)).toBeVisible();
    const area = await box(page.locator('.overview'));
    expect(overlaps(await box(statusBar(page)), area), 'the status bar covers the overview').toBe(false);
    await expectNoSidewaysScroll(page);
    await expectAxeClean(page, 'corpus overview');
  });
}

// Narrower than 760 px (a 1280 × 800 screen zoomed to 200 %; 320 px, the width WCAG 1.4.10 asks
// content to reflow to): one column that scrolls as a whole. Nothing scrolls sideways, the reader
// keeps a column of text as wide as the window allows, and tagging, the panel, the desk and a dialog
// all fit.
for (const size of [
  { width: 640, height: 400, name: 'a 1280 × 800 screen zoomed to 200 %' },
  { width: 320, height: 560, name: 'the width of WCAG’s reflow' },
]) {
  test(`one column at ${size.width} × ${size.height} (${size.name}): read, tag and edit, the desk and a dialog, nothing sideways`, async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    await openApp(page);
    await expectNoSidewaysScroll(page);
    // The library's list has room for a few documents: The Paper, fifth, is scrolled to, as a person would.
    const list = page.getByTestId('library-scroll');
    expect((await box(list)).height, 'the library’s list has room').toBeGreaterThan(size.height / 3);
    await list.hover();
    await page.mouse.wheel(0, 400);
    await openDocument(page, TITLES.paper);
    const text = await expectWithin(page.locator('.reader-content'), 0, size.width, 'the reader’s column of text');
    expect(text.width, 'the reader’s column of text').toBeGreaterThanOrEqual(size.width - 40);

    await selectWithMouse(page, 'Kalldahl Berdymukhamedov');
    const tagBar = page.getByRole('toolbar', { name: 'Tag the selected text' });
    await expect(tagBar).toBeVisible();
    await expectWithin(tagBar, 0, size.width, 'the tagging toolbar');
    await page.keyboard.press('2');
    await expect(page.getByRole('status').filter({ hasText: 'Tagged as contested' })).toBeVisible();
    // The panel follows the reader; its editor is there to use.
    const verdict = page.getByRole('group', { name: 'Verdict' });
    await verdict.getByRole('radio', { name: 'Contradicted' }).check();
    await expect(highlight(page, 'Contradicted claim: “Kalldahl Berdymukhamedov”')).toBeAttached();
    await expectWithin(verdict, 0, size.width, 'the verdict box');
    await expectNoSidewaysScroll(page);
    await expectAxeClean(page, 'one column: reader and panel');

    // A dialog fits the window.
    await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await expect(settings).toBeVisible();
    await expectWithin(settings, 0, size.width, 'the Settings dialog');
    await page.keyboard.press('Escape');
    await expect(settings).toBeHidden();

    // The Agreement panel takes the window, and closes with Escape.
    await page.keyboard.press('Alt+Shift+A');
    const agreement = page.getByRole('region', { name: 'Agreement' });
    await expect(agreement).toBeVisible();
    const sheet = await expectWithin(agreement, 0, size.width, 'the Agreement panel');
    expect(sheet.width, 'the Agreement panel takes the window').toBeGreaterThanOrEqual(size.width - 16);
    await page.keyboard.press('Escape');
    await expect(agreement).toBeHidden();

    // Search: the results show under the search panel's controls (wrapped onto several lines).
    await page.keyboard.press('Control+K');
    await expect(page.getByRole('searchbox', { name: 'Search the library' })).toBeFocused();
    await page.keyboard.type('Kamilov');
    const result = page.getByRole('list', { name: 'Results by document' }).getByRole('heading', { name: TITLES.caravanserai });
    await expect(result).toBeVisible();
    // The first result is in sight in the panel as it opens, below its controls.
    const panelBox = await box(page.locator('.search-panel'));
    const first = await expectWithin(result, 0, size.width, 'a search result');
    expect(first.y + first.height, 'the first search result is below the search panel’s foot').toBeLessThanOrEqual(panelBox.y + panelBox.height);
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Close search' }).click();

    // The desk: its table scrolls inside its own box (a data table may), the page does not.
    await page.keyboard.press('Alt+Shift+D');
    const grid = page.getByRole('grid', { name: 'Claims desk' });
    await expect(grid.getByRole('row').filter({ hasText: 'Kalldahl Berdymukhamedov' })).toBeVisible();
    expect((await box(grid)).height, 'the desk’s table has room').toBeGreaterThan(size.height / 2);
    await expectNoSidewaysScroll(page);
    await expectAxeClean(page, 'one column: claims desk');
  });
}
