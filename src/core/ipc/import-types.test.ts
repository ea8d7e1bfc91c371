// The one list of importable types feeds both the browser's accept string and the desktop dialog.
import { describe, expect, it } from 'vitest';
import { IMPORT_ACCEPT, IMPORT_DIALOG_FILTERS, IMPORT_EXTENSIONS, isImportableFileName } from './import-types';

describe('import types', () => {
  it('Import… reads annotation files and every document type, and both the dialog and the browser offer exactly those', () => {
    expect([...IMPORT_EXTENSIONS].sort()).toEqual(['docx', 'htm', 'html', 'json', 'jsonld', 'markdown', 'md', 'pdf', 'text', 'txt', 'xhtml']);
    const acceptExtensions = IMPORT_ACCEPT.split(',').filter((a) => a.startsWith('.')).map((a) => a.slice(1));
    expect(acceptExtensions.sort()).toEqual([...IMPORT_EXTENSIONS].sort());
    expect(IMPORT_ACCEPT).toContain('text/plain');
    // The dialog's default filter lists every type, so a .txt is visible without switching filters.
    expect([...IMPORT_DIALOG_FILTERS[0]!.extensions].sort()).toEqual([...IMPORT_EXTENSIONS].sort());
    expect(IMPORT_DIALOG_FILTERS.slice(1).flatMap((f) => f.extensions).sort()).toEqual([...IMPORT_EXTENSIONS].sort());
  });

  it('recognises importable names case-insensitively and refuses others', () => {
    for (const name of ['a.json', 'B.JSONLD', 'notes.txt', 'x.y.TXT', 'page.HTML', 'r.pdf', 'm.docx', 'n.md']) expect(isImportableFileName(name)).toBe(true);
    for (const name of ['a.exe', 'json', 'a.json.exe', '.', 'a.', '', 'txt']) expect(isImportableFileName(name)).toBe(false);
  });
});
