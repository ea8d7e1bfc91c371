// Messages between the window and the documents worker.
import type { ReadOutcome } from './readers/pasted';

export interface ReadRequest {
  id: number;
  files: Array<{ name: string; type: string; bytes: ArrayBuffer; encoding?: string | null }>;
}

export type ReadResponse =
  | { id: number; type: 'progress'; done: number; total: number; name: string }
  | { id: number; type: 'done'; outcomes: ReadOutcome[] }
  | { id: number; type: 'error'; message: string };
