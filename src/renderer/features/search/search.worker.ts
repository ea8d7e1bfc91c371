// The search worker: holds the library's search index off the window's thread and keeps it up to
// date. The window sends the whole list of documents and of annotations whenever either changes;
// only those that differ (new, gone, text hash or update time changed) are re-indexed.
import { SearchIndex } from '../../../core/search';
import type { IndexedAnnotation, IndexedDocument, SearchRequest, SearchResponse } from './search-protocol';

const index = new SearchIndex();
const docHashes = new Map<string, string>();
const annotationTimes = new Map<string, string>();

function post(m: SearchResponse): void {
  (self as unknown as Worker).postMessage(m);
}

function syncDocuments(docs: IndexedDocument[]): void {
  const seen = new Set<string>();
  for (const d of docs) {
    seen.add(d.id);
    if (docHashes.get(d.id) === d.hash) continue;
    index.setDocument(d);
    docHashes.set(d.id, d.hash);
  }
  for (const id of [...docHashes.keys()]) {
    if (seen.has(id)) continue;
    // Annotations of a removed document stay until the annotation list says they are gone.
    index.removeDocument(id, { keepAnnotations: true });
    docHashes.delete(id);
  }
}

function syncAnnotations(items: IndexedAnnotation[]): void {
  const seen = new Set<string>();
  for (const a of items) {
    seen.add(a.id);
    if (annotationTimes.get(a.id) === a.updatedAt) continue;
    index.setAnnotation(a);
    annotationTimes.set(a.id, a.updatedAt);
  }
  for (const id of [...annotationTimes.keys()]) {
    if (seen.has(id)) continue;
    index.removeAnnotation(id);
    annotationTimes.delete(id);
  }
}

self.onmessage = (e: MessageEvent<SearchRequest>) => {
  const m = e.data;
  const t0 = performance.now();
  try {
    if (m.type === 'documents' || m.type === 'annotations') {
      if (m.type === 'documents') syncDocuments(m.docs);
      else syncAnnotations(m.items);
      post({ type: 'indexed', documents: docHashes.size, annotations: annotationTimes.size, ms: performance.now() - t0 });
    } else if (m.type === 'search') {
      const results = index.search(m.query);
      post({ type: 'results', id: m.id, results, ms: performance.now() - t0 });
    }
  } catch (err) {
    post({ type: 'error', id: m.type === 'search' ? m.id : null, message: err instanceof Error ? err.message : String(err) });
  }
};
