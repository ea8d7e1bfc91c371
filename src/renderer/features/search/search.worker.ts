// The search worker: holds the library's search index off the window's thread and keeps it up to
// date. The window sends the whole list of documents and of annotations whenever either changes;
// only those that differ (new, gone, text hash or update time changed) are re-indexed. The index is
// saved (a few seconds after the last change) and loaded on the next start when the documents are
// the same, instead of being built again.
import { findOccurrences, findOccurrencesInCorpus, findSimilarPassages, SearchIndex } from '../../../core/search';
import type { IndexedAnnotation, IndexedDocument, SearchRequest, SearchResponse } from './search-protocol';
import { readSavedIndex, writeSavedIndex } from './saved-index';

const SAVE_DELAY_MS = 3000;

let index = new SearchIndex();
let docHashes = new Map<string, string>();
let annotationTimes = new Map<string, string>();
let started = false;
let restored = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function post(m: SearchResponse): void {
  (self as unknown as Worker).postMessage(m);
}

function sameDocuments(saved: Array<[string, string]>, docs: IndexedDocument[]): boolean {
  if (saved.length !== docs.length) return false;
  const want = new Map(saved);
  return docs.every((d) => want.get(d.id) === d.hash);
}

/** On the first list of documents: the saved index if it was built from exactly these texts. */
async function start(docs: IndexedDocument[]): Promise<void> {
  started = true;
  try {
    const saved = await readSavedIndex();
    const loaded = saved && sameDocuments(saved.documents, docs) ? SearchIndex.load(saved.index, docs) : null;
    if (saved && loaded) {
      index = loaded;
      docHashes = new Map(saved.documents);
      annotationTimes = new Map(saved.annotations);
      restored = true;
    }
  } catch {
    // A saved index that cannot be read is rebuilt; it is only a cache.
  }
}

function scheduleSave(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    void writeSavedIndex({ documents: [...docHashes], annotations: [...annotationTimes], index: index.save() }).catch(() => undefined);
  }, SAVE_DELAY_MS);
}

function syncDocuments(docs: IndexedDocument[]): boolean {
  let changed = false;
  const seen = new Set<string>();
  for (const d of docs) {
    seen.add(d.id);
    if (docHashes.get(d.id) === d.hash) continue;
    index.setDocument(d);
    docHashes.set(d.id, d.hash);
    changed = true;
  }
  for (const id of [...docHashes.keys()]) {
    if (seen.has(id)) continue;
    // Annotations of a removed document stay until the annotation list says they are gone.
    index.removeDocument(id, { keepAnnotations: true });
    docHashes.delete(id);
    changed = true;
  }
  return changed;
}

function syncAnnotations(items: IndexedAnnotation[]): boolean {
  let changed = false;
  const seen = new Set<string>();
  for (const a of items) {
    seen.add(a.id);
    if (annotationTimes.get(a.id) === a.updatedAt) continue;
    index.setAnnotation(a);
    annotationTimes.set(a.id, a.updatedAt);
    changed = true;
  }
  for (const id of [...annotationTimes.keys()]) {
    if (seen.has(id)) continue;
    index.removeAnnotation(id);
    annotationTimes.delete(id);
    changed = true;
  }
  return changed;
}

async function handle(m: SearchRequest): Promise<void> {
  const t0 = performance.now();
  try {
    if (m.type === 'documents' || m.type === 'annotations') {
      if (m.type === 'documents' && !started) await start(m.docs);
      const changed = m.type === 'documents' ? syncDocuments(m.docs) : syncAnnotations(m.items);
      if (changed) scheduleSave();
      post({ type: 'indexed', documents: docHashes.size, annotations: annotationTimes.size, restored, ms: performance.now() - t0 });
    } else if (m.type === 'search') {
      const results = index.search(m.query);
      post({ type: 'results', id: m.id, results, ms: performance.now() - t0 });
    } else if (m.type === 'similar') {
      const passages = findSimilarPassages(index, m.claim, { limit: m.limit });
      post({ type: 'similar', id: m.id, passages, ms: performance.now() - t0 });
    } else if (m.type === 'occurrences') {
      // The worker's folded copies of the texts serve again for the next selection.
      const folded = (docId: string) => (m.options.exact ? null : index.foldedDocument(docId));
      const doc = m.docId === null ? null : index.document(m.docId);
      const occurrences =
        m.docId === null
          ? findOccurrencesInCorpus(index.documentIds().map((id) => index.document(id)!), m.phrase, m.options, folded)
          : doc
            ? findOccurrences(doc, m.phrase, m.options, folded(doc.id) ?? undefined)
            : [];
      post({ type: 'occurrences', id: m.id, occurrences, ms: performance.now() - t0 });
    }
  } catch (err) {
    post({ type: 'error', id: 'id' in m ? m.id : null, message: err instanceof Error ? err.message : String(err) });
  }
}

// One message at a time, in order: loading the saved index is asynchronous.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<SearchRequest>) => {
  const m = e.data;
  queue = queue.then(() => handle(m));
};
