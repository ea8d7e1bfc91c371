// Library search, as a person uses it: Ctrl+K, type "Kamilov", read the results grouped by document,
// open both articles from them and step through the highlighted matches with the keyboard alone.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { focusRightAfter, importThroughChooser, openApp, openDocument, paintedTexts, selectWithMouse, TITLES } from './helpers';
import { putStoredTexts } from './stored-texts.mjs';

const results = (page: Page) => page.getByRole('list', { name: 'Results by document' });

/** axe-core on the whole screen with the search panel open. */
async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('search "Kamilov" finds both articles; opening each highlights every match, F3 steps through them', async ({ page }) => {
  await openApp(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+K');
  const box = page.getByRole('searchbox', { name: 'Search the library' });
  await expect(box).toBeFocused();
  await page.keyboard.type('Kamilov');

  // Two documents: Caravanserai and The Paper, each with the name marked in its context.
  await expect(page.getByRole('status').filter({ hasText: 'for “Kamilov”' })).toHaveText(/^2 documents for “Kamilov”/);
  const groups = results(page).locator(':scope > li');
  await expect(groups).toHaveCount(2);
  await expect(results(page).getByRole('heading', { name: TITLES.caravanserai })).toBeVisible();
  await expect(results(page).getByRole('heading', { name: TITLES.paper })).toBeVisible();
  await expect(results(page).locator('mark').first()).toHaveText('Kamilov');
  await expectNoAxeViolations(page);

  // Keyboard only: arrow down into the results, Enter opens the first Caravanserai result.
  const caravanserai = groups.filter({ has: page.getByRole('heading', { name: TITLES.caravanserai }) });
  await page.keyboard.press('ArrowDown');
  const firstHit = caravanserai.getByRole('button').first();
  if (!(await firstHit.evaluate((el) => el === document.activeElement))) await firstHit.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: TITLES.caravanserai })).toBeVisible();
  // Every "Kamilov" of the article is highlighted (9), and the status says which one the reader is on.
  await expect.poll(() => paintedTexts(page, 'cd-search')).toEqual(Array(9).fill('Kamilov'));
  await expect(page.getByRole('status').filter({ hasText: /Match \d+ of 9/ })).toHaveText(/Match 1 of 9 in Pulling away from Russia/);
  await expect.poll(() => paintedTexts(page, 'cd-search-current')).toEqual(['Kamilov']);

  // F3 and Shift+F3 move between matches; the current one scrolls into view.
  await page.keyboard.press('F3');
  await expect(page.getByRole('status').filter({ hasText: /Match \d+ of 9/ })).toHaveText(/Match 2 of 9/);
  await page.keyboard.press('F3');
  await expect(page.getByRole('status').filter({ hasText: /Match \d+ of 9/ })).toHaveText(/Match 3 of 9/);
  await page.keyboard.press('Shift+F3');
  await expect(page.getByRole('status').filter({ hasText: /Match \d+ of 9/ })).toHaveText(/Match 2 of 9/);
  const currentInView = await page.evaluate(() => {
    const h = CSS.highlights.get('cd-search-current');
    const r = h && [...h][0];
    if (!r) return false;
    const range = document.createRange();
    range.setStart(r.startContainer, r.startOffset);
    range.setEnd(r.endContainer, r.endOffset);
    const box = range.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  });
  expect(currentInView).toBe(true);

  // The other article, from the same results.
  const paper = groups.filter({ has: page.getByRole('heading', { name: TITLES.paper }) });
  await paper.getByRole('button').first().click();
  await expect(page.getByRole('heading', { level: 2, name: TITLES.paper })).toBeVisible();
  await expect.poll(() => paintedTexts(page, 'cd-search')).toEqual(Array(3).fill('Kamilov'));
  await expect(page.getByRole('status').filter({ hasText: /Match \d+ of 3/ })).toHaveText(/Match 1 of 3 in Central Asian countries/);
  await expectNoAxeViolations(page);

  // Escape closes the search and takes the highlights away.
  await box.focus();
  await page.keyboard.press('Escape');
  await expect(box).toBeHidden();
  await expect.poll(() => paintedTexts(page, 'cd-search')).toEqual([]);
});

