// The window's side of the search worker: sends documents (without their texts: the worker reads
// them from the database and asks for the others) and annotations as they change, asks queries and
// hands back the latest answer. Where a worker cannot start, the same index runs here.
import { findOccurrences, findOccurrencesInCorpus, findSimilarPassages, SearchIndex } from '../../../core/search';
import type { ClaimLocation, Occurrence, OccurrenceOptions, SearchResults, SimilarPassage } from '../../../core/search';
import type { IndexedAnnotation, IndexedDocument, SearchRequest, SearchResponse } from './search-protocol';
import { createSharedAnswers, waitForSharedAnswer } from './shared-answer';

export interface SearchAnswer {
  results: SearchResults;
  ms: number;
  /** False when a fuller list follows (see search.worker). */
  final: boolean;
}

export class SearchClient {
  private worker: Worker | null = null;
  private local: SearchIndex | null = null;
  private nextId = 1;
  private latestSearch = 0;
  /** Queries asked: the first answer resolves the promise, fuller ones go to `more`. */
  private waiting = new Map<number, { first(a: SearchAnswer): void; more?: (a: SearchAnswer) => void; answered: boolean }>();
  private waitingOther = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  /** First answers the worker also writes to shared memory (null where the page cannot share memory). */
  private shared: SharedArrayBuffer | null = null;
  /** Queries whose first answer was taken from shared memory: their first message is the same answer. */
  private takenShared = new Set<number>();

