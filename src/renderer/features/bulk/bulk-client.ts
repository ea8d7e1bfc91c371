// Runs imports and exports in the bulk worker, with progress and cancelling; where a worker cannot
// start (an old browser, a restricted file: origin), the same code runs in the window instead.
import type { CorpusDocument } from '../../../core/model';
import type { ImportSource } from '../../platform';
import { buildExport, type ExportInput, type ExportOutput } from '../export/build-export';
import { importSource, type ImportOutcome } from '../import/import';
import type { ClaimdeskDb } from '../../db/schema';
import { readAllAnnotations } from '../../db/reads';
import { repairDatabase } from '../../db/repair';
import { selectForExport, type ExportOnly } from '../filters/export-scope';
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

function inWorker(request: BulkRequest, onProgress: (p: BulkProgress) => void): { job: Promise<BulkResult>; id: number } | null {
  const w = getWorker();
  if (!w) return null;
  const id = nextId++;
  const job = new Promise<BulkResult>((resolve, reject) => {
    waiting.set(id, { resolve, reject, onProgress });
    w.postMessage({ id, request });
  });
  return { job, id };
}

/**
 * Stops the worker mid-job: the import's one transaction never commits, so nothing is half-applied.
 * The job rejects as cancelled; the next job starts a fresh worker.
 */
function cancelWorkerJob(id: number): void {
  const w = waiting.get(id);
  if (!w) return;
  worker?.terminate();
  worker = null;
  for (const [otherId, other] of waiting) {
    waiting.delete(otherId);
    other.reject(Object.assign(new Error('cancelled'), { name: otherId === id ? 'Cancelled' : 'WorkerUnavailable' }));
  }
}

/** A running import: `cancel()` works until writing starts (then the job is short and finishes whole). */
export interface ImportJob {
  done: Promise<ImportOutcome>;
  cancel(): boolean;
}

function isWorkerUnavailable(e: unknown): boolean {
  return e instanceof Error && e.name === 'WorkerUnavailable';
}

export function runImport(
  db: ClaimdeskDb,
  source: ImportSource,
  corpus: CorpusDocument[],
  author: string,
  onProgress: (p: BulkProgress) => void = () => {},
  options: { replaceExisting?: boolean } = {},
): ImportJob {
  let cancelled = false;
  let writing = false;
  const progress = (p: BulkProgress) => {
    if (p.stage === 'writing') writing = true;
    onProgress(p);
  };
  const w = inWorker({ type: 'import', source, corpus, author, replaceExisting: options.replaceExisting }, progress);
  const inWindow = () =>
    importSource(db, source, corpus, author, (stage) => progress({ stage, done: 0, total: 0 }), { replaceExisting: options.replaceExisting, isCancelled: () => cancelled });
  const done = (async (): Promise<ImportOutcome> => {
    if (w) {
      try {
        const r = await w.job;
        if (r.kind === 'import') return r.outcome;
      } catch (e) {
        if (e instanceof Error && e.name === 'Cancelled') return { ok: false, cancelled: true, message: 'Import cancelled. Nothing was changed.' };
        if (!isWorkerUnavailable(e)) throw e;
      }
    }
    return inWindow();
  })();
  return {
    done,
    cancel() {
      if (writing) return false;
      cancelled = true;
      if (w) cancelWorkerJob(w.id);
      return true;
    },
  };
}

/** Builds an export. With `asBlob` the content comes back as a Blob (out.content is then empty). */
export async function runExport(
  db: ClaimdeskDb,
  input: Omit<ExportInput, 'annotations'>,
  asBlob: boolean,
  onProgress: (p: BulkProgress) => void = () => {},
  only?: ExportOnly,
): Promise<{ out: ExportOutput; blob: Blob | null; count: number }> {
  const w = inWorker({ type: 'export', input, asBlob, only }, onProgress);
  if (w) {
    try {
      const r = await w.job;
      if (r.kind === 'export') return { out: r.out, blob: r.blob, count: r.count };
    } catch (e) {
      if (!isWorkerUnavailable(e)) throw e;
    }
  }
  const annotations = selectForExport(await readAllAnnotations(db), only);
  onProgress({ stage: 'building', done: 0, total: annotations.length });
  return { out: buildExport({ ...input, annotations }), blob: null, count: annotations.length };
}

/** Checks and repairs the whole store (see db/repair.ts) in the worker; in the window where there is none. */
export async function runRepair(db: ClaimdeskDb): Promise<string[]> {
  const w = inWorker({ type: 'repair' }, () => {});
  if (w) {
    try {
      const r = await w.job;
      if (r.kind === 'repair') return r.log;
    } catch (e) {
      if (!isWorkerUnavailable(e)) throw e;
    }
  }
  return repairDatabase(db);
}
