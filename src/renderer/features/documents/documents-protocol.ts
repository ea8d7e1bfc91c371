// Messages between the window and the documents worker.
import type { ReadOutcome } from './readers/pasted';

export interface ReadRequest {
  id: number;
  /** `bytes`: the file's bytes (the window reads and transfers them one file at a time), or a Blob the worker reads. */
  files: Array<{ name: string; type: string; bytes: Blob | ArrayBuffer; encoding?: string | null }>;
}

export type ReadResponse =
  | { id: number; type: 'progress'; done: number; total: number; name: string }
  | { id: number; type: 'done'; outcomes: ReadOutcome[] }
  | { id: number; type: 'error'; message: string };
