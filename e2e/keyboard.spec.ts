// Tagging without a mouse: the whole loop from the keyboard alone (no mouse or pointer event at all):
// open an article, move the caret below the first screen, select a claim, tag it, add a note and a
// source, move between annotations with n / p, delete one, undo.
import { expect, test, type Page } from '@playwright/test';
import { TITLES, highlight, openApp, panelEntry, storedAnnotations } from './helpers';

/** What has the keyboard focus: its tag, role, accessible-ish name and classes. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '', cls: '', role: '' };
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`) : el.closest('label');
    const name = el.getAttribute('aria-label') ?? (labelled?.textContent ?? el.textContent ?? '').trim();
    return { tag: el.tagName.toLowerCase(), name, cls: el.className, role: el.getAttribute('role') ?? '' };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's name starts with `name`. */
async function tabTo(page: Page, name: string | RegExp, back = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const f = await focused(page);
    if (typeof name === 'string' ? f.name.startsWith(name) : name.test(f.name)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached “${String(name)}” (last: ${JSON.stringify(await focused(page))})`);
}

/** Where the caret is: the text of its paragraph, its offset there, and whether it is drawn inside the reader's view. */
async function caret(page: Page) {
  return page.evaluate(() => {
    const sel = getSelection()!;
    const p = sel.focusNode?.parentElement?.closest('p');
    const scroller = document.querySelector('.reader-scroll')!.getBoundingClientRect();
    const drawn = document.querySelector('.reader-caret')?.getBoundingClientRect();
    return {
      paragraph: p?.textContent ?? '',
      offset: sel.focusOffset,
      collapsed: sel.isCollapsed,
      paragraphTopInText: p ? p.getBoundingClientRect().top - document.querySelector('.reader-content')!.getBoundingClientRect().top : -1,
      scrollTop: document.querySelector('.reader-scroll')!.scrollTop,
      viewHeight: scroller.height,
      drawnInView: !!drawn && drawn.height > 0 && drawn.top >= scroller.top && drawn.bottom <= scroller.bottom,
    };
  });
}

const announcer = (page: Page) => page.locator('.reader-announcer');
const selectionText = (page: Page) => page.evaluate(() => getSelection()!.toString().trim());

test('keyboard only: caret browsing, select, tag, note and source, n / p, delete and undo', async ({ page }) => {
  test.setTimeout(120_000);
  // Count every mouse and pointer event the page receives: there must be none.
  await page.addInitScript(() => {
    (window as unknown as { __pointerEvents: number }).__pointerEvents = 0;
    for (const type of ['mousedown', 'mouseup', 'click', 'pointerdown', 'pointerup', 'mousemove', 'pointermove'])
      window.addEventListener(type, (e) => {
        if (e.isTrusted && !(e instanceof MouseEvent && e.detail === 0 && type === 'click')) (window as unknown as { __pointerEvents: number }).__pointerEvents++;
      }, true);
  });
  await openApp(page);

  // Open “Islam Karimov…” from the library: Tab into it, arrows, Enter.
  await tabTo(page, TITLES.caravanserai);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect((await focused(page)).name).toMatch(TITLES.karimov);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: TITLES.karimov })).toBeVisible();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();

  // Tab into the text: a visible caret at the top, a visible focus ring on the reader.
  await tabTo(page, 'Article text');
  await expect(page.locator('.reader-caret')).toBeVisible();
  expect((await caret(page)).drawnInView).toBe(true);
  expect(await page.locator('.reader-scroll').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');

  // A claim at the very end first (Ctrl+End, Shift+Ctrl+Left), so there is a “next annotation” later.
  await page.keyboard.press('Control+End');
  for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+Control+ArrowLeft');
  const last = await selectionText(page);
  expect(last.length).toBeGreaterThan(3);
  await page.keyboard.press('3');
  await expect(highlight(page, `Contradicted claim: “${last}”`)).toBeVisible();
  expect((await caret(page)).drawnInView).toBe(true);

  // Back to the top, then two pages down, the line's start, three words in: the middle of a paragraph
  // below the first screen.
  await page.keyboard.press('Control+Home');
  expect((await caret(page)).scrollTop).toBe(0);
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('Home');
  // Where two pages land depends on the window's height: a paragraph's last line may hold only a few
  // words. A person then starts a line or two higher, on a line with words to select after it.
  for (let i = 0; i < 6; i++) {
    const c = await caret(page);
    if (c.paragraph.slice(c.offset).trim().split(/\s+/).length >= 12) break;
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
  }
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+ArrowRight');
  const at = await caret(page);
  expect(at.scrollTop).toBeGreaterThan(at.viewHeight);
  expect(at.paragraphTopInText).toBeGreaterThan(at.viewHeight);
  expect(at.offset).toBeGreaterThan(0);
  expect(at.offset).toBeLessThan(at.paragraph.length);
  expect(at.drawnInView).toBe(true);
  // Arrows move the caret by characters and lines, and Shift extends from it.
  await page.keyboard.press('ArrowRight');
  expect((await caret(page)).offset).toBe(at.offset + 1);
  await page.keyboard.press('ArrowLeft');
  expect((await caret(page)).offset).toBe(at.offset);
  // Shift+End, Shift+Down and Shift+Page Down each extend the selection from the caret; a plain arrow
  // collapses it back to where it started.
  await page.keyboard.press('Shift+End');
  const toLineEnd = await selectionText(page);
  expect(toLineEnd.length).toBeGreaterThan(0);
  expect(at.paragraph).toContain(toLineEnd);
  // Down reaches the next line, which may be an empty one between paragraphs: the selection as the
  // browser holds it (untrimmed) grows.
  const rawSelection = () => page.evaluate(() => getSelection()!.toString());
  const toLineEndRaw = await rawSelection();
  await page.keyboard.press('Shift+ArrowDown');
  expect((await rawSelection()).length).toBeGreaterThan(toLineEndRaw.length);
  await page.keyboard.press('Shift+PageDown');
  const paged = await page.evaluate(() => getSelection()!.toString().length);
  expect(paged).toBeGreaterThan(500);
  expect((await caret(page)).drawnInView).toBe(true);
  await page.keyboard.press('ArrowLeft');
  expect(await caret(page)).toMatchObject({ collapsed: true, offset: at.offset, paragraph: at.paragraph });
  expect((await caret(page)).drawnInView).toBe(true);

  // Select five words from the caret and tag them contested with 2.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Control+ArrowRight');
  const claim = await selectionText(page);
  expect(claim.split(/\s+/).length).toBeGreaterThanOrEqual(4);
  expect(at.paragraph).toContain(claim);
  await expect(page.getByRole('toolbar', { name: 'Tag the selected text' })).toBeVisible();
  await page.keyboard.press('2');
  await expect(highlight(page, `Contested claim: “${claim}”`)).toBeVisible();
  await expect(panelEntry(page, /Contested claim/)).toHaveAttribute('aria-current', 'true');
  // The text itself is unchanged: the reader is read-only.
  expect(await page.locator('.reader-content').getAttribute('contenteditable')).toBe('false');

  // Enter opens it for editing: the focus is on its verdict.
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).name).toBe('Contested');
  await tabTo(page, 'Note');
  await page.keyboard.type('Said in a 2019 interview; find the recording.');
  await tabTo(page, 'Add source');
  await page.keyboard.press('Enter');
  // The new source's URL field takes the focus.
  await expect.poll(async () => (await focused(page)).name).toBe('URL');
  await page.keyboard.type('https://example.org/interview-2019');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Interview, 2019');
  // Escape closes the editor and gives the reader its focus back, caret where it was.
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await focused(page)).name).toBe('Article text');
  await expect(page.locator('.annotation-editor')).toHaveCount(0);
  await expect(page.locator('.reader-caret')).toBeVisible();
  expect((await caret(page)).paragraph).toContain(claim);
  await expect
    .poll(async () => (await storedAnnotations(page)).find((a) => a.quote.exact === claim))
    .toMatchObject({ verdict: 'contested', note: 'Said in a 2019 interview; find the recording.', sources: [{ url: 'https://example.org/interview-2019', title: 'Interview, 2019' }] });

  // n: the next annotation (the one at the end), scrolled into view, its entry selected and announced.
  await page.keyboard.press('n');
  await expect(panelEntry(page, /Contradicted claim/)).toHaveAttribute('aria-current', 'true');
  await expect(announcer(page)).toHaveText(`Contradicted claim: “${last}”`);
  expect((await caret(page)).drawnInView).toBe(true);
  expect((await caret(page)).paragraph).toContain(last);
  // p: back to the contested claim, announced with its note.
  await page.keyboard.press('p');
  await expect(panelEntry(page, /Contested claim/)).toHaveAttribute('aria-current', 'true');
  await expect(announcer(page)).toHaveText(`Contested claim: “${claim}”. Note: Said in a 2019 interview; find the recording.`);
  await page.keyboard.press('n');
  await expect(panelEntry(page, /Contradicted claim/)).toHaveAttribute('aria-current', 'true');

  // Delete the last one from its editor: the focus returns to the reader (there is no next entry).
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).name).toBe('Contradicted');
  await tabTo(page, 'Delete annotation');
  await page.keyboard.press('Enter');
  await expect(highlight(page, /^Contradicted claim/)).toHaveCount(0);
  await expect.poll(async () => (await focused(page)).name).toBe('Article text');
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(1);
  // Undo brings it back.
  await page.keyboard.press('Control+z');
  await expect(highlight(page, `Contradicted claim: “${last}”`)).toBeVisible();
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(2);

  // Delete the contested claim: the focus moves to the next entry; undo restores note and source.
  const before = (await storedAnnotations(page)).find((a) => a.quote.exact === claim)!;
  await page.keyboard.press('p');
  await expect(panelEntry(page, /Contested claim/)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await focused(page)).name).toBe('Contested');
  await tabTo(page, 'Delete annotation');
  await page.keyboard.press('Enter');
  await expect(highlight(page, /^Contested claim/)).toHaveCount(0);
  await expect.poll(async () => (await focused(page)).cls).toContain('entry-summary');
  expect((await focused(page)).name).toContain('Contradicted claim');
  await page.keyboard.press('Control+z');
  await expect(highlight(page, `Contested claim: “${claim}”`)).toBeVisible();
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.id === before.id)).toEqual(before);

  expect(await page.evaluate(() => (window as unknown as { __pointerEvents: number }).__pointerEvents)).toBe(0);
  console.log(`keyboard only: tagged “${claim}” (contested, note, source) and “${last}” (contradicted); n/p, delete, undo; 0 mouse events`);
});
