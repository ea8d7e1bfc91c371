// The library's search index: document text by paragraph, annotation quotes, notes and sources,
// and document details, in one MiniSearch index (BM25 ranking, prefix search) over folded words.
// Results come grouped by document with the matched words located for highlighting.
import type MiniSearch from 'minisearch';
import type { Query, SearchResult } from 'minisearch';
import type { Annotation } from '../model/annotation';
import type { DocumentMeta } from '../model/document';
import { parseQuery } from './query';
import type { ParseOptions, ParsedQuery, QueryClause } from './query';
import { CountedMiniSearch, countTexts } from './counted-mini-search';
import type { CompactMiniSearch, CountedText, CountedTexts, TextEntry as MiniEntry } from './counted-mini-search';
import { eachTermId, findWordRuns, foldText, tokenizeTerms, unfoldRange } from './text';
import type { FoldedText } from './text';

/** Where a hit was found. */
export type HitField = 'text' | 'quote' | 'note' | 'source' | 'details';

/** The part of the library search reads: a document's details and its text. */
export interface SearchableDocument extends Pick<DocumentMeta, 'id' | 'title' | 'publication' | 'author' | 'date' | 'language' | 'file'> {
  translation?: DocumentMeta['translation'];
  text: string;
}

/** The part of an annotation search reads. */
export type SearchableAnnotation = Pick<Annotation, 'id' | 'docId' | 'quote' | 'note' | 'sources' | 'position'>;

export interface Range {
  start: number;
  end: number;
}

/** A passage with the matched words: `matches` are offsets into `text`. */
export interface Snippet {
  text: string;
  matches: Range[];
  /** True when text was cut before its start / after its end. */
  cutStart: boolean;
  cutEnd: boolean;
}

export interface SearchHit {
  field: HitField;
  docId: string;
  /** For text hits: the paragraph's index (one per line of the file). */
  paragraph: number | null;
  /** For quote, note and source hits: the annotation. */
  annotationId: string | null;
  /**
   * For text hits: the matches in the document's text (UTF-16 offsets), so the reader can go to them;
   * for a quote hit, the annotation's position. Empty for other fields.
   */
  ranges: Range[];
  snippet: Snippet;
}

export interface SearchGroup {
  docId: string;
  title: string;
  score: number;
  /** Every hit in this document (a paragraph, an annotation field, the details); `hits` holds the first `maxHitsPerDocument`. */
  hitCount: number;
  /** Matches in those hits: each matching run of words in the text, one per other field. */
  matchCount: number;
  hits: SearchHit[];
}

export interface SearchResults {
  query: ParsedQuery;
  groups: SearchGroup[];
  /** Hits in the listed documents (paragraphs, annotation fields, details). */
  totalHits: number;
  totalDocuments: number;
  /**
   * True when documents beyond the list were counted without checking that a phrase of the query
   * is really in them (their words are): totalDocuments is then an upper bound.
   */
  partial: boolean;
}

/** A search listed in steps (see SearchIndex.searchInSteps). */
export interface SearchSteps {
  /**
   * The first n documents; the counts cover every document found. `examine` bounds how many more
   * candidates this call may check (a phrase found in none of them would otherwise check them all):
   * what is left unchecked is counted as `partial`, and a later call goes on from there.
   */
  results(n: number, examine?: number): SearchResults;
}

export interface SearchOptions extends ParseOptions {
  /** Documents listed in full (others are counted). Default 50. */
  maxDocuments?: number;
  /** Hits with a snippet per document. Default 5. */
  maxHitsPerDocument?: number;
  /** Characters of context either side of the first match in a snippet. Default 60. */
  context?: number;
}

interface TextEntry {
  field: 'text';
  docId: string;
}
interface OwnEntry {
  field: Exclude<HitField, 'text'>;
  docId: string;
  annotationId: string | null;
  text: string;
  /** For a quote: where the annotation sits in its document. */
  position: Range | null;
}
type Entry = TextEntry | OwnEntry;

/** A document found by a query, before its hits are listed. */
interface Candidate {
  docId: string;
  score: number;
  /** Its entries that hold some clause of the query. */
  entries: () => Entry[];
}

function bitCount(n: number): number {
  let count = 0;
  for (let v = n >>> 0; v !== 0; v &= v - 1) count++;
  return count;
}

