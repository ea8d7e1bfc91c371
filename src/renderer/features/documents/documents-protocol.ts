// Messages between the window and the documents worker.
import type { ReadOutcome } from './readers/pasted';

export interface ReadRequest {
  id: number;
  /**
   * `bytes`: the file itself (a Blob or File, read here in the worker, so the window never copies or
   * holds the bytes), or bytes already read.
   */
  files: Array<{ name: string; type: string; bytes: Blob | ArrayBuffer; encoding?: string | null }>;
}

export type ReadResponse =
  | { id: number; type: 'progress'; done: number; total: number; name: string }
  | { id: number; type: 'done'; outcomes: ReadOutcome[] }
  | { id: number; type: 'error'; message: string };
