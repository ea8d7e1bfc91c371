// File helpers shared by the browser platform and the bulk worker (no DOM beyond Blob and TextDecoder,
// so a worker can use them): strict UTF-8 reading with a size limit, and export MIME types.
import { MAX_IMPORT_BYTES, decodeImportBytes } from '../../core/formats/import-file';
import type { ExportKind, OpenedFile } from '../../core/ipc';

// The limit and the strict decoder are core's, the same ones main uses.
export { MAX_IMPORT_BYTES };

export const EXPORT_MIME: Record<ExportKind, string> = {
  json: 'application/json',
  jsonld: 'application/ld+json',
  csv: 'text/csv;charset=utf-8',
  html: 'text/html;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
};

/** Reads a file as UTF-8, refusing files over 200 MB and bytes that are not UTF-8 (never a lossy decode). */
export async function readFileStrictUtf8(name: string, blob: Blob): Promise<OpenedFile> {
  if (blob.size > MAX_IMPORT_BYTES) throw new Error(`${name} is ${Math.round(blob.size / 1e6)} MB; the limit is 200 MB.`);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const content = decodeImportBytes(bytes);
  if (!content.ok) throw new Error(`${name} is not valid UTF-8 text (${content.error}).`);
  return { name, content: content.value };
}
