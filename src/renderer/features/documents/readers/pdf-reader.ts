// Reads a PDF's text layer with pdf.js (eval disabled, no fonts loaded, nothing fetched) and rebuilds
// whole paragraphs with core's rebuildPdfParagraphs. pdf.js's own worker runs in this thread: the
// caller is already a worker, and a nested one would need a separate script.
/// <reference path="./modules.d.ts" />
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { rebuildPdfParagraphs, type ExtractedDocument, type PdfPageText } from '../../../../core/documents';
import { plural } from '../../../../core/model';

// pdf.js runs its parser in this thread when it finds the worker module here (its "fake worker").
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

function pdfDate(value: unknown): string | null {
  const m = typeof value === 'string' ? /^D:(\d{4})(\d{2})?(\d{2})?/.exec(value) : null;
  return m ? [m[1], m[2], m[3]].filter(Boolean).join('-') : null;
}

function describePdfError(e: unknown): Error {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'PasswordException') return new Error('it is protected by a password (encrypted PDF)');
  if (name === 'InvalidPDFException') return new Error('it is damaged or not a PDF');
  return new Error(`it could not be read as a PDF (${e instanceof Error ? e.message : String(e)})`);
}

export async function readPdf(bytes: Uint8Array): Promise<ExtractedDocument> {
  let doc: pdfjs.PDFDocumentProxy;
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
    // Password-protected files are refused, never prompted for.
  });
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    throw describePdfError(e);
  }
  try {
    const pages: PdfPageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      pages.push({
        width: viewport.width,
        height: viewport.height,
        runs: content.items.flatMap((item) =>
          'str' in item ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width, size: item.height }] : [],
        ),
      });
      page.cleanup();
    }
    if (pages.every((p) => p.runs.every((r) => r.str.trim() === '')))
      throw new Error(`it has no text layer (a scanned PDF of ${plural(doc.numPages, 'page')}?); run it through text recognition (OCR) first`);
    const paragraphs = rebuildPdfParagraphs(pages);
    const { info } = (await doc.getMetadata().catch(() => ({ info: {} }))) as { info: Record<string, unknown> };
    const title = typeof info.Title === 'string' && !/^untitled/i.test(info.Title.trim()) ? info.Title : '';
    return {
      paragraphs,
      details: {
        title,
        author: typeof info.Author === 'string' ? info.Author : null,
        date: pdfDate(info.CreationDate),
        language: typeof info.Language === 'string' ? info.Language : undefined,
      },
    };
  } finally {
    await doc.destroy();
  }
}
