// Reads files into documents in the documents worker, with progress. A file that hangs or exhausts
// the worker (a crafted PDF, an archive that slipped past the checks) is refused when the time runs
// out: the worker is ended and a fresh one takes the next request.
import type { ReadOutcome } from './readers/pasted';
import type { ReadRequest, ReadResponse } from './documents-protocol';

/** How long one file may take before it is refused. */
const PER_FILE_MS = 30_000;

export interface FileInput {
  name: string;
  type: string;
  /** The file (a File from the input or a drop, or a Blob of the bytes main read): only the worker reads it. */
  blob: Blob;
  encoding?: string | null;
  /** The folder it came from, when known (desktop Import…, a dropped folder). */
  folder?: string | null;
}

export interface ReadProgress {
  done: number;
  total: number;
  name: string;
}

let worker: Worker | null = null;
let nextId = 1;

function startWorker(): Worker {
  worker ??= new Worker(new URL('./documents.worker.ts', import.meta.url), { type: 'module', name: 'claimdesk-documents' });
  return worker;
}

function readBatch(files: Array<FileInput & { bytes: ArrayBuffer }>, onProgress: (p: ReadProgress) => void): Promise<ReadOutcome[]> {
  const w = startWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    let timer = 0;
    const arm = () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        cleanup();
        w.terminate();
        if (worker === w) worker = null;
        reject(new Error('timeout'));
      }, PER_FILE_MS);
    };
    const onMessage = (e: MessageEvent<ReadResponse>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') {
        arm();
        onProgress({ done: m.done, total: m.total, name: m.name });
      } else {
        cleanup();
        if (m.type === 'done') resolve(m.outcomes);
        else reject(new Error(m.message));
      }
    };
    const onError = (e: ErrorEvent) => {
      e.preventDefault();
      cleanup();
      w.terminate();
      if (worker === w) worker = null;
      reject(new Error(e.message || 'the document reader stopped'));
    };
    const cleanup = () => {
      clearTimeout(timer);
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    arm();
    const request: ReadRequest = { id, files: files.map((f) => ({ name: f.name, type: f.type, bytes: f.bytes, encoding: f.encoding ?? null })) };
    // Moved, not copied: the window keeps no second copy of the bytes.
    w.postMessage(request, files.map((f) => f.bytes));
  });
}

/**
 * Reads each file in the worker. Files go one by one so that a file that crashes or hangs the
 * worker is refused alone and the others still come through.
 */
export async function readFiles(files: FileInput[], onProgress: (p: ReadProgress) => void): Promise<ReadOutcome[]> {
  const outcomes: ReadOutcome[] = [];
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    onProgress({ done: i, total: files.length, name: f.name });
    try {
      // Read here one file at a time, just before the worker needs it: never every file's bytes at once
      // (200 files' reads started together were a 50-80 ms task), and posting a File instead made the
      // window wait on the browser for the file's details while serializing it (up to 70 ms seen).
      const bytes = await f.blob.arrayBuffer();
      const [one] = await readBatch([{ ...f, bytes }], () => {});
      outcomes.push(one!);
    } catch (e) {
      const reason = e instanceof Error && e.message === 'timeout' ? `reading it took over ${PER_FILE_MS / 1000} s and was stopped` : `it could not be read (${e instanceof Error ? e.message : String(e)})`;
      outcomes.push({ ok: false, refusal: { name: f.name, reason } });
    }
  }
  onProgress({ done: files.length, total: files.length, name: '' });
  return outcomes;
}
