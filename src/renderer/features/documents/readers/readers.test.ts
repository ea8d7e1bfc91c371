// Each reader on fixtures made in the real shape (e2e/fixtures/documents/make-fixtures.py): the
// extracted paragraphs equal the source paragraphs exactly; bad input is refused with the file's name and why.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocumentFile, readPastedText, type ReadOutcome } from './read-document';
import { readHtml } from './html-reader';

const DIR = resolve(__dirname, '../../../../../e2e/fixtures/documents');
const bytes = (name: string) => new Uint8Array(readFileSync(resolve(DIR, name)));
const expected = (name: string) => readFileSync(resolve(DIR, `${name}.expected.txt`), 'utf8').replace(/\n$/, '').split('\n');
const read = (name: string, encoding?: string) => readDocumentFile({ name, type: '', bytes: bytes(name), encoding });

function ok(outcome: ReadOutcome) {
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.reason}`);
  return outcome;
}

describe('document readers', () => {
  it('a saved news page: only the article, title from og:title, metadata, canonical URL', async () => {
    const { document } = ok(await read('news-page.html'));
    expect(document.text.split('\n')).toEqual(expected('news-page.html'));
    expect(document.text).not.toMatch(/Sport|Advertisement|cruise|Related stories|Sponsored|All rights reserved|pwned/);
    expect(document.details).toEqual({
      title: 'Harbour council approves flood wall after decade of delays',
      publication: 'The Coastal Herald',
      author: 'Ines Valk',
      date: '2026-03-17',
      language: 'en',
      url: 'https://coastalherald.example/news/2026/03/17/flood-wall',
    });
    expect(document.method).toBe('readability+sanitize (html)');
    expect(document.original).toMatchObject({ name: 'news-page.html', type: 'text/html', size: bytes('news-page.html').byteLength });
    expect(document.original.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(document.id).toBe(`doc-${document.hash.slice(0, 16)}`);
  });

  it('an HTML title without og:title loses its site suffix; else the h1 is the title', () => {
    const body = `<article><h1>The h1 headline</h1>${'<p>A paragraph of the article that is long enough to count as an article body for the extractor.</p>'.repeat(4)}</article>`;
    expect(readHtml(`<html><head><title>Ferry fares rise by a tenth | The Coastal Herald</title></head><body>${body}</body></html>`).details.title).toBe('Ferry fares rise by a tenth');
    expect(readHtml(`<html><head></head><body>${body}</body></html>`).details.title).toBe('The h1 headline');
  });

  it('a PDF printed by Chromium: paragraphs whole across lines and pages, hyphenation joined, header and footer dropped', async () => {
    const { document } = ok(await read('lakes-report.pdf'));
    expect(document.text.split('\n')).toEqual(expected('lakes-report.pdf'));
    expect(document.details.title).toBe('Lakes report 2026');
    expect(document.method).toBe('pdf.js text layer (pdf)');
  });

  it('a DOCX: headings, runs joined, a table one row a line', async () => {
    const { document } = ok(await read('ferry-budget.docx'));
    expect(document.text.split('\n')).toEqual(expected('ferry-budget.docx'));
    expect(document.details.title).toBe('Budget review of the ferry service');
  });

  it('Markdown: text as a reader sees it, links as text, inline HTML gone', async () => {
    const { document } = ok(await read('notes.md'));
    expect(document.text.split('\n')).toEqual(expected('notes.md'));
    expect(document.text).not.toMatch(/[*#`[\]<>]/);
    expect(document.details.title).toBe('Notes on the ferry fares');
  });

  it('plain text: GB18030 detected, UTF-16 LE with BOM and CRLF, Windows-1251 detected', async () => {
    const zh = ok(await read('harbour-zh.txt'));
    expect(zh.document.text.split('\n')).toEqual(expected('harbour-zh.txt'));
    expect(zh.encoding).toMatchObject({ label: 'gb18030', source: 'detected' });
    const le = ok(await read('minutes-utf16le.txt'));
    expect(le.document.text.split('\n')).toEqual(expected('minutes-utf16le.txt'));
    expect(le.document.text).not.toContain('\r');
    expect(le.encoding).toMatchObject({ label: 'utf-16le', source: 'bom' });
    const ru = ok(await read('council-ru-cp1251.txt'));
    expect(ru.document.text.split('\n')).toEqual(expected('council-ru-cp1251.txt'));
    expect(ru.encoding?.label).toBe('windows-1251');
  });

  it('a chosen encoding replaces the detected one (and changes the text and its identity)', async () => {
    const auto = ok(await read('council-ru-cp1251.txt'));
    const koi = ok(await read('council-ru-cp1251.txt', 'koi8-r'));
    expect(koi.encoding).toMatchObject({ label: 'koi8-r', source: 'chosen' });
    expect(koi.document.text).not.toBe(auto.document.text);
    expect(koi.document.hash).not.toBe(auto.document.hash);
    expect(koi.document.encoding).toBe('koi8-r');
  });

  it('the same content twice has the same identity', async () => {
    const a = ok(await read('notes.md'));
    const b = ok(await readDocumentFile({ name: 'copy of notes.md', type: '', bytes: bytes('notes.md') }));
    expect(b.document.id).toBe(a.document.id);
  });

  it('pasted text becomes a document', () => {
    const { document } = ok(readPastedText('First line\r\n\r\nSecond line\n', '2026-11-30T17:00:00.000Z'));
    expect(document.text).toBe('First line\nSecond line');
    expect(document.details.title).toBe('First line');
    expect(document.method).toBe('pasted text (clipboard)');
  });
});

describe('bad input is refused with the file and the reason', () => {
  const refusal = async (name: string, max?: number) => {
    const outcome = await readDocumentFile({ name, type: '', bytes: bytes(name) }, max);
    if (outcome.ok) throw new Error(`${name} was accepted`);
    return outcome.refusal;
  };
  it('over the size limit', async () => {
    expect(await refusal('lakes-report.pdf', 10_000)).toEqual({ name: 'lakes-report.pdf', reason: 'it is 35 KB; the limit is 10 KB' });
  });
  it('an encrypted PDF, a corrupt PDF, a scanned PDF with no text', async () => {
    expect((await refusal('encrypted.pdf')).reason).toMatch(/protected by a password/);
    expect((await refusal('corrupt.pdf')).reason).toMatch(/damaged or not a PDF|could not be read as a PDF/);
    expect((await refusal('scanned.pdf')).reason).toMatch(/no text layer \(a scanned PDF of 1 page\?\)/);
  });
  it('a DOCX that is a zip bomb', async () => {
    expect((await refusal('bomb.docx')).reason).toMatch(/word\/document.xml would expand \d+ times \(a zip bomb\)/);
  });
  it('an HTML page with no article', async () => {
    expect((await refusal('no-article.html')).reason).toMatch(/no article was found/);
  });
  it('a binary file named .txt', async () => {
    expect((await refusal('photo.txt')).reason).toMatch(/it is not text \(binary content\)/);
  });
  it('a type that is not a document', async () => {
    expect((await readDocumentFile({ name: 'sheet.xlsx', type: '', bytes: new Uint8Array([1]) })).ok).toBe(false);
  });
});
