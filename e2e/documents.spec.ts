// Bring your own documents, as a person would: drop files of different types onto the window, read
// each with its title, tag a claim across a former PDF line break, mark a translation in the details,
// reload, remove to the trash and restore. Security: a hostile saved page runs nothing and loads nothing.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { AXE_TAGS, highlight, openApp, openDocument, selectWithMouse, storedAnnotations } from './helpers';

const DIR = join(__dirname, 'fixtures', 'documents');
const NEWS = 'Harbour council approves flood wall after decade of delays';
const PDF = 'Lakes report 2026';
const ZH = '港口委员会周二投票决定在东码头修建防洪墙，结束了长达十年的拖延。';

/** Drops files onto the window: a real drop event whose DataTransfer is built in the page from the fixture bytes. */
async function dropFiles(page: Page, names: string[]): Promise<void> {
  const files = names.map((name) => ({ name, base64: readFileSync(join(DIR, name)).toString('base64') }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    const target = document.querySelector('.reader-pane') ?? document.body;
    const rect = target.getBoundingClientRect();
    const at = { clientX: rect.x + rect.width / 2, clientY: rect.y + rect.height / 2 };
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt, ...at }));
  }, files);
}

const library = (page: Page) => page.getByRole('navigation', { name: 'Library' });

test('drop three documents, read them, tag across a former line break, mark a translation, reload, trash and restore', async ({ page, baseURL }) => {
  // Nothing is fetched from anywhere but the app itself (pdf.js fonts and CMaps, images in the page…).
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(baseURL!) && !/^(data|blob):/.test(r.url())) outside.push(r.url());
  });
  await openApp(page);
  await dropFiles(page, ['news-page.html', 'lakes-report.pdf', 'harbour-zh.txt']);

  const review = page.getByRole('dialog', { name: 'Add documents' });
  await expect(review).toBeVisible();
  const files = review.getByRole('list', { name: 'Files read' });
  await expect(files.getByRole('listitem')).toHaveCount(3);
  await expect(files.getByRole('listitem').filter({ hasText: 'news-page.html' })).toContainText(`“${NEWS}”`);
  await expect(files.getByRole('listitem').filter({ hasText: 'lakes-report.pdf' })).toContainText(`“${PDF}”`);
  // The GB18030 text: its encoding is detected and shown, and can be changed before adding.
  const encoding = review.getByLabel('Encoding of harbour-zh.txt');
  await expect(encoding).toHaveValue('gb18030');
  await encoding.selectOption('big5');
  await expect(files.getByRole('listitem').filter({ hasText: 'harbour-zh.txt' })).not.toContainText(ZH);
  await encoding.selectOption('gb18030');
  await expect(files.getByRole('listitem').filter({ hasText: 'harbour-zh.txt' })).toContainText(ZH);
  await review.getByRole('button', { name: 'Add 3 documents' }).click();
  await expect(review).toBeHidden();

  for (const title of [NEWS, PDF, ZH]) await expect(library(page).getByRole('button', { name: title })).toBeVisible();

  // The PDF reads as whole paragraphs: a claim that spanned two printed lines ("at three / depths").
  await openDocument(page, new RegExp(PDF));
  const reader = page.getByRole('textbox', { name: 'Article text' });
  await expect(reader).toContainText('the count of coliform bacteria at three depths in each lake.');
  await expect(reader).toContainText('the regional laboratory sampled the water');
  await expect(reader).not.toContainText('1/2');
  const CLAIM = 'coliform bacteria at three depths in each lake';
  await selectWithMouse(page, CLAIM);
  await page.keyboard.press('2');
  await expect(highlight(page, `Contested claim: “${CLAIM}”`)).toBeVisible();

  // The news page is a translation of the Chinese text: details edited in the details dialog.
  await openDocument(page, new RegExp(NEWS));
  await expect(page.locator('.reader-meta')).toContainText('The Coastal Herald · Ines Valk · 2026-03-17');
  const textBefore = await reader.textContent();
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Details' }).click();
  const details = page.getByRole('dialog', { name: 'Document details' });
  await expect(details.getByLabel('URL')).toHaveValue('https://coastalherald.example/news/2026/03/17/flood-wall');
  await details.getByLabel('This document is a translation').check();
  await details.getByLabel('Source document').selectOption({ label: ZH });
  await details.getByLabel('Source language (code)').fill('zh');
  await details.getByLabel('Translated by').selectOption('machine');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(details).toBeHidden();
  await expect(page.locator('.reader-meta')).toContainText('translated from zh (machine)');
  expect(await reader.textContent()).toBe(textBefore);

  await expect.poll(async () => (await storedAnnotations(page)).length).toBe(1);
  await page.reload();
  await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
  for (const title of [NEWS, PDF, ZH]) await expect(library(page).getByRole('button', { name: title })).toBeVisible();
  await openDocument(page, new RegExp(NEWS));
  await expect(page.locator('.reader-meta')).toContainText('translated from zh (machine)');
  await openDocument(page, new RegExp(PDF));
  await expect(highlight(page, `Contested claim: “${CLAIM}”`)).toBeVisible();

  // Remove the PDF to the trash, then restore it from the trash with its annotation.
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Remove' }).click();
  await expect(library(page).getByRole('button', { name: PDF })).toHaveCount(0);
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Trash (1)' }).click();
  const trash = page.getByRole('dialog', { name: 'Trash' });
  await expect(trash.getByRole('list', { name: 'Documents in the trash' })).toContainText(`${PDF}1 annotation`);
  await trash.getByRole('button', { name: `Restore “${PDF}”` }).click();
  await trash.getByRole('button', { name: 'Close' }).click();
  await expect(library(page).getByRole('button', { name: PDF })).toBeVisible();
  await expect(highlight(page, `Contested claim: “${CLAIM}”`)).toBeVisible();

  // The same content again adds nothing.
  await dropFiles(page, ['harbour-zh.txt']);
  await page.getByRole('dialog', { name: 'Add documents' }).getByRole('button', { name: 'Add 1 document' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'already in the library' })).toContainText(`harbour-zh.txt is already in the library as “${ZH}”`);
  await expect(library(page).getByRole('button', { name: ZH })).toHaveCount(1);
  expect(outside).toEqual([]);
});

