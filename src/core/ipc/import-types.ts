// The file types the app can import, in one list: the desktop open dialog's filters and the browser's
// file input `accept` both come from here, so the two can never disagree. The document-import work
// adds its types (html, pdf, docx, md) to this list and nowhere else.

export interface ImportFileType {
  /** What the dialog shows for this type. */
  label: string;
  /** Lower-case extensions without the dot. */
  extensions: readonly string[];
  /** MIME types a browser may report for it. */
  mimeTypes: readonly string[];
}

/**
 * documents (issue 13): the document types, read in the renderer's documents worker from their bytes
 * ("Add documents…", drops onto the window, and Import…: main reads what the dialog chose as bytes).
 */
export const DOCUMENT_FILE_TYPES: readonly ImportFileType[] = Object.freeze([
  { label: 'Web page (HTML)', extensions: ['html', 'htm', 'xhtml'], mimeTypes: ['text/html', 'application/xhtml+xml'] },
  { label: 'PDF', extensions: ['pdf'], mimeTypes: ['application/pdf'] },
  { label: 'Word document (DOCX)', extensions: ['docx'], mimeTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'] },
  { label: 'Markdown', extensions: ['md', 'markdown'], mimeTypes: ['text/markdown'] },
  { label: 'Plain text (any encoding)', extensions: ['txt', 'text'], mimeTypes: ['text/plain'] },
]);

/** Annotation files: read as UTF-8 JSON and imported into the annotations. */
export const ANNOTATION_FILE_TYPES: readonly ImportFileType[] = Object.freeze([
  { label: 'Claimdesk annotations (JSON)', extensions: ['json'], mimeTypes: ['application/json'] },
  { label: 'W3C Web Annotations (JSON-LD)', extensions: ['jsonld'], mimeTypes: ['application/ld+json'] },
]);

/** What Import… takes: annotation files and every document type. */
export const IMPORT_FILE_TYPES: readonly ImportFileType[] = Object.freeze([...ANNOTATION_FILE_TYPES, ...DOCUMENT_FILE_TYPES]);

/** Every importable extension, lower case, without the dot. */
export const IMPORT_EXTENSIONS: readonly string[] = Object.freeze([...new Set(IMPORT_FILE_TYPES.flatMap((t) => t.extensions))]);

/** The browser's `<input type=file accept>`: the extensions with their dot, then the MIME types. */
export const IMPORT_ACCEPT: string = [
  ...IMPORT_EXTENSIONS.map((e) => `.${e}`),
  ...new Set(IMPORT_FILE_TYPES.flatMap((t) => t.mimeTypes)),
].join(',');

/** The desktop open dialog's filters: all importable files first (the default), then each type. */
export const IMPORT_DIALOG_FILTERS: ReadonlyArray<{ name: string; extensions: string[] }> = Object.freeze([
  { name: 'All importable files', extensions: [...IMPORT_EXTENSIONS] },
  ...IMPORT_FILE_TYPES.map((t) => ({ name: t.label, extensions: [...t.extensions] })),
]);

/** True when a file name ends in an importable extension (case-insensitive). */
export function isImportableFileName(name: string): boolean {
  if (typeof name !== 'string') return false;
  const dot = name.lastIndexOf('.');
  if (dot < 0 || dot === name.length - 1) return false;
  return IMPORT_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

/** The extension of a file name, lower case, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}
