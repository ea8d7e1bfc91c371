// The claims desk, acting as a person: the desk opened from the keyboard, sorted, filtered with chips,
// a bulk status change (undone and redone), a row opened in the reader, "export what is filtered", the
// library's progress and the corpus overview. Annotations come in as a Claimdesk JSON import.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { describe as describeRange } from '../src/core/anchoring';
import { buildNativeExport, serializeNative } from '../src/core/formats';
import { createAnnotation, createSource, sha256Hex, type Annotation, type Verdict } from '../src/core/model';
import { TITLES, focusRightAfter, importThroughChooser, openApp, storedAnnotations } from './helpers';

const manifest = JSON.parse(readFileSync(resolve(__dirname, '../corpus/manifest.json'), 'utf8')) as { documents: Array<{ id: string; file: string; title: string; publication: string | null; author: string | null; date: string | null; language: string; translation: null }> };
const docOf = (prefix: string) => {
  const m = manifest.documents.find((d) => d.id.startsWith(prefix))!;
  const text = readFileSync(resolve(__dirname, '../corpus', m.file), 'utf8');
  return { ...m, text, hash: sha256Hex(text) };
};
const CARAVANSERAI = docOf('000_');
const EURASIANET = docOf('001_');
const PAPER = docOf('004_');

type Spec = { id: string; doc: typeof CARAVANSERAI; words: string; verdict: Verdict; author: string; status?: string; sources?: number; claimId?: string };
const WORDING = 'Kamilov told the Senate on March 17 that Uzbekistan supports Ukraine';
const SPECS: Spec[] = [
  { id: 'k1', doc: CARAVANSERAI, words: 'Uzbekistan recognises Ukraine', verdict: 'sourced', author: 'Ana', sources: 1 },
  { id: 'k2', doc: CARAVANSERAI, words: 'Speaking at a session of the Senate on March 17', verdict: 'contested', author: 'Bo', claimId: 'senate' },
  { id: 'k3', doc: CARAVANSERAI, words: 'hostilities and violence must cease immediately', verdict: 'contradicted', author: 'Ana', status: 'in-progress' },
  { id: 'e1', doc: EURASIANET, words: 'The countries’ top diplomats last met it 2021.', verdict: 'contradicted', author: 'Bo' },
  { id: 'e2', doc: EURASIANET, words: 'Bakhtiyor Saidov met with his Ukrainian counterpart', verdict: 'contested', author: 'Ana', status: 'checked' },
  // The same Senate statement in The Paper, linked with k2 as one claim.
  { id: 'p1', doc: PAPER, words: 'made it very clear at the plenary session of the National Senate', verdict: 'contested', author: 'Bo', claimId: 'senate' },
];

function importFile(): string {
  const annotations: Annotation[] = SPECS.map((s, i) => {
    const start = s.doc.text.indexOf(s.words);
    if (start < 0) throw new Error(`"${s.words}" is not in ${s.doc.id}`);
    const { quote, position } = describeRange(s.doc.text, { start, end: start + s.words.length });
    const a = createAnnotation({ id: s.id, docId: s.doc.id, kind: 'claim', verdict: s.verdict, quote, position, docHash: s.doc.hash, author: s.author, now: `2026-03-0${i + 1}T10:00:00.000Z`, sources: Array.from({ length: s.sources ?? 0 }, () => createSource({ url: 'https://kun.uz/news/2022/03/17', title: 'Kun.uz' })) });
    const withStatus = s.status ? { ...a, status: s.status as Annotation['status'] } : a;
    return s.claimId ? { ...withStatus, claimId: s.claimId, claimWording: WORDING } : withStatus;
  });
  return serializeNative(buildNativeExport({ appVersion: 'e2e', now: '2026-03-10T00:00:00.000Z', documents: [CARAVANSERAI, EURASIANET, PAPER], annotations }));
}

const grid = (page: Page) => page.getByRole('grid', { name: 'Claims desk' });
const dataRows = (page: Page) => grid(page).locator('[role="row"][data-annotation-id]');
const rowOf = (page: Page, words: string) => grid(page).getByRole('row').filter({ hasText: words });

