// Accessibility, measured: axe-core (WCAG 2.0/2.1/2.2 A and AA, plus best practice) on every screen of
// the app, with highlights of every kind on the page. Prints the violation count per screen and fails on any.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { buildNativeExport, serializeNative } from '../src/core/formats';
import type { Annotation } from '../src/core/model';
import { AXE_TAGS, TITLES, highlight, hypothesisRow, importThroughChooser, openApp, openDocument, panelEntry, selectWithMouse, storedAnnotations } from './helpers';

interface ScreenResult {
  screen: string;
  count: number;
  details: string[];
}

async function scan(page: Page, screen: string, results: ScreenResult[]): Promise<void> {
  // Let transitions, toolbars and markers settle before measuring (contrast reads painted colours).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const details = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : ''}`).join('; ')}`,
  );
  results.push({ screen, count: violations.reduce((n, v) => n + v.nodes.length, 0), details });
}

test('every screen passes axe-core (WCAG 2.2 A/AA and best practice) with highlights of every kind', async ({ page }) => {
  test.setTimeout(300_000);
  const results: ScreenResult[] = [];
  await openApp(page);
  await scan(page, 'library + reader (no annotations)', results);

  // An import from another tool: one highlight anchored, one orphan in The Paper, one unplaced.
  const row = (source: string, exact: string, text: string) => hypothesisRow(source, exact, text, ['contradicted']);
  const file = [
    row('https://mirror.example.org/corpus/004_6426d44e76528891.txt', 'Uzbekistan abstained in every vote on Ukraine at the United Nations', 'Misreads the vote table.'),
    row('https://news.example.com/caspian-summit', 'The Caspian summit in Ashgabat was postponed until 2027.', 'No document here says this.'),
  ];
  await importThroughChooser(page, 'hypothesis-export.json', JSON.stringify(file), 'application/json');
  await expect(page.getByRole('status').filter({ hasText: 'Imported hypothesis-export.json' })).toBeVisible();
  await scan(page, 'import result', results);

  // The Paper (a machine translation): a highlight of every kind.
  await openDocument(page, TITLES.paper);
  const tags: Array<[string, string, RegExp]> = [
    ['sanctions and counter-sanctions', '1', /^Sourced claim/],
    ['President Tokayev', '2', /^Contested claim/],
    ['the Moscow Times', '3', /^Contradicted claim/],
    ['Olij Malis', 't', /^Translation error/],
  ];
  for (const [text, key, label] of tags) {
    await selectWithMouse(page, text);
    await expect(page.getByRole('toolbar', { name: 'Tag the selected text' })).toBeVisible();
    await scan(page, `selection toolbar (${key})`, results);
    await page.keyboard.press(key);
    await expect(highlight(page, label)).toBeVisible();
    // Wait for the save's status line: its text changes the layout above the reader, which would move
    // the next selection's words under the mouse.
    await expect(page.locator('.messages').getByRole('status')).toContainText(`“${text}”`);
  }
  // The last one created is selected: its MQM editor is open.
  await expect(page.getByLabel('Severity')).toBeVisible();
  await scan(page, 'reader with highlights of every kind + MQM editor', results);

  await panelEntry(page, /Contested claim/).click();
  await expect(page.getByRole('group', { name: 'Verdict' })).toBeVisible();
  await page.getByRole('button', { name: 'Add source' }).click();
  await scan(page, 'annotation editor (claim, with a source)', results);

  // Workflow and links (issue 14): pick this claim, link the sourced one to it; the linked claim's block.
  const panelBox = page.getByRole('complementary', { name: 'Annotations panel' });
  await panelBox.getByRole('button', { name: 'Pick to link with another passage' }).click();
  await panelEntry(page, /^Sourced claim/).click();
  await panelBox.getByRole('button', { name: 'Link with 1 picked passage as one claim' }).click();
  await expect(panelBox.getByRole('group', { name: /^Linked claim · 2 appearances/ })).toBeVisible();
  await panelBox.getByLabel('Status').selectOption({ label: 'In progress' });
  await expect(panelBox.getByLabel('Status')).toHaveValue('in-progress');
  await scan(page, 'linked claim (status, assignee, due, wording, appearances)', results);

  // Similar passages to the selected claim, each with its "Link as the same claim" button.
  await page.keyboard.press('Control+K');
  await page.getByRole('button', { name: 'Similar passages to the selected annotation' }).click();
  await expect(page.getByRole('list', { name: 'Similar passages' }).getByRole('button', { name: 'Link as the same claim' }).first()).toBeVisible();
  await scan(page, 'similar passages with their link buttons', results);
  await page.getByRole('button', { name: 'Close search' }).click();

  // All occurrences with the form that marks them at once.
  await selectWithMouse(page, 'Central Asian');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await page.getByRole('button', { name: 'All occurrences of “Central Asian”' }).click();
  await expect(page.getByRole('form', { name: 'Mark occurrences' })).toBeVisible();
  await page.getByRole('form', { name: 'Mark occurrences' }).getByRole('radio', { name: 'Translation errors with one correction' }).check();
  await scan(page, 'all occurrences: mark them at once', results);
  await page.getByRole('button', { name: 'Close search' }).click();

  await page.getByRole('tab', { name: 'Orphans (1)' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Orphans' })).toContainText('Misreads the vote table.');
  await scan(page, 'orphans', results);

  await page.getByRole('button', { name: 'Corrected reading' }).click();
  await expect(page.getByRole('article', { name: 'Corrected reading' })).toBeVisible();
  await scan(page, 'corrected reading', results);
  await page.getByRole('button', { name: 'Corrected reading' }).click();

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Export' })).toBeVisible();
  await scan(page, 'export dialog', results);
  await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await scan(page, 'settings', results);
  await page.keyboard.press('Escape');

  // claims desk (issue 14): the desk with a selection, the filter panel open with a chip, the Export
  // dialog offering what is filtered, the corpus overview; the library shows each document's progress.
  await expect(page.locator('.doc-progress').first()).toBeVisible();
  await page.keyboard.press('Alt+Shift+D');
  const desk = page.getByRole('grid', { name: 'Claims desk' });
  await expect(desk.locator('[role="row"][data-annotation-id]').first()).toBeVisible();
  await desk.locator('[role="row"][data-annotation-id]').first().getByRole('checkbox').check();
  await page.getByRole('region', { name: 'Filters' }).getByRole('button', { name: 'Filters' }).click();
  await page.getByRole('group', { name: 'Kind' }).getByRole('checkbox', { name: 'Claim' }).check();
  await expect(page.getByRole('list', { name: 'Active filters' })).toBeVisible();
  await scan(page, 'claims desk (selection, filter panel, chip)', results);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Export' }).getByRole('radio', { name: /Only what is filtered/ })).toBeChecked();
  await scan(page, 'export dialog (what is filtered)', results);
  await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('region', { name: 'Filters' }).getByRole('button', { name: 'Filters' }).click();
  await page.keyboard.press('Alt+Shift+O');
  await expect(page.getByRole('heading', { name: 'Corpus overview' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Claims still to check, most urgent first' })).toBeVisible();
  await scan(page, 'corpus overview', results);
  await page.keyboard.press('Alt+Shift+R');

  await page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: /Unplaced imports/ }).click();
  await page.getByRole('tab', { name: 'Orphans (1)' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Orphans' })).toContainText('No document here says this.');
  await scan(page, 'unplaced imports', results);

  const width = Math.max(...results.map((r) => r.screen.length));
  console.log(`axe-core (${AXE_TAGS.join(', ')}): violations (nodes) per screen\n${results.map((r) => `  ${r.screen.padEnd(width)}  ${r.count}`).join('\n')}`);
  const failing = results.filter((r) => r.count > 0);
  expect(failing.map((r) => `${r.screen}:\n    ${r.details.join('\n    ')}`).join('\n')).toBe('');
});

test('the reading font ships with the app: curly apostrophes are narrow, not full-width from a CJK fallback', async ({ page }) => {
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) external.push(r.url());
  });
  await openApp(page);
  await openDocument(page, TITLES.paper);
  await page.evaluate(() => document.fonts.ready);
  const measured = await page.evaluate(() => {
    const root = document.querySelector('.reader-content')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf('Kyrgyzstan’s');
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(n, i + 'Kyrgyzstan'.length);
      r.setEnd(n, i + 'Kyrgyzstan’'.length);
      const fontSize = parseFloat(getComputedStyle(n.parentElement!).fontSize);
      return { apostrophe: r.getBoundingClientRect().width / fontSize, family: getComputedStyle(n.parentElement!).fontFamily };
    }
    return null;
  });
  const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/"/g, '')));
  expect(measured).not.toBeNull();
  expect(measured!.family).toMatch(/^"?Noto Serif"?,/);
  expect(loaded).toContain('Noto Serif');
  // A Latin apostrophe is about a quarter of an em; a CJK fallback draws it a full em wide.
  expect(measured!.apostrophe).toBeLessThan(0.5);
  expect(external).toEqual([]);
  console.log(`reading font: ${measured!.family}; apostrophe ${measured!.apostrophe.toFixed(2)} em wide; no request left the app`);
});

test('sync screens pass axe-core: Settings’ sync section, the status bar, the Conflicts list and an annotation’s history', async ({ page }) => {
  test.setTimeout(120_000);
  const results: ScreenResult[] = [];
  await openApp(page);
  await openDocument(page, TITLES.eurasianet);
  await selectWithMouse(page, 'Three days later');
  await page.keyboard.press('2');
  await expect(highlight(page, 'Contested claim: “Three days later”')).toBeVisible();
  await page.getByLabel('Note').fill('Our note');
  await page.getByLabel('Note').blur();
  await expect.poll(async () => (await storedAnnotations(page))[0]?.note).toBe('Our note');

  // Another reviewer's file: the same claim with their verdict and note. The note becomes a conflict.
  const ours = (await storedAnnotations(page))[0] as Annotation;
  const theirs: Annotation = { ...ours, verdict: 'contradicted', note: 'Their note', updatedAt: new Date(Date.now() + 1000).toISOString() };
  const file = serializeNative(buildNativeExport({ appVersion: 't', now: new Date().toISOString(), documents: [], annotations: [theirs], reviewers: [{ id: 'rev-other', name: 'Other Reviewer' }] }));
  await importThroughChooser(page, 'other-reviewer.json', file, 'application/json');
  await expect(page.getByRole('status').filter({ hasText: 'Imported other-reviewer.json' })).toContainText('1 conflict (both values kept');
  await page.getByRole('button', { name: 'Conflicts (1)' }).click();
  await panelEntry(page, /claim/).click();
  await expect(page.getByRole('group', { name: 'Conflict on note' })).toContainText('Other Reviewer');
  await expect(page.getByRole('region', { name: 'Selected annotation’s changes' })).toContainText('Other Reviewer (from a file imported by Unnamed editor) changed verdict to contradicted');
  await scan(page, 'conflicts list + conflict on the annotation + its history', results);

  // Sync configured to a server that is not running: the status bar says offline.
  await page.evaluate(() => localStorage.setItem('claimdesk:sync', JSON.stringify({ serverUrl: 'ws://127.0.0.1:4999', token: `cd1.00000000-0000-0000-0000-000000000000.${'A'.repeat(43)}` })));
  await page.reload();
  await openDocument(page, TITLES.eurasianet);
  await expect(page.getByRole('status').filter({ hasText: /^Offline/ })).toBeVisible({ timeout: 15_000 });
  await scan(page, 'status bar (sync offline)', results);

  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Server address').fill('ws://sync.example.org');
  await expect(settings).toContainText('unencrypted');
  await scan(page, 'settings: sync section with an error', results);

  const width = Math.max(...results.map((r) => r.screen.length));
  console.log(`axe-core (${AXE_TAGS.join(', ')}): violations (nodes) per sync screen\n${results.map((r) => `  ${r.screen.padEnd(width)}  ${r.count}`).join('\n')}`);
  expect(results.filter((r) => r.count > 0).map((r) => `${r.screen}:\n    ${r.details.join('\n    ')}`).join('\n')).toBe('');
});

test('the Agreement panel passes axe-core: too few reviewers, then two reviewers’ claims and translation errors with disagreements', async ({ page }) => {
  test.setTimeout(120_000);
  const results: ScreenResult[] = [];
  const setName = async (name: string) => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Your name').fill(name);
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden();
  };
  const tag = async (text: string, key: string, label: RegExp) => {
    await selectWithMouse(page, text);
    await page.keyboard.press(key);
    await expect(highlight(page, label)).toBeVisible();
    await expect(page.locator('.messages').getByRole('status')).toContainText(`“${text}”`);
  };
  await openApp(page);
  await openDocument(page, TITLES.paper);
  await setName('Ana Petrova');
  await tag('sanctions and counter-sanctions', '1', /^Sourced claim/);
  await tag('Olij Malis', 't', /^Translation error/);
  await page.keyboard.press('Alt+Shift+A');
  const panel = page.getByRole('region', { name: 'Agreement' });
  await expect(panel).toContainText('only Ana Petrova has annotated it');
  await scan(page, 'agreement: fewer than two reviewers', results);
  await page.keyboard.press('Escape');

  await setName('Ben Okafor');
  await tag('counter-sanctions', '3', /^Contradicted claim/);
  await tag('Olij', 't', /^Translation error: “Olij”/);
  await page.keyboard.press('Alt+Shift+A');
  await expect(panel.getByRole('rowheader', { name: 'MQM severity: Krippendorff’s alpha' })).toBeVisible();
  await panel.getByRole('list', { name: /^Disagreements/ }).getByRole('button').first().click();
  await expect(panel.getByRole('list', { name: /^Disagreements/ }).getByRole('button').first()).toHaveAttribute('aria-current', 'true');
  await scan(page, 'agreement: figures, disagreements (one opened)', results);

  const width = Math.max(...results.map((r) => r.screen.length));
  console.log(`axe-core (${AXE_TAGS.join(', ')}): violations (nodes) per agreement screen\n${results.map((r) => `  ${r.screen.padEnd(width)}  ${r.count}`).join('\n')}`);
  expect(results.filter((r) => r.count > 0).map((r) => `${r.screen}:\n    ${r.details.join('\n    ')}`).join('\n')).toBe('');
});
