// Messages between the window and the desk worker.
import type { AnnotationFilter } from '../filters/annotation-filter';
import type { DeskRow, DeskSummary, DeskView, DeskViewRequest } from './desk-model';

export type DeskRequest =
  | { type: 'titles'; titles: Array<[string, string]> }
  | { type: 'view'; id: number; request: DeskViewRequest; first: number }
  | { type: 'rows'; id: number; version: number; start: number; end: number }
  | { type: 'count'; id: number; filter: AnnotationFilter }
  /** Every row of the last view ("select all shown"). */
  | { type: 'view-rows'; id: number }
  /** The rows of these ids and of every other appearance of their linked claims. */
  | { type: 'expand'; id: number; ids: string[] };

export type DeskResponse =
  /** The stored annotations changed (or were read for the first time): new progress for every document. */
  | { type: 'changed'; summary: DeskSummary; readMs: number }
  | { type: 'view'; id: number; view: DeskView; rows: DeskRow[]; ms: number }
  | { type: 'rows'; id: number; version: number; start: number; rows: DeskRow[] }
  | { type: 'picked'; id: number; rows: DeskRow[] }
  | { type: 'count'; id: number; count: number }
  | { type: 'error'; id: number | null; message: string };