  constructor() {
    try {
      this.worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'claimdesk-search' });
      this.worker.onmessage = (e: MessageEvent<SearchResponse>) => this.receive(e.data);
      this.worker.onerror = () => this.fallBack();
      this.shared = createSharedAnswers();
      if (this.shared) this.send({ type: 'shared', buffer: this.shared });
    } catch {
      this.fallBack();
    }
  }

  private lastDocs: IndexedDocument[] = [];
  private lastAnnotations: IndexedAnnotation[] = [];

  /** The listed documents whose texts this window holds. */
  private withTexts(docs: readonly IndexedDocument[]): Array<IndexedDocument & { text: string }> {
    return docs.filter((d): d is IndexedDocument & { text: string } => typeof d.text === 'string');
  }

  private fallBack(): void {
    this.worker?.terminate();
    this.worker = null;
    this.local = new SearchIndex();
    this.local.setDocuments(this.withTexts(this.lastDocs));
    this.local.setAnnotations(this.lastAnnotations);
    for (const w of this.waiting.values()) if (!w.answered) w.first({ results: { query: { clauses: [] }, groups: [], totalHits: 0, totalDocuments: 0, partial: false }, ms: 0, final: true });
    this.waiting.clear();
  }

  private receive(m: SearchResponse): void {
    if (m.type === 'need-texts') {
      const ids = new Set(m.ids);
      this.send({ type: 'texts', docs: this.withTexts(this.lastDocs.filter((d) => ids.has(d.id))) });
    } else if (m.type === 'indexed') {
      performance.mark('cd:search-indexed', { detail: { documents: m.documents, annotations: m.annotations, restored: m.restored, note: m.note, ms: m.ms } });
    } else if (m.type === 'saved') {
      performance.mark('cd:search-saved', { detail: { documents: m.documents, steps: m.steps, ms: m.ms, longestStepMs: m.longestStepMs, longestStepAt: m.longestStepAt, writeMs: m.writeMs } });
    } else if (m.type === 'results') {
      // Already taken from shared memory (searchAndWait): this message is the same answer.
      if (this.takenShared.delete(m.id)) {
        if (m.final) this.waiting.delete(m.id);
        return;
      }
      const w = this.waiting.get(m.id);
      if (w) {
        if (w.answered) w.more?.({ results: m.results, ms: m.ms, final: m.final });
        else w.first({ results: m.results, ms: m.ms, final: m.final });
        w.answered = true;
        if (m.final) this.waiting.delete(m.id);
      }
    } else if (m.type === 'similar' || m.type === 'occurrences') {
      this.waitingOther.get(m.id)?.resolve(m.type === 'similar' ? m.passages : m.occurrences);
      this.waitingOther.delete(m.id);
    } else if (m.type === 'error' && m.id !== null) {
      this.waiting.delete(m.id);
      this.waitingOther.get(m.id)?.reject(new Error(m.message));
      this.waitingOther.delete(m.id);
    }
  }

  private send(m: SearchRequest): void {
    this.worker?.postMessage(m);
  }

  /**
   * The library's documents. Texts may be given or not: the worker reads them from the database
   * and asks this window for those it cannot find there.
   */
  setDocuments(docs: IndexedDocument[]): void {
    this.lastDocs = docs;
    if (this.local) {
      const listed = new Set(docs.map((d) => d.id));
      this.local.setDocuments(this.withTexts(docs));
      for (const id of this.local.documentIds()) if (!listed.has(id)) this.local.removeDocument(id, { keepAnnotations: true });
    } else this.send({ type: 'documents', docs: docs.map(({ text: _text, ...details }) => details) });
  }

  setAnnotations(items: IndexedAnnotation[]): void {
    this.lastAnnotations = items;
    if (this.local) this.local.setAnnotations(items);
    else this.send({ type: 'annotations', items });
  }

  /**
   * Asks a query: the promise has the first screenful of documents; `more` gets the longer lists
   * asked for with more(n) while this is the newest query.
   */
  search(query: string, more?: (a: SearchAnswer) => void): Promise<SearchAnswer> {
    if (this.local || !this.worker) {
      const t0 = performance.now();
      const results = (this.local ?? new SearchIndex()).search(query);
      return Promise.resolve({ results, ms: performance.now() - t0, final: true });
    }
    const id = this.nextId++;
    this.latestSearch = id;
    // Only the newest query can still get its fuller list.
    for (const [other, w] of this.waiting) if (w.answered) this.waiting.delete(other);
    return new Promise((resolve) => {
      this.waiting.set(id, { first: resolve, more, answered: false });
      this.send({ type: 'search', id, query });
    });
  }

  /**
   * As `search`, then waits in this call, up to `waitMs`, for the worker's first answer in shared
   * memory, and returns it as `now`: drawn in the same task, it shows in the frame that shows the
   * key. Null when it did not come in time or memory cannot be shared here; `later` then has it.
   */
  searchAndWait(query: string, more: ((a: SearchAnswer) => void) | undefined, waitMs: number): { now: SearchAnswer | null; later: Promise<SearchAnswer> } {
    const later = this.search(query, more);
    if (!this.shared || !this.worker || this.local) return { now: null, later };
    const id = this.latestSearch;
    const now = waitForSharedAnswer<SearchAnswer>(this.shared, id, waitMs);
    const w = this.waiting.get(id);
    if (!now || !w || w.answered) return { now: null, later };
    w.answered = true;
    this.takenShared.add(id);
    performance.mark('cd:search-shared');
    if (now.final) this.waiting.delete(id);
    w.first(now);
    return { now, later };
  }

  /** Asks for the newest query's first n documents; they come to its `more` callback. */
  more(n: number): void {
    if (this.local || !this.worker || !this.waiting.has(this.latestSearch)) return;
    this.send({ type: 'more', id: this.latestSearch, n });
  }

  /** Passages elsewhere in the library like the claim at this place (see core/search/similar). */
  similar(claim: ClaimLocation, limit?: number): Promise<SimilarPassage[]> {
    if (this.local || !this.worker) return Promise.resolve(findSimilarPassages(this.local ?? new SearchIndex(), claim, { limit }));
    return this.ask<SimilarPassage[]>((id) => ({ type: 'similar', id, claim, limit }));
  }

  /** Every occurrence of the words in one document (docId) or across the library (null). */
  occurrences(phrase: string, docId: string | null, options: OccurrenceOptions = {}): Promise<Occurrence[]> {
    if (this.local || !this.worker) {
      const index = this.local ?? new SearchIndex();
      const doc = docId === null ? null : index.document(docId);
      return Promise.resolve(
        docId === null ? findOccurrencesInCorpus(index.documentIds().map((id) => index.document(id)!), phrase, options) : doc ? findOccurrences(doc, phrase, options) : [],
      );
    }
    return this.ask<Occurrence[]>((id) => ({ type: 'occurrences', id, phrase, docId, options }));
  }

  private ask<T>(make: (id: number) => SearchRequest): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waitingOther.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send(make(id));
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