test('the claims desk: open from the keyboard, sort, filter with chips, bulk status, open in the reader, export what is filtered', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await importThroughChooser(page, 'desk.json', importFile(), 'application/json');
  await expect(page.getByRole('status').filter({ hasText: 'Imported desk.json' })).toBeVisible();

  // The library shows each document's progress: Eurasianet has one of its two claims checked.
  await expect(page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: TITLES.eurasianet })).toContainText('1 of 2 done');

  // Open the desk from the keyboard.
  await page.keyboard.press('Alt+Shift+D');
  await expect(page.getByRole('heading', { name: 'Claims desk' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Reader' })).toBeHidden();
  await expect(page.getByText('6 annotations, in 5 rows: a linked claim is one row', { exact: true })).toBeVisible();
  await expect(dataRows(page)).toHaveCount(5);
  // The linked Senate claim is one row: its wording, two appearances, both documents.
  await expect(rowOf(page, WORDING)).toContainText('2 appearances');
  await expect(rowOf(page, WORDING)).toContainText('Pulling away from Russia, Uzbekistan declares full support for Ukraine + 1 more');
  // Grouped by status in the workflow's order.
  const groupRows = grid(page).locator('.desk-group-row');
  await expect(groupRows).toHaveText(['To check (3)', 'In progress (1)', 'Checked (1)']);

  // Sort by quote from the keyboard: Tab into the grid, to the header, Enter.
  await grid(page).getByRole('columnheader', { name: 'Quote' }).getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(grid(page).getByRole('columnheader', { name: /Quote/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('checkbox', { name: 'Group by status' }).uncheck();
  await expect(dataRows(page).first()).toContainText('Bakhtiyor Saidov');
  await expect(dataRows(page).last()).toContainText('Uzbekistan recognises Ukraine');
  await grid(page).getByRole('columnheader', { name: /Quote/ }).getByRole('button').click();
  await expect(grid(page).getByRole('columnheader', { name: /Quote/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(dataRows(page).first()).toContainText('Uzbekistan recognises Ukraine');
  await grid(page).getByRole('columnheader', { name: /Updated/ }).getByRole('button').click();
  await expect(dataRows(page).first()).toContainText('Bakhtiyor Saidov'); // the newest first
  await page.getByRole('checkbox', { name: 'Group by status' }).check();

  // Filter with chips: contradicted claims only; the chip removes itself.
  await page.getByRole('region', { name: 'Filters' }).getByRole('button', { name: 'Filters' }).click();
  await page.getByRole('group', { name: 'Verdict' }).getByRole('checkbox', { name: 'Contradicted' }).check();
  const chips = page.getByRole('list', { name: 'Active filters' });
  await expect(chips.getByRole('listitem')).toHaveText(['Verdict: Contradicted×']);
  await expect(page.getByText('2 of 6 annotations (filtered)')).toBeVisible();
  await expect(dataRows(page)).toHaveCount(2);
  // The filter is kept across a restart: the desk reopens filtered, its chip showing why.
  await page.reload();
  await page.getByRole('navigation', { name: 'Library' }).waitFor();
  await page.keyboard.press('Alt+Shift+D');
  await expect(chips.getByRole('listitem')).toHaveText(['Verdict: Contradicted×']);
  await expect(page.getByText('2 of 6 annotations (filtered)')).toBeVisible();
  await expect(dataRows(page)).toHaveCount(2);
  await page.getByRole('region', { name: 'Filters' }).getByRole('button', { name: 'Filters (1)' }).click();
  await page.getByRole('group', { name: 'Author' }).getByRole('checkbox', { name: 'Bo' }).check();
  await expect(dataRows(page)).toHaveCount(1);
  await expect(dataRows(page)).toContainText('top diplomats last met it 2021');
  await page.getByRole('button', { name: 'Remove filter Author: Bo' }).click();
  await page.getByRole('button', { name: 'Remove filter Verdict: Contradicted' }).click();
  await expect(chips).toBeHidden();
  await expect(dataRows(page)).toHaveCount(5);
  await page.getByRole('region', { name: 'Filters' }).getByRole('button', { name: 'Filters' }).click();

  // Keyboard: arrows move through the grid; Space selects rows.
  await grid(page).getByRole('columnheader', { name: /Quote/ }).getByRole('button').focus();
  await page.keyboard.press('ArrowDown'); // the "To check" group header
  await page.keyboard.press('ArrowDown'); // its first row
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  const bulk = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(bulk).toContainText('2 selected');
  const chosen = await grid(page).locator('[role="row"][aria-selected="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-annotation-id')));
  expect(chosen).toHaveLength(2);

  // The first two rows of "To check", newest first: the Eurasianet claim and the linked Senate claim.
  expect(chosen).toEqual(['e1', 'k2']);

  // Bulk: set status of both to Checked, as one undoable change; the linked claim's other appearance follows.
  await bulk.getByRole('combobox', { name: 'Set status of the selected' }).selectOption('Checked');
  await expect(page.getByRole('status').filter({ hasText: 'Set status of 3 annotations to Checked (with 1 other appearance of linked claims)' })).toBeVisible();
  await expect(groupRows).toHaveText(['To check (1)', 'In progress (1)', 'Checked (3)']);
  const statusOf = async () => Object.fromEntries((await storedAnnotations(page)).map((a) => [a.id, a.status ?? 'to-check']));
  for (const id of [...chosen, 'p1']) expect((await statusOf())[id!]).toBe('checked');
  await expect(grid(page).locator('[role="row"][aria-selected="true"] :focus')).toHaveCount(1); // back on the row
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('status').filter({ hasText: 'Undone: Set status of 3 annotations to Checked' })).toBeVisible();
  await expect(groupRows).toHaveText(['To check (3)', 'In progress (1)', 'Checked (1)']);
  for (const id of [...chosen, 'p1']) expect((await statusOf())[id!]).toBe('to-check');
  await page.keyboard.press('Control+Shift+z');
  await expect(groupRows).toHaveText(['To check (1)', 'In progress (1)', 'Checked (3)']);
  await expect(page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: TITLES.eurasianet })).toBeHidden(); // the library is not shown with the desk

  // Export what is filtered: Checked only → exactly those four annotations (three rows) in the file.
  await page.getByRole('region', { name: 'Filters' }).getByRole('button', { name: 'Filters' }).click();
  await page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: 'Checked' }).check();
  await expect(dataRows(page)).toHaveCount(3);
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByRole('radio', { name: 'Only what is filtered (4)' })).toBeChecked();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Claimdesk JSON', exact: true }).click();
  const file = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { annotations: Array<{ id: string; status?: string }> };
  expect(file.annotations.map((a) => a.id).sort()).toEqual(['e1', 'e2', 'k2', 'p1']);
  expect(file.annotations.every((a) => a.status === 'checked')).toBe(true);
  await expect(dialog.getByRole('status')).toContainText('4 annotations exported');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Open a row in the reader from the keyboard: Enter on its quote.
  await rowOf(page, 'hostilities and violence').getByRole('button', { name: /hostilities and violence/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Reader' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: TITLES.caravanserai })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Annotations panel' }).getByRole('button', { name: /Contradicted claim.*hostilities and violence/ })).toHaveAttribute('aria-expanded', 'true');

  // The corpus overview: per document and totals, and what is still to check first.
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Overview' }).click();
  const table = page.getByRole('table');
  await expect(table.getByRole('row', { name: /Pulling away from Russia/ })).toBeVisible();
  await expect(page.getByText(/^6 annotations in 3 documents/)).toBeVisible();
  // Document, To check, In progress, Checked, Published, Needs second look, Sourced, Contested, Contradicted, Translation errors, MQM, Orphans.
  await expect(table.getByRole('row', { name: /^Total/ }).locator('th, td')).toHaveText(['Total', '1', '1', '4', '0', '0', '1', '3', '2', '0', '', '0']);
  await expect(table.getByRole('row', { name: /Kazakhstan, Uzbekistan open the door/ }).locator('th, td')).toHaveText([TITLES.eurasianet, '0', '0', '2', '0', '0', '0', '1', '1', '0', '—', '0']);
  await expect(page.getByRole('list', { name: 'Claims still to check, most urgent first' }).getByRole('listitem')).toHaveCount(2);
});

test('Alt+Shift+D, O and R put the keyboard focus in the view before the window draws again: keys pressed at once act there', async ({ page }) => {
  await openApp(page);
  await importThroughChooser(page, 'desk.json', importFile(), 'application/json');
  await expect(page.getByRole('status').filter({ hasText: 'Imported desk.json' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: TITLES.caravanserai }).click();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();

  const view = (letter: 'D' | 'O' | 'R') => focusRightAfter(page, { key: letter, code: `Key${letter}`, altKey: true, shiftKey: true });

  await page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: TITLES.caravanserai }).focus();
  expect(await view('D')).toEqual({ prevented: true, focus: 'desk' });
  // The next key acts in the table: Right moves from the Quote header to the Document header.
  await expect(page.getByRole('columnheader', { name: /^Quote/ }).getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('columnheader', { name: /^Document/ }).getByRole('button')).toBeFocused();

  expect(await view('O')).toEqual({ prevented: true, focus: 'overview' });
  await expect(page.getByRole('heading', { name: 'Corpus overview' })).toBeFocused();

  expect(await view('R')).toEqual({ prevented: true, focus: 'reader' });
  await expect(page.getByRole('heading', { level: 2, name: TITLES.caravanserai })).toBeVisible();
});
