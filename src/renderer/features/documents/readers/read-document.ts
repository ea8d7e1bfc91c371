// Reads one file into an ImportedDocument, or a refusal that names the file and says why. Runs in
// the documents worker (and in Node tests): no window, no network.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  MAX_DOCUMENT_BYTES,
  createImportedDocument,
  kindOfFile,
  type DocumentKind,
  type EncodingChoice,
  type ExtractedDocument,
} from '../../../../core/documents';
import { readDocx } from './docx-reader';
import { readHtml } from './html-reader';
import { readMarkdown } from './markdown-reader';
import { readPdf } from './pdf-reader';
import { readText } from './text-reader';
import { formatSize, type ReadOutcome } from './pasted';

export { formatSize, readPastedText } from './pasted';

export interface FileToRead {
  name: string;
  type: string;
  bytes: Uint8Array;
  /** For plain text: the encoding the person chose instead of the detected one. */
  encoding?: string | null;
}

export type { ReadOutcome } from './pasted';

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Saved pages and notes in a legacy encoding: decode as the page's declared charset or windows-1252.
    const declared = /<meta[^>]+charset=["']?([\w-]+)/i.exec(new TextDecoder('windows-1252').decode(bytes.subarray(0, 4096)))?.[1];
    try {
      return new TextDecoder(declared ?? 'windows-1252').decode(bytes);
    } catch {
      throw new Error(`this ${what} is not UTF-8 and names no known encoding`);
    }
  }
}

export async function readDocumentFile(file: FileToRead, maxBytes = MAX_DOCUMENT_BYTES): Promise<ReadOutcome> {
  const refuse = (reason: string): ReadOutcome => ({ ok: false, refusal: { name: file.name, reason } });
  const kind: DocumentKind | null = kindOfFile(file.name);
  if (!kind) return refuse('this type of file cannot be imported as a document (accepted: HTML, PDF, DOCX, Markdown, plain text)');
  if (file.bytes.byteLength > maxBytes)
    return refuse(`it is ${formatSize(file.bytes.byteLength)}; the limit is ${formatSize(maxBytes)}`);
  if (file.bytes.byteLength === 0) return refuse('it is empty');
  try {
    let extracted: ExtractedDocument;
    let encoding: EncodingChoice | null = null;
    if (kind === 'html') extracted = readHtml(utf8(file.bytes, 'page'));
    else if (kind === 'pdf') extracted = await readPdf(file.bytes);
    else if (kind === 'docx') extracted = await readDocx(file.bytes);
    else if (kind === 'markdown') extracted = readMarkdown(utf8(file.bytes, 'Markdown file'));
    else {
      const reading = readText(file.bytes, file.encoding);
      encoding = reading.encodingChoice;
      extracted = reading;
    }
    const document = createImportedDocument({
      kind,
      extracted,
      file: { name: file.name, type: file.type, size: file.bytes.byteLength, sha256: bytesToHex(sha256(file.bytes)) },
    });
    return { ok: true, document, encoding };
  } catch (e) {
    return refuse(e instanceof Error ? e.message : String(e));
  }
}
