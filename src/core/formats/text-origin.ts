// Where a document's text came from, as exports state it: the original file (name, type, size, sha256),
// the reader that extracted the text, the encoding it was decoded with, and when it was imported.
// Claimdesk JSON carries it per document as `textOrigin` (re-imported as it was written); the review
// report names it beside the document's details. The folder a file came from stays out of exports: it
// is a path on one person's disk.
import { z } from 'zod';

export interface TextOrigin {
  /** The original file's name. */
  file: string;
  /** Its MIME type. */
  type: string;
  /** Its size in bytes. */
  size: number;
  /** The sha256 of the original file's bytes (the text's own hash is the document's `hash`). */
  sha256: string;
  /** How the text was extracted (Readability, pdf.js text layer, mammoth, markdown-it, decoded text, pasted). */
  reader: string;
  /** The encoding the bytes were decoded with (plain text), else null. */
  encoding: string | null;
  /** ISO time it was imported. */
  importedAt: string;
}

export const textOriginSchema = z.object({
  file: z.string(),
  type: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  reader: z.string(),
  encoding: z.string().nullable(),
  importedAt: z.iso.datetime({ offset: true }),
});

/** The stored origin of an imported document (its details overlay) as exports state it; undefined when there is none. */
export function textOriginOf(origin: { name: string; type: string; size: number; sha256: string; method: string; encoding: string | null; importedAt: string } | null | undefined): TextOrigin | undefined {
  if (!origin) return undefined;
  const o = { file: origin.name, type: origin.type, size: origin.size, sha256: origin.sha256, reader: origin.method, encoding: origin.encoding ?? null, importedAt: origin.importedAt };
  // A stored origin the file's schema would refuse is left out rather than failing the export's own check.
  return textOriginSchema.safeParse(o).success ? o : undefined;
}

/** Exactly the fields, in a fixed order (equal origins serialise to equal bytes; stray fields are dropped). */
export function canonicalTextOrigin(o: TextOrigin): TextOrigin {
  return { file: o.file, type: o.type, size: o.size, sha256: o.sha256, reader: o.reader, encoding: o.encoding, importedAt: o.importedAt };
}

/** One line for people: "Text from lakes-report.pdf (PDF, 12.3 KB) by pdf.js text layer, imported 2026-11-30". */
export function describeTextOrigin(o: TextOrigin): string {
  const kb = o.size < 1024 ? `${o.size} B` : `${(o.size / 1024).toFixed(1)} KB`;
  const encoding = o.encoding ? `, ${o.encoding.toUpperCase()}` : '';
  return `Text from ${o.file} (${o.type || 'unknown type'}, ${kb}${encoding}) by ${o.reader}, imported ${o.importedAt.slice(0, 10)}`;
}
