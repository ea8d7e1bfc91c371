// A document's editable details (title, publication, author, date, language, URL, translation and
// its source) kept apart from its text, and merged over the corpus manifest or the imported file's
// details. Editing details never touches the text, so annotations never move. Also: trash state.
import type { CorpusDocument, TranslationInfo } from '../model';
import type { DocumentDetails } from './imported-document';

export interface TranslationDetails extends TranslationInfo {
  /** The library document this is a translation of, when linked. */
  sourceId?: string | null;
}

/** An imported file's details, plus whether it is a translation (and of what). */
export interface EditableDetails extends DocumentDetails {
  translation: TranslationDetails | null;
}

/** Where an imported document's text came from: its file, the reader that extracted the text, the encoding, when. */
export interface DocumentOrigin {
  name: string;
  type: string;
  size: number;
  sha256: string;
  method: string;
  encoding: string | null;
  importedAt: string;
  /** The folder the file was imported from, when known (desktop Import…, a chosen or dropped folder). */
  folder?: string | null;
}

/** What is stored per document: edited details (absent means the manifest's or the file's), trash state, and origin. */
export interface DocumentOverlay {
  docId: string;
  details?: Partial<EditableDetails>;
  /** ISO time it was moved to the trash; absent or null when in the library. */
  trashedAt?: string | null;
  /** Where an imported document's text came from. */
  origin?: DocumentOrigin;
}

export interface LibraryDocument extends CorpusDocument {
  url: string | null;
  translation: TranslationDetails | null;
  trashedAt: string | null;
  origin: DocumentOverlay['origin'] | null;
}

export function editableDetailsOf(doc: CorpusDocument & { url?: string | null }): EditableDetails {
  return {
    title: doc.title,
    publication: doc.publication,
    author: doc.author,
    date: doc.date,
    language: doc.language,
    url: doc.url ?? null,
    translation: doc.translation,
  };
}

/** The documents with their details as edited and their trash state. Text and hash are never changed. */
export function applyOverlays(documents: readonly CorpusDocument[], overlays: readonly DocumentOverlay[]): LibraryDocument[] {
  const byId = new Map(overlays.map((o) => [o.docId, o]));
  return documents.map((d) => {
    const o = byId.get(d.id);
    const e = o?.details ?? {};
    return {
      ...d,
      title: e.title?.trim() ? e.title.trim() : d.title,
      publication: e.publication !== undefined ? e.publication : d.publication,
      author: e.author !== undefined ? e.author : d.author,
      date: e.date !== undefined ? e.date : d.date,
      language: e.language?.trim() ? e.language.trim() : d.language,
      url: e.url !== undefined ? e.url : ((d as { url?: string | null }).url ?? null),
      translation: e.translation !== undefined ? e.translation : d.translation,
      text: d.text,
      hash: d.hash,
      trashedAt: o?.trashedAt ?? null,
      origin: o?.origin ?? null,
    };
  });
}

/** Checks edited details; returns the problems in words (empty when fine). */
export function validateDetails(details: EditableDetails, selfId: string): string[] {
  const problems: string[] = [];
  if (!details.title.trim()) problems.push('The title cannot be empty.');
  if (details.date && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(details.date)) problems.push('The date must be a year or a date like 2026-03-17.');
  if (details.url && !/^https?:\/\/\S+$/i.test(details.url)) problems.push('The URL must start with http:// or https://.');
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$|^und$/.test(details.language)) problems.push('The language must be a code like en, zh or pt-BR.');
  if (details.translation) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(details.translation.from)) problems.push('The source language must be a code like zh.');
    if (details.translation.sourceId === selfId) problems.push('A document cannot be a translation of itself.');
  }
  return problems;
}

export type LibrarySort = 'title' | 'added' | 'publication' | 'annotations';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Filters by words of the title or publication (all must match) and sorts; stable for equal keys. */
export function filterAndSort<T extends LibraryDocument>(
  documents: readonly T[],
  query: string,
  sort: LibrarySort,
  annotationCount: (id: string) => number = () => 0,
): T[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matching = words.length
    ? documents.filter((d) => {
        const hay = `${d.title} ${d.publication ?? ''}`.toLocaleLowerCase();
        return words.every((w) => hay.includes(w));
      })
    : [...documents];
  const indexed = matching.map((d, i) => ({ d, i }));
  const cmp: Record<LibrarySort, (a: T, b: T) => number> = {
    title: (a, b) => collator.compare(a.title, b.title),
    // Newest imports first; corpus documents (never imported) after them, in corpus order.
    added: (a, b) => {
      const x = a.origin?.importedAt ?? '';
      const y = b.origin?.importedAt ?? '';
      return x === y ? 0 : x < y ? 1 : -1; // ISO times compare as strings; localeCompare is 10× slower
    },
    publication: (a, b) => collator.compare(a.publication ?? '\uffff', b.publication ?? '\uffff') || collator.compare(a.title, b.title),
    annotations: (a, b) => annotationCount(b.id) - annotationCount(a.id),
  };
  return indexed.sort((a, b) => cmp[sort](a.d, b.d) || a.i - b.i).map((x) => x.d);
}
