// Where Import… sends a file: annotation files to the annotation import, a UTF-8 .txt to the text
// import (a corpus file's corrected text, or a document named by its file, as before), and documents
// (HTML, PDF, DOCX, Markdown, and a .txt in any other encoding) to the documents readers and review.
import { MAX_DOCUMENT_BYTES, kindOfFile } from '../../../core/documents';
import { decodeImportBytes } from '../../../core/formats/import-file';
import { extensionOf } from '../../../core/ipc/import-types';
import type { ImportSource } from '../../platform';

export type ImportRoute = 'annotations' | 'text' | 'document';

export async function routeImport(source: ImportSource): Promise<ImportRoute> {
  const ext = extensionOf(source.name);
  if (ext === 'json' || ext === 'jsonld') return 'annotations';
  if (ext === 'txt') {
    // Text already decoded (a file the OS handed over), or too large for the readers: the text import says what it finds.
    if (!('blob' in source) || source.blob.size > MAX_DOCUMENT_BYTES) return 'text';
    return decodeImportBytes(new Uint8Array(await source.blob.arrayBuffer())).ok ? 'text' : 'document';
  }
  // Any other type the import names as one it does not read.
  return kindOfFile(source.name) ? 'document' : 'annotations';
}
