// Choosing the encoding of a plain-text file: a byte-order mark wins, then valid UTF-8, then the
// best candidate a detection library offers. Pure: the library's guesses are passed in.

export interface EncodingCandidate {
  /** A WHATWG TextDecoder label, e.g. "gb18030", "windows-1251". */
  label: string;
  /** 0-100. */
  confidence: number;
}

export type EncodingSource = 'bom' | 'utf-8' | 'detected' | 'chosen';

export interface EncodingChoice {
  label: string;
  source: EncodingSource;
  /** Other labels worth offering, best first (always includes the common legacy ones). */
  alternatives: string[];
}

/** The encodings offered in the picker: those newsrooms still use. */
export const OFFERED_ENCODINGS: readonly string[] = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-jp',
  'euc-kr',
  'windows-1251',
  'koi8-r',
  'windows-1252',
  'iso-8859-2',
  'windows-1250',
  'windows-1256',
];

/** The encoding named by a byte-order mark, if the bytes start with one. */
export function sniffBom(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Library names to WHATWG labels: GB2312 text is a subset of GB18030, and ISO-8859-1 is decoded as windows-1252 anyway. */
export function toDecoderLabel(name: string): string {
  const n = name.toLowerCase();
  if (n === 'gb2312' || n === 'gbk' || n === 'gb18030') return 'gb18030';
  if (n === 'iso-8859-1' || n === 'ascii' || n === 'us-ascii') return 'windows-1252';
  if (n === 'shift-jis' || n === 'sjis') return 'shift_jis';
  return n;
}

/**
 * Picks the encoding: BOM, else UTF-8 when the bytes are valid UTF-8 (`utf8Valid`), else the most
 * confident detected candidate, else windows-1252 (which decodes any byte). The caller may override.
 */
export function chooseEncoding(bytes: Uint8Array, utf8Valid: boolean, detected: readonly EncodingCandidate[]): EncodingChoice {
  const ranked = [...detected].sort((a, b) => b.confidence - a.confidence).map((c) => toDecoderLabel(c.label));
  const alternatives = [...new Set([...ranked, ...OFFERED_ENCODINGS])];
  const bom = sniffBom(bytes);
  if (bom) return { label: bom, source: 'bom', alternatives };
  if (utf8Valid) return { label: 'utf-8', source: 'utf-8', alternatives };
  const best = ranked.find((l) => l !== 'utf-8' && !l.startsWith('utf-16') && !l.startsWith('utf-32'));
  return { label: best ?? 'windows-1252', source: 'detected', alternatives };
}

/**
 * True when decoded text looks like a binary file: NUL or other C0 control characters (beyond tab,
 * newline, carriage return and form feed) or U+FFFD replacement characters in more than 1% of it.
 */
export function looksBinary(text: string): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd || c === 0x7f) bad++;
  }
  return bad / text.length > 0.01;
}
