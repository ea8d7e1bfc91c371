// Messages between the window and the search worker.
import type { ClaimLocation, Occurrence, OccurrenceOptions, SearchableAnnotation, SearchableDocument, SearchResults, SimilarPassage } from '../../../core/search';

/** An annotation as the worker keeps it: what search reads, plus when it last changed. */
export type IndexedAnnotation = SearchableAnnotation & { updatedAt: string };

/** A document as the worker keeps it: what search reads, plus the hash that says its text changed. */
export type IndexedDocument = SearchableDocument & { hash: string };

export type SearchRequest =
  | { type: 'documents'; docs: IndexedDocument[] }
  | { type: 'annotations'; items: IndexedAnnotation[] }
  | { type: 'search'; id: number; query: string }
  | { type: 'similar'; id: number; claim: ClaimLocation; limit?: number }
  /** docId null: across the library. */
  | { type: 'occurrences'; id: number; phrase: string; docId: string | null; options: OccurrenceOptions };

export type SearchResponse =
  | { type: 'indexed'; documents: number; annotations: number; restored: boolean; ms: number }
  | { type: 'results'; id: number; results: SearchResults; ms: number }
  | { type: 'similar'; id: number; passages: SimilarPassage[]; ms: number }
  | { type: 'occurrences'; id: number; occurrences: Occurrence[]; ms: number }
  | { type: 'error'; id: number | null; message: string };
