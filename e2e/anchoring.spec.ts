// Anchoring that never loses or misplaces an annotation: a corrected text of an article is imported,
// highlights follow their moved words, deleted sentences become orphans that can be re-attached or
// deleted (undoably), and nothing disappears by itself.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  TITLES,
  highlight,
  highlightSitsOn,
  hypothesisRow,
  importThroughChooser,
  openApp,
  openDocument,
  paintedTexts,
  panelEntry,
  selectWithMouse,
  storedAnnotations,
} from './helpers';

const FILE = '001_cdd2637b0fb9ae17.txt';
const ORIGINAL = readFileSync(resolve(__dirname, '../corpus', FILE), 'utf8');

// Annotations made on the original text.
const MOVING = 'The CPC route carries 80 percent of Kazakh oil to Europe.'; // contested; words survive, shifted
const STAYING = 'Three days later'; // sourced; shifted by the inserted paragraph only
const DELETED = 'In a Fox News interview after meeting Tokayev, Zelensky said he would be open to talks with Putin in various countries, including Kazakhstan.'; // contradicted, re-attached later
const DROPPED = 'A Ukrainian drone strike on September 24 caused damage to CPC facilities at Novorossiysk, a key oil export terminal.'; // contested, deleted as an orphan, undone

// The corrected version: a paragraph inserted near the top, a typo fixed before MOVING, two sentences gone.
const INSERTED = 'Editor’s note: this story was corrected on 30 October; an earlier version misattributed remarks about a television interview.';
const REPLACEMENT = 'Zelensky later named Kazakhstan among the places where talks with Putin could be held.';
/** A highlight's accessible name: its kind and its quote, shortened past 80 characters as the reader does. */
function label(kind: string, quote: string): string {
  return `${kind}: “${quote.length > 80 ? `${quote.slice(0, 79)}…` : quote}”`;
}

function correctedText(): string {
  const lines = ORIGINAL.split('\n');
  lines.splice(1, 0, INSERTED);
  let text = lines.join('\n');
  const edits: Array<[string, string]> = [
    ['TuranUniversity', 'Turan University'],
    [DELETED, REPLACEMENT],
    [` ${DROPPED}`, ''],
  ];
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`fixture: "${from}" is not in ${FILE}`);
    text = text.replace(from, to);
  }
  return text;
}

