// The fact-check loop end to end, as a person does it: tag, annotate, reload, export, clear, import, undo.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { TITLES, clickText, highlight, importThroughChooser, openApp, openDocument, panelEntry, selectWithMouse, storedAnnotations } from './helpers';

const SENTENCE = "Tashkent also does not recognise Russia's takeover of Crimea in March 2014.";

test('tag, annotate, reload, export, clear storage, import, reject a broken file, undo a delete', async ({ page }) => {
  await openApp(page);

  // The machine translation: select the mangled photo credit with the mouse and press T.
  await openDocument(page, TITLES.paper);
  await selectWithMouse(page, '澎湃 image map');
  await expect(page.getByRole('toolbar', { name: 'Tag the selected text' })).toBeVisible();
  await page.keyboard.press('t');
  await expect(highlight(page, /^Translation error: “澎湃 image map”$/)).toBeVisible();

  // Caravanserai: a sentence, Contested, a note and a source.
  await openDocument(page, TITLES.caravanserai);
  await selectWithMouse(page, SENTENCE);
  await page.getByRole('button', { name: 'Contested', exact: true }).click();
  await expect(highlight(page, /^Contested claim: “Tashkent also does not recognise/)).toBeVisible();
  await page.getByLabel('Note').fill('The MFA said so in 2014;\nneeds the original statement.');
  await page.getByRole('button', { name: 'Add source' }).click();
  await page.getByLabel('URL').fill('https://mfa.uz/en/press/2014');
  await page.getByLabel('Title').fill('MFA statement on Crimea');
  await page.getByLabel('Quoted passage').fill('Uzbekistan respects the territorial integrity of Ukraine');
  await page.getByLabel('Title').blur();
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.kind === 'claim')?.sources[0]?.title).toBe('MFA statement on Crimea');

  // Library counts by verdict.
  const library = page.getByRole('navigation', { name: 'Library' });
  await expect(library.getByRole('button', { name: TITLES.caravanserai })).toContainText('1 contested');
  await expect(library.getByRole('button', { name: TITLES.paper })).toContainText('1 translation error');

  // Reload: both are there.
  await page.reload();
  await openDocument(page, TITLES.caravanserai);
  await expect(highlight(page, /^Contested claim: “Tashkent also does not recognise/)).toBeVisible();
  await panelEntry(page, /Contested claim/).click();
  await expect(page.getByLabel('Note')).toHaveValue('The MFA said so in 2014;\nneeds the original statement.');
  await expect(page.getByLabel('URL')).toHaveValue('https://mfa.uz/en/press/2014');
  await openDocument(page, TITLES.paper);
  await expect(highlight(page, /^Translation error: “澎湃 image map”$/)).toBeVisible();
  const before = await storedAnnotations(page);
  expect(before).toHaveLength(2);

  // Export Claimdesk JSON: the file holds both, with the right quotes.
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const downloadPromise = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Claimdesk JSON' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^claimdesk-\d{4}-\d{2}-\d{2}\.json$/);
  const exportedText = readFileSync((await download.path())!, 'utf8');
  const exported = JSON.parse(exportedText);
  expect(exported.format).toBe('claimdesk');
  expect(exported.annotations.map((a: { quote: { exact: string } }) => a.quote.exact).sort()).toEqual([SENTENCE, '澎湃 image map'].sort());
  await expect(dialog.getByRole('status')).toContainText('2 annotations exported');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Clear the site's storage as the browser's "clear site data" does (it closes every connection to
  // the database, the workers' included), reload: nothing left. (indexedDB.deleteDatabase from the
  // page waits for every connection to let go; once in some ten CI runs it waited past the timeout.)
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
  await cdp.detach();
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeVisible();
  expect(await storedAnnotations(page)).toHaveLength(0);

  // Import the exported file: both come back identical.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import' }).click();
  await (await chooser).setFiles({ name: 'claimdesk-export.json', mimeType: 'application/json', buffer: Buffer.from(exportedText) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported claimdesk-export.json' })).toContainText('2 added, 0 updated, 0 unchanged, 0 conflicts');
  const byId = (list: Array<Record<string, any>>) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  expect(byId(await storedAnnotations(page))).toEqual(byId(before));
  await openDocument(page, TITLES.caravanserai);
  await expect(highlight(page, /^Contested claim: “Tashkent also does not recognise/)).toBeVisible();

  // The same file again changes nothing.
  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import' }).click();
  await (await again).setFiles({ name: 'claimdesk-export.json', mimeType: 'application/json', buffer: Buffer.from(exportedText) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('0 added, 0 updated, 2 unchanged');

  // A broken file: a clear error naming the problem, and nothing changed.
  const broken = JSON.parse(exportedText);
  broken.annotations[1].quote.exact = 42;
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import' }).click();
  await (await chooser2).setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(page.getByRole('alert')).toContainText('broken.json was not imported');
  await expect(page.getByRole('alert')).toContainText('annotations[1].quote.exact');
  await expect(page.getByRole('alert')).toContainText('Nothing was changed');
  expect(byId(await storedAnnotations(page))).toEqual(byId(before));

  // Delete, then undo with Ctrl+Z: the same annotation, same id and note.
  const claim = before.find((a) => a.kind === 'claim')!;
  await panelEntry(page, /Contested claim/).click();
  await page.getByRole('button', { name: 'Delete annotation' }).click();
  await expect(highlight(page, /^Contested claim/)).toHaveCount(0);
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(1);
  await page.keyboard.press('Control+z');
  await expect(highlight(page, /^Contested claim: “Tashkent also does not recognise/)).toBeVisible();
  const restored = (await storedAnnotations(page)).find((a) => a.id === claim.id);
  expect(restored).toEqual(claim);
  // Redo deletes it again; the toolbar's Undo brings it back.
  await page.keyboard.press('Control+Shift+z');
  await expect(highlight(page, /^Contested claim/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(highlight(page, /^Contested claim/)).toBeVisible();
});

test('keyboard: Shift+arrows select text and 1 tags it sourced; nested highlights select their own entry', async ({ page }) => {
  await openApp(page);
  await openDocument(page, TITLES.eurasianet);
  // Place the caret by clicking before "Three days later", then extend with Shift+Ctrl+Right twice.
  await clickText(page, 'Three days later');
  await page.evaluate(() => {
    const sel = getSelection()!;
    const root = document.querySelector('.reader-content')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf('Three days later');
      if (i >= 0) return sel.collapse(n, i);
    }
  });
  await page.locator('.reader-content').focus();
  for (let i = 0; i < 'Three days'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => page.evaluate(() => getSelection()?.toString())).toBe('Three days');
  await page.keyboard.press('1');
  await expect(highlight(page, /^Sourced claim: “Three days”$/)).toBeVisible();

  // A longer contested passage around a contradicted claim.
  const outer = 'The countries’ top diplomats last met it 2021.';
  await selectWithMouse(page, outer);
  await page.keyboard.press('2');
  await expect(highlight(page, `Contested claim: “${outer}”`)).toBeVisible();
  await selectWithMouse(page, 'last met it 2021');
  await page.keyboard.press('3');
  await expect(highlight(page, 'Contradicted claim: “last met it 2021”')).toBeVisible();
  await expect(highlight(page, `Contested claim: “${outer}”`)).toBeVisible();

  // The panel lists them in text order; clicking the inner words selects the inner claim.
  const entries = page.getByRole('complementary', { name: 'Annotations panel' }).locator('.entry-kind');
  await expect(entries).toHaveText(['Sourced claim', 'Contested claim', 'Contradicted claim']);
  await expect(page.getByRole('tab', { name: 'Annotations (3)' })).toHaveAttribute('aria-selected', 'true');
  await clickText(page, 'met it');
  await expect(panelEntry(page, /Contradicted claim/)).toHaveAttribute('aria-current', 'true');
  await clickText(page, 'top diplomats');
  await expect(panelEntry(page, /Contested claim/)).toHaveAttribute('aria-current', 'true');

  // Clicking an entry scrolls to its highlight and flashes it.
  await panelEntry(page, /Sourced claim/).click();
  await expect(page.locator('.reader-surface')).toHaveAttribute('data-flashing', /.+/);
});

test('dragging over words on a document’s first line selects just those words (the toolbar waits for the mouse)', async ({ page }) => {
  await openApp(page);
  await importThroughChooser(page, 'field-report.txt', 'Officials in Tashkent confirmed the figures on Monday\nA second paragraph.\nA third one.\n', 'text/plain');
  await openDocument(page, /Officials in Tashkent confirmed the figures/);
  await selectWithMouse(page, 'Tashkent confirmed the figures');
  await expect(page.getByRole('toolbar', { name: 'Tag the selected text' })).toBeVisible();
  await page.getByRole('button', { name: 'Contradicted', exact: true }).click();
  await expect(highlight(page, 'Contradicted claim: “Tashkent confirmed the figures”')).toBeVisible();
});

test('the editor’s name, set once in Settings, is written as the author of each new annotation', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Your name').fill('Dilnoza Karimova');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();

  await openDocument(page, TITLES.eurasianet);
  await selectWithMouse(page, 'Three days later');
  await page.keyboard.press('2');
  await expect(highlight(page, 'Contested claim: “Three days later”')).toBeVisible();
  await expect.poll(async () => (await storedAnnotations(page)).map((a) => a.author)).toEqual(['Dilnoza Karimova']);

  // Stored once: after a reload the name is still there and still used.
  await page.reload();
  await openDocument(page, TITLES.eurasianet);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByLabel('Your name')).toHaveValue('Dilnoza Karimova');
});
