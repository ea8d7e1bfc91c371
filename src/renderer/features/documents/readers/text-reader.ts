// Reads plain text in any encoding: BOM, else strict UTF-8, else the encoding chardet detects
// (or the one the person chose); CRLF becomes LF. A file that decodes to control characters is refused.
import { analyse } from 'chardet';
import { chooseEncoding, looksBinary, normalizePlainText, sniffBom, type EncodingChoice, type ExtractedDocument } from '../../../../core/documents';

function decodeStrict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export interface TextReading extends ExtractedDocument {
  encodingChoice: EncodingChoice;
}

export function readText(bytes: Uint8Array, chosen?: string | null): TextReading {
  const utf8 = decodeStrict('utf-8', bytes);
  // chardet reads at most the first 64 KB: enough to tell the encoding, and fast on big files.
  // (Not needed, and slow, when a BOM or valid UTF-8 already says which.)
  const detected = utf8 === null && !sniffBom(bytes) ? analyse(bytes.subarray(0, 65536)).map((m) => ({ label: m.name, confidence: m.confidence })) : [];
  const auto = chooseEncoding(bytes, utf8 !== null, detected);
  const encodingChoice: EncodingChoice = chosen ? { ...auto, label: chosen, source: 'chosen' } : auto;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encodingChoice.label);
  } catch {
    throw new Error(`the encoding ${encodingChoice.label} is not known`);
  }
  // TextDecoder drops a BOM of its own encoding; a UTF-8 BOM is dropped by the normaliser too.
  const text = encodingChoice.label === 'utf-8' && utf8 !== null ? utf8 : decoder.decode(bytes);
  if (looksBinary(text)) throw new Error(`it is not text (binary content${encodingChoice.source === 'chosen' ? ` in ${encodingChoice.label}` : ''})`);
  const normalized = normalizePlainText(text);
  return { paragraphs: normalized === '' ? [] : normalized.split('\n'), details: {}, encoding: encodingChoice.label, encodingChoice };
}