test('a corrected text: highlights follow their words, deleted sentences become orphans, re-attach, delete and undo, nothing lost', async ({ page }) => {
  const corrected = correctedText();
  // The fixture really moves the words and really removes the two sentences.
  expect(corrected.indexOf(MOVING)).toBeGreaterThan(ORIGINAL.indexOf(MOVING));
  expect(corrected).not.toContain(DELETED);
  expect(corrected).not.toContain(DROPPED);

  await openApp(page);
  await openDocument(page, TITLES.eurasianet);
  const library = page.getByRole('navigation', { name: 'Library' });
  const panel = page.getByRole('complementary', { name: 'Annotations panel' });

  // Four annotations, made with the mouse and keys, with notes.
  await selectWithMouse(page, STAYING);
  await page.keyboard.press('1');
  await expect(highlight(page, `Sourced claim: “${STAYING}”`)).toBeVisible();

  await selectWithMouse(page, MOVING);
  await page.keyboard.press('2');
  await expect(highlight(page, `Contested claim: “${MOVING}”`)).toBeVisible();
  await page.getByLabel('Note').fill('CPC says 80 percent; check the 2023 figure.');

  await selectWithMouse(page, DELETED);
  await page.keyboard.press('3');
  await expect(highlight(page, /^Contradicted claim: “In a Fox News interview/)).toBeVisible();
  await page.getByLabel('Note').fill('Zelensky named Turkey and the Gulf, not Kazakhstan.');
  await page.getByRole('button', { name: 'Add source' }).click();
  await page.getByLabel('URL').fill('https://www.foxnews.com/interview-transcript');
  await page.getByLabel('Title').fill('Fox News transcript');
  await page.getByLabel('Title').blur();

  await selectWithMouse(page, DROPPED);
  await page.keyboard.press('2');
  await expect(highlight(page, /^Contested claim: “A Ukrainian drone strike/)).toBeVisible();
  await page.getByLabel('Note').fill('Date of the strike unconfirmed.');
  await page.getByLabel('Note').blur();

  await expect.poll(async () => (await storedAnnotations(page)).filter((a) => a.note !== '').length).toBe(3);
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.verdict === 'contradicted')?.sources[0]?.title).toBe('Fox News transcript');
  const before = await storedAnnotations(page);
  expect(before).toHaveLength(4);
  const byQuote = (list: Array<Record<string, any>>, q: string) => list.find((a) => a.quote.exact === q || a.history?.some((h: any) => h.quote.exact === q))!;
  const movingBefore = byQuote(before, MOVING);
  const deletedBefore = byQuote(before, DELETED);
  expect(movingBefore.position.start).toBe(ORIGINAL.indexOf(MOVING));

  // Import the corrected text from another document, then reopen the article.
  await openDocument(page, TITLES.caravanserai);
  await importThroughChooser(page, FILE, corrected, 'text/plain');
  await expect(page.getByRole('status').filter({ hasText: FILE })).toContainText(`Replaced the text of “Kazakhstan, Uzbekistan open the door a little wider to Ukraine” with ${FILE}`);
  await openDocument(page, TITLES.eurasianet);
  await expect(page.getByRole('region', { name: 'Reader' })).toContainText(INSERTED);
  await expect(page.getByRole('region', { name: 'Reader' })).toContainText('Turan University');
  await expect(page.getByRole('status').filter({ hasText: 'The text of this document changed' })).toHaveText(
    'The text of this document changed: 2 annotations followed their words, 2 became orphans.',
  );

  // The highlights follow their words: painted on exactly those words, marker over them.
  await expect(highlight(page, `Contested claim: “${MOVING}”`)).toBeVisible();
  await expect(highlight(page, `Sourced claim: “${STAYING}”`)).toBeVisible();
  await expect.poll(() => paintedTexts(page, 'cd-contested')).toEqual([MOVING]);
  await expect.poll(() => paintedTexts(page, 'cd-sourced')).toEqual([STAYING]);
  expect(await paintedTexts(page, 'cd-contradicted')).toEqual([]);
  expect(await highlightSitsOn(page, `Contested claim: “${MOVING}”`, MOVING)).toBe(true);
  expect(await highlightSitsOn(page, `Sourced claim: “${STAYING}”`, STAYING)).toBe(true);
  await expect(page.getByRole('tab', { name: 'Annotations (2)' })).toBeVisible();

  // The library shows the orphans; the Orphans tab shows each with its old quote, context, verdict and note.
  await expect(library.getByRole('button', { name: TITLES.eurasianet })).toContainText('2 orphans');
  await page.getByRole('tab', { name: 'Orphans (2)' }).click();
  const orphans = panel.getByRole('tabpanel', { name: 'Orphans' });
  const deletedEntry = orphans.getByRole('listitem').filter({ hasText: 'In a Fox News interview' });
  await expect(deletedEntry.getByLabel('Old quote with its context')).toHaveText(
    `…${deletedBefore.quote.prefix}${DELETED}${deletedBefore.quote.suffix}…`,
  );
  await expect(deletedEntry.getByLabel('Old quote with its context')).toContainText('the Tokayev-Zelensky meeting.');
  await expect(deletedEntry).toContainText('Contradicted claim');
  await expect(deletedEntry).toContainText('Zelensky named Turkey and the Gulf, not Kazakhstan.');
  const droppedEntry = orphans.getByRole('listitem').filter({ hasText: 'A Ukrainian drone strike' });
  await expect(droppedEntry).toContainText('Contested claim');
  await expect(droppedEntry).toContainText('Date of the strike unconfirmed.');

  // Stored: nothing deleted; the moved annotation keeps its previous selectors in its history.
  const afterImport = await storedAnnotations(page);
  expect(afterImport.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
  const moved = afterImport.find((a) => a.id === movingBefore.id)!;
  expect(moved.orphan).toBe(false);
  expect(moved.position.start).toBe(corrected.indexOf(MOVING));
  expect(moved.position.end).toBe(corrected.indexOf(MOVING) + MOVING.length);
  expect(moved.history).toHaveLength(1);
  expect(moved.history[0].quote).toEqual(movingBefore.quote);
  expect(moved.history[0].position).toEqual(movingBefore.position);
  expect(moved.history[0].docHash).toBe(movingBefore.docHash);
  expect(moved.docHash).not.toBe(movingBefore.docHash);
  expect(moved.note).toBe(movingBefore.note);
  const orphaned = afterImport.find((a) => a.id === deletedBefore.id)!;
  expect(orphaned).toMatchObject({ orphan: true, quote: deletedBefore.quote, position: deletedBefore.position, note: deletedBefore.note, verdict: 'contradicted', sources: deletedBefore.sources });

  // Re-attach: select the new sentence with the mouse and click "Re-attach to selection".
  await selectWithMouse(page, REPLACEMENT);
  await deletedEntry.getByRole('button', { name: 'Re-attach to selection' }).click();
  await expect(page.getByRole('tab', { name: 'Orphans (1)' })).toBeVisible();
  await expect(highlight(page, label('Contradicted claim', REPLACEMENT))).toBeVisible();
  await expect.poll(() => paintedTexts(page, 'cd-contradicted')).toEqual([REPLACEMENT]);
  expect(await highlightSitsOn(page, label('Contradicted claim', REPLACEMENT), REPLACEMENT)).toBe(true);
  await expect(library.getByRole('button', { name: TITLES.eurasianet })).toContainText('1 orphan');
  await expect(library.getByRole('button', { name: TITLES.eurasianet })).not.toContainText('2 orphans');
  await page.getByRole('tab', { name: 'Orphans (1)' }).click();
  await expect(orphans.getByRole('listitem').filter({ hasText: 'In a Fox News interview' })).toHaveCount(0);
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.id === deletedBefore.id)?.orphan).toBe(false);
  const reattached = (await storedAnnotations(page)).find((a) => a.id === deletedBefore.id)!;
  expect(reattached.quote.exact).toBe(REPLACEMENT);
  expect(reattached.position.start).toBe(corrected.indexOf(REPLACEMENT));
  expect(reattached.history.at(-1).quote).toEqual(deletedBefore.quote);
  expect(reattached.history.at(-1).position).toEqual(deletedBefore.position);
  expect(reattached.note).toBe(deletedBefore.note);
  expect(reattached.sources).toEqual(deletedBefore.sources);

  // Deleting an orphan takes a click, and Ctrl+Z brings it back unchanged.
  const droppedStored = (await storedAnnotations(page)).find((a) => a.quote.exact === DROPPED)!;
  expect(await storedAnnotations(page)).toHaveLength(4);
  await droppedEntry.getByRole('button', { name: 'Delete orphan' }).click();
  await expect(page.getByRole('tab', { name: 'Orphans (0)' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted.' })).toHaveText('Deleted. Press Ctrl+Z to undo.');
  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(3);
  await expect(library.getByRole('button', { name: TITLES.eurasianet })).not.toContainText('orphan');
  await page.keyboard.press('Control+z');
  await expect(page.getByRole('tab', { name: 'Orphans (1)' })).toBeVisible();
  await page.getByRole('tab', { name: 'Orphans (1)' }).click();
  await expect(orphans.getByRole('listitem').filter({ hasText: 'A Ukrainian drone strike' })).toContainText('Date of the strike unconfirmed.');
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.id === droppedStored.id)).toEqual(droppedStored);
  await expect(library.getByRole('button', { name: TITLES.eurasianet })).toContainText('1 orphan');

  // After a reload: still four annotations, the same highlights, the orphan still there.
  await page.reload();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
  await openDocument(page, TITLES.eurasianet);
  await expect(highlight(page, `Contested claim: “${MOVING}”`)).toBeVisible();
  await expect(highlight(page, label('Contradicted claim', REPLACEMENT))).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Orphans (1)' })).toBeVisible();
  const final = await storedAnnotations(page);
  expect(final.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
  console.log(`anchoring: ${before.length} annotations before the corrected text, ${afterImport.length} after, ${final.length} at the end (2 moved, 2 orphaned, 1 re-attached, 1 deleted and undone)`);
});

