// Claims across the corpus, as a fact-checker works them: search "Kamilov", open both articles from the
// results, link the two passages about the March 17 Senate statement as one claim, mark it contested
// with a source; mark the four "Kalldahl Berdymukhamedov" of The Paper as one translation error with a
// correction; move the claim through the workflow to published; export ClaimReview and find only the
// published claim, with both appearances.
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { TITLES, highlight, openApp, selectWithMouse, storedAnnotations } from './helpers';

const CARAVANSERAI_SENATE = 'Speaking at a session of the Senate on March 17, Uzbek Foreign Minister Abdulaziz Kamilov stressed';
const PAPER_SENATE = 'Abdulaziz Kamilov made it very clear at the plenary session of the National Senate';
const OTHER_CLAIM = 'Kamilov’s statement did not explicitly blame any party for this conflict';
const NAME = 'Kalldahl Berdymukhamedov';

const panel = (page: Page) => page.getByRole('complementary', { name: 'Annotations panel' });
const results = (page: Page) => page.getByRole('list', { name: 'Results by document' });

/** A highlight by its label's start (labels cut long quotes short). */
const mark = (page: Page, kind: string, quote: string) => highlight(page, new RegExp(`^${`${kind}: “${quote.slice(0, 40)}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

async function expectNoAxeViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Opens the first search result in the group of the document with this title. */
async function openResult(page: Page, title: RegExp): Promise<void> {
  const group = results(page).locator(':scope > li').filter({ has: page.getByRole('heading', { name: title }) });
  await group.getByRole('button').first().click();
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
}

test('link a claim across two articles, mark four occurrences at once, work the claim to published, export ClaimReview', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);

  // ClaimReview needs the organisation and where its checks are published.
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Organisation name').fill('Steppe Facts');
  await settings.getByLabel('Organisation website').fill('https://steppefacts.example.org/');
  await settings.getByLabel('Where checks are published (base address)').fill('https://steppefacts.example.org/checks/');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();

  // Search "Kamilov": both articles are found; open the Caravanserai piece from its result.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+K');
  await page.keyboard.type('Kamilov');
  await expect(results(page).getByRole('heading', { name: TITLES.caravanserai })).toBeVisible();
  await expect(results(page).getByRole('heading', { name: TITLES.paper })).toBeVisible();
  await openResult(page, TITLES.caravanserai);

  // Tag the Senate statement there as a contested claim and pick it for linking.
  await selectWithMouse(page, CARAVANSERAI_SENATE);
  await page.keyboard.press('2');
  await expect(mark(page, 'Contested claim', CARAVANSERAI_SENATE)).toBeVisible();
  const workflow = panel(page).getByRole('group', { name: /Claim workflow|Linked claim/ });
  await expect(workflow.getByLabel('Status')).toHaveValue('to-check');
  await workflow.getByRole('button', { name: 'Pick to link with another passage' }).click();
  await expect(workflow.getByRole('button', { name: 'Unpick this passage' })).toBeVisible();
  await expectNoAxeViolations(page);

  // The Paper, from the same search results: the same statement, tagged and linked with the picked one.
  await openResult(page, TITLES.paper);
  await selectWithMouse(page, PAPER_SENATE);
  await page.keyboard.press('1');
  await expect(mark(page, 'Sourced claim', PAPER_SENATE)).toBeVisible();
  await panel(page).getByRole('button', { name: 'Link with 1 picked passage as one claim' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Linked 2 appearances' })).toBeVisible();
  const linked = panel(page).getByRole('group', { name: /^Linked claim · 2 appearances/ });
  await expect(linked).toBeVisible();
  // The Link button is gone: the keyboard focus is on the claim's status, not left on the page, and in
  // full view below the panel's tabs.
  await expect(linked.getByLabel('Status')).toBeFocused();
  const tabsBox = (await panel(page).getByRole('tablist', { name: 'Annotation lists' }).boundingBox())!;
  expect((await linked.getByLabel('Status').boundingBox())!.y).toBeGreaterThanOrEqual(tabsBox.y + tabsBox.height);
  // The Paper's passage took the claim as picked: contested (the first picked passage leads).
  await expect(mark(page, 'Contested claim', PAPER_SENATE)).toBeVisible();
  await expect(linked.getByRole('list', { name: 'Other appearances' }).getByRole('button')).toHaveText([/^Go to “Speaking at a session of the Senate on March 17/]);

  // One wording for the claim, and a source, set once on this appearance.
  await linked.getByLabel('Claim wording (shared by every appearance)').fill('Uzbekistan’s foreign minister told the Senate on March 17 that Uzbekistan supports Ukraine’s sovereignty');
  await page.getByRole('button', { name: 'Add source' }).click();
  const source = page.getByRole('group', { name: /^Source \d+$/ }).last();
  await source.getByLabel('URL').fill('https://senat.uz/en/lists/view/3811');
  await source.getByLabel('Title').fill('Senate of Uzbekistan: 17 March plenary session');
  await source.getByLabel('Title').blur();
  await expect
    .poll(async () => (await storedAnnotations(page)).filter((a) => a.claimId).map((a) => [a.verdict, a.sources.map((s: { url: string }) => s.url).join(), a.claimWording]))
    .toEqual(Array(2).fill(['contested', 'https://senat.uz/en/lists/view/3811', 'Uzbekistan’s foreign minister told the Senate on March 17 that Uzbekistan supports Ukraine’s sovereignty']));
  await expectNoAxeViolations(page);

  // Another claim in The Paper that stays "to check": it must not be published.
  await selectWithMouse(page, OTHER_CLAIM);
  await page.keyboard.press('3');
  await expect(mark(page, 'Contradicted claim', OTHER_CLAIM)).toBeVisible();

  // All four "Kalldahl Berdymukhamedov" as one translation error with one correction.
  await page.getByRole('button', { name: 'Close search' }).click();
  await selectWithMouse(page, NAME);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await page.getByRole('button', { name: `All occurrences of “${NAME}”` }).click();
  const confirm = page.getByRole('form', { name: 'Mark occurrences' });
  await expect(confirm.getByRole('checkbox')).toHaveCount(4);
  await expect(confirm.getByRole('group', { name: 'Occurrences to mark (4 of 4)' })).toBeVisible();
  await confirm.getByRole('radio', { name: 'Translation errors with one correction' }).check();
  await confirm.getByLabel('Category').selectOption({ label: 'Locale conventions' });
  await confirm.getByLabel('Subtype').selectOption({ label: 'Name format' });
  await confirm.getByLabel('Severity').selectOption({ label: 'Major' });
  await confirm.getByLabel('Suggested correction').fill('Serdar Berdimuhamedow');
  await expectNoAxeViolations(page);
  await confirm.getByRole('button', { name: 'Mark 4 occurrences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Marked 4 occurrences' })).toHaveText(`Marked 4 occurrences of “${NAME}” as linked translation errors.`);
  await expect(mark(page, 'Translation error', NAME)).toHaveCount(4);
  let stored = await storedAnnotations(page);
  const errors = stored.filter((a) => a.kind === 'translation-error');
  expect(errors).toHaveLength(4);
  expect(new Set(errors.map((a) => a.claimId)).size).toBe(1);
  expect(errors.map((a) => a.translation)).toEqual(Array(4).fill({ dimension: 'locale-conventions', subtype: 'name-format', severity: 'major', correction: 'Serdar Berdimuhamedow' }));

  // A fix made once applies to all four.
  await page.getByRole('button', { name: 'Close search' }).click();
  await panel(page).getByRole('button', { name: new RegExp(`^Translation error “${NAME}”`) }).nth(2).click();
  await panel(page).getByLabel('Suggested correction').fill('Serdar Berdimuhamedov');
  await panel(page).getByLabel('Suggested correction').blur();
  await expect
    .poll(async () => (await storedAnnotations(page)).filter((a) => a.kind === 'translation-error').map((a) => a.translation.correction))
    .toEqual(Array(4).fill('Serdar Berdimuhamedov'));

  // Jump from The Paper's appearance to the Caravanserai one (the other document opens on it).
  await panel(page).getByRole('button', { name: /^Contested claim “Abdulaziz Kamilov made it very clear/ }).click();
  await panel(page).getByRole('button', { name: /^Go to “Speaking at a session of the Senate on March 17/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: TITLES.caravanserai })).toBeVisible();
  const here = panel(page).getByRole('group', { name: /^Linked claim · 2 appearances/ });
  await expect(here.getByRole('list', { name: 'Other appearances' }).getByRole('button')).toHaveText([/^Go to “Abdulaziz Kamilov made it very clear/]);

  // Through the workflow from the keyboard, on this appearance: in progress, checked, published (the
  // statuses' order in the list); the other appearance follows each move.
  const status = here.getByRole('combobox', { name: 'Status' });
  await status.focus();
  for (const value of ['in-progress', 'checked', 'published']) {
    await page.keyboard.press('ArrowDown');
    await expect(status).toHaveValue(value);
    await expect.poll(async () => (await storedAnnotations(page)).filter((a) => a.kind === 'claim' && a.claimId).map((a) => a.status)).toEqual([value, value]);
  }
  // Assignee and due date, labelled controls like the status.
  await here.getByRole('combobox', { name: 'Assignee' }).selectOption({ index: 1 });
  await here.getByLabel('Due').fill('2026-12-15');
  await expect.poll(async () => (await storedAnnotations(page)).filter((a) => a.kind === 'claim' && a.claimId).map((a) => [a.assignee?.startsWith('urn:claimdesk:reviewer:'), a.due])).toEqual([[true, '2026-12-15'], [true, '2026-12-15']]);
  await here.getByLabel('Due').blur();
  await expect(panel(page).getByRole('button', { name: new RegExp(`^Contested claim “${CARAVANSERAI_SENATE.slice(0, 20)}`) })).toContainText('Published · Linked');
  stored = await storedAnnotations(page);
  expect(stored.find((a) => a.quote.exact === OTHER_CLAIM)!.status).toBeUndefined();

  // Undo takes the last step back on both appearances; redo brings it again.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z'); // the due date
  await page.keyboard.press('Control+z'); // the assignee
  await expect.poll(async () => (await storedAnnotations(page)).filter((a) => a.kind === 'claim' && a.claimId).map((a) => [a.assignee, a.due])).toEqual([['', ''], ['', '']]);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await storedAnnotations(page)).filter((a) => a.kind === 'claim' && a.claimId).map((a) => a.status)).toEqual(['checked', 'checked']);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await storedAnnotations(page)).filter((a) => a.kind === 'claim' && a.claimId).map((a) => a.status)).toEqual(['published', 'published']);

  // Export ClaimReview: only the published claim, one review with both appearances.
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const downloadPromise = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'ClaimReview', exact: true }).click();
  const download = await downloadPromise;
  const path = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(path);
  await expect(dialog.getByRole('status').filter({ hasText: 'ClaimReview:' })).toContainText(`1 claim left out: not checked or published yet.`);
  await expect(dialog.getByRole('status').filter({ hasText: 'ClaimReview:' })).toContainText(`Not checked or published yet: “${OTHER_CLAIM.slice(0, 40)}” (To check).`);
  const graph = JSON.parse(readFileSync(path, 'utf8'))['@graph'] as Array<Record<string, any>>;
  expect(graph).toHaveLength(1);
  const review = graph[0]!;
  expect(review.claimReviewed).toBe('Uzbekistan’s foreign minister told the Senate on March 17 that Uzbekistan supports Ukraine’s sovereignty');
  expect(review.reviewRating.alternateName).toBe('contested');
  expect(review.url).toMatch(/^https:\/\/steppefacts\.example\.org\/checks\/\S+$/);
  expect(review.itemReviewed.appearance.map((w: { headline: string; text: string }) => [w.headline, w.text])).toEqual([
    [expect.stringMatching(TITLES.caravanserai), CARAVANSERAI_SENATE],
    [expect.stringMatching(TITLES.paper), PAPER_SENATE],
  ]);
  expect(review.citation).toEqual([{ '@type': 'CreativeWork', name: 'Senate of Uzbekistan: 17 March plenary session', url: 'https://senat.uz/en/lists/view/3811' }]);
});

