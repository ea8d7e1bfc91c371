// The imported-document model: the extracted text (its sha256 is its identity), where it came from
// (original file name, type, size, sha256, extraction method) and the details read from the file.
import { DOCUMENT_FILE_TYPES } from '../ipc/import-types';
import { countWords, grouped, sha256Hex, titleFromText } from '../model';

export type DocumentKind = 'html' | 'pdf' | 'docx' | 'markdown' | 'text' | 'clipboard';

export type ExtractionMethod =
  | 'readability+sanitize (html)'
  | 'pdf.js text layer (pdf)'
  | 'mammoth (docx)'
  | 'markdown-it tokens (markdown)'
  | 'decoded text (plain text)'
  | 'pasted text (clipboard)';

export const EXTRACTION_METHOD: Record<DocumentKind, ExtractionMethod> = {
  html: 'readability+sanitize (html)',
  pdf: 'pdf.js text layer (pdf)',
  docx: 'mammoth (docx)',
  markdown: 'markdown-it tokens (markdown)',
  text: 'decoded text (plain text)',
  clipboard: 'pasted text (clipboard)',
};

const KIND_OF_TYPE: Record<string, Exclude<DocumentKind, 'clipboard'>> = {
  'Web page (HTML)': 'html',
  PDF: 'pdf',
  'Word document (DOCX)': 'docx',
  Markdown: 'markdown',
  'Plain text (any encoding)': 'text',
};

/** File name endings accepted as documents, and the reader each goes to: from the shared list in core/ipc/import-types. */
export const DOCUMENT_EXTENSIONS: Readonly<Record<string, Exclude<DocumentKind, 'clipboard'>>> = Object.freeze(
  Object.fromEntries(DOCUMENT_FILE_TYPES.flatMap((t) => t.extensions.map((e) => [e, KIND_OF_TYPE[t.label]!]))),
);

/** The `accept` attribute of a file input for documents. */
export const DOCUMENT_ACCEPT = Object.keys(DOCUMENT_EXTENSIONS).map((e) => `.${e}`).join(',');

/** Size limits: a file over MAX_DOCUMENT_BYTES is refused before it is read. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
/** An extracted text over this many characters is refused (the reader is built for articles and reports). */
export const MAX_TEXT_CHARS = 5_000_000;

export function kindOfFile(name: string): Exclude<DocumentKind, 'clipboard'> | null {
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext ? (DOCUMENT_EXTENSIONS[ext] ?? null) : null;
}

export interface DocumentDetails {
  title: string;
  publication: string | null;
  author: string | null;
  /** ISO date (or year) when known. */
  date: string | null;
  /** BCP 47 language code, 'und' when unknown. */
  language: string;
  url: string | null;
}

export interface OriginalFile {
  name: string;
  /** MIME type as reported by the system, or derived from the name. */
  type: string;
  size: number;
  sha256: string;
  /** The folder it was imported from, when known (desktop Import…, a dropped folder); kept in the origin for grouping. */
  folder?: string | null;
}

export interface ImportedDocument {
  /** The id in the library: 'doc-' and the first 16 hex digits of the text's sha256. */
  id: string;
  text: string;
  /** sha256 (hex) of the text's UTF-8 bytes: the document's identity. */
  hash: string;
  words: number;
  details: DocumentDetails;
  original: OriginalFile;
  kind: DocumentKind;
  method: ExtractionMethod;
  /** For plain text: the encoding it was decoded with. */
  encoding: string | null;
}

export interface ExtractedDocument {
  paragraphs: string[];
  details: Partial<DocumentDetails>;
  encoding?: string | null;
}

export function documentIdOf(hash: string): string {
  return `doc-${hash.slice(0, 16)}`;
}

const MIME: Record<DocumentKind, string> = {
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown',
  text: 'text/plain',
  clipboard: 'text/plain',
};

/**
 * Builds the imported document from the extracted paragraphs. Paragraphs are joined one a line; a
 * missing title falls back to the first line. Throws when there is no text at all.
 */
export function createImportedDocument(input: {
  kind: DocumentKind;
  extracted: ExtractedDocument;
  file: { name: string; type?: string; size: number; sha256: string };
}): ImportedDocument {
  const text = input.extracted.paragraphs.join('\n');
  if (text.trim() === '') throw new Error('no text was found in it');
  if (text.length > MAX_TEXT_CHARS) throw new Error(`its text is ${grouped(text.length)} characters; the limit is ${grouped(MAX_TEXT_CHARS)}`);
  const hash = sha256Hex(text);
  const d = input.extracted.details;
  return {
    id: documentIdOf(hash),
    text,
    hash,
    words: countWords(text),
    details: {
      title: d.title?.trim() || titleFromText(text, input.file.name),
      publication: d.publication?.trim() || null,
      author: d.author?.trim() || null,
      date: d.date?.trim() || null,
      language: d.language?.trim() || 'und',
      url: d.url?.trim() || null,
    },
    original: { name: input.file.name, type: input.file.type || MIME[input.kind], size: input.file.size, sha256: input.file.sha256 },
    kind: input.kind,
    method: EXTRACTION_METHOD[input.kind],
    encoding: input.extracted.encoding ?? null,
  };
}

/** A file that was not imported, and why, in words for the person importing. */
export interface Refusal {
  name: string;
  reason: string;
}

export function describeRefusal(r: Refusal): string {
  return `${r.name}: ${r.reason}`;
}

/** "Title | Site", "Title - Site", "Site: Title": the title without the site's name. */
export function titleWithoutSiteSuffix(title: string, siteName: string | null): string {
  const t = title.trim();
  if (siteName) {
    const s = siteName.trim();
    for (const sep of [' | ', ' - ', ' – ', ' — ', ' :: ', ' · ']) {
      if (t.endsWith(sep + s)) return t.slice(0, -(sep.length + s.length)).trim();
      if (t.startsWith(s + sep)) return t.slice(s.length + sep.length).trim();
    }
  }
  // Without a known site name, drop the last " | ..." part only when what is left is still a title.
  const m = /^(.{15,}?)\s+[|–—]\s+[^|–—]{2,40}$/u.exec(t);
  return m ? m[1]!.trim() : t;
}
