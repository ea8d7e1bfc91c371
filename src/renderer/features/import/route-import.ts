// Where Import… sends a file: annotation files to the annotation import, a UTF-8 .txt to the text
// import (a corpus file's corrected text, or a document named by its file, as before), and documents
// (HTML, PDF, DOCX, Markdown, and a .txt in any other encoding) to the documents readers and review.
import { MAX_DOCUMENT_BYTES, kindOfFile } from '../../../core/documents';
import { decodeImportBytes } from '../../../core/formats/import-file';
import { extensionOf } from '../../../core/ipc/import-types';
import type { ImportSource, PickedImport } from '../../platform';
import type { FileInput } from '../documents/documents-client';

export type ImportRoute = 'annotations' | 'text' | 'document';

export async function routeImport(source: ImportSource): Promise<ImportRoute> {
  const ext = extensionOf(source.name);
  if (ext === 'json' || ext === 'jsonld') return 'annotations';
  if (ext === 'txt') {
    // Text already decoded, or too large for the readers: the text import says what it finds.
    if (!('blob' in source) || source.blob.size > MAX_DOCUMENT_BYTES) return 'text';
    return decodeImportBytes(new Uint8Array(await source.blob.arrayBuffer())).ok ? 'text' : 'document';
  }
  // Any other type the import names as one it does not read.
  return kindOfFile(source.name) ? 'document' : 'annotations';
}

export interface SortedImport {
  /** "name: reason" of each file main would not read. */
  refused: string[];
  /** For the documents readers and the "Add documents" review, as a drop's files go there. */
  documents: FileInput[];
  /** For the annotation or text import, one after another. */
  imports: ImportSource[];
}

/** Sorts what Import… picked (chosen in the dialog, or handed over by the OS) by where each file is read. */
export async function sortPicked(picked: readonly PickedImport[]): Promise<SortedImport> {
  const out: SortedImport = { refused: [], documents: [], imports: [] };
  for (const source of picked) {
    if ('refused' in source) {
      out.refused.push(`${source.name}: ${source.refused}`);
      continue;
    }
    const route = await routeImport(source);
    if (route === 'document' && 'blob' in source) out.documents.push({ name: source.name, type: source.blob.type, blob: source.blob, folder: source.folder ?? null });
    else out.imports.push(source);
  }
  return out;
}
