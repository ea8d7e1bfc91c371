// The library's search index: document text by paragraph, annotation quotes, notes and sources,
// and document details, in one MiniSearch index (BM25 ranking, prefix search) over folded words.
// Results come grouped by document with the matched words located for highlighting.
import MiniSearch from 'minisearch';
import type { Query, SearchResult } from 'minisearch';
import type { Annotation } from '../model/annotation';
import type { DocumentMeta } from '../model/document';
import { parseQuery } from './query';
import type { ParseOptions, ParsedQuery, QueryClause } from './query';
import { tokenize, tokenizeTerms } from './text';
import type { Token } from './text';

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
  score: number;
}

export interface SearchGroup {
  docId: string;
  title: string;
  score: number;
  /** Every hit in this document, of which `hits` holds the first `maxHitsPerDocument`. */
  hitCount: number;
  hits: SearchHit[];
}

export interface SearchResults {
  query: ParsedQuery;
  groups: SearchGroup[];
  totalHits: number;
  totalDocuments: number;
  /** True when phrase checking stopped early on a very common phrase: counts are lower bounds. */
  partial: boolean;
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
  paragraph: number;
  start: number;
  end: number;
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

interface IndexedItem {
  id: string;
  body: string;
}

// Phrases are checked word by word in each candidate; beyond this many candidates a phrase made of
// very common words ("of the") stops being checked and the counts say they are partial.
const PHRASE_CHECK_BUDGET = 5000;
const DETAILS_BOOST = 1.5;

function newMiniSearch(): MiniSearch<IndexedItem> {
  return new MiniSearch<IndexedItem>({
    fields: ['body'],
    idField: 'id',
    // Words are folded once by tokenizeTerms; queries arrive already folded (see toMiniQuery).
    tokenize: (text) => tokenizeTerms(text),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
  });
}

/** Finds where a clause matches in a run of tokens: consecutive words, the last maybe a prefix. */
export function findClause(tokens: readonly Token[], clause: QueryClause): Range[] {
  const out: Range[] = [];
  const n = clause.terms.length;
  const lastIndex = n - 1;
  for (let i = 0; i + n <= tokens.length; i++) {
    let ok = true;
    for (let k = 0; k < n; k++) {
      const t = tokens[i + k]!.term;
      const want = clause.terms[k]!;
      if (k === lastIndex && clause.prefix ? !t.startsWith(want) : t !== want) {
        ok = false;
        break;
      }
    }
    if (ok) out.push({ start: tokens[i]!.start, end: tokens[i + lastIndex]!.end });
  }
  return out;
}

/** Every place in `text` where any clause of the query matches, sorted, overlaps merged. */
export function findMatches(text: string, query: ParsedQuery): Range[] {
  if (query.clauses.length === 0) return [];
  const tokens = tokenize(text);
  return mergeRanges(query.clauses.flatMap((c) => findClause(tokens, c)));
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

export class SearchIndex {
  private mini = newMiniSearch();
  private entries = new Map<string, Entry>();
  private docs = new Map<string, SearchableDocument>();
  private docEntryIds = new Map<string, string[]>();
  private annotationEntryIds = new Map<string, string[]>();

  /** Number of indexed entries (paragraphs, annotation fields and document details). */
  get size(): number {
    return this.entries.size;
  }

  document(docId: string): SearchableDocument | undefined {
    return this.docs.get(docId);
  }

  documents(): IterableIterator<SearchableDocument> {
    return this.docs.values();
  }

  /** Adds a document, or replaces it (its text changed): its paragraphs and details are re-indexed. */
  setDocument(doc: SearchableDocument): void {
    this.removeDocument(doc.id, { keepAnnotations: true });
    this.docs.set(doc.id, doc);
    const ids: string[] = [];
    const items: IndexedItem[] = [];
    const detailsId = `d\u0000${doc.id}`;
    this.entries.set(detailsId, { field: 'details', docId: doc.id, annotationId: null, text: detailsText(doc), position: null });
    items.push({ id: detailsId, body: detailsText(doc) });
    ids.push(detailsId);
    let start = 0;
    let paragraph = 0;
    const text = doc.text;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      if (end > start) {
        const id = `t\u0000${doc.id}\u0000${paragraph}`;
        this.entries.set(id, { field: 'text', docId: doc.id, paragraph, start, end });
        items.push({ id, body: text.slice(start, end) });
        ids.push(id);
      }
      paragraph++;
      start = end + 1;
    }
    this.mini.addAll(items);
    this.docEntryIds.set(doc.id, ids);
  }

  /** Removes a document's text and details; its annotations go too unless told to stay. */
  removeDocument(docId: string, options: { keepAnnotations?: boolean } = {}): void {
    for (const id of this.docEntryIds.get(docId) ?? []) this.discard(id);
    this.docEntryIds.delete(docId);
    this.docs.delete(docId);
    if (!options.keepAnnotations) {
      for (const [annotationId, ids] of this.annotationEntryIds) {
        if (ids.length > 0 && (this.entries.get(ids[0]!)?.docId ?? docId) === docId) this.removeAnnotation(annotationId);
      }
    }
  }

  /** Adds or replaces one annotation's quote, note and sources. */
  setAnnotation(a: SearchableAnnotation): void {
    this.removeAnnotation(a.id);
    const sources = a.sources.map((s) => [s.title, s.url, s.quote].filter(Boolean).join(' — ')).join('\n');
    const fields: Array<[OwnEntry['field'], string]> = [
      ['quote', a.quote.exact],
      ['note', a.note],
      ['source', sources],
    ];
    const ids: string[] = [];
    const items: IndexedItem[] = [];
    for (const [field, text] of fields) {
      if (!text.trim()) continue;
      const id = `a\u0000${a.id}\u0000${field}`;
      const position = field === 'quote' ? { start: a.position.start, end: a.position.end } : null;
      this.entries.set(id, { field, docId: a.docId, annotationId: a.id, text, position });
      items.push({ id, body: text });
      ids.push(id);
    }
    // Placeholder so removeDocument can find the annotation's document even with every field empty.
    if (ids.length === 0) {
      const id = `a\u0000${a.id}\u0000none`;
      this.entries.set(id, { field: 'note', docId: a.docId, annotationId: a.id, text: '', position: null });
      ids.push(id);
    } else {
      this.mini.addAll(items);
    }
    this.annotationEntryIds.set(a.id, ids);
  }

  removeAnnotation(annotationId: string): void {
    for (const id of this.annotationEntryIds.get(annotationId) ?? []) this.discard(id);
    this.annotationEntryIds.delete(annotationId);
  }

  private discard(id: string): void {
    if (this.mini.has(id)) this.mini.discard(id);
    this.entries.delete(id);
  }

  /** The raw ranked candidates for a MiniSearch query (similar passages use it with OR). */
  rankedEntries(query: Query, options: Parameters<MiniSearch['search']>[1] = {}): Array<{ result: SearchResult; entry: Entry }> {
    const out: Array<{ result: SearchResult; entry: Entry }> = [];
    for (const result of this.mini.search(query, options)) {
      const entry = this.entries.get(result.id as string);
      if (entry) out.push({ result, entry });
    }
    return out;
  }

  /** The text an entry holds: a paragraph of its document, or an annotation field / details. */
  entryText(entry: Entry): string {
    if (entry.field !== 'text') return entry.text;
    return this.docs.get(entry.docId)?.text.slice(entry.start, entry.end) ?? '';
  }

  /** Searches the library. `input` is what the person typed (see parseQuery). */
  search(input: string | ParsedQuery, options: SearchOptions = {}): SearchResults {
    const query = typeof input === 'string' ? parseQuery(input, options) : input;
    const maxDocuments = options.maxDocuments ?? 50;
    const maxHits = options.maxHitsPerDocument ?? 5;
    const context = options.context ?? 60;
    const empty: SearchResults = { query, groups: [], totalHits: 0, totalDocuments: 0, partial: false };
    if (query.clauses.length === 0) return empty;

    // Every clause must be in the document, not necessarily in one paragraph: paragraphs are ranked
    // by BM25, so those holding more of the words come first, and a document is listed when its
    // paragraphs, annotations and details hold all of them between them.
    const clauses = query.clauses;
    const all = (1 << Math.min(clauses.length, 30)) - 1;
    const results = this.mini.search(toMiniQuery(query), {
      boostDocument: (id: string) => (id.charCodeAt(0) === 100 /* 'd' */ ? DETAILS_BOOST : 1),
    });

    type Pending = { entry: Entry; score: number };
    const groups = new Map<string, { docId: string; score: number; mask: number; hitCount: number; pending: Pending[] }>();
    let checked = 0;
    let partial = false;
    for (const r of results) {
      const entry = this.entries.get(r.id as string);
      if (!entry) continue;
      let mask = 0;
      let tokens: Token[] | null = null;
      for (let c = 0; c < clauses.length && c < 30; c++) {
        const clause = clauses[c]!;
        if (clause.terms.length === 1) {
          if (r.queryTerms.includes(clause.terms[0]!)) mask |= 1 << c;
          continue;
        }
        if (!r.queryTerms.includes(clause.terms[0]!)) continue;
        if (checked >= PHRASE_CHECK_BUDGET) {
          partial = true;
          continue;
        }
        checked++;
        tokens ??= tokenize(this.entryText(entry));
        if (findClause(tokens, clause).length > 0) mask |= 1 << c;
      }
      if (mask === 0) continue;
      let g = groups.get(entry.docId);
      if (!g) {
        g = { docId: entry.docId, score: r.score, mask: 0, hitCount: 0, pending: [] };
        groups.set(entry.docId, g);
      }
      g.mask |= mask;
      g.hitCount++;
      if (g.pending.length < maxHits) g.pending.push({ entry, score: r.score });
    }

    const qualified = [...groups.values()].filter((g) => g.mask === all);
    const totalHits = qualified.reduce((n, g) => n + g.hitCount, 0);
    const listed = qualified.slice(0, maxDocuments).map((g) => ({
      docId: g.docId,
      title: this.docs.get(g.docId)?.title ?? g.docId,
      score: g.score,
      hitCount: g.hitCount,
      hits: g.pending.map(({ entry, score }) => this.toHit(entry, score, this.matchesIn(entry, query), context)),
    }));
    return { query, groups: listed, totalHits, totalDocuments: qualified.length, partial };
  }

  /** Every match of the query in a document's text, for the reader's highlights. */
  matchesInDocument(docId: string, input: string | ParsedQuery, options: ParseOptions = {}): Range[] {
    const doc = this.docs.get(docId);
    if (!doc) return [];
    const query = typeof input === 'string' ? parseQuery(input, options) : input;
    return findMatches(doc.text, query);
  }

  private matchesIn(entry: Entry, query: ParsedQuery): Range[] {
    const text = this.entryText(entry);
    const tokens = tokenize(text);
    const all: Range[] = [];
    for (const c of query.clauses) all.push(...findClause(tokens, c));
    return mergeRanges(all);
  }

  private toHit(entry: Entry, score: number, matches: Range[], context: number): SearchHit {
    const text = this.entryText(entry);
    const snippet = makeSnippet(text, matches, context);
    if (entry.field === 'text') {
      return {
        field: 'text',
        docId: entry.docId,
        paragraph: entry.paragraph,
        annotationId: null,
        ranges: matches.map((m) => ({ start: entry.start + m.start, end: entry.start + m.end })),
        snippet,
        score,
      };
    }
    return {
      field: entry.field,
      docId: entry.docId,
      paragraph: null,
      annotationId: entry.annotationId,
      ranges: entry.position ? [entry.position] : [],
      snippet,
      score,
    };
  }
}