test('keys typed straight after Ctrl+K or / go into the search box: it has the focus before the window draws again', async ({ page }) => {
  await openApp(page);
  const ctrlK = { key: 'k', code: 'KeyK', ctrlKey: true };
  const box = page.getByRole('searchbox', { name: 'Search the library' });

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  expect(await focusRightAfter(page, ctrlK)).toEqual({ prevented: true, focus: 'search box' });
  await page.keyboard.type('Kamilov');
  await expect(box).toHaveValue('Kamilov');
  await expect(page.getByRole('status').filter({ hasText: 'for “Kamilov”' })).toHaveText(/^2 documents for “Kamilov”/);

  // Closed, then opened again with "/": the box is back, its words selected, so typing replaces them.
  await page.keyboard.press('Escape');
  await expect(box).toBeHidden();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  expect(await focusRightAfter(page, { key: '/', code: 'Slash' })).toEqual({ prevented: true, focus: 'search box' });
  await page.keyboard.type('Mirziyoyev');
  await expect(box).toHaveValue('Mirziyoyev');

  // Open, with the focus elsewhere: Ctrl+K brings it back to the box at once.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await expect(box).not.toBeFocused();
  expect(await focusRightAfter(page, ctrlK)).toEqual({ prevented: true, focus: 'search box' });
});

test('tagging a passage in a document opened from the results keeps the reader where the person is, and F3 its place', async ({ page }) => {
  await openApp(page);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+K');
  await page.keyboard.type('Kamilov');
  const paper = results(page).locator(':scope > li').filter({ has: page.getByRole('heading', { name: TITLES.paper }) });
  await paper.getByRole('button').first().click();
  await expect(page.getByRole('heading', { level: 2, name: TITLES.paper })).toBeVisible();
  const where = page.getByRole('status').filter({ hasText: /Match \d+ of 3/ });
  await expect(where).toHaveText(/Match 1 of 3/);
  await page.keyboard.press('F3');
  await expect(where).toHaveText(/Match 2 of 3/);

  // Far below the matches, a passage is tagged: once it is saved, the reader stays on it.
  const PASSAGE = 'The World Bank also revised its economic forecasts for Kazakhstan and Uzbekistan';
  await selectWithMouse(page, PASSAGE);
  const scrollTop = () => page.evaluate(() => document.querySelector('.reader-scroll')!.scrollTop);
  const before = await scrollTop();
  await page.keyboard.press('3');
  await expect(page.getByRole('status').filter({ hasText: 'Tagged as contradicted' })).toBeVisible();
  // A jump back to the match came within a few frames of the save; watch for a second and a half.
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(150);
    expect(Math.abs((await scrollTop()) - before)).toBeLessThan(2);
  }
  await expect(page.getByRole('region', { name: 'Reader' }).locator('.highlight-markers').getByRole('button', { name: /^Contradicted claim: “The World Bank/ })).toBeVisible();
  // F3 carries on from the match the person was on.
  await expect(where).toHaveText(/Match 2 of 3/);
  await page.keyboard.press('F3');
  await expect(where).toHaveText(/Match 3 of 3/);
});

test('phrases, prefixes and Chinese: the results follow what is typed', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: 'Search the library' });
  await expect(box).toBeFocused();
  await page.keyboard.type('"Kalldahl Berdymukhamedov"');
  await expect(results(page).locator(':scope > li')).toHaveCount(1);
  await expect(results(page).getByRole('heading', { name: TITLES.paper })).toContainText('4 matches in 2 places');
  await box.fill('berdymukh');
  await expect(results(page).getByRole('heading', { name: TITLES.paper })).toBeVisible();
  await box.fill('澎湃');
  await expect(results(page).locator(':scope > li')).toHaveCount(1);
  await expect(results(page).locator('mark').first()).toHaveText('澎湃');
  await box.fill('"Kamilov Abdulaziz"');
  await expect(page.getByRole('status').filter({ hasText: 'Nothing found' })).toHaveText('Nothing found for “"Kamilov Abdulaziz"”.');
});

test('typing in the search box hides the tagging toolbar, and the words selected before stay offered for "All occurrences"', async ({ page }) => {
  await openApp(page);
  await openDocument(page, TITLES.paper);
  await selectWithMouse(page, 'Kalldahl Berdymukhamedov');
  const toolbar = page.getByRole('toolbar', { name: 'Tag the selected text' });
  await expect(toolbar).toBeVisible();
  await page.keyboard.press('Control+K');
  const box = page.getByRole('searchbox', { name: 'Search the library' });
  await expect(box).toBeFocused();
  await page.keyboard.type('oil');
  await expect(toolbar).toHaveCount(0);
  await expect(page.locator('#search-summary')).toHaveText(/^\d+ documents? for “oil”\.$/);
  // The box kept what was typed (it is not driven by React state) and the selection was not lost.
  await expect(box).toHaveValue('oil');
  await expect(page.getByRole('button', { name: 'All occurrences of “Kalldahl Berdymukhamedov”' })).toBeEnabled();
  // Closing and opening the search again shows the same query.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await expect(box).toHaveValue('oil');
  // Clearing the box clears the results.
  await box.fill('');
  await expect(results(page)).toHaveCount(0);
  await expect(page.locator('#search-summary')).toHaveText('');
});

