// Agreement between reviewers (issue 15): two people mark claims on one document under their own names
// (the name set in Settings); the Agreement panel shows the places both marked, verdict agreement with
// Krippendorff's alpha as core computes it, span F1, opens the disagreement in the reader, and exports CSV.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { krippendorffAlphaNominal } from '../src/core/agreement';
import { parseCsv } from '../src/core/formats';
import { reviewerId } from '../src/core/model';
import { TITLES, highlight, importThroughChooser, openApp, openDocument, panelEntry, selectWithMouse, storedAnnotations } from './helpers';

async function setName(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Your name').fill(name);
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toBeHidden();
}

async function tag(page: Page, words: string, key: '1' | '2' | '3', label: string): Promise<void> {
  await selectWithMouse(page, words);
  await page.keyboard.press(key);
  await expect(highlight(page, `${label} claim: “${words}”`)).toBeVisible();
  // The save's status line changes the layout above the reader: wait for it before the next selection.
  await expect(page.locator('.messages').getByRole('status')).toContainText(`“${words}”`);
}

/** The value shown for a measure in the Agreement panel's figures. */
function figure(page: Page, measure: string) {
  return page.getByRole('region', { name: 'Agreement' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: measure, exact: true }) }).getByRole('cell').first();
}

test('two reviewers’ claims on one document: agreement figures, the disagreement opened in the reader, CSV export', async ({ page }) => {
  await openApp(page);
  await openDocument(page, TITLES.eurasianet);

  // Ana marks three claims.
  await setName(page, 'Ana Petrova');
  await tag(page, 'Andrii Sybiha', '1', 'Sourced');
  await tag(page, 'top diplomats last met it 2021', '1', 'Sourced');
  await tag(page, 'a Tashkent-based think tank', '2', 'Contested');

  // With one reviewer, the panel (Alt+Shift+A) says why there is nothing to compare; Escape closes it.
  await page.keyboard.press('Alt+Shift+A');
  const panel = page.getByRole('region', { name: 'Agreement' });
  await expect(panel.getByRole('heading', { name: 'Agreement', exact: true })).toBeFocused();
  await expect(panel).toContainText('Agreement needs annotations by at least two reviewers on this document; only Ana Petrova has annotated it.');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // Ben marks two of those places independently, not word for word: the same verdict on one, another on the other.
  await setName(page, 'Ben Okafor');
  await tag(page, 'diplomats last met', '1', 'Sourced');
  await tag(page, 'Knowledge Caravan, a Tashkent-based', '3', 'Contradicted');
  await expect.poll(async () => (await storedAnnotations(page)).map((a) => a.author).sort()).toEqual(['Ana Petrova', 'Ana Petrova', 'Ana Petrova', 'Ben Okafor', 'Ben Okafor']);

  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Agreement' }).click();
  await expect(panel.getByRole('group', { name: 'Reviewers to compare' }).getByRole('checkbox', { name: 'Ana Petrova (3 annotations)' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'Ben Okafor (2 annotations)' })).toBeChecked();
  await expect(figure(page, 'Places marked')).toHaveText('3');
  await expect(figure(page, 'Marked by all')).toHaveText('2');
  await expect(figure(page, 'Verdict agreed')).toHaveText('1 of 2');
  // Alpha as core computes it for this table: (sourced, -), (sourced, sourced), (contested, contradicted) -> 0.400.
  const alpha = krippendorffAlphaNominal([
    ['sourced', null],
    ['sourced', 'sourced'],
    ['contested', 'contradicted'],
  ]).alpha;
  expect(alpha.toFixed(3)).toBe('0.400');
  await expect(figure(page, 'Verdict: Krippendorff’s alpha')).toHaveText(alpha.toFixed(3));
  // Two of five marks pair up by overlap (F1 2 × 2 / 5), none has the same start and end (F1 0).
  await expect(figure(page, 'Span F1, overlapping')).toHaveText('0.800');
  await expect(figure(page, 'Span F1, exact')).toHaveText('0.000');
  // No translation errors here: no MQM rows.
  await expect(panel.getByRole('rowheader', { name: /MQM/ })).toHaveCount(0);

  // Two disagreements, in text order; reached with Tab, ↓ to the second, Enter opens it: the reader selects Ana's claim there.
  const disagreements = panel.getByRole('list', { name: 'Disagreements (2)' }).getByRole('button');
  await expect(disagreements).toHaveText([
    'not marked by everyone on “Andrii Sybiha” (Ana Petrova: marked; Ben Okafor: not marked)',
    'verdict differs on “Knowledge Caravan, a Tashkent-based” (Ana Petrova: contested; Ben Okafor: contradicted)',
  ]);
  await expect(panel.getByRole('heading', { name: 'Agreement', exact: true })).toBeFocused();
  for (let i = 0; i < 12 && !(await disagreements.first().evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(disagreements.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(disagreements.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panelEntry(page, /Contested claim/)).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('radio', { name: 'Contested' })).toBeChecked();
  await expect(disagreements.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(panel).toBeVisible();
  // ↑ back to the first, which opens the claim only Ana marked.
  await page.keyboard.press('ArrowUp');
  await expect(disagreements.first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panelEntry(page, /Sourced claim.*Andrii Sybiha/)).toHaveAttribute('aria-current', 'true');
  await expect(disagreements.first()).toHaveAttribute('aria-current', 'true');

  // Export CSV: one row per place with each reviewer's verdict and what they disagree on.
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export CSV', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^claimdesk-agreement-units-.+\.csv$/);
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  await expect(panel.getByRole('status')).toHaveText(`Agreement CSV saved to ${file.suggestedFilename()}.`);
  const rows = parseCsv(readFileSync(path, 'utf8'));
  if (!rows.ok) throw new Error(rows.error);
  expect(rows.value[0]).toEqual(['unit', 'kind', 'start', 'end', 'quote', `Ana Petrova [${reviewerId('Ana Petrova')}]`, `Ben Okafor [${reviewerId('Ben Okafor')}]`, 'disagreement']);
  expect(rows.value.slice(1).map((r) => [r[0], r[1], r[4], r[5], r[6], r[7]])).toEqual([
    ['1', 'claim', 'Andrii Sybiha', 'sourced', '', 'marked'],
    ['2', 'claim', 'top diplomats last met it 2021', 'sourced', 'sourced', ''],
    ['3', 'claim', 'Knowledge Caravan, a Tashkent-based', 'contested', 'contradicted', 'verdict'],
  ]);

  // The summary as CSV carries the same figures.
  const summaryDownload = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export summary CSV' }).click();
  const summaryPath = test.info().outputPath('summary.csv');
  await (await summaryDownload).saveAs(summaryPath);
  const summary = parseCsv(readFileSync(summaryPath, 'utf8'));
  if (!summary.ok) throw new Error(summary.error);
  expect(summary.value).toContainEqual(['verdict: Krippendorff alpha (nominal)', '0.400']);
  expect(summary.value).toContainEqual(['units marked by all', '2']);

  // Unticking a reviewer leaves nothing to compare, and says so.
  await panel.getByRole('checkbox', { name: 'Ben Okafor (2 annotations)' }).uncheck();
  await expect(panel.getByRole('status').filter({ hasText: 'Choose at least two reviewers to compare.' })).toBeVisible();
  await expect(panel.getByRole('table')).toHaveCount(0);
  await panel.getByRole('checkbox', { name: 'Ben Okafor (2 annotations)' }).check();
  await expect(figure(page, 'Verdict agreed')).toHaveText('1 of 2');

  // The shortcut closes it again; focus returns to where it was.
  await page.keyboard.press('Alt+Shift+A');
  await expect(panel).toBeHidden();
  await expect(page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Agreement' })).toBeFocused();
});

test('each reviewer in their own profile marks the same words; one imports the other’s file: exact spans pair up', async ({ browser }) => {
  const profiles: Page[] = [];
  for (const name of ['Ana Petrova', 'Ben Okafor']) {
    const page = await (await browser.newContext()).newPage();
    await openApp(page);
    await openDocument(page, TITLES.eurasianet);
    await setName(page, name);
    profiles.push(page);
  }
  const [ana, ben] = profiles as [Page, Page];
  // Independently, word for word the same two places; they agree on one verdict and not the other.
  await tag(ana, 'Andrii Sybiha', '1', 'Sourced');
  await tag(ana, 'top diplomats last met it 2021', '2', 'Contested');
  await tag(ben, 'Andrii Sybiha', '1', 'Sourced');
  await tag(ben, 'top diplomats last met it 2021', '3', 'Contradicted');

  // Ben exports Claimdesk JSON; Ana imports it: both reviewers' marks sit side by side in her profile.
  await ben.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Export' }).click();
  const downloading = ben.waitForEvent('download');
  await ben.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Claimdesk JSON', exact: true }).click();
  const path = test.info().outputPath('ben.json');
  await (await downloading).saveAs(path);
  await importThroughChooser(ana, 'ben.json', readFileSync(path), 'application/json');
  await expect(ana.getByRole('status').filter({ hasText: 'Imported ben.json' })).toBeVisible();
  await expect.poll(async () => (await storedAnnotations(ana)).map((a) => a.author).sort()).toEqual(['Ana Petrova', 'Ana Petrova', 'Ben Okafor', 'Ben Okafor']);

  await ana.keyboard.press('Alt+Shift+A');
  const panel = ana.getByRole('region', { name: 'Agreement' });
  await expect(panel.getByRole('checkbox', { name: 'Ben Okafor (2 annotations)' })).toBeChecked();
  await expect(figure(ana, 'Places marked')).toHaveText('2');
  await expect(figure(ana, 'Marked by all')).toHaveText('2');
  await expect(figure(ana, 'Verdict agreed')).toHaveText('1 of 2');
  // Same start and end for every mark: exact-span F1 is 1, as is overlapping.
  await expect(figure(ana, 'Span F1, exact')).toHaveText('1.000');
  await expect(figure(ana, 'Span F1, overlapping')).toHaveText('1.000');
  const alpha = krippendorffAlphaNominal([
    ['sourced', 'sourced'],
    ['contested', 'contradicted'],
  ]).alpha;
  await expect(figure(ana, 'Verdict: Krippendorff’s alpha')).toHaveText(alpha.toFixed(3));
  await expect(panel.getByRole('list', { name: 'Disagreements (1)' }).getByRole('button')).toHaveText([
    'verdict differs on “top diplomats last met it 2021” (Ana Petrova: contested; Ben Okafor: contradicted)',
  ]);
});
