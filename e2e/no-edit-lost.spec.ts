// No edit is ever lost: two windows (two pages of ONE browser profile, so one IndexedDB), doing as a
// person does: undo under an open editor, a verdict changed in one window while the other types, an
// undo refused because the other window changed the annotation since, a delete while the other types,
// a window closed 100 ms after the last key, re-anchoring while the other window edits, and a save in
// the other window that must not move this window's panel.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TITLES, hypothesisRow, importThroughChooser, openApp, openDocument, panelEntry, selectWithMouse, storedAnnotations } from './helpers';

const CLAIM = 'Three days later';
const panel = (page: Page) => page.getByRole('complementary', { name: 'Annotations panel' });
const note = (page: Page) => panel(page).getByRole('textbox', { name: 'Note', exact: true });
const verdict = (page: Page, v: string) => panel(page).getByRole('radio', { name: v, exact: true });
const toolbarButton = (page: Page, name: string) => page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name, exact: true });

/** One claim, tagged sourced in page `a`; both pages show the article with its entry open. */
async function twoWindowsOnOneClaim(a: Page, b: Page) {
  await openApp(a);
  await openDocument(a, TITLES.eurasianet);
  await selectWithMouse(a, CLAIM);
  await a.keyboard.press('1');
  await expect(verdict(a, 'Sourced')).toBeChecked();
  await openApp(b);
  await openDocument(b, TITLES.eurasianet);
  await panelEntry(b, /Sourced claim/).click();
  await expect(verdict(b, 'Sourced')).toBeChecked();
}

async function stored(page: Page) {
  const list = await storedAnnotations(page);
  return list.find((x) => x.quote.exact === CLAIM);
}

test('1: after a toolbar Undo the open editor shows the stored verdict, and typing a note does not bring the undone verdict back', async ({ page }) => {
  await openApp(page);
  await openDocument(page, TITLES.eurasianet);
  await selectWithMouse(page, CLAIM);
  await page.keyboard.press('1');
  await verdict(page, 'Contradicted').check();
  await expect.poll(async () => (await stored(page))?.verdict).toBe('contradicted');
  await expect(toolbarButton(page, 'Undo')).toHaveAttribute('title', /^Undo: edit verdict of contradicted claim “Three days later”/);
  await toolbarButton(page, 'Undo').click();
  await expect.poll(async () => (await stored(page))?.verdict).toBe('sourced');
  await expect(verdict(page, 'Sourced')).toBeChecked(); // the editor re-read its record
  await note(page).click();
  await page.keyboard.type('Checked against the ministry statement.');
  await note(page).blur();
  await expect.poll(async () => await stored(page)).toMatchObject({ verdict: 'sourced', note: 'Checked against the ministry statement.' });
});

test('2: window A changes the verdict while window B types a note: both changes are kept, and B shows A’s verdict while B’s editor stays open', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await twoWindowsOnOneClaim(a, b);
  await note(b).click();
  await b.keyboard.type('First half of the note, ');
  const deleteButton = panel(b).getByRole('button', { name: 'Delete annotation' });
  const before = await deleteButton.boundingBox();
  await verdict(a, 'Contradicted').check();
  await expect(verdict(b, 'Contradicted')).toBeChecked();
  // B is told, below the entry's controls (the workflow's too): none of them moved from under B's pointer.
  await expect(panel(b).getByRole('status').filter({ hasText: 'Changed elsewhere just now: verdict.' })).toBeVisible();
  expect(await deleteButton.boundingBox()).toEqual(before);
  await expect(note(b)).toBeFocused();
  await b.keyboard.type('second half typed after A changed the verdict.');
  await expect(note(b)).toHaveValue('First half of the note, second half typed after A changed the verdict.');
  await note(b).blur();
  await expect.poll(async () => await stored(a)).toMatchObject({ verdict: 'contradicted', note: 'First half of the note, second half typed after A changed the verdict.' });
  await expect(note(a)).toHaveValue('First half of the note, second half typed after A changed the verdict.');
  // A is told in turn, and can put the line away.
  const told = panel(a).getByRole('status').filter({ hasText: 'Changed elsewhere just now: note.' });
  await expect(told).toBeVisible();
  await told.getByRole('button', { name: 'OK' }).click();
  await expect(panel(a).getByRole('status').filter({ hasText: 'Changed elsewhere' })).toHaveCount(0);
});