test('Import… takes documents too: chosen files go through the same readers and review as a drop', async ({ page }) => {
  await openApp(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Import', exact: true }).click();
  await (await chooser).setFiles([join(DIR, 'lakes-report.pdf'), join(DIR, 'harbour-zh.txt')]);
  const review = page.getByRole('dialog', { name: 'Add documents' });
  await expect(review.getByRole('listitem').filter({ hasText: 'lakes-report.pdf' })).toContainText(`“${PDF}”`);
  // Not UTF-8: the readers detect its encoding (the text import would have refused it).
  await expect(review.getByLabel('Encoding of harbour-zh.txt')).toHaveValue('gb18030');
  await review.getByRole('button', { name: 'Add 2 documents' }).click();
  await expect(review).toBeHidden();
  for (const title of [PDF, ZH]) await expect(library(page).getByRole('button', { name: title })).toBeVisible();

  // The export says where each text came from: file, reader, encoding, when; the file's own check re-imports it.
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Claimdesk JSON' }).click();
  const exported = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  const origins = Object.fromEntries(exported.documents.filter((d: { textOrigin?: unknown }) => d.textOrigin).map((d: { title: string; textOrigin: unknown }) => [d.title, d.textOrigin]));
  expect(origins[PDF]).toMatchObject({ file: 'lakes-report.pdf', type: 'application/pdf', reader: 'pdf.js text layer (pdf)', encoding: null });
  expect(origins[ZH]).toMatchObject({ file: 'harbour-zh.txt', reader: 'decoded text (plain text)', encoding: 'gb18030' });
  expect(origins[ZH].sha256).toBe(createHash('sha256').update(readFileSync(join(DIR, 'harbour-zh.txt'))).digest('hex'));
});

test('in a batch the good files are added and the bad ones listed with the reason', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, ['notes.md', 'photo.txt', 'corrupt.pdf', 'ferry-budget.docx']);
  const review = page.getByRole('dialog', { name: 'Add documents' });
  await expect(review.getByRole('listitem').filter({ hasText: 'photo.txt' })).toContainText('Refused: it is not text (binary content).');
  await review.getByRole('button', { name: 'Add 2 documents' }).click();
  await expect(page.getByRole('alert')).toContainText('Not added — photo.txt: it is not text (binary content); corrupt.pdf: it is damaged or not a PDF.');
  await expect(library(page).getByRole('button', { name: 'Notes on the ferry fares' })).toBeVisible();
  await expect(library(page).getByRole('button', { name: 'Budget review of the ferry service' })).toBeVisible();
  // Filter the library by title.
  await library(page).getByLabel('Filter the library').fill('ferry');
  await expect(library(page).getByRole('button', { name: /./ }).filter({ hasText: /ferry/i })).toHaveCount(2);
  await expect(library(page).locator('button.library-item')).toHaveCount(2);
});

