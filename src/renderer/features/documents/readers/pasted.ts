// The light part of reading documents, safe to load in the window: pasted text as a document, the
// outcome type and size wording. The library-bound readers stay in the worker's bundle.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createImportedDocument, type EncodingChoice, type ImportedDocument, type Refusal } from '../../../../core/documents';

export type ReadOutcome =
  | { ok: true; document: ImportedDocument; encoding: EncodingChoice | null }
  | { ok: false; refusal: Refusal };

export function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Pasted text becomes a document like a plain-text file, without an encoding to choose. */
export function readPastedText(text: string, now: string): ReadOutcome {
  const paragraphs = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const bytes = new TextEncoder().encode(text);
  try {
    const document = createImportedDocument({
      kind: 'clipboard',
      extracted: { paragraphs, details: {} },
      file: { name: `Pasted ${now.slice(0, 16).replace('T', ' ')}`, type: 'text/plain', size: bytes.byteLength, sha256: bytesToHex(sha256(bytes)) },
    });
    return { ok: true, document, encoding: null };
  } catch (e) {
    return { ok: false, refusal: { name: 'The pasted text', reason: e instanceof Error ? e.message : String(e) } };
  }
}