test('3: A’s Undo after B edited the same annotation is refused with a message, and B’s text stays', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await twoWindowsOnOneClaim(a, b);
  await note(a).click();
  await a.keyboard.type('A wrote this.');
  await note(a).blur();
  await expect(note(b)).toHaveValue('A wrote this.');
  await note(b).fill('B rewrote the note.');
  await note(b).blur();
  await expect.poll(async () => (await stored(a))?.note).toBe('B rewrote the note.');
  await toolbarButton(a, 'Undo').click();
  await expect(a.getByRole('alert')).toContainText('Not undone');
  await expect(a.getByRole('alert')).toContainText('changed since');
  expect((await stored(a))?.note).toBe('B rewrote the note.');
  await expect(note(a)).toHaveValue('B rewrote the note.');
});

test('4: B typing while A deletes: the annotation stays deleted, B is told, and B can restore it with what B had typed into it', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await twoWindowsOnOneClaim(a, b);
  await note(b).click();
  await b.keyboard.type('Typed before the delete');
  // From the keyboard: B's save can land during a click and put A's "Changed elsewhere" line above the
  // button, moving it from under the pointer (seen once with a click: nothing was deleted; that shift
  // is the likely cause, not verified).
  await a.getByRole('button', { name: 'Delete annotation' }).press('Enter');
  await expect.poll(async () => await stored(a)).toBeUndefined();
  await b.keyboard.type(' and after it.'); // B's editor may already be gone; what is typed must not resurrect it silently
  await expect(b.getByRole('alert')).toContainText('was deleted in another window', { timeout: 5000 });
  expect(await stored(a)).toBeUndefined();
  // B's typing may have been saved before the delete landed, or not: either way B can have it back.
  await b.getByRole('alert').getByRole('button', { name: /^Restore it/ }).click();
  await expect.poll(async () => (await stored(b))?.note).toMatch(/^Typed before the delete/);
  console.log(`4: restored note "${(await stored(b))?.note}"`);
});

test('5: typing then closing the window 100 ms after the last key keeps the text', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await twoWindowsOnOneClaim(a, b);
  await note(b).click();
  await b.keyboard.type('Closed mid-sentence, nothing lost', { delay: 20 });
  await b.waitForTimeout(100);
  await b.close({ runBeforeUnload: true });
  await expect.poll(async () => (await stored(a))?.note, { timeout: 5000 }).toBe('Closed mid-sentence, nothing lost');
  await expect(note(a)).toHaveValue('Closed mid-sentence, nothing lost');
});

test('5c: a window that closes without its writes being announced: the other window reads the store again once it is gone', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await twoWindowsOnOneClaim(a, b);
  const before = await note(a).inputValue();
  // B's writes reach the store, but no notice of them reaches A (as when B closes before it sees its
  // last transaction complete, which is when Dexie tells the other windows).
  await b.evaluate(() => {
    BroadcastChannel.prototype.postMessage = () => undefined;
  });
  await note(b).click();
  await b.keyboard.type('Written unannounced', { delay: 20 });
  await expect.poll(async () => (await stored(a))?.note).toBe('Written unannounced');
  await expect(note(a)).toHaveValue(before);
  await b.close({ runBeforeUnload: true });
  await expect(note(a)).toHaveValue('Written unannounced');
});