test('a review of 120 files is virtualized: it says how many were read, only the rows in view are in the page, the keyboard scrolls to the last, all are added', async ({ page }) => {
  await openApp(page);
  // 120 different Markdown notes (small, made in the page) and one file that is refused.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    for (let i = 1; i <= 120; i++) dt.items.add(new File([`# Bulk note ${i}\n\nThe ferry board met for the ${i}th time about fares.\n`], `bulk-${String(i).padStart(3, '0')}.md`));
    dt.items.add(new File([new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254])], 'zz-binary.txt'));
    const target = document.querySelector('.reader-pane') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  const review = page.getByRole('dialog', { name: 'Add documents' });
  await expect(review).toContainText('121 files read: 120 can be added, 1 refused.');
  const rows = review.getByRole('list', { name: 'Files read' }).getByRole('listitem');
  await expect(rows.first()).toContainText('“Bulk note 1”');
  const rendered = await rows.count();
  expect(rendered).toBeGreaterThan(2);
  expect(rendered).toBeLessThan(30);
  await expect(rows.first()).toHaveAttribute('aria-setsize', '121');
  // Keyboard only: the scrollable list is in the Tab order; End scrolls it to the last file.
  const scroller = review.getByRole('group', { name: 'Files read (121), scrollable' });
  await scroller.focus();
  await page.keyboard.press('End');
  await expect(rows.filter({ hasText: 'zz-binary.txt' })).toContainText('Refused:');
  await expect(rows.filter({ hasText: 'zz-binary.txt' })).toHaveAttribute('aria-posinset', '121');
  await review.getByRole('button', { name: 'Add 120 documents' }).click();
  await expect(review).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Added 120 documents' })).toBeVisible();
  await library(page).getByLabel('Filter the library').fill('Bulk note');
  await expect(library(page).getByRole('list', { name: /^Documents \(/ })).toHaveAccessibleName('Documents (120)');
});

test('dropping a folder adds the documents in it and its sub-folders, each keeping its folder: the library grouped by folder shows them there, after a reload too', async ({ page }, testInfo) => {
  // A real folder on disk, dropped the way the OS drops one: Chromium's own drag and drop (DevTools
  // protocol Input.dispatchDragEvent with the folder's path), so the page gets a directory entry to walk.
  const newsroom = testInfo.outputPath('newsroom');
  mkdirSync(join(newsroom, 'lakes'), { recursive: true });
  mkdirSync(join(newsroom, 'harbour', 'translations'), { recursive: true });
  copyFileSync(join(DIR, 'lakes-report.pdf'), join(newsroom, 'lakes', 'lakes-report.pdf'));
  copyFileSync(join(DIR, 'notes.md'), join(newsroom, 'notes.md'));
  copyFileSync(join(DIR, 'harbour-zh.txt'), join(newsroom, 'harbour', 'translations', 'harbour-zh.txt'));
  writeFileSync(join(newsroom, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47])); // not a document type: skipped
  await openApp(page);
  const box = (await page.locator('.reader-pane').boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [newsroom], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, x: box.x + box.width / 2, y: box.y + box.height / 2, data });

  const review = page.getByRole('dialog', { name: 'Add documents' });
  await expect(review).toContainText('3 files read: 3 can be added.');
  const rows = review.getByRole('list', { name: 'Files read' }).getByRole('listitem');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: 'lakes-report.pdf' })).toContainText(`“${PDF}”`);
  await expect(review.getByLabel('Encoding of harbour-zh.txt')).toHaveValue('gb18030');
  await review.getByRole('button', { name: 'Add 3 documents' }).click();
  await expect(review).toBeHidden();

  const groupsOf = async (filter: string) => {
    await library(page).getByLabel('Filter the library').fill(filter);
    return library(page).getByRole('heading', { level: 3 });
  };
  for (const reloaded of [false, true]) {
    if (reloaded) {
      await page.reload();
      await expect(page.locator('.reader-scroll[data-loaded="true"]')).toBeVisible();
    }
    await library(page).getByLabel('Group by').selectOption({ label: 'Folder imported from' });
    await expect(await groupsOf(PDF)).toHaveText(['/newsroom/lakes (1 document)']);
    await expect(library(page).getByRole('button', { name: new RegExp(PDF) })).toBeVisible();
    await expect(await groupsOf('Notes on the ferry fares')).toHaveText(['/newsroom (1 document)']);
    await expect(await groupsOf(ZH)).toHaveText(['/newsroom/harbour/translations (1 document)']);
    await library(page).getByLabel('Filter the library').fill('');
  }
});

