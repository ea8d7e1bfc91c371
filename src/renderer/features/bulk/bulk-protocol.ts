// Messages between the window and the bulk worker.
import type { CorpusDocument } from '../../../core/model';
import type { ImportSource } from '../../platform';
import type { ExportInput, ExportOutput } from '../export/build-export';
import type { ImportOutcome } from '../import/import';
import type { ExportOnly } from '../filters/export-scope';

export type BulkRequest =
  | { type: 'import'; source: ImportSource; corpus: CorpusDocument[]; author: string; replaceExisting?: boolean }
  /** `asBlob`: hand the file back as a Blob (browser downloads), so no 90 MB string crosses threads. */
  | { type: 'export'; input: Omit<ExportInput, 'annotations'>; asBlob: boolean; only?: ExportOnly }
  /** The check-and-repair of the whole store on open (a full read: kept off the window's thread). */
  | { type: 'repair' };

export type BulkResult =
  | { kind: 'import'; outcome: ImportOutcome }
  | { kind: 'export'; out: ExportOutput; blob: Blob | null; count: number }
  | { kind: 'repair'; log: string[] };

export interface BulkProgress {
  stage: string;
  done: number;
  total: number;
}

export type BulkResponse =
  | ({ id: number; type: 'progress' } & BulkProgress)
  | { id: number; type: 'done'; result: BulkResult }
  | { id: number; type: 'error'; message: string; name: string };
