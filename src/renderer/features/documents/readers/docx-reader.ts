// Reads a Word document with mammoth (its HTML, parsed inertly by linkedom): headings and
// paragraphs as text, runs joined, tables one row a line. The ZIP directory is checked first, so a
// zip bomb is refused before anything is inflated.
import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import { checkZipBomb, listZipEntries, type ExtractedDocument } from '../../../../core/documents';
import { paragraphsOf } from './blocks';

export async function readDocx(bytes: Uint8Array): Promise<ExtractedDocument> {
  const entries = listZipEntries(bytes);
  checkZipBomb(entries);
  if (!entries.some((e) => e.name === 'word/document.xml')) throw new Error('it is not a Word document (no word/document.xml)');
  let html: string;
  try {
    const copy = bytes.slice();
    // mammoth's browser build reads `arrayBuffer`, its Node build (unit tests) `buffer`.
    const input = { arrayBuffer: copy.buffer, buffer: copy } as unknown as { arrayBuffer: ArrayBuffer };
    html = (await mammoth.convertToHtml(input)).value;
  } catch (e) {
    throw new Error(`it could not be read as a Word document (${e instanceof Error ? e.message : String(e)})`);
  }
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
  const paragraphs = paragraphsOf(document.body as unknown as Parameters<typeof paragraphsOf>[0]);
  const heading = document.querySelector('h1, h2')?.textContent?.trim() ?? '';
  return { paragraphs, details: { title: heading } };
}