test('a hostile saved page: nothing runs and nothing is requested, in the review and in the reader', async ({ page, baseURL }) => {
  const requests: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(baseURL!) && !/^(data|blob):/.test(r.url())) requests.push(r.url());
  });
  await page.addInitScript(() => {
    (window as unknown as { __pwned: number }).__pwned = 0;
    window.alert = () => {
      (window as unknown as { __pwned: number }).__pwned += 100;
    };
  });
  await openApp(page);
  await dropFiles(page, ['news-page.html']);
  await page.getByRole('dialog', { name: 'Add documents' }).getByRole('button', { name: 'Add 1 document' }).click();
  await openDocument(page, new RegExp(NEWS));
  const reader = page.getByRole('textbox', { name: 'Article text' });
  await expect(reader).toContainText('Council leader Mara Ostend said the cost');
  // Click the words that were a javascript: link in the page.
  await reader.getByText('regional government', { exact: false }).first().click();
  await page.waitForTimeout(500);
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned: number }).__pwned,
    images: document.querySelectorAll('.reader-pane img, .reader-pane iframe, .reader-pane script').length,
    links: document.querySelectorAll('.reader-pane a[href^="javascript:" i]').length,
  }));
  console.log(`hostile page: ${state.pwned} executed, ${requests.length} outside requests, ${state.images} embedded elements`);
  expect(state).toEqual({ pwned: 0, images: 0, links: 0 });
  expect(requests).toEqual([]);
});

test('accessibility: the review, details and trash dialogs and the library controls have 0 axe violations, and work from the keyboard', async ({ page }) => {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  // The whole screen, with the same rules as a11y.spec.ts (WCAG 2.2 A/AA and best practice).
  const axe = async (what: string, _scope: string) => {
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    console.log(`axe, ${what}: ${found.length} violations`);
    expect(found).toEqual([]);
  };
  await openApp(page);
  await dropFiles(page, ['notes.md', 'photo.txt', 'minutes-utf16le.txt']);
  const review = page.getByRole('dialog', { name: 'Add documents' });
  await expect(review.getByLabel('Encoding of minutes-utf16le.txt')).toHaveValue('utf-16le');
  await axe('import review', 'dialog[open]');
  // Keyboard only: Tab reaches the add button, Enter presses it.
  const add = review.getByRole('button', { name: 'Add 2 documents' });
  for (let i = 0; i < 10 && !(await add.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(review).toBeHidden();
  await expect(library(page).getByRole('button', { name: 'Notes on the ferry fares' })).toBeVisible();
  await axe('library with its filter', 'nav.library');
  await openDocument(page, /Notes on the ferry fares/);
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Details' }).click();
  const details = page.getByRole('dialog', { name: 'Document details' });
  await details.getByLabel('This document is a translation').check();
  await axe('details', 'dialog[open]');
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Trash (1)' }).click();
  await page.getByRole('dialog', { name: 'Trash' }).getByRole('button', { name: /^Delete “Notes on the ferry fares” for good/ }).click();
  await axe('trash with the second confirmation', 'dialog[open]');
  await page.getByRole('dialog', { name: 'Trash' }).getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByRole('dialog', { name: 'Trash' })).toContainText('The trash is empty.');
});

/**
 * Puts `n` imported documents into the app's IndexedDB as an older version left them: text rows and
 * details overlays, without the text-less summaries the library now lists from (the app makes them).
 */
async function seedDocuments(page: Page, n: number): Promise<void> {
  await page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const r = indexedDB.open('claimdesk');
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    const tx = db.transaction(['docTexts', 'meta'], 'readwrite');
    const pubs = ['Coastal Herald', 'Harbour Times', 'Lake Review'];
    for (let i = 0; i < n; i++) {
      const id = `doc-seed${String(i).padStart(12, '0')}`;
      const title = `Zz seeded item ${i}`;
      const text = `${title}\nThe ferry board met about item number ${i} and the harbour fees.`;
      const importedAt = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      tx.objectStore('docTexts').put({ id, file: `item-${i}.txt`, title, text, hash: id.padEnd(64, '0'), importedAt, words: 14 });
      tx.objectStore('meta').put({
        key: `document:${id}`,
        value: {
          docId: id,
          details: { title, publication: pubs[i % 3], author: null, date: null, language: 'en', url: null, translation: null },
          origin: { name: `item-${i}.txt`, type: 'text/plain', size: text.length, sha256: id, method: 'decoded text (plain text)', encoding: 'utf-8', importedAt, folder: i % 2 ? '/home/desk/inbox/ferries' : null },
        },
      });
    }
    await new Promise((res, rej) => {
      tx.oncomplete = res;
      tx.onerror = () => rej(tx.error);
    });
    db.close();
  }, n);
}