test('the index is saved and loaded on the next start instead of being built again', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('searchbox', { name: 'Search the library' })).toBeFocused();
  await page.keyboard.type('Kamilov');
  await expect(results(page).locator(':scope > li')).toHaveCount(2);
  const restoredFlags = () =>
    page.evaluate(() => performance.getEntriesByName('cd:search-indexed').map((e) => (e as PerformanceMark).detail.restored as boolean));
  await expect.poll(restoredFlags).toContain(false);
  // The worker saves a few seconds after the last change.
  await expect
    .poll(() => page.evaluate(() => new Promise<boolean>((resolve) => {
      const req = indexedDB.open('claimdesk-search');
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('index')) return resolve(false);
        const get = db.transaction('index').objectStore('index').get('library');
        get.onsuccess = () => resolve(!!get.result);
        get.onerror = () => resolve(false);
      };
      req.onerror = () => resolve(false);
    })), { timeout: 15_000 })
    .toBe(true);

  await page.reload();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('searchbox', { name: 'Search the library' })).toBeFocused();
  await page.keyboard.type('Kamilov');
  await expect(results(page).locator(':scope > li')).toHaveCount(2);
  await expect.poll(restoredFlags).toEqual([true, true]);

  // A document imported just before the window closes (before the index is saved again): on the next
  // start the saved index is still loaded, and only the new document is indexed.
  await page.keyboard.press('Escape');
  const library = page.locator('nav.library ul[data-count]');
  const before = Number(await library.getAttribute('data-count'));
  await importThroughChooser(page, 'zanzibar.txt', 'Zanzibar dispatch\nThe Zanzibar ferry strike ended on Monday, the port authority said.\n', 'text/plain');
  await expect(library).toHaveAttribute('data-count', String(before + 1));
  await page.reload();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('searchbox', { name: 'Search the library' })).toBeFocused();
  await page.keyboard.type('zanzibar ferry');
  await expect(results(page).locator(':scope > li')).toHaveCount(1);
  await expect(results(page)).toContainText('Zanzibar dispatch');
  await page.getByRole('searchbox', { name: 'Search the library' }).fill('Kamilov');
  await expect(results(page).locator(':scope > li')).toHaveCount(2);
  const starts = await page.evaluate(() => performance.getEntriesByName('cd:search-indexed').map((e) => (e as PerformanceMark).detail as { restored: boolean; note: string }));
  expect(starts[0]!.restored).toBe(true);
  expect(starts[0]!.note).toContain('documents new or changed: 1, gone or changed: 0');
});

test('similar passages to a claim and every occurrence of selected words are listed and open in the reader', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('heading', { level: 2, name: TITLES.caravanserai })).toBeVisible();
  // Tag the Senate statement as a contested claim; it becomes the selected annotation.
  const claim =
    'Speaking at a session of the Senate on March 17, Uzbek Foreign Minister Abdulaziz Kamilov stressed that Uzbekistan is committed to finding a peaceful solution to the situation and resolving the conflict through diplomacy.';
  await selectWithMouse(page, claim);
  await page.getByRole('toolbar', { name: 'Tag the selected text' }).getByRole('button', { name: 'Contested', exact: true }).click();
  await page.keyboard.press('Control+K');
  await expect(page.getByRole('searchbox', { name: 'Search the library' })).toBeFocused();
  await page.getByRole('button', { name: 'Similar passages to the selected annotation' }).click();

  // The Paper's telling of the same statement comes first, with why.
  const similar = page.getByRole('list', { name: 'Similar passages' });
  const first = similar.getByRole('button').first();
  await expect(first).toContainText(TITLES.paper);
  await expect(first).toContainText('On March 17th, Uzbek Foreign Minister Abdulaziz Kamilov made it very clear');
  await expect(first).toContainText(/Shares names: .*Kamilov.*; dates: March 17/);
  await expectNoAxeViolations(page);
  await first.click();
  await expect(page.getByRole('heading', { level: 2, name: TITLES.paper })).toBeVisible();
  await expect.poll(async () => (await paintedTexts(page, 'cd-search-current'))[0] ?? '').toMatch(/^On March 17th, Uzbek Foreign Minister Abdulaziz Kamilov made it very clear/);

  // All occurrences of a name mangled four times in this article, across the library.
  await page.getByRole('button', { name: 'Back to search results' }).click();
  await page.getByRole('button', { name: 'Close search' }).click();
  await openDocument(page, TITLES.paper);
  await selectWithMouse(page, 'Kalldahl Berdymukhamedov');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await page.getByRole('button', { name: 'All occurrences of “Kalldahl Berdymukhamedov”' }).click();
  const occurrences = page.getByRole('list', { name: 'Occurrences' });
  await expect(occurrences.getByRole('button')).toHaveCount(4);
  await expect(page.getByRole('status').filter({ hasText: 'occurrences in' })).toHaveText('4 occurrences in 1 document.');
  await occurrences.getByRole('button').nth(2).click();
  await expect.poll(() => paintedTexts(page, 'cd-search')).toEqual(Array(4).fill('Kalldahl Berdymukhamedov'));
  await expect(page.getByRole('status').filter({ hasText: /Place \d of 4/ })).toHaveText(/Place 3 of 4/);
});

