import { describe, expect, it } from 'vitest';
import { chooseEncoding, looksBinary, sniffBom, toDecoderLabel } from './encoding';
import { normalizePlainText, joinParagraphs, cleanParagraph } from './text';
import { DOCUMENT_ACCEPT, kindOfFile } from './imported-document';

describe('chooseEncoding', () => {
  it('prefers a byte-order mark, then valid UTF-8, then the most confident detected legacy encoding', () => {
    expect(chooseEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0]), false, []).label).toBe('utf-16le');
    expect(chooseEncoding(new Uint8Array([0xfe, 0xff, 0, 0x41]), false, []).label).toBe('utf-16be');
    expect(chooseEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), true, []).source).toBe('bom');
    expect(chooseEncoding(new Uint8Array([0x41]), true, [{ label: 'ISO-8859-1', confidence: 60 }]).label).toBe('utf-8');
    const gb = chooseEncoding(new Uint8Array([0xb8, 0xdb]), false, [
      { label: 'EUC-JP', confidence: 68 },
      { label: 'GB18030', confidence: 100 },
    ]);
    expect(gb).toMatchObject({ label: 'gb18030', source: 'detected' });
    expect(gb.alternatives.slice(0, 2)).toEqual(['gb18030', 'euc-jp']);
    expect(gb.alternatives).toContain('windows-1251');
    expect(chooseEncoding(new Uint8Array([0x80]), false, []).label).toBe('windows-1252');
  });

  it('maps library names to decoder labels', () => {
    expect(toDecoderLabel('GB2312')).toBe('gb18030');
    expect(toDecoderLabel('ISO-8859-1')).toBe('windows-1252');
    expect(toDecoderLabel('Shift_JIS')).toBe('shift_jis');
    expect(sniffBom(new Uint8Array([0x41]))).toBeNull();
  });

  it('tells binary content from text', () => {
    expect(looksBinary('plain words\nand tabs\t')).toBe(false);
    expect(looksBinary('PNG\u0000\u0000\u0001\u0002 data')).toBe(true);
    expect(looksBinary('\ufffd\ufffd\ufffd broken')).toBe(true);
  });
});

describe('text normalisation', () => {
  it('turns CRLF and CR into LF, drops the BOM, blank lines and trailing spaces', () => {
    expect(normalizePlainText('\ufeffOne  \r\n\r\nTwo\rThree\n')).toBe('One\nTwo\nThree');
  });
  it('cleans paragraphs: invisible characters out, whitespace collapsed', () => {
    expect(cleanParagraph(' labo\u00adratory\u00a0 results\n ')).toBe('laboratory results');
    expect(joinParagraphs(['a', ' ', 'b'])).toBe('a\nb');
  });
});

describe('document types', () => {
  it('come from the shared list: each extension goes to its reader, case-insensitively', () => {
    expect(DOCUMENT_ACCEPT.split(',').sort()).toEqual(['.docx', '.htm', '.html', '.markdown', '.md', '.pdf', '.text', '.txt', '.xhtml']);
    expect(['a.HTML', 'b.pdf', 'c.Docx', 'd.md', 'e.txt', 'f.xlsx', 'noext'].map(kindOfFile)).toEqual(['html', 'pdf', 'docx', 'markdown', 'text', null, null]);
  });
});
