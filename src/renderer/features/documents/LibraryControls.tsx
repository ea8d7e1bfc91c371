// Filter the library by words of the title or publication, sort it and group it (by publication or by
// the folder a file was imported from). The filtering runs at low priority (useDeferredValue), so typing
// stays responsive in a library of thousands; the list itself is virtualized (features/library).
import { memo, useCallback, useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { filterAndSort, type LibraryDocument, type LibrarySort } from '../../../core/documents';
import type { CorpusDocument } from '../../../core/model';
import type { ClaimdeskDb, DocStatsRow } from '../../db/schema';
import { ImportDocuments } from './ImportDocuments';
import { Library } from '../library/Library';
import { folderGroup, publicationGroup, type LibraryGrouping } from '../library/library-rows';

const SORTS: Array<{ id: LibrarySort; label: string }> = [
  { id: 'added', label: 'Date added' },
  { id: 'title', label: 'Name (A–Z)' },
  { id: 'publication', label: 'Publication' },
  { id: 'annotations', label: 'Most annotations' },
];

const GROUPINGS: Array<{ id: LibraryGrouping; label: string }> = [
  { id: 'none', label: 'No groups' },
  { id: 'publication', label: 'Publication' },
  { id: 'folder', label: 'Folder imported from' },
];

/** The library's visible documents (not in the trash), filtered and sorted, and the controls that do it. */
export function useLibraryView(documents: readonly LibraryDocument[], stats: ReadonlyMap<string, DocStatsRow>): { visible: LibraryDocument[]; controls: ReactNode; grouping: LibraryGrouping } {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<LibrarySort>('added');
  const [grouping, setGrouping] = useState<LibraryGrouping>('none');
  const deferred = useDeferredValue(query);
  const inLibrary = useMemo(() => documents.filter((d) => !d.trashedAt), [documents]);
  const visible = useMemo(() => filterAndSort(inLibrary, deferred, sort, (id) => stats.get(id)?.total ?? 0), [inLibrary, deferred, sort, stats]);
  const shown = visible.length;
  const controls = useMemo(() => (
    <div className="library-controls">
      {/* Labels name no field of the details ("Title" stays unique to the annotation panel's source form). */}
      <label htmlFor="library-filter">Filter the library</label>
      <input id="library-filter" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Words of a title or publication" />
      <span id="library-sort-label">Sort by</span>
      <select aria-labelledby="library-sort-label" value={sort} onChange={(e) => setSort(e.target.value as LibrarySort)}>
        {SORTS.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      <span id="library-group-label">Group by</span>
      <select aria-labelledby="library-group-label" value={grouping} onChange={(e) => setGrouping(e.target.value as LibraryGrouping)}>
        {GROUPINGS.map((g) => (
          <option key={g.id} value={g.id}>
            {g.label}
          </option>
        ))}
      </select>
      {deferred && (
        <p className="muted" aria-live="polite">
          {shown} of {inLibrary.length} documents
        </p>
      )}
    </div>
  ), [query, sort, grouping, deferred, shown, inLibrary.length]);
  return { visible, controls, grouping };
}

export interface FilteredLibraryProps {
  documents: readonly LibraryDocument[];
  stats: ReadonlyMap<string, DocStatsRow>;
  openId: string | null;
  onOpen(id: string): void;
  /** For "Add documents…" and "New document from clipboard", shown at the top of the library. */
  db: ClaimdeskDb;
  onStatus(message: string): void;
  onAlert(message: string): void;
  /** Ids of the bundled corpus's documents (their folder group is the corpus). */
  corpusIds: ReadonlySet<string>;
}

/** The library with its filter, sort and grouping. Its own component, so typing in the filter re-renders only the library, not the app. */
export const FilteredLibrary = memo(function FilteredLibrary({ documents, stats, openId, onOpen, db, onStatus, onAlert, corpusIds }: FilteredLibraryProps) {
  const { visible, controls, grouping } = useLibraryView(documents, stats);
  const byFolder = useCallback((d: CorpusDocument) => folderGroup(d as LibraryDocument, corpusIds.has(d.id)), [corpusIds]);
  const groupOf = grouping === 'publication' ? publicationGroup : grouping === 'folder' ? byFolder : null;
  const header = (
    <>
      <div className="library-actions">
        <ImportDocuments db={db} documents={documents} onStatus={onStatus} onAlert={onAlert} onOpen={onOpen} />
      </div>
      {controls}
    </>
  );
  return <Library documents={visible} header={header} groupOf={groupOf} stats={stats} openId={openId} onOpen={onOpen} />;
});