test('imported documents are found (their texts read from the database), more than a screenful of them, before and after a restart', async ({ page }) => {
  await openApp(page);
  const imports = 10;
  // The library is virtualized: the later documents are counted in it, not all drawn.
  const library = page.locator('nav.library ul[data-count]');
  const before = Number(await library.getAttribute('data-count'));
  for (let i = 1; i <= imports; i++) {
    await importThroughChooser(page, `zhanaozen-${i}.txt`, `Zhanaozen report ${i}\nOil workers in Zhanaozen went on strike again, dispatch ${i}.\n`, 'text/plain');
    await expect(library).toHaveAttribute('data-count', String(before + i));
  }
  await page.keyboard.press('Control+K');
  const box = page.getByRole('searchbox', { name: 'Search the library' });
  await expect(box).toBeFocused();
  await box.fill('zhanaozen');
  // Ten documents: the first are painted with the answer, the others follow.
  await expect(results(page).locator(':scope > li')).toHaveCount(imports);
  await expect(page.getByRole('status').filter({ hasText: 'for “zhanaozen”' })).toHaveText(`${imports} documents for “zhanaozen”.`);

  await page.reload();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
  await page.keyboard.press('Control+K');
  await page.getByRole('searchbox', { name: 'Search the library' }).fill('"oil workers in zhanaozen"');
  await expect(results(page).locator(':scope > li')).toHaveCount(imports);
});

test('a library of 240 stored documents (a build shared with the helper thread): every document is found, Chinese included', async ({ page }) => {
  await openApp(page);
  const corpus = Number(await page.locator('nav.library ul[data-count]').getAttribute('data-count'));
  // 240 texts as an import stores them: every third names Mangystau, every tenth is partly Chinese,
  // and each has a word of its own.
  const rows = Array.from({ length: 240 }, (_, i) => ({
    id: `doc-e2e-large-${String(i).padStart(4, '0')}`,
    file: `large-${i}.txt`,
    title: `Dispatch ${i}`,
    text: `Dispatch ${i}\nThe regional office filed report number ${i} on the grain harvest${i % 3 === 0 ? ' near Mangystau' : ''}, with a note word${i}x.\n${i % 10 === 0 ? '乌兹别克斯坦外交部长卡米洛夫在参议院会议上表示。\n' : ''}`,
    hash: `e2e-large-${i}`.padEnd(64, '0'),
    importedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    words: 20,
  }));
  await putStoredTexts(page, rows);
  await page.reload();
  await expect(page.locator('nav.library ul[data-count]')).toHaveAttribute('data-count', String(corpus + 240), { timeout: 30_000 });
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();

  await page.keyboard.press('Control+K');
  const box = page.getByRole('searchbox', { name: 'Search the library' });
  const summary = page.getByRole('status').filter({ hasText: /for “/ });
  await box.fill('mangystau');
  await expect(summary).toHaveText('80 documents for “mangystau”.', { timeout: 30_000 });
  // The helper counted most of the texts (in the worker's note on the build).
  const note = await page.evaluate(() => (performance.getEntriesByName('cd:search-indexed') as PerformanceMark[]).map((m) => (m.detail as { note: string }).note).join('; '));
  expect(note).toMatch(/texts sent to the helper \d+ ms/);
  expect(note).not.toMatch(/helper failed/);
  await box.fill('卡米洛夫');
  // Segmented into words, the name is a phrase: the count is of the documents holding its words.
  await expect(summary).toHaveText(/^24 documents\b.* for “卡米洛夫”\.$/);
  // Each text's own word, from the first, a middle and the last text read.
  for (const i of [0, 121, 239]) {
    await box.fill(`word${i}x`);
    await expect(summary).toHaveText(`1 document for “word${i}x”.`);
    await expect(results(page).getByRole('heading', { name: `Dispatch ${i}`, exact: false })).toBeVisible();
  }
});
