// Runs an export: small ones inline, big ones (over 1,000 annotations) in a worker with progress.
import { buildExport, type ExportInput, type ExportOutput } from './build-export';

export const WORKER_THRESHOLD = 1000;

export interface ExportProgress {
  stage: string;
  done: number;
  total: number;
}

export function runExport(input: ExportInput, onProgress: (p: ExportProgress) => void): Promise<ExportOutput> {
  if (input.annotations.length <= WORKER_THRESHOLD) return Promise.resolve(buildExport(input));
  let worker: Worker;
  try {
    worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return Promise.resolve(buildExport(input));
  }
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent) => {
      const m = e.data as { type: string; out?: ExportOutput; message?: string } & ExportProgress;
      if (m.type === 'progress') onProgress({ stage: m.stage, done: m.done, total: m.total });
      else if (m.type === 'done') {
        worker.terminate();
        resolve(m.out!);
      } else {
        worker.terminate();
        reject(new Error(m.message ?? 'Export failed'));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'Export worker failed'));
    };
    onProgress({ stage: 'preparing', done: 0, total: input.annotations.length });
    worker.postMessage(input);
  });
}
