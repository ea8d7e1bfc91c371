// Import… sends each file to the reader that fits it: annotations, a UTF-8 .txt as before, documents to the readers.
import { describe, expect, it } from 'vitest';
import { routeImport } from './route-import';

const blob = (bytes: number[] | string) => new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]);

describe('routeImport', () => {
  it('annotation files go to the annotation import, documents to the readers', async () => {
    expect(await routeImport({ name: 'review.json', blob: blob('{}') })).toBe('annotations');
    expect(await routeImport({ name: 'w3c.JSONLD', content: '{}' })).toBe('annotations');
    for (const name of ['page.html', 'page.htm', 'report.PDF', 'memo.docx', 'notes.md', 'notes.markdown', 'old.text'])
      expect(await routeImport({ name, blob: blob('x') })).toBe('document');
    // An unknown type reaches the import, which names it as a type Claimdesk does not read.
    expect(await routeImport({ name: 'tool.exe', blob: blob('MZ') })).toBe('annotations');
  });

  it('a UTF-8 .txt keeps the text import; GB18030 or UTF-16 goes to the readers with encoding detection', async () => {
    expect(await routeImport({ name: 'notes.txt', blob: blob('A note, ü.') })).toBe('text');
    expect(await routeImport({ name: 'notes.txt', content: 'A note.' })).toBe('text');
    expect(await routeImport({ name: 'harbour-zh.txt', blob: blob([0xb8, 0xdb, 0xbf, 0xda]) })).toBe('document');
    expect(await routeImport({ name: 'minutes.txt', blob: blob([0xff, 0xfe, 0x41, 0x00]) })).toBe('document');
  });
});
