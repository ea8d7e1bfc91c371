// Messages between the window and the bulk worker.
import type { CorpusDocument } from '../../core/model';
import type { OpenedFile } from '../../core/ipc';
import type { ExportInput, ExportOutput } from '../features/export/build-export';
import type { ImportOutcome } from '../features/import/import';

export type BulkRequest =
  | { type: 'import'; file: OpenedFile; corpus: CorpusDocument[]; author: string }
  | { type: 'export'; input: Omit<ExportInput, 'annotations'> };

export type BulkResult = { kind: 'import'; outcome: ImportOutcome } | { kind: 'export'; out: ExportOutput; count: number };

export interface BulkProgress {
  stage: string;
  done: number;
  total: number;
}

export type BulkResponse =
  | ({ id: number; type: 'progress' } & BulkProgress)
  | { id: number; type: 'done'; result: BulkResult }
  | { id: number; type: 'error'; message: string; name: string };
