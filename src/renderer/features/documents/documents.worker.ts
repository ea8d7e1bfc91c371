// The documents worker: parses imported files (HTML, PDF, DOCX, Markdown, text) off the window's
// thread, one after another, reporting progress. It has no DOM and makes no requests.
import { readDocumentFile } from './readers/read-document';
import type { ReadRequest, ReadResponse } from './documents-protocol';

const post = (m: ReadResponse) => (self as unknown as { postMessage(m: ReadResponse): void }).postMessage(m);

self.onmessage = async (e: MessageEvent<ReadRequest>) => {
  const { id, files } = e.data;
  try {
    const outcomes = [];
    for (let i = 0; i < files.length; i++) {
      const f = files[i]!;
      post({ id, type: 'progress', done: i, total: files.length, name: f.name });
      // A Blob is read here: 200 files' arrayBuffer() calls in the window cost it ~50-80 ms at once.
      const bytes = f.bytes instanceof Blob ? await f.bytes.arrayBuffer() : f.bytes;
      outcomes.push(await readDocumentFile({ name: f.name, type: f.type, bytes: new Uint8Array(bytes), encoding: f.encoding ?? null }));
    }
    post({ id, type: 'done', outcomes });
  } catch (err) {
    post({ id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
