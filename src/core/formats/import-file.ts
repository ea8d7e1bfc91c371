// Opening an import file: strict UTF-8 bytes to text, then deciding between Claimdesk JSON and W3C.
import { validateNative, type NativeExport } from './native';
import { parseJsonText } from './json-text';
import { fail, ok, type ParseResult } from './result';
import { looksLikeW3C, validateW3C, type W3CAnnotationLike } from './w3c/index';

/** The one size limit for an imported file, in bytes (main's file reader and the browser's share it). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export type ImportFile = { kind: 'native'; value: NativeExport } | { kind: 'w3c'; value: W3CAnnotationLike[] };

export function parseImportFile(text: string): ParseResult<ImportFile> {
  try {
    const json = parseJsonText(text);
    if (!json.ok) return json;
    const data = json.value;
    if (typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'format')) {
      const format = (data as { format?: unknown }).format;
      if (format === 'claimdesk') {
        const native = validateNative(data);
        return native.ok ? ok({ kind: 'native', value: native.value }) : native;
      }
    }
    if (looksLikeW3C(data)) {
      const w3c = validateW3C(data);
      return w3c.ok ? ok({ kind: 'w3c', value: w3c.value }) : w3c;
    }
    return fail('not a Claimdesk or W3C Web Annotation file (JSON without "format": "claimdesk" or an Annotation "type")');
  } catch (e) {
    return fail(`could not read the file: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// core has no DOM lib: the one member of TextDecoder used here, typed locally.
type FatalDecoder = { decode(bytes: Uint8Array): string };
type DecoderCtor = new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => FatalDecoder;

/**
 * Strict UTF-8 to text, the app's one decoder: a UTF-8 BOM is removed (kept with `keepBom`, for corpus
 * files whose hash is that of their bytes); UTF-16/32 files and invalid bytes are refused with the offset.
 */
export function decodeImportBytes(bytes: Uint8Array, options: { keepBom?: boolean } = {}): ParseResult<string> {
  try {
    const b = bytes;
    if (b.length >= 4 && ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff))) {
      return fail('the file is UTF-32 (it starts with a UTF-32 byte order mark); save it as UTF-8');
    }
    if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
      return fail('the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8');
    }
    const hasBom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
    const start = hasBom && !options.keepBom ? 3 : 0;
    const badByte = (bad: number) => fail(`not valid UTF-8: bad byte 0x${b[bad]!.toString(16).padStart(2, '0')} at byte offset ${bad}`);
    const body = b.subarray(start);
    const Decoder = (globalThis as { TextDecoder?: DecoderCtor }).TextDecoder;
    if (Decoder) {
      // The fatal decoder refuses exactly what findInvalidUtf8 finds; the scan (0.4 s for 100 MB) runs
      // only to name the offset of a file it refused.
      try {
        return ok(new Decoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body));
      } catch (e) {
        const bad = findInvalidUtf8(b, hasBom ? 3 : 0);
        if (bad !== null) return badByte(bad);
        throw e;
      }
    }
    const bad = findInvalidUtf8(b, hasBom ? 3 : 0);
    if (bad !== null) return badByte(bad);
    return ok(decodeUtf8(body));
  } catch (e) {
    return fail(`could not decode the file as UTF-8: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or null. */
export function findInvalidUtf8(b: Uint8Array, from = 0): number | null {
  let i = from;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0; // overlong
      if (c === 0xed) hi = 0x9f; // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90; // overlong
      if (c === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i; // the sequence is cut off by the end of the file
      const cc = b[i + k]!;
      if (k === 1 ? cc < lo || cc > hi : cc < 0x80 || cc > 0xbf) return i + k;
    }
    i += need + 1;
  }
  return null;
}

/** Fallback decoder for validated UTF-8 when the runtime has no TextDecoder. */
export function decodeUtf8(b: Uint8Array): string {
  const parts: string[] = [];
  let units: number[] = [];
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let cp: number;
    if (c < 0x80) {
      cp = c;
      i += 1;
    } else if (c < 0xe0) {
      cp = ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
      i += 2;
    } else if (c < 0xf0) {
      cp = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
      i += 3;
    } else {
      cp = ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
      i += 4;
    }
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
    if (units.length >= 8192) {
      parts.push(String.fromCharCode(...units));
      units = [];
    }
  }
  parts.push(String.fromCharCode(...units));
  return parts.join('');
}
