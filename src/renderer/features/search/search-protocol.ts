// Messages between the window and the search worker.
import type { SearchableAnnotation, SearchableDocument, SearchResults } from '../../../core/search';

/** An annotation as the worker keeps it: what search reads, plus when it last changed. */
export type IndexedAnnotation = SearchableAnnotation & { updatedAt: string };

/** A document as the worker keeps it: what search reads, plus the hash that says its text changed. */
export type IndexedDocument = SearchableDocument & { hash: string };

export type SearchRequest =
  | { type: 'documents'; docs: IndexedDocument[] }
  | { type: 'annotations'; items: IndexedAnnotation[] }
  | { type: 'search'; id: number; query: string };

export type SearchResponse =
  | { type: 'indexed'; documents: number; annotations: number; restored: boolean; ms: number }
  | { type: 'results'; id: number; results: SearchResults; ms: number }
  | { type: 'error'; id: number | null; message: string };