interface IndexedItem {
  id: string;
  body: string;
}

interface IndexedDocument {
  doc: SearchableDocument;
  /** Offset where each line (paragraph) starts. */
  lineStarts: number[];
}

const DETAILS_BOOST = 1.5;
// Folded copies of the texts searched last, so typing one more letter does not fold them again.
const FOLDED_CACHE_CHARS = 40_000_000;
const FIELD_ORDER: Record<HitField, number> = { details: 0, quote: 1, note: 2, source: 3, text: 4 };

const MINI_OPTIONS = {
    fields: ['body'],
    idField: 'id',
    // Words are folded once by tokenizeTerms; queries arrive already folded (see toMiniQuery).
    tokenize: (text: string) => tokenizeTerms(text),
    processTerm: (term: string) => term,
    searchOptions: { tokenize: (text: string) => [text], processTerm: (term: string) => term },
};

function newMiniSearch(): CountedMiniSearch<IndexedItem> {
  return new CountedMiniSearch<IndexedItem>(MINI_OPTIONS);
}

// Documents whose words are gathered before they go into the index: bounds the memory that takes
// (16 bytes per distinct word of each document: 55 MB for 2,000 news articles of ~1,700 distinct
// words). Each batch walks MiniSearch's radix tree once for every distinct word it holds, so fewer,
// larger batches build faster: 2,000 articles in one batch instead of four took the tree's part of
// the build from 0.51-0.60 s to 0.14-0.17 s in Node (ADR 0017).
const BATCH_DOCUMENTS = 2000;

/**
 * A saved index: the compact form of the MiniSearch index plus the annotation entries. Document
 * texts are not in it: whoever loads it hands the same documents back, and must check they are the
 * same (the search worker keys the saved index by the documents' hashes and annotations' update times).
 */
export interface SavedSearchIndex {
  version: 2;
  mini: CompactMiniSearch;
  annotations: Array<[string, OwnEntry]>;
}

/**
 * The words of document texts counted as the index counts them, for SearchIndex.setDocuments: the
 * search worker has a helper thread count most of a large library while it reads the rest.
 */
export function countDocumentWords(texts: readonly string[]): CountedTexts {
  return countTexts(texts, eachTermId);
}

/** Where each clause matches in a text: ranges in original offsets and which clauses were found. */
export function findClauseMatches(text: string, folded: FoldedText, query: ParsedQuery): { ranges: Range[]; mask: number } {
  const ranges: Range[] = [];
  let mask = 0;
  query.clauses.forEach((clause, c) => {
    for (const m of findWordRuns(folded.folded, clause.terms, clause.prefix)) {
      ranges.push(unfoldRange(text, folded, m.start, m.end));
      if (c < 30) mask |= 1 << c;
    }
  });
  return { ranges: mergeRanges(ranges), mask };
}

/** Every place in `text` where any clause of the query matches, sorted, overlaps merged. */
export function findMatches(text: string, query: ParsedQuery): Range[] {
  if (query.clauses.length === 0) return [];
  return findClauseMatches(text, foldText(text), query).ranges;
}

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** A window of `text` around its first match, cut at spaces, with the matches inside it. */
export function makeSnippet(text: string, matches: readonly Range[], context = 60): Snippet {
  const first = matches[0] ?? { start: 0, end: 0 };
  let from = Math.max(0, first.start - context);
  let to = Math.min(text.length, first.end + context * 2);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < first.start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > first.end) to = space;
  }
  return {
    text: text.slice(from, to),
    matches: matches.filter((m) => m.start >= from && m.end <= to).map((m) => ({ start: m.start - from, end: m.end - from })),
    cutStart: from > 0,
    cutEnd: to < text.length,
  };
}

function toMiniQuery(query: ParsedQuery): Query {
  return {
    combineWith: 'OR',
    queries: query.clauses.map((c) => ({
      combineWith: 'AND',
      queries: c.terms.map((t, i) => ({ queries: [t], prefix: c.prefix && i === c.terms.length - 1 })),
    })),
  };
}

