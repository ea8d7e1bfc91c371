// The library's rows: documents in their order, or, when grouped, a header row per group followed by
// its documents. Pure, so the virtualized list only indexes an array; groups are ordered by name, the
// bundled corpus first and the catch-all groups ("Unknown publication", "No folder recorded") last.
import type { CorpusDocument } from '../../../core/model';

export type LibraryRow =
  | { kind: 'group'; label: string; count: number }
  /** `position`: the document's place among all documents listed (for aria-posinset). */
  | { kind: 'doc'; doc: CorpusDocument; position: number };

export type LibraryGrouping = 'none' | 'publication' | 'folder';

export const UNKNOWN_PUBLICATION = 'Unknown publication';
export const NO_FOLDER = 'No folder recorded';
export const CORPUS_FOLDER = 'Bundled corpus';

const LAST = new Set([UNKNOWN_PUBLICATION, NO_FOLDER]);
const rank = (label: string) => (label === CORPUS_FOLDER ? 0 : LAST.has(label) ? 2 : 1);
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function groupRows(documents: readonly CorpusDocument[], groupOf: ((doc: CorpusDocument) => string) | null): LibraryRow[] {
  if (!groupOf) return documents.map((doc, position) => ({ kind: 'doc', doc, position }));
  const groups = new Map<string, CorpusDocument[]>();
  for (const d of documents) {
    const label = groupOf(d);
    const list = groups.get(label);
    if (list) list.push(d);
    else groups.set(label, [d]);
  }
  const labels = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || collator.compare(a, b));
  const rows: LibraryRow[] = [];
  let position = 0;
  for (const label of labels) {
    const list = groups.get(label)!;
    rows.push({ kind: 'group', label, count: list.length });
    for (const doc of list) rows.push({ kind: 'doc', doc, position: position++ });
  }
  return rows;
}

/** The publication group of a document (its publication as edited, trimmed). */
export function publicationGroup(doc: Pick<CorpusDocument, 'publication'>): string {
  return doc.publication?.trim() || UNKNOWN_PUBLICATION;
}

/**
 * The folder group of a document: the folder its file was imported from (as the desktop app or a
 * dropped/chosen folder told it), the bundled corpus for corpus files, otherwise "No folder recorded".
 */
export function folderGroup(doc: { origin?: { folder?: string | null } | null }, isCorpus: boolean): string {
  if (isCorpus) return CORPUS_FOLDER;
  return doc.origin?.folder?.trim() || NO_FOLDER;
}