test('5b: steady typing that never pauses is saved while typing continues (at most 1 s behind)', async ({ page }) => {
  // The page's clock is driven by the test: each word takes 200 ms of page time and typing never pauses
  // for the 350 ms that would trigger the pause save, so only the upper bound on waiting can save it.
  // The check is then independent of how loaded the machine is.
  await page.clock.install();
  await openApp(page);
  await openDocument(page, TITLES.eurasianet);
  await selectWithMouse(page, CLAIM);
  await page.keyboard.press('1');
  await expect.poll(async () => (await stored(page))?.verdict).toBe('sourced');
  await note(page).click();
  await page.clock.pauseAt(Date.now() + 60_000);
  let typed = '';
  for (let i = 0; i < 30; i++) {
    await page.keyboard.type('word ');
    typed += 'word ';
    await page.clock.runFor(200);
    if (i % 10 === 9) {
      // Everything but the last 1 s of page time (5 words) is stored already.
      await expect.poll(async () => (await stored(page))?.note.length ?? 0).toBeGreaterThanOrEqual(typed.length - 5 * 5);
    }
  }
  await page.clock.resume();
  expect((await stored(page))?.note.length ?? 0).toBeLessThan(typed.length + 1);
});

test('6: re-anchoring a long document does not revert an edit made meanwhile in the other window', async ({ context }) => {
  test.setTimeout(120_000);
  const FILE = '001_cdd2637b0fb9ae17.txt';
  const text = readFileSync(resolve(__dirname, '../corpus', FILE), 'utf8');
  const manifest = JSON.parse(readFileSync(resolve(__dirname, '../corpus/manifest.json'), 'utf8')) as { documents: Array<{ id: string; file: string; hash?: string }> };
  const docId = manifest.documents.find((d) => d.file === FILE)!.id;
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a);
  // Many annotations on this article (every 40 characters), so that re-anchoring takes a while.
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256').update(text, 'utf8').digest('hex');
  const now = '2026-01-01T00:00:00.000Z';
  const annotations = [];
  for (let start = 0, i = 0; start + 30 < text.length && i < 600; start += 41, i++) {
    const exact = text.slice(start, start + 30);
    if (/[\n\uD800-\uDFFF]/.test(exact) || /[\uD800-\uDFFF]/.test(text[start - 1] ?? '')) continue;
    annotations.push({ id: `bulk-${i}`, docId, kind: 'claim', verdict: 'contested', translation: null, quote: { type: 'TextQuoteSelector', exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + 30, start + 62) }, position: { type: 'TextPositionSelector', start, end: start + 30 }, docHash: hash, orphan: false, note: '', sources: [], author: 't', createdAt: now, updatedAt: now, history: [] });
  }
  await importThroughChooser(a, 'many.json', JSON.stringify({ format: 'claimdesk', version: 1, appVersion: 't', exportedAt: now, documents: [], annotations }), 'application/json');
  await expect(a.getByRole('status')).toContainText(`${annotations.length} added`);
  const target = annotations[50]!; // on the panel's first page
  await openApp(b);
  await openDocument(b, /Kazakhstan, Uzbekistan open the door/);
  await openDocument(a, /Kazakhstan, Uzbekistan open the door/);
  // B opens the target's entry and keeps typing while A imports a corrected text (every quote shifts).
  await panelEntry(b, new RegExp(target.quote.exact.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 20))).first().click();
  await note(b).click();
  const NOTICE = 'A correction notice added at the top of the article.\n';
  const corrected = `${NOTICE}${text}`;
  await importThroughChooser(a, FILE, corrected, 'text/plain');
  await b.keyboard.type('Edited while the document was re-anchored.', { delay: 15 });
  await note(b).blur();
  // Both windows have the document open; whichever re-anchors first, every annotation follows its words.
  await expect.poll(async () => (await storedAnnotations(a)).filter((x) => x.id.startsWith('bulk-') && x.history.length === 1).length, { timeout: 60_000 }).toBe(annotations.length);
  await expect
    .poll(async () => (await storedAnnotations(a)).find((x) => x.id === target.id), { timeout: 30_000 })
    .toMatchObject({ note: 'Edited while the document was re-anchored.', position: { start: target.position.start + NOTICE.length } });
  const all = await storedAnnotations(a);
  console.log(`6: ${all.length} annotations re-anchored (${all.filter((x) => x.history.length > 0).length} with history); the edit made meanwhile kept`);
  expect(all.filter((x) => x.id.startsWith('bulk-'))).toHaveLength(annotations.length);
});