test('accepting a similar passage links it as the same claim; one undo takes the whole link back, redo brings it again', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('heading', { level: 2, name: TITLES.caravanserai })).toBeVisible();
  const SOURCE = 'https://senat.uz/en/lists/view/3811';
  const PAPER_PASSAGE = 'On March 17th, Uzbek Foreign Minister Abdulaziz Kamilov made it very clear';

  // The Senate statement in the Caravanserai article: a contested claim with a source.
  await selectWithMouse(page, CARAVANSERAI_SENATE);
  await page.keyboard.press('2');
  await expect(mark(page, 'Contested claim', CARAVANSERAI_SENATE)).toBeVisible();
  await page.getByRole('button', { name: 'Add source' }).click();
  const source = page.getByRole('group', { name: /^Source \d+$/ }).last();
  await source.getByLabel('URL').fill(SOURCE);
  await source.getByLabel('Title').fill('Senate of Uzbekistan: 17 March plenary session');
  await source.getByLabel('Title').blur();
  await expect.poll(async () => (await storedAnnotations(page)).map((a) => a.sources.map((s: { url: string }) => s.url))).toEqual([[SOURCE]]);

  // Similar passages: the top one in the other article is The Paper's telling; accept it from the keyboard.
  await page.keyboard.press('Control+K');
  await page.getByRole('button', { name: 'Similar passages to the selected annotation' }).click();
  const top = page.getByRole('list', { name: 'Similar passages' }).getByRole('listitem').filter({ hasNotText: 'Same document.' }).first();
  await expect(top).toContainText(TITLES.paper);
  await expect(top).toContainText(PAPER_PASSAGE);
  const accept = top.getByRole('button', { name: 'Link as the same claim' });
  await expect(accept).toBeVisible();
  await expectNoAxeViolations(page);
  await accept.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.messages').getByRole('status')).toHaveText(/^Linked the passage in Central Asian countries.* as the same claim\.$/);
  await expect(top).toContainText('Linked as the same claim');
  await expect(accept).toHaveCount(0);

  // Two appearances of one claim: the new one holds the claim's verdict, sources and wording, its own
  // quote and an empty note.
  const linked = panel(page).getByRole('group', { name: /^Linked claim · 2 appearances/ });
  const others = linked.getByRole('list', { name: 'Other appearances' }).getByRole('button');
  await expect(others).toHaveText([/^Go to “On March 17th, Uzbek Foreign Minister Abdulaziz…” in Central Asian countries/]);
  let stored = await storedAnnotations(page);
  expect(stored).toHaveLength(2);
  expect(new Set(stored.map((a) => a.claimId)).size).toBe(1);
  expect(stored[0]!.claimId).toBeTruthy();
  const added = stored.find((a) => a.quote.exact.startsWith(PAPER_PASSAGE))!;
  expect([added.kind, added.verdict, added.sources.map((s: { url: string }) => s.url), added.note, added.claimWording]).toEqual(['claim', 'contested', [SOURCE], '', CARAVANSERAI_SENATE]);

  // The other appearance, in the reader and the panel: contested, with the source.
  await page.getByRole('button', { name: 'Close search' }).click();
  await others.click();
  await expect(page.getByRole('heading', { level: 2, name: TITLES.paper })).toBeVisible();
  await expect(mark(page, 'Contested claim', PAPER_PASSAGE)).toBeVisible();
  await expect(panel(page).getByRole('group', { name: /^Source \d+$/ }).getByLabel('URL')).toHaveValue(SOURCE);

  // Ctrl+Z takes the whole accept back: the new appearance is gone and the claim is unlinked.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(mark(page, 'Contested claim', PAPER_PASSAGE)).toHaveCount(0);
  await expect.poll(async () => (await storedAnnotations(page)).map((a) => [a.quote.exact, a.claimId ?? ''])).toEqual([[CARAVANSERAI_SENATE, '']]);
  // Redo brings it back, linked.
  await page.keyboard.press('Control+Shift+z');
  await expect(mark(page, 'Contested claim', PAPER_PASSAGE)).toBeVisible();
  await expect.poll(async () => new Set((await storedAnnotations(page)).map((a) => a.claimId || 'none')).size).toBe(1);
  stored = await storedAnnotations(page);
  expect(stored).toHaveLength(2);
  expect(stored.every((a) => a.claimId && a.sources[0]?.url === SOURCE)).toBe(true);

  // Unlinking this appearance from the keyboard: the focus goes to "Pick to link", not to the page.
  const unlink = panel(page).getByRole('button', { name: 'Unlink this appearance' });
  await unlink.focus();
  await page.keyboard.press('Enter');
  await expect(panel(page).getByRole('button', { name: 'Pick to link with another passage' })).toBeFocused();
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.quote.exact.startsWith(PAPER_PASSAGE))?.claimId ?? '').toBe('');
});