test('W3C import from another tool (Hypothesis rows): anchored, orphaned and unplaced are counted, and nothing is lost', async ({ page }) => {
  const PLACED = 'Farhod Tolipov, the director of Knowledge Caravan, a Tashkent-based think tank';
  const ORPHAN = 'Uzbekistan abstained in every vote on Ukraine at the United Nations';
  const NOWHERE = 'The Caspian summit in Ashgabat was postponed until 2027.';
  const file = [
    hypothesisRow('https://eurasianet.org/kazakhstan-uzbekistan-open-the-door-a-little-wider-to-ukraine', PLACED, 'Knowledge Caravan is a university, not a think tank.', ['contradicted']),
    // The article as a raw text file on a mirror: found by its file name, but the quote is not in it.
    hypothesisRow('https://mirror.example.org/corpus/004_6426d44e76528891.txt', ORPHAN, 'Misreads the vote table.', ['contradicted']),
    hypothesisRow('https://news.example.com/caspian-summit', NOWHERE, 'No document here says this.', ['contradicted']),
  ];

  await openApp(page);
  expect(await storedAnnotations(page)).toHaveLength(0);
  await importThroughChooser(page, 'hypothesis-export.json', JSON.stringify(file, null, 2), 'application/json');
  await expect(page.getByRole('status').filter({ hasText: 'Imported hypothesis-export.json' })).toHaveText(
    'Imported hypothesis-export.json: 3 annotations — 1 anchored, 1 orphaned, 1 could not be placed (kept under “Unplaced imports”); 3 added, 0 updated, 0 unchanged, 0 conflicts (kept yours).',
  );
  const stored = await storedAnnotations(page);
  expect(stored).toHaveLength(3);
  expect(stored.every((a) => a.verdict === 'contradicted')).toBe(true);

  // Anchored: a contradicted highlight on the words, with the note from the other tool.
  const library = page.getByRole('navigation', { name: 'Library' });
  await openDocument(page, TITLES.eurasianet);
  await expect(highlight(page, label('Contradicted claim', PLACED))).toBeVisible();
  expect(await highlightSitsOn(page, label('Contradicted claim', PLACED), PLACED)).toBe(true);
  await panelEntry(page, /Contradicted claim/).click();
  await expect(page.getByRole('textbox', { name: 'Note', exact: true })).toHaveValue('Knowledge Caravan is a university, not a think tank.');

  // Orphaned: in The Paper's orphans, counted in the library.
  await expect(library.getByRole('button', { name: TITLES.paper })).toContainText('1 orphan');
  await openDocument(page, TITLES.paper);
  await page.getByRole('tab', { name: 'Orphans (1)' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Orphans' })).toContainText(ORPHAN);
  await expect(page.getByRole('tabpanel', { name: 'Orphans' })).toContainText('Misreads the vote table.');

  // Unplaced: its own entry in the library, listed with its quote and note.
  const unplaced = library.getByRole('button', { name: /Unplaced imports/ });
  await expect(unplaced).toContainText('1 orphan');
  await unplaced.click();
  await expect(page.getByRole('region', { name: 'Reader' })).toContainText('nothing was dropped');
  await page.getByRole('tab', { name: 'Orphans (1)' }).click();
  const entry = page.getByRole('tabpanel', { name: 'Orphans' }).getByRole('listitem');
  await expect(entry).toContainText(NOWHERE);
  await expect(entry).toContainText('Contradicted claim');
  await expect(entry).toContainText('No document here says this.');
  console.log(`W3C (Hypothesis) import: ${stored.length} stored of ${file.length} in the file: 1 anchored, 1 orphaned, 1 unplaced`);
});

test('a replaced text can be restored to the corpus file: the annotations follow back and keep their history', async ({ page }) => {
  await openApp(page);
  await openDocument(page, TITLES.eurasianet);
  await selectWithMouse(page, STAYING);
  await page.keyboard.press('1');
  await expect(highlight(page, label('Sourced claim', STAYING))).toBeVisible();
  const made = (await storedAnnotations(page)).find((a) => a.quote.exact === STAYING)!;

  await importThroughChooser(page, FILE, correctedText(), 'text/plain');
  const note = page.getByRole('note').filter({ hasText: 'in place of the corpus file' });
  await expect(note).toContainText(FILE);
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.id === made.id)?.history.length).toBe(1);
  const moved = (await storedAnnotations(page)).find((a) => a.id === made.id)!;
  expect(moved.position.start).toBe(made.position.start + INSERTED.length + 1);

  await note.getByRole('button', { name: 'Restore the corpus text' }).click();
  await expect(note).toHaveCount(0);
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.id === made.id)?.history.length).toBe(2);
  const back = (await storedAnnotations(page)).find((a) => a.id === made.id)!;
  expect(back.position).toEqual(made.position);
  expect(back.docHash).toBe(made.docHash);
  expect(back.history.map((h: { docHash: string }) => h.docHash)).toEqual([made.docHash, moved.docHash]);
  await expect(highlight(page, label('Sourced claim', STAYING))).toBeVisible();
  expect(await highlightSitsOn(page, label('Sourced claim', STAYING), STAYING)).toBe(true);
});
