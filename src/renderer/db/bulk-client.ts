// Runs imports and exports in the bulk worker, with progress; where a worker cannot start (an old
// browser, a restricted file: origin), the same code runs in the window instead.
import type { CorpusDocument } from '../../core/model';
import type { ImportSource } from '../platform';
import { buildExport, type ExportInput, type ExportOutput } from '../features/export/build-export';
import { importSource, type ImportOutcome } from '../features/import/import';
import type { ClaimdeskDb } from './schema';
import { readAllAnnotations } from './reads';
import type { BulkProgress, BulkRequest, BulkResponse, BulkResult } from './bulk-protocol';

export type { BulkProgress };

let worker: Worker | null = null;
let workerBroken = false;
let nextId = 1;
const waiting = new Map<number, { resolve(r: BulkResult): void; reject(e: Error): void; onProgress(p: BulkProgress): void }>();

function getWorker(): Worker | null {
  if (workerBroken || typeof Worker === 'undefined') return null;
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./bulk.worker.ts', import.meta.url), { type: 'module', name: 'claimdesk-bulk' });
  } catch {
    workerBroken = true;
    return null;
  }
  worker.onmessage = (e: MessageEvent<BulkResponse>) => {
    const m = e.data;
    const w = waiting.get(m.id);
    if (!w) return;
    if (m.type === 'progress') w.onProgress({ stage: m.stage, done: m.done, total: m.total });
    else {
      waiting.delete(m.id);
      if (m.type === 'done') w.resolve(m.result);
      else w.reject(Object.assign(new Error(m.message), { name: m.name }));
    }
  };
  worker.onerror = (e) => {
    // The worker failed to load or crashed: fail what it held, run later work in the window.
    e.preventDefault();
    workerBroken = true;
    worker?.terminate();
    worker = null;
    for (const [id, w] of waiting) {
      waiting.delete(id);
      w.reject(Object.assign(new Error('worker-unavailable'), { name: 'WorkerUnavailable' }));
    }
  };
  return worker;
}

function inWorker(request: BulkRequest, onProgress: (p: BulkProgress) => void): Promise<BulkResult> | null {
  const w = getWorker();
  if (!w) return null;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject, onProgress });
    w.postMessage({ id, request });
  });
}

function isWorkerUnavailable(e: unknown): boolean {
  return e instanceof Error && e.name === 'WorkerUnavailable';
}

export async function runImport(
  db: ClaimdeskDb,
  source: ImportSource,
  corpus: CorpusDocument[],
  author: string,
  onProgress: (p: BulkProgress) => void = () => {},
): Promise<ImportOutcome> {
  const job = inWorker({ type: 'import', source, corpus, author }, onProgress);
  if (job) {
    try {
      const r = await job;
      if (r.kind === 'import') return r.outcome;
    } catch (e) {
      if (!isWorkerUnavailable(e)) throw e;
    }
  }
  return importSource(db, source, corpus, author, (stage) => onProgress({ stage, done: 0, total: 0 }));
}

/** Builds an export. With `asBlob` the content comes back as a Blob (out.content is then empty). */
export async function runExport(
  db: ClaimdeskDb,
  input: Omit<ExportInput, 'annotations'>,
  asBlob: boolean,
  onProgress: (p: BulkProgress) => void = () => {},
): Promise<{ out: ExportOutput; blob: Blob | null; count: number }> {
  const job = inWorker({ type: 'export', input, asBlob }, onProgress);
  if (job) {
    try {
      const r = await job;
      if (r.kind === 'export') return { out: r.out, blob: r.blob, count: r.count };
    } catch (e) {
      if (!isWorkerUnavailable(e)) throw e;
    }
  }
  const annotations = await readAllAnnotations(db);
  onProgress({ stage: 'building', done: 0, total: annotations.length });
  return { out: buildExport({ ...input, annotations }), blob: null, count: annotations.length };
}
