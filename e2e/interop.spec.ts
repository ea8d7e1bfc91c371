// Imports from other annotation tools through the Import button, with files in the exact shapes those
// tools write (e2e/fixtures/interop/): a Hypothesis search response and single API annotation, a
// recogito-js file and an @recogito/text-annotator file. Prints how many anchored, became orphans or
// went to Unplaced imports, and checks that none was placed in the wrong document.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { importThroughChooser, openApp, openDocument, panelEntry, storedAnnotations, TITLES } from './helpers';

const fixture = (name: string) => readFileSync(resolve(__dirname, 'fixtures/interop', name), 'utf8');
const manifest = JSON.parse(readFileSync(resolve(__dirname, '../corpus/manifest.json'), 'utf8')) as { documents: Array<{ id: string; file: string }> };
const texts = new Map(manifest.documents.map((d) => [d.id, readFileSync(resolve(__dirname, '../corpus', d.file), 'utf8')]));
const id = (prefix: string) => manifest.documents.find((d) => d.id.startsWith(prefix))!.id;

/** Where each annotation of the fixtures belongs (the document its quote was taken from), or 'unplaced'. */
const EXPECTED: Record<string, string> = {
  'https://hypothes.is/a/Qm9uZ2FyMQ': id('001_'),
  'https://hypothes.is/a/Qm9uZ2FyMg': id('002_'),
  'https://hypothes.is/a/Qm9uZ2FyNA': 'unplaced',
  'https://hypothes.is/a/U2luZ2xlMQ': id('004_'),
  '#5e0b4a1c-7d62-4c1e-9a0f-2b9d1f0c3a11': id('003_'),
  '#a6c0d3e2-1b4f-4d2a-8c7e-6f5a4b3c2d10': id('003_'),
  '#0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f': 'unplaced',
  '3b8f0c61-2a4e-4f9b-b1d7-9c2e5a6f7d80': id('002_'),
  '7d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5': id('001_'),
};

const FILES: Array<[string, string]> = [
  ['hypothesis-search.json', '4 annotations — 2 anchored, 0 orphaned, 1 could not be placed (kept under “Unplaced imports”), 1 comment (no verdict), 1 reply added to their thread; 3 added'],
  ['hypothesis-annotation.json', '1 annotation — 1 anchored, 0 orphaned, 0 could not be placed (kept under “Unplaced imports”); 1 added'],
  ['recogito-js.json', '3 annotations — 2 anchored, 0 orphaned, 1 could not be placed (kept under “Unplaced imports”), 1 comment (no verdict); 3 added'],
  ['text-annotator.json', '2 annotations — 2 anchored, 0 orphaned, 0 could not be placed (kept under “Unplaced imports”), 1 comment (no verdict); 2 added'],
];

test('imports from Hypothesis, recogito-js and @recogito/text-annotator: anchored, orphans, unplaced, 0 in the wrong document', async ({ page }) => {
  await openApp(page);
  const status = page.getByRole('status').filter({ hasText: 'Imported' });
  for (const [name, summary] of FILES) {
    await importThroughChooser(page, name, fixture(name), 'application/json');
    await expect(status.filter({ hasText: name })).toContainText(`Imported ${name}: ${summary}`);
  }

  const stored = await storedAnnotations(page);
  expect(stored.map((a) => a.id).sort()).toEqual(Object.keys(EXPECTED).sort());
  let anchored = 0;
  let orphans = 0;
  let unplaced = 0;
  let wrong = 0;
  for (const a of stored) {
    if (a.docId === 'unplaced') unplaced++;
    else if (a.orphan) orphans++;
    else anchored++;
    const text = texts.get(a.docId);
    const sitsOnItsWords = text !== undefined && text.slice(a.position.start, a.position.end) === a.quote.exact;
    if (a.docId !== EXPECTED[a.id] || (a.docId !== 'unplaced' && !a.orphan && !sitsOnItsWords)) wrong++;
  }
  console.log(`interop import: ${stored.length} stored from 4 files (Hypothesis search + single row, recogito-js, text-annotator): ${anchored} anchored, ${orphans} orphans, ${unplaced} unplaced, ${wrong} in the wrong document`);
  expect({ anchored, orphans, unplaced, wrong }).toEqual({ anchored: 7, orphans: 0, unplaced: 2, wrong: 0 });

  // The reply is in the thread of the annotation it answers; the Hypothesis author is the author.
  const claim = stored.find((a) => a.id === 'https://hypothes.is/a/Qm9uZ2FyMQ')!;
  expect(claim.author).toBe('Dilnoza R.');
  expect(claim.replies.map((r: { author: string }) => r.author)).toEqual(['Timur']);
  // A row with no verdict tag is a comment, never a claim that would flow into ClaimReview.
  const comment = stored.find((a) => a.id === 'https://hypothes.is/a/Qm9uZ2FyMg')!;
  expect(comment).toMatchObject({ kind: 'comment', verdict: null, note: 'Tags: follow-up' });
  // The Caravanserai quote is unplaced with both documents it could belong to listed.
  expect(stored.find((a) => a.id === 'https://hypothes.is/a/Qm9uZ2FyNA')!.candidates.sort()).toEqual([id('000_'), id('004_')]);

  // What a person sees: the claim in Eurasianet's article with its reply in the thread.
  await openDocument(page, TITLES.eurasianet);
  await panelEntry(page, /Contested claim.*80 percent of Kazakh oil/).click();
  await expect(page.getByRole('list', { name: 'Replies' })).toContainText("Timur: Agreed; the 78% figure is in the ministry's March bulletin.");

  // The comment shows as a comment, and the editor can turn it into a claim.
  await openDocument(page, TITLES.karimov);
  await panelEntry(page, /^Comment/).click();
  await page.getByRole('group', { name: /Comment — turn into a claim/ }).getByRole('button', { name: 'Contested claim' }).click();
  await expect.poll(async () => (await storedAnnotations(page)).find((a) => a.id === 'https://hypothes.is/a/Qm9uZ2FyMg')?.kind).toBe('claim');
  await expect(panelEntry(page, /^Contested claim “Karimov did not trust Russia\. So why did he become an ally/)).toBeVisible();

  // Unplaced imports list the documents each one could belong to, by title.
  await page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: /Unplaced imports/ }).click();
  await page.getByRole('tab', { name: /Orphans/ }).click();
  const entry = page.getByRole('tabpanel', { name: 'Orphans' }).getByRole('listitem').filter({ hasText: 'Kamilov resigned' });
  await expect(entry).toContainText('Could belong to: Pulling away from Russia, Uzbekistan declares full support for Ukraine; Central Asian countries');
});
