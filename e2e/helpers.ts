// Shared helpers for the end-to-end specs: act as a person would (mouse, keys) and read the screen.
import { expect, type Page } from '@playwright/test';

/** The axe-core rule sets every accessibility check runs: WCAG 2.0/2.1/2.2 A and AA, and best practice. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export const TITLES = {
  caravanserai: /Pulling away from Russia, Uzbekistan declares full support for Ukraine/,
  eurasianet: /Kazakhstan, Uzbekistan open the door a little wider/,
  karimov: /Islam Karimov did not trust Russia/,
  silent: /The silent reaction of the Central Asian countries/,
  paper: /Central Asian countries in the situation of Russia and Ukraine/,
};

/** Opens the app on a fresh profile (each Playwright test has its own browser context and storage). */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeVisible();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
}

export async function openDocument(page: Page, title: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: title }).click();
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
}

/** Client rectangles of the first occurrence of `text` in the reader (scrolled into view first). */
async function rectsOf(page: Page, text: string) {
  const rects = await page.evaluate((want) => {
    const root = document.querySelector('.reader-content');
    if (!root) return null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf(want);
      if (i < 0) continue;
      n.parentElement!.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + want.length);
      return [...r.getClientRects()].map((x) => ({ x: x.x, y: x.y, w: x.width, h: x.height }));
    }
    return null;
  }, text);
  if (!rects || rects.length === 0) throw new Error(`"${text}" is not in the reader`);
  return rects;
}

/** Selects `text` in the reader by dragging the mouse from its first to its last character. */
export async function selectWithMouse(page: Page, text: string): Promise<void> {
  const rects = await rectsOf(page, text);
  const first = rects[0]!;
  const last = rects.at(-1)!;
  await page.mouse.move(first.x + 1, first.y + first.h / 2);
  await page.mouse.down();
  await page.mouse.move((first.x + last.x + last.w) / 2, (first.y + last.y) / 2 + first.h / 2, { steps: 4 });
  await page.mouse.move(last.x + last.w - 0.5, last.y + last.h / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => getSelection()?.toString().trim())).toBe(text.trim());
}

/** Clicks at the middle of the first occurrence of `text` in the reader. */
export async function clickText(page: Page, text: string): Promise<void> {
  const r = (await rectsOf(page, text))[0]!;
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
}

/** A highlight in the reader, found by its accessible label ("Contested claim: “…”"). */
/**
 * Presses a shortcut and reads where the keyboard focus is when its handler returns, in one turn of
 * the page: nothing can draw in between, as on a busy machine where the next key comes before the
 * next frame. `focus` is the focused element's view: "search box", "desk", "overview", "reader", or
 * its tag name.
 */
export async function focusRightAfter(page: Page, key: { key: string; code: string; ctrlKey?: boolean; altKey?: boolean; shiftKey?: boolean }): Promise<{ prevented: boolean; focus: string }> {
  return page.evaluate((init) => {
    const ev = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
    (document.activeElement ?? document.body).dispatchEvent(ev);
    const el = document.activeElement;
    const focus = el?.id === 'search-box' ? 'search box' : el?.closest('[role="grid"]') ? 'desk' : el?.id === 'overview-title' ? 'overview' : el?.closest('.reader-scroll') ? 'reader' : (el?.tagName.toLowerCase() ?? 'none');
    return { prevented: ev.defaultPrevented, focus };
  }, key);
}

export function highlight(page: Page, label: RegExp | string) {
  return page.getByRole('region', { name: 'Reader' }).locator('.highlight-markers').getByRole('button', { name: label });
}

export function panelEntry(page: Page, name: RegExp | string) {
  return page.getByRole('complementary', { name: 'Annotations panel' }).getByRole('button', { name });
}

/** All annotations in the browser's IndexedDB, read directly (what survives a reload). */
export async function storedAnnotations(page: Page): Promise<Array<Record<string, any>>> {
  return page.evaluate(
    () =>
      new Promise<Array<Record<string, any>>>((resolve, reject) => {
        const req = indexedDB.open('claimdesk');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('buckets');
          const all = tx.objectStore('buckets').getAll();
          all.onsuccess = () => {
            resolve((all.result as Array<{ items: Array<Record<string, any>> }>).flatMap((r) => r.items));
            req.result.close();
          };
        };
      }),
  );
}

/** Imports a file through the Import button's file chooser, as a person picking it on disk would. */
export async function importThroughChooser(page: Page, name: string, content: string | Buffer, mimeType = 'application/octet-stream'): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Import', exact: true }).click();
  await (await chooser).setFiles({ name, mimeType, buffer: typeof content === 'string' ? Buffer.from(content, 'utf8') : content });
}

/** The texts the reader paints with a CSS highlight of this name ('cd-sourced', 'cd-contested', …), in text order. */
export async function paintedTexts(page: Page, name: string): Promise<string[]> {
  return page.evaluate((n) => {
    const h = CSS.highlights.get(n);
    if (!h) return [];
    return [...h]
      .map((r) => {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        return { text: range.toString(), top: range.getBoundingClientRect().top };
      })
      .sort((a, b) => a.top - b.top)
      .map((x) => x.text);
  }, name);
}

/**
 * True when the highlight marker labelled `label` sits on the first line of the first occurrence of
 * `text` in the reader (its box overlaps the words' first line box): the highlight is where the words are.
 */
export async function highlightSitsOn(page: Page, label: RegExp | string, text: string): Promise<boolean> {
  const marker = highlight(page, label);
  await marker.scrollIntoViewIfNeeded();
  const box = await marker.boundingBox();
  if (!box) return false;
  const first = (await rectsOf(page, text))[0]!;
  // Re-measure the marker after rectsOf scrolled the words into view.
  const after = (await marker.boundingBox())!;
  const overlapX = Math.min(after.x + after.width, first.x + first.w) - Math.max(after.x, first.x);
  const overlapY = Math.min(after.y + after.height, first.y + first.h) - Math.max(after.y, first.y);
  return overlapX > first.w * 0.5 && overlapY > first.h * 0.5;
}

/** One annotation as Hypothesis exports it (a W3C-like row with a quote selector), for import tests. */
export function hypothesisRow(source: string, exact: string, text: string, tags: string[]) {
  return {
    uri: source,
    user: 'acct:reviewer@hypothes.is',
    created: '2024-05-01T10:00:00.000000+00:00',
    updated: '2024-05-01T10:05:00.000000+00:00',
    text,
    tags,
    target: [{ source, selector: [{ type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }] }],
  };
}