test('7: a long import shows its progress and can be cancelled, leaving nothing half-applied; the next import works', async ({ page }) => {
  await openApp(page);
  const source = 'https://eurasianet.org/kazakhstan-uzbekistan-open-the-door-a-little-wider-to-ukraine';
  // Quotes that match nothing in the article: each one is searched for fuzzily, which takes a while.
  // Enough that placing lasts well beyond the click on a loaded machine (6,000 were placed before the click landed once in CI).
  const rows = Array.from({ length: 20000 }, (_, i) => hypothesisRow(source, `zq${i} nothing of this is in the article xv${i} ww`, `row ${i}`, ['contested']));
  await importThroughChooser(page, 'big.json', JSON.stringify(rows), 'application/json');
  await expect(page.getByRole('status')).toContainText('Importing big.json: placing');
  const started = Date.now();
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await expect(page.getByRole('status')).toHaveText('Import cancelled. Nothing was changed.');
  console.log(`7: import of ${rows.length} unplaceable quotes cancelled after it began placing; answered in ${Date.now() - started} ms`);
  expect(await storedAnnotations(page)).toHaveLength(0);
  await expect(page.getByRole('button', { name: 'Cancel import' })).toHaveCount(0);
  await importThroughChooser(page, 'small.json', JSON.stringify(rows.slice(0, 2)), 'application/json');
  await expect(page.getByRole('status').filter({ hasText: 'Imported small.json' })).toContainText('2 added', { timeout: 30_000 });
});

test('8: a save in another window does not pull this window’s panel back to its open entry', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a);
  // Twenty claims on one article, enough for the panel to scroll.
  const source = 'https://eurasianet.org/kazakhstan-uzbekistan-open-the-door-a-little-wider-to-ukraine';
  const text = readFileSync(resolve('corpus/001_cdd2637b0fb9ae17.txt'), 'utf8');
  const quotes = text.split('\n').filter((line) => line.length > 80).slice(1, 21).map((line) => line.slice(0, 50));
  const rows = quotes.map((exact, i) => hypothesisRow(source, exact, `claim ${i + 1}`, ['contested']));
  await importThroughChooser(a, 'claims.json', JSON.stringify(rows), 'application/json');
  await expect(a.getByRole('status').filter({ hasText: 'Imported claims.json' })).toContainText(`${quotes.length} added`, { timeout: 30_000 });
  await openDocument(a, TITLES.eurasianet);
  const entries = panel(a).getByRole('button', { name: /^Contested claim/ });
  await expect(entries).toHaveCount(quotes.length);

  // A opens the first claim, then scrolls the panel to the end to read the others.
  await entries.first().click();
  await expect(note(a)).toHaveValue('claim 1');
  // The panel brings the opened entry into view in the next frame: let it, before scrolling away.
  await a.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const scroller = a.locator('.panel');
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const top = await scroller.evaluate((el) => el.scrollTop);
  expect(top).toBeGreaterThan(200);

  // B edits the last claim's note; A's list takes the change and stays where A scrolled.
  await openApp(b);
  await openDocument(b, TITLES.eurasianet);
  await panel(b).getByRole('button', { name: /^Contested claim/ }).last().click();
  await note(b).fill('claim 20, checked in window B');
  await note(b).blur();
  await expect(panel(a).getByRole('button', { name: /^Contested claim/ }).last()).toContainText('claim 20, checked in window B');
  for (let i = 0; i < 5; i++) {
    await a.waitForTimeout(100);
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(top);
  }
  // A's entry stays open where it was.
  await expect(note(a)).toHaveValue('claim 1');
});
