// Messages between the window and the search worker.
import type { ClaimLocation, CountedTexts, Occurrence, OccurrenceOptions, SearchableAnnotation, SearchableDocument, SearchResults, SimilarPassage } from '../../../core/search';

/** An annotation as the worker keeps it: what search reads, plus when it last changed. */
export type IndexedAnnotation = SearchableAnnotation & { updatedAt: string };

/**
 * A document as the window describes it to the worker: its details and the hash that says its text
 * changed. The text is left out: the worker reads it from the app's database, and asks the window
 * ('need-texts') only for the texts that are not there (the corpus files).
 */
export type IndexedDocument = Omit<SearchableDocument, 'text'> & { hash: string; text?: string };

export type SearchRequest =
  | { type: 'documents'; docs: IndexedDocument[] }
  | { type: 'annotations'; items: IndexedAnnotation[] }
  /** The answer to 'need-texts': the texts the window has. */
  | { type: 'texts'; docs: Array<IndexedDocument & { text: string }> }
  | { type: 'search'; id: number; query: string }
  /**
   * Memory shared with the window (only where the page is cross-origin isolated): the worker also
   * writes each query's first answer there (see shared-answer.ts), so the window can wait for it
   * in the handler of the key and draw it in the key's own frame.
   */
  | { type: 'shared'; buffer: SharedArrayBuffer }
  /** The newest query's first n result documents (asked as its results are scrolled). */
  | { type: 'more'; id: number; n: number }
  | { type: 'similar'; id: number; claim: ClaimLocation; limit?: number }
  /** docId null: across the library. */
  | { type: 'occurrences'; id: number; phrase: string; docId: string | null; options: OccurrenceOptions };

export type SearchResponse =
  | { type: 'indexed'; documents: number; annotations: number; restored: boolean; note: string; ms: number }
  /** Documents whose texts are not in the app's database (or not as hashed): the window sends them. */
  | { type: 'need-texts'; ids: string[] }
  /**
   * A query's documents: the first screenful, then as many as asked with 'more'; final when nothing
   * is left to list. `ms` is the worker's time for that message.
   */
  | { type: 'results'; id: number; results: SearchResults; ms: number; final: boolean }
  | { type: 'similar'; id: number; passages: SimilarPassage[]; ms: number }
  | { type: 'occurrences'; id: number; occurrences: Occurrence[]; ms: number }
  /**
   * The index was saved: its saved form made in `steps` tasks, `ms` of work in all, the longest step
   * `longestStepMs` (step `longestStepAt`, 0 for the start of the save); writing it to IndexedDB held the worker `writeMs` (the clone of the data).
   */
  | { type: 'saved'; documents: number; steps: number; ms: number; longestStepMs: number; longestStepAt: number; writeMs: number }
  | { type: 'error'; id: number | null; message: string };

/** The search worker to its helper (count.worker): count the words of these texts. */
export interface CountRequest {
  id: number;
  texts: string[];
}
export type CountResponse = { ready: true } | { id: number; counted: CountedTexts } | { id: number; error: string };
