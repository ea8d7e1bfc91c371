// Search across the library: the index (MiniSearch), query parsing, folding and segmentation,
// similar passages, all occurrences, and annotation filters.
export { SearchIndex, countDocumentWords, findMatches, makeSnippet } from './search-index';
export { unpackCounted } from './counted-mini-search';
export type { CountedText, CountedTexts } from './counted-mini-search';
export type { HitField, Range, SearchableAnnotation, SearchableDocument, SearchGroup, SearchHit, SearchOptions, SearchResults, SearchSteps, Snippet } from './search-index';
export { parseQuery, isEmptyQuery } from './query';
export type { ParsedQuery, QueryClause, ParseOptions } from './query';
export { foldTerm, foldText, tokenize, tokenizeTerms } from './text';
export type { FoldedText, Token } from './text';
export { findSimilarPassages, extractFacts, sentenceRanges } from './similar';
export type { ClaimLocation, SimilarOptions, SimilarPassage, SimilarityReasons } from './similar';
export { findOccurrences, findOccurrencesInCorpus, findOccurrenceRanges } from './occurrences';
export type { Occurrence, OccurrenceOptions, OccurrenceSource } from './occurrences';
export { applyFilter, buildPredicate, filterChips, isEmptyFilter, parseStoredFilter, toggleValue } from './filters';
export type { AnnotationFilter, ChipLabels, FilterableAnnotation, FilterChip, FilterKey } from './filters';