test('a library of 2,000 documents is virtualized: End from the keyboard reaches the last one and Enter opens it; grouped by publication and by folder, axe-clean', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await seedDocuments(page, 2000);
  await page.reload();
  const list = library(page).getByRole('list', { name: /^Documents \(/ });
  await expect(list).toHaveAccessibleName(/^Documents \(2,00\d\)$/);
  // Only the rows in view are in the page.
  const rendered = await library(page).locator('button.library-item').count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(60);
  await library(page).getByLabel('Sort by').selectOption({ label: 'Name (A–Z)' });
  // Keyboard only: Tab into the list (one row is in the Tab order), End, Enter.
  await library(page).getByLabel('Group by').focus();
  await page.keyboard.press('Tab');
  await expect(library(page).locator('button.library-item:focus')).toHaveCount(1);
  await page.keyboard.press('End');
  const last = library(page).getByRole('button', { name: /^Zz seeded item 1999\b/ });
  await expect(last).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Zz seeded item 1999' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Article text' })).toContainText('item number 1999 and the harbour fees');
  await expect(last).toHaveAttribute('aria-current', 'page');
  // Home goes back to the first; arrows move one at a time.
  await last.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(library(page).locator('button.library-item:focus')).toHaveAttribute('data-row', '1');

  // Grouped by publication: a heading per publication with its count; documents stay openable.
  await library(page).getByLabel('Group by').selectOption({ label: 'Publication' });
  await expect(library(page).getByRole('heading', { level: 3, name: /^Coastal Herald \(667 documents\)$/ })).toBeVisible();
  await library(page).getByLabel('Filter the library').fill('Lake Review');
  await expect(library(page).getByRole('heading', { level: 3 })).toHaveText(['Lake Review (666 documents)']);
  await library(page).getByLabel('Filter the library').fill('');
  // Grouped by the folder files were imported from: the corpus, the folder, and files with none.
  await library(page).getByLabel('Group by').selectOption({ label: 'Folder imported from' });
  await expect(library(page).getByRole('heading', { level: 3, name: /^Bundled corpus \(\d+ documents?\)$/ })).toBeVisible();
  await expect(library(page).getByRole('heading', { level: 3, name: '/home/desk/inbox/ferries (1,000 documents)' })).toBeVisible();
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const result = await new AxeBuilder({ page }).include('nav.library').withTags(AXE_TAGS).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // Keyboard in groups: End reaches the last document of the last group ("No folder recorded").
  await library(page).getByLabel('Group by').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('End');
  await expect(library(page).locator('button.library-item:focus')).toContainText('Zz seeded item 1998');
});
