// The documents store: the library as it is now (corpus files, corrected texts that replace them,
// imported texts, and lists for annotations whose document is not here), with per-document counts.
// Read through useDocuments; the corpus comes once from the platform, the rest from live queries.
import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { UNPLACED_DOC_ID } from '../../core/formats';
import type { CorpusDocument } from '../../core/model';
import type { ClaimdeskApi } from '../../core/ipc';
import { readDocStats, readDocTexts } from '../db/reads';
import type { ClaimdeskDb, DocStatsRow, DocTextRow } from '../db/schema';
import { rememberWords } from './word-count';

export interface DocumentsState {
  /** Null while the corpus loads. */
  corpus: CorpusDocument[] | null;
  corpusError: string | null;
  documents: CorpusDocument[];
  docTexts: DocTextRow[];
  stats: ReadonlyMap<string, DocStatsRow>;
  totalAnnotations: number;
}

const UNPLACED: CorpusDocument = { id: UNPLACED_DOC_ID, file: '', title: 'Unplaced imports', text: '', hash: '', publication: 'Annotations whose document is not in the library', author: null, date: null, language: 'und', translation: null };

/** True for the lists that hold annotations without their document (nothing to read or select in). */
export function isPlaceholderDocument(d: Pick<CorpusDocument, 'id' | 'hash'>): boolean {
  return d.id === UNPLACED_DOC_ID || d.hash === '';
}

export function useDocuments(db: ClaimdeskDb, api: ClaimdeskApi): DocumentsState {
  const [corpus, setCorpus] = useState<CorpusDocument[] | null>(null);
  const [corpusError, setCorpusError] = useState<string | null>(null);
  const docTexts = useLiveQuery(() => readDocTexts(db), [db]);
  const statsRows = useLiveQuery(() => readDocStats(db), [db]);

  useEffect(() => {
    api.listCorpus().then(setCorpus, (e: unknown) => setCorpusError(e instanceof Error ? e.message : String(e)));
  }, [api]);

  const stats = useMemo(() => new Map<string, DocStatsRow>((statsRows ?? []).map((s) => [s.docId, s])), [statsRows]);

  const documents = useMemo<CorpusDocument[]>(() => {
    if (!corpus) return [];
    const overrides = new Map((docTexts ?? []).map((d) => [d.id, d]));
    for (const d of docTexts ?? []) rememberWords(d.hash, d.words);
    const docs = corpus.map((d) => {
      const o = overrides.get(d.id);
      return o ? { ...d, text: o.text, hash: o.hash } : d;
    });
    const known = new Set(corpus.map((d) => d.id));
    for (const o of docTexts ?? []) {
      if (known.has(o.id)) continue;
      known.add(o.id);
      docs.push({ id: o.id, file: o.file, title: o.title, text: o.text, hash: o.hash, publication: null, author: null, date: null, language: 'und', translation: null });
    }
    if ((stats.get(UNPLACED_DOC_ID)?.total ?? 0) > 0) docs.push(UNPLACED);
    // Annotations whose document is in neither the corpus nor the imported texts are listed, never hidden.
    for (const s of stats.values()) {
      if (s.total > 0 && !known.has(s.docId) && s.docId !== UNPLACED_DOC_ID)
        docs.push({ ...UNPLACED, id: s.docId, title: `Missing document: ${s.docId || '(no name)'}`, publication: 'Annotations whose document is not in the library' });
    }
    return docs;
  }, [corpus, docTexts, stats]);

  const totalAnnotations = useMemo(() => [...stats.values()].reduce((n, s) => n + s.total, 0), [stats]);
  return { corpus, corpusError, documents, docTexts: docTexts ?? [], stats, totalAnnotations };
}
