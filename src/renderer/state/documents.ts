// The documents store: the library as it is now (corpus files, corrected texts that replace them,
// imported texts, and lists for annotations whose document is not here), with per-document counts.
// Read through useDocuments; the corpus comes once from the platform, the rest from live queries.
// Stored texts are not read at start-up (issue 13/17): the list is built from text summaries (title,
// hash, word count), an entry whose text is still in the database has `text: ''` (see needsText), and
// the text is read when the document opens (useOpenDocument) or, for jobs that need every text
// (export, annotation import, search), in chunks by withTexts.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { UNPLACED_DOC_ID } from '../../core/formats';
import type { CorpusDocument } from '../../core/model';
import type { ClaimdeskApi } from '../../core/ipc';
import { readDocStats } from '../db/reads';
import { fillStoredTexts, needsText, readDocText, readDocTextSummaries, type DocTextSummary } from '../db/library-reads';
import type { ClaimdeskDb, DocStatsRow } from '../db/schema';
import { rememberWords } from './word-count';

export interface DocumentsState {
  /** Null while the corpus loads. */
  corpus: CorpusDocument[] | null;
  corpusError: string | null;
  /** The library; an entry whose text is in the database has `text: ''` until loaded (needsText). */
  documents: CorpusDocument[];
  /** The stored texts (corrected corpus files and imported documents), without their text. */
  docTexts: DocTextSummary[];
  stats: ReadonlyMap<string, DocStatsRow>;
  totalAnnotations: number;
}

const UNPLACED: CorpusDocument = { id: UNPLACED_DOC_ID, file: '', title: 'Unplaced imports', text: '', hash: '', publication: 'Annotations whose document is not in the library', author: null, date: null, language: 'und', translation: null };

/** True for the lists that hold annotations without their document (nothing to read or select in). */
export function isPlaceholderDocument(d: Pick<CorpusDocument, 'id' | 'hash'>): boolean {
  return d.id === UNPLACED_DOC_ID || d.hash === '';
}

/** Texts read so far, by id and hash: a document opened twice, or an export after a search, reads once. */
const textCache = new Map<string, string>();
const cacheKey = (id: string, hash: string) => `${id}\u0000${hash}`;

/** The documents with every text filled in, reading the missing ones from the database a chunk at a time. */
export async function withTexts<T extends CorpusDocument>(db: ClaimdeskDb, documents: readonly T[]): Promise<T[]> {
  const cached = documents.map((d) => {
    const text = needsText(d) ? textCache.get(cacheKey(d.id, d.hash)) : undefined;
    return text === undefined ? d : { ...d, text };
  });
  const filled = await fillStoredTexts(db, cached);
  filled.forEach((d, i) => needsText(cached[i]!) && !needsText(d) && textCache.set(cacheKey(d.id, d.hash), d.text));
  return filled;
}

/**
 * The open document with its text. While a newly opened document's text is read (about a millisecond),
 * the previous one stays shown rather than an empty reader.
 */
export function useOpenDocument<T extends CorpusDocument>(db: ClaimdeskDb, doc: T | null): T | null {
  const [loaded, setLoaded] = useState<{ key: string; text: string; hash: string } | null>(null);
  const key = doc ? cacheKey(doc.id, doc.hash) : '';
  const pending = !!doc && needsText(doc);
  useEffect(() => {
    if (!doc || !pending) return;
    const cached = textCache.get(key);
    if (cached !== undefined) {
      setLoaded({ key, text: cached, hash: doc.hash });
      return;
    }
    let live = true;
    void readDocText(db, doc.id).then((row) => {
      if (!live || !row) return;
      textCache.set(cacheKey(row.id, row.hash), row.text);
      // The row's own hash: the summary may lag a write by a live-query round.
      setLoaded({ key, text: row.text, hash: row.hash });
    });
    return () => {
      live = false;
    };
    // The key names the document and its text.
  }, [db, key, pending]);
  const ready = useMemo(() => {
    if (!doc || !pending) return doc;
    if (loaded?.key === key) return { ...doc, text: loaded.text, hash: loaded.hash };
    const cached = textCache.get(key);
    return cached !== undefined ? { ...doc, text: cached } : null;
  }, [doc, pending, loaded, key]);
  const last = useRef<T | null>(null);
  if (ready || !doc) last.current = ready;
  return ready ?? last.current;
}

export function useDocuments(db: ClaimdeskDb, api: ClaimdeskApi): DocumentsState {
  const [corpus, setCorpus] = useState<CorpusDocument[] | null>(null);
  const [corpusError, setCorpusError] = useState<string | null>(null);
  const docTexts = useLiveQuery(() => readDocTextSummaries(db), [db]);
  const statsRows = useLiveQuery(() => readDocStats(db), [db]);

  useEffect(() => {
    api.listCorpus().then(setCorpus, (e: unknown) => setCorpusError(e instanceof Error ? e.message : String(e)));
  }, [api]);

  const stats = useMemo(() => new Map<string, DocStatsRow>((statsRows ?? []).map((s) => [s.docId, s])), [statsRows]);

  const documents = useMemo<CorpusDocument[]>(() => {
    // One list when everything it is made of has arrived, not one per arrival (each is a render of the library).
    if (!corpus || !docTexts || !statsRows) return [];
    const overrides = new Map((docTexts ?? []).map((d) => [d.id, d]));
    for (const d of docTexts ?? []) rememberWords(d.hash, d.words);
    const docs = corpus.map((d) => {
      const o = overrides.get(d.id);
      return o && o.hash !== d.hash ? { ...d, text: '', hash: o.hash } : d;
    });
    const known = new Set(corpus.map((d) => d.id));
    for (const o of docTexts ?? []) {
      if (known.has(o.id)) continue;
      known.add(o.id);
      docs.push({ id: o.id, file: o.file, title: o.title, text: '', hash: o.hash, publication: null, author: null, date: null, language: 'und', translation: null });
    }
    if ((stats.get(UNPLACED_DOC_ID)?.total ?? 0) > 0) docs.push(UNPLACED);
    // Annotations whose document is in neither the corpus nor the imported texts are listed, never hidden.
    for (const s of stats.values()) {
      if (s.total > 0 && !known.has(s.docId) && s.docId !== UNPLACED_DOC_ID)
        docs.push({ ...UNPLACED, id: s.docId, title: `Missing document: ${s.docId || '(no name)'}`, publication: 'Annotations whose document is not in the library' });
    }
    return docs;
  }, [corpus, docTexts, stats, statsRows]);

  const totalAnnotations = useMemo(() => [...stats.values()].reduce((n, s) => n + s.total, 0), [stats]);
  return { corpus, corpusError, documents, docTexts: docTexts ?? [], stats, totalAnnotations };
}