function detailsText(doc: SearchableDocument): string {
  return [doc.title, doc.publication, doc.author, doc.date, doc.language, doc.translation?.from, doc.file].filter(Boolean).join('\n');
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Index of the line holding `offset` (binary search over line starts). */
function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * One MiniSearch entry per document text, per document's details and per annotation field. The
 * index finds and ranks documents (BM25); the paragraphs to show are then found by scanning only the
 * documents listed, which is what keeps a query for a word in every article fast (see ADR 0017).
 */
export class SearchIndex {
  private mini = newMiniSearch();
  private entries = new Map<string, Entry>();
  private docs = new Map<string, IndexedDocument>();
  private annotationEntryIds = new Map<string, string[]>();
  private annotationsByDoc = new Map<string, Set<string>>();
  private folded = new Map<string, FoldedText>();
  private foldedChars = 0;
  /** Per entry (by MiniSearch's short id): the number of its document in docOrder, and 1 for details. */
  private entryDoc = new Int32Array(1024);
  private entryIsDetails = new Uint8Array(1024);
  private docNumbers = new Map<string, number>();
  private docOrder: string[] = [];
  /** Changes to the index so far (see saveInSteps). */
  private changes = 0;

  /** The index as plain data, to save and load instead of building it again. */
  save(): SavedSearchIndex {
    return this.saveInSteps().step(Infinity) as SavedSearchIndex;
  }

  /**
   * The same data, made a part at a time (see CountedMiniSearch.compactInSteps): each `step(n)`
   * reads about n postings and returns the data once whole, null before, or 'changed' when the
   * index changed since the first step (a document or annotation added or removed, or MiniSearch
   * vacuuming): what was made is then of no use, and the save starts again later.
   */
  saveInSteps(): { step(postings: number): SavedSearchIndex | null | 'changed' } {
    const annotations: Array<[string, OwnEntry]> = [];
    for (const [id, entry] of this.entries) if (id.startsWith('a\u0000') && entry.field !== 'text') annotations.push([id, entry]);
    // MiniSearch vacuums discarded entries in batches, between tasks: the tree is not stepped through then.
    const state = () => `${this.changes} ${this.mini.dirtCount}`;
    const at = state();
    const mini = this.mini;
    const compact = mini.compactInSteps();
    return {
      step: (postings: number) => {
        if (this.mini !== mini || mini.isVacuuming || state() !== at) return 'changed';
        const done = compact.step(postings);
        return done && { version: 2, mini: done, annotations };
      },
    };
  }

  /**
   * An index from saved data and documents it was built from; null when the data is of another
   * version (then the caller builds the index again). A saved document not among `docs` (removed,
   * or its text changed since) is dropped from the index, its annotations kept: the caller then
   * adds the documents that are new or changed, and removes annotations that are gone, as after
   * any change. Every one of `docs` must be as it was when saved.
   */
  static load(saved: SavedSearchIndex, docs: Iterable<SearchableDocument>): SearchIndex | null {
    if (saved.version !== 2) return null;
    const index = new SearchIndex();
    index.mini = CountedMiniSearch.fromCompact<IndexedItem>(saved.mini, MINI_OPTIONS);
    const given = new Set<string>();
    for (const doc of docs) given.add(doc.id);
    for (const id of saved.mini.ids) {
      // Text and details entries are `t\u0000<id>` and `d\u0000<id>` (see setDocuments).
      if ((id.startsWith('t\u0000') || id.startsWith('d\u0000')) && !given.has(id.slice(2))) index.discard(id);
    }
    for (const doc of docs) {
      index.docs.set(doc.id, { doc, lineStarts: lineStartsOf(doc.text) });
      index.entries.set(`t\u0000${doc.id}`, { field: 'text', docId: doc.id });
      index.entries.set(`d\u0000${doc.id}`, { field: 'details', docId: doc.id, annotationId: null, text: detailsText(doc), position: null });
    }
    for (const [id, entry] of saved.annotations) {
      index.entries.set(id, entry);
      const annotationId = entry.annotationId!;
      const ids = index.annotationEntryIds.get(annotationId) ?? [];
      ids.push(id);
      index.annotationEntryIds.set(annotationId, ids);
      let set = index.annotationsByDoc.get(entry.docId);
      if (!set) index.annotationsByDoc.set(entry.docId, (set = new Set()));
      set.add(annotationId);
    }
    index.noteEntries(index.entries.keys());
    return index;
  }

  /** Records which document each of these (indexed) entries belongs to, by short id, for ranking. */
  private noteEntries(ids: Iterable<string>): void {
    const limit = this.mini.shortIdLimit;
    if (limit > this.entryDoc.length) {
      const size = Math.max(limit, this.entryDoc.length * 2);
      const doc = new Int32Array(size);
      doc.set(this.entryDoc);
      this.entryDoc = doc;
      const details = new Uint8Array(size);
      details.set(this.entryIsDetails);
      this.entryIsDetails = details;
    }
    for (const id of ids) {
      const short = this.mini.shortIdOf(id);
      const entry = this.entries.get(id);
      if (short === undefined || !entry) continue;
      let n = this.docNumbers.get(entry.docId);
      if (n === undefined) {
        n = this.docOrder.push(entry.docId) - 1;
        this.docNumbers.set(entry.docId, n);
      }
      this.entryDoc[short] = n;
      this.entryIsDetails[short] = entry.field === 'details' ? 1 : 0;
    }
  }

  /** Number of indexed entries (document texts, details and annotation fields). */
  get size(): number {
    return this.entries.size;
  }

  document(docId: string): SearchableDocument | undefined {
    return this.docs.get(docId)?.doc;
  }

  documentIds(): string[] {
    return [...this.docs.keys()];
  }

  /** Adds a document, or replaces it (its text changed): its text and details are re-indexed. */
  setDocument(doc: SearchableDocument): void {
    this.setDocuments([doc]);
  }

  /**
   * Adds or replaces documents (what a start or an import does): their words are counted and go
   * into the index a batch at a time, which is what makes building a large library fast. `counted`
   * holds the words of some of their texts already counted (countDocumentWords, on another thread).
   */
  setDocuments(list: readonly SearchableDocument[], counted?: ReadonlyMap<string, CountedText>): void {
    // One entry per id: the last given wins, as calling setDocument for each would.
    const docs = [...new Map(list.map((d) => [d.id, d])).values()];
    this.changes++;
    for (let from = 0; from < docs.length; from += BATCH_DOCUMENTS) {
      const batch: MiniEntry[] = [];
      for (const doc of docs.slice(from, from + BATCH_DOCUMENTS)) {
        this.removeDocument(doc.id, { keepAnnotations: true });
        this.docs.set(doc.id, { doc, lineStarts: lineStartsOf(doc.text) });
        const textId = `t\u0000${doc.id}`;
        const detailsId = `d\u0000${doc.id}`;
        const details = detailsText(doc);
        this.entries.set(textId, { field: 'text', docId: doc.id });
        this.entries.set(detailsId, { field: 'details', docId: doc.id, annotationId: null, text: details, position: null });
        const words = counted?.get(doc.id);
        batch.push(words ? { id: textId, counted: words } : { id: textId, text: doc.text }, { id: detailsId, text: details });
      }
      this.mini.addTexts(batch, eachTermId);
      this.noteEntries(batch.map((e) => e.id));
    }
  }

  /** Removes a document's text and details; its annotations go too unless told to stay. */
  removeDocument(docId: string, options: { keepAnnotations?: boolean } = {}): void {
    if (this.docs.has(docId)) {
      this.discard(`t\u0000${docId}`);
      this.discard(`d\u0000${docId}`);
      this.docs.delete(docId);
      this.dropFolded(docId);
    }
    if (!options.keepAnnotations) for (const id of [...(this.annotationsByDoc.get(docId) ?? [])]) this.removeAnnotation(id);
  }

  /** Adds or replaces one annotation's quote, note and sources. */
  setAnnotation(a: SearchableAnnotation): void {
    this.setAnnotations([a]);
  }

  /** Adds or replaces annotations' quotes, notes and sources. */
  setAnnotations(list: readonly SearchableAnnotation[]): void {
    this.changes++;
    const batch: MiniEntry[] = [];
    for (const a of new Map(list.map((x) => [x.id, x])).values()) {
      this.removeAnnotation(a.id);
      const sources = a.sources.map((s) => [s.title, s.url, s.quote].filter(Boolean).join(' — ')).join('\n');
      const fields: Array<[OwnEntry['field'], string]> = [
        ['quote', a.quote.exact],
        ['note', a.note],
        ['source', sources],
      ];
      const ids: string[] = [];
      for (const [field, text] of fields) {
        if (!text.trim()) continue;
        const id = `a\u0000${a.id}\u0000${field}`;
        const position = field === 'quote' ? { start: a.position.start, end: a.position.end } : null;
        this.entries.set(id, { field, docId: a.docId, annotationId: a.id, text, position });
        batch.push({ id, text });
        ids.push(id);
      }
      this.annotationEntryIds.set(a.id, ids);
      let set = this.annotationsByDoc.get(a.docId);
      if (!set) this.annotationsByDoc.set(a.docId, (set = new Set()));
      set.add(a.id);
    }
    this.mini.addTexts(batch, eachTermId);
    this.noteEntries(batch.map((e) => e.id));
  }

  removeAnnotation(annotationId: string): void {
    const ids = this.annotationEntryIds.get(annotationId);
    if (!ids) return;
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) this.annotationsByDoc.get(entry.docId)?.delete(annotationId);
      this.discard(id);
    }
    for (const set of this.annotationsByDoc.values()) set.delete(annotationId);
    this.annotationEntryIds.delete(annotationId);
  }

  private discard(id: string): void {
    this.changes++;
    if (this.mini.has(id)) this.mini.discard(id);
    this.entries.delete(id);
  }

  /** The folded text of a document, from the cache when it was searched lately. */
  foldedDocument(docId: string): FoldedText | null {
    const cached = this.folded.get(docId);
    if (cached) {
      this.folded.delete(docId);
      this.folded.set(docId, cached);
      return cached;
    }
    const d = this.docs.get(docId);
    if (!d) return null;
    const f = foldText(d.doc.text);
    this.folded.set(docId, f);
    this.foldedChars += f.folded.length;
    while (this.foldedChars > FOLDED_CACHE_CHARS && this.folded.size > 1) {
      const oldest = this.folded.keys().next().value as string;
      this.dropFolded(oldest);
    }
    return f;
  }

  private dropFolded(docId: string): void {
    const f = this.folded.get(docId);
    if (!f) return;
    this.foldedChars -= f.folded.length;
    this.folded.delete(docId);
  }

  /** The raw ranked entries for a MiniSearch query (similar passages use it). */
  rankedEntries(query: Query, options: Parameters<MiniSearch['search']>[1] = {}): Array<{ result: SearchResult; entry: Entry }> {
    const out: Array<{ result: SearchResult; entry: Entry }> = [];
    for (const result of this.mini.search(query, options)) {
      const entry = this.entries.get(result.id as string);
      if (entry) out.push({ result, entry });
    }
    return out;
  }

  /** Searches the library. `input` is what the person typed (see parseQuery). */
  search(input: string | ParsedQuery, options: SearchOptions = {}): SearchResults {
    return this.searchInSteps(input, options).results(options.maxDocuments ?? 50);
  }

  /**
   * The same search, listed a few documents at a time: `results(n)` lists the first n documents
   * (examining only as many as it needs) and a later, larger n goes on from there. The worker
   * answers a key press with the first screenful and sends the rest after (the key-to-paint figure).
   */
  searchInSteps(input: string | ParsedQuery, options: SearchOptions = {}): SearchSteps {
    const query = typeof input === 'string' ? parseQuery(input, options) : input;
    const maxHits = options.maxHitsPerDocument ?? 5;
    const context = options.context ?? 60;
    if (query.clauses.length === 0) return { results: () => ({ query, groups: [], totalHits: 0, totalDocuments: 0, partial: false }) };

    // Every clause must be in the document, not necessarily in one paragraph or field. The index
    // says which query words each entry holds; phrases are then checked in the text itself.
    const clauses = query.clauses.slice(0, 30);
    const all = (1 << clauses.length) - 1;
    const qualified = this.rankDocuments(clauses, all) ?? this.rankWithMiniSearch(query, clauses, all);

    const hasPhrase = clauses.some((c) => c.terms.length > 1);
    const groups: SearchGroup[] = [];
    let examined = 0;
    return {
      results: (n, examine = Infinity) => {
        const stopAt = examined + examine;
        while (groups.length < n && examined < qualified.length && examined < stopAt) {
          const g = qualified[examined++]!;
          const hits = this.hitsIn(g.entries(), query, all);
          if (!hits) continue;
          groups.push({
            docId: g.docId,
            title: this.docs.get(g.docId)?.doc.title ?? g.docId,
            score: g.score,
            hitCount: hits.length,
            matchCount: hits.reduce((n, h) => n + h.matches, 0),
            hits: hits.slice(0, maxHits).map((h) => h.make(context)),
          });
        }
        // Documents beyond the list were not scanned: without phrases every one of them qualifies; with a
        // phrase they are candidates that may not hold it.
        const unexamined = qualified.length - examined;
        const listed = groups.slice(0, n);
        return {
          query,
          groups: listed,
          totalHits: listed.reduce((t, g) => t + g.hitCount, 0),
          totalDocuments: groups.length + unexamined,
          partial: hasPhrase && unexamined > 0,
        };
      },
    };
  }

  /**
   * The documents that hold every clause, best first: a document ranks as its best entry, scored as
   * MiniSearch's search scores it (BM25 per word from CountedMiniSearch.termScores, the details
   * boosted, the sum times the number of query words the entry holds). Done over typed arrays by
   * short id: MiniSearch's search makes objects per matching entry and per matched word, which cost
   * 10–30 ms a key press for a word of every article (ADR 0017). Null when the query has more than 30
   * distinct words; MiniSearch ranks those (rankWithMiniSearch).
   */
  private rankDocuments(clauses: readonly QueryClause[], all: number): Candidate[] | null {
    const keys = new Map<string, number>();
    const words: Array<{ term: string; prefix: boolean }> = [];
    const clauseWords = clauses.map((c) =>
      c.terms.map((term, i) => {
        const prefix = c.prefix && i === c.terms.length - 1;
        const key = `${prefix ? '*' : '='}${term}`;
        let w = keys.get(key);
        if (w === undefined) keys.set(key, (w = words.push({ term, prefix }) - 1));
        return w;
      }),
    );
    if (words.length > 30) return null;
    const clauseBits = clauseWords.map((ws) => ws.reduce((bits, w) => bits | (1 << w), 0));

    const size = this.mini.shortIdLimit;
    const boost = (short: number): number => (this.entryIsDetails[short] === 1 ? DETAILS_BOOST : 1);
    const held = new Uint32Array(size);
    const touched: number[] = [];
    const scores = words.map((w, i) => {
      const wordScores = new Float64Array(size);
      for (const short of this.mini.termScores(w.term, w.prefix, boost, wordScores)) {
        if (held[short] === 0) touched.push(short);
        held[short] = held[short]! | (1 << i);
      }
      return wordScores;
    });

    const entryClauses = new Uint32Array(size);
    const docScore = new Float64Array(this.docOrder.length);
    const docClauses = new Uint32Array(this.docOrder.length);
    const docs: number[] = [];
    for (const short of touched) {
      const has = held[short]!;
      let score = 0;
      let words = 0;
      let found = 0;
      for (let c = 0; c < clauseBits.length; c++) {
        const bits = clauseBits[c]!;
        if ((has & bits) !== bits) continue;
        for (const w of clauseWords[c]!) score += scores[w]![short]!;
        words |= bits;
        found |= 1 << c;
      }
      if (found === 0) continue;
      score *= bitCount(words);
      entryClauses[short] = found;
      const d = this.entryDoc[short]!;
      if (docClauses[d] === 0) docs.push(d);
      docClauses[d] = docClauses[d]! | found;
      if (score > docScore[d]!) docScore[d] = score;
    }
    return docs
      .filter((d) => docClauses[d] === all)
      .sort((a, b) => docScore[b]! - docScore[a]! || a - b)
      .map((d) => {
        const docId = this.docOrder[d]!;
        return {
          docId,
          score: docScore[d]!,
          entries: () =>
            this.entryIdsOf(docId).flatMap((id) => {
              const short = this.mini.shortIdOf(id);
              const entry = this.entries.get(id);
              return short !== undefined && entry && entryClauses[short] !== 0 ? [entry] : [];
            }),
        };
      });
  }

  /** The same ranking through MiniSearch's own search, for queries of more than 30 distinct words. */
  private rankWithMiniSearch(query: ParsedQuery, clauses: readonly QueryClause[], all: number): Candidate[] {
    const found = this.mini.search(toMiniQuery(query), {
      boostDocument: (id: string) => (id.charCodeAt(0) === 100 /* 'd' */ ? DETAILS_BOOST : 1),
    });
    const candidates = new Map<string, { docId: string; score: number; mask: number; entries: Entry[] }>();
    for (const r of found) {
      const entry = this.entries.get(r.id as string);
      if (!entry) continue;
      let mask = 0;
      clauses.forEach((clause, c) => {
        if (clause.terms.every((t) => r.queryTerms.includes(t))) mask |= 1 << c;
      });
      if (mask === 0) continue;
      let g = candidates.get(entry.docId);
      if (!g) candidates.set(entry.docId, (g = { docId: entry.docId, score: r.score, mask: 0, entries: [] }));
      g.mask |= mask;
      g.entries.push(entry);
    }
    return [...candidates.values()].filter((g) => g.mask === all).map((g) => ({ docId: g.docId, score: g.score, entries: () => g.entries }));
  }

  /** Ids of a document's entries: its text, its details and its annotations' fields. */
  private entryIdsOf(docId: string): string[] {
    const ids = [`t\u0000${docId}`, `d\u0000${docId}`];
    for (const a of this.annotationsByDoc.get(docId) ?? []) ids.push(...(this.annotationEntryIds.get(a) ?? []));
    return ids;
  }

  /** Every match of the query in a document's text, for the reader's highlights. */
  matchesInDocument(docId: string, input: string | ParsedQuery, options: ParseOptions = {}): Range[] {
    const d = this.docs.get(docId);
    const query = typeof input === 'string' ? parseQuery(input, options) : input;
    if (!d || query.clauses.length === 0) return [];
    return findClauseMatches(d.doc.text, this.foldedDocument(docId)!, query).ranges;
  }

  /**
   * The hits of one document, as functions that build each hit's snippet on demand (only the
   * listed ones are built), or null when some clause (a phrase) is in none of its entries.
   */
  private hitsIn(entries: readonly Entry[], query: ParsedQuery, all: number): Array<{ matches: number; make: (context: number) => SearchHit }> | null {
    const hits: Array<{ order: number; at: number; matches: number; make: (context: number) => SearchHit }> = [];
    let mask = 0;
    for (const entry of entries) {
      if (entry.field === 'text') {
        const d = this.docs.get(entry.docId);
        if (!d) continue;
        const text = d.doc.text;
        const found = findClauseMatches(text, this.foldedDocument(entry.docId)!, query);
        mask |= found.mask;
        // One hit per paragraph, in reading order.
        let i = 0;
        while (i < found.ranges.length) {
          const line = lineAt(d.lineStarts, found.ranges[i]!.start);
          const lineStart = d.lineStarts[line]!;
          const lineEnd = line + 1 < d.lineStarts.length ? d.lineStarts[line + 1]! - 1 : text.length;
          const ranges: Range[] = [];
          while (i < found.ranges.length && found.ranges[i]!.start < lineEnd) ranges.push(found.ranges[i++]!);
          hits.push({
            order: FIELD_ORDER.text,
            at: lineStart,
            matches: ranges.length,
            make: (context) => ({
              field: 'text',
              docId: entry.docId,
              paragraph: line,
              annotationId: null,
              ranges,
              snippet: makeSnippet(
                text.slice(lineStart, lineEnd),
                ranges.map((r) => ({ start: r.start - lineStart, end: Math.min(r.end, lineEnd) - lineStart })),
                context,
              ),
            }),
          });
        }
      } else {
        const found = findClauseMatches(entry.text, foldText(entry.text), query);
        if (found.ranges.length === 0) continue;
        mask |= found.mask;
        hits.push({
          order: FIELD_ORDER[entry.field],
          at: entry.position?.start ?? 0,
          matches: 1,
          make: (context) => ({
            field: entry.field,
            docId: entry.docId,
            paragraph: null,
            annotationId: entry.annotationId,
            ranges: entry.position ? [entry.position] : [],
            snippet: makeSnippet(entry.text, found.ranges, context),
          }),
        });
      }
    }
    if (mask !== all) return null;
    hits.sort((a, b) => a.order - b.order || a.at - b.at);
    return hits;
  }
}
