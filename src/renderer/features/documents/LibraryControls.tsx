// Filter the library by words of the title or publication, and sort it. The filtering runs at low
// priority (useDeferredValue), so typing stays responsive in a library of thousands.
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { filterAndSort, type LibraryDocument, type LibrarySort } from '../../../core/documents';
import type { ClaimdeskDb, DocStatsRow } from '../../db/schema';
import { ImportDocuments } from './ImportDocuments';
import { Library } from '../library/Library';

const SORTS: Array<{ id: LibrarySort; label: string }> = [
  { id: 'added', label: 'Date added' },
  { id: 'title', label: 'Name (A–Z)' },
  { id: 'publication', label: 'Publication' },
  { id: 'annotations', label: 'Most annotations' },
];

/** The library's visible documents (not in the trash), filtered and sorted, and the controls that do it. */
export function useLibraryView(documents: readonly LibraryDocument[], stats: ReadonlyMap<string, DocStatsRow>): { visible: LibraryDocument[]; controls: ReactNode } {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<LibrarySort>('added');
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
      {deferred && (
        <p className="muted" aria-live="polite">
          {shown} of {inLibrary.length} documents
        </p>
      )}
    </div>
  ), [query, sort, deferred, shown, inLibrary.length]);
  return { visible, controls };
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
}

/** The library with its filter and sort. Its own component, so typing in the filter re-renders only the library, not the app. */
export const FilteredLibrary = memo(function FilteredLibrary({ documents, stats, openId, onOpen, db, onStatus, onAlert }: FilteredLibraryProps) {
  const { visible, controls } = useLibraryView(documents, stats);
  // Windowed: the first PAGE entries (and the open one), more as the list is scrolled to its end or
  // "Show more" is pressed, so a library of thousands renders and filters in a few milliseconds.
  const [limit, setLimit] = useState(PAGE);
  const shown = useMemo(() => {
    const head = visible.slice(0, limit);
    const open = openId && !head.some((d) => d.id === openId) ? visible.find((d) => d.id === openId) : undefined;
    return open ? [...head, open] : head;
  }, [visible, limit, openId]);
  const more = visible.length - limit;
  const moreRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const button = moreRef.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setLimit((l) => l + PAGE));
    io.observe(button);
    return () => io.disconnect();
  }, [more > 0]);
  const footer =
    more > 0 ? (
      <button ref={moreRef} type="button" className="library-more" onClick={() => setLimit((l) => l + PAGE)}>
        Show {Math.min(PAGE, more)} more of {more.toLocaleString('en')}
      </button>
    ) : null;
  const header = (
    <>
      <div className="library-actions">
        <ImportDocuments db={db} documents={documents} onStatus={onStatus} onAlert={onAlert} onOpen={onOpen} />
      </div>
      {controls}
    </>
  );
  return <Library documents={shown} header={header} footer={footer} stats={stats} openId={openId} onOpen={onOpen} />;
});

const PAGE = 100;
