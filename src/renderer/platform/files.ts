// File helpers shared by the browser platform and the bulk worker (no DOM beyond Blob and TextDecoder,
// so a worker can use them): strict UTF-8 reading with a size limit, and export MIME types.
import type { ExportKind, OpenedFile } from '../../core/ipc';

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

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
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${name} is not valid UTF-8 text.`);
  }
  return { name, content };
}
