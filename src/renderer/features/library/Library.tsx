// The library: every document with its title, publication, word count and annotation counts, in
// groups (by publication or by the folder it was imported from) when asked. Virtualized: only the rows
// in view (and a few around them) are in the page, so 2,000 documents cost what 20 do. One row is in
// the Tab order (roving tabindex); arrow keys, Page Up/Down, Home and End move between documents and
// scroll the list there; Enter opens one; the open one is marked.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { grouped, plural, type CorpusDocument } from '../../../core/model';
import { wordsOf } from '../../state/word-count';
import type { DocStatsRow } from '../../db/schema';
import { DocumentProgressBar } from '../overview/DocumentProgress';
import { groupRows, type LibraryRow } from './library-rows';

export interface LibraryProps {
  documents: readonly CorpusDocument[];
  stats: ReadonlyMap<string, DocStatsRow>;
  openId: string | null;
  onOpen(id: string): void;
  /** Group label of each document; absent: one flat list. Groups keep the documents' order inside. */
  groupOf?: ((doc: CorpusDocument) => string) | null;
  /** documents (issue 13): filter, sort and grouping controls shown above the list. */
  header?: ReactNode;
}

/** Rows of a document before measuring: the title line, the meta line and the counts. */
const DOC_ROW_PX = 66;
const GROUP_ROW_PX = 30;

export const Library = memo(function Library({ documents, stats, openId, onOpen, groupOf, header }: LibraryProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const rows = useMemo<LibraryRow[]>(() => groupRows(documents, groupOf ?? null), [documents, groupOf]);
  // The row that is in the Tab order: the one last focused, else the open document, else the first.
  const [activeId, setActiveId] = useState<string | null>(null);
  const rowOfId = useMemo(() => new Map(rows.flatMap((r, i) => (r.kind === 'doc' ? [[r.doc.id, i] as const] : []))), [rows]);
  const preferredRow = (activeId !== null ? rowOfId.get(activeId) : undefined) ?? (openId !== null ? rowOfId.get(openId) : undefined) ?? rows.findIndex((r) => r.kind === 'doc');
  const pendingFocus = useRef<number | null>(null);

  // Stable between renders of the same rows: the virtualizer recomputes every row's position when these change.
  const estimateSize = useCallback((i: number) => (rows[i]?.kind === 'group' ? GROUP_ROW_PX : DOC_ROW_PX), [rows]);
  const getItemKey = useCallback(
    (i: number) => {
      const r = rows[i]!;
      return r.kind === 'doc' ? `d:${r.doc.id}` : `g:${r.label}`;
    },
    [rows],
  );
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement, estimateSize, getItemKey, overscan: 6 });

  // Bring the open document into view when it changes (opened from search, the trash or "Add").
  useEffect(() => {
    const i = openId !== null ? rowOfId.get(openId) : undefined;
    if (i !== undefined) virtualizer.scrollToIndex(i, { align: 'auto' });
    // Only when the open document changes, not on every list change.
  }, [openId]);

  const focusRow = useCallback((row: number) => {
    const button = listRef.current?.querySelector<HTMLButtonElement>(`button.library-item[data-row="${row}"]`);
    if (button) {
      button.focus();
      pendingFocus.current = null;
    } else pendingFocus.current = row;
  }, []);

  // A row scrolled into view for the keyboard is rendered a frame later: focus it once it is there.
  const items = virtualizer.getVirtualItems();
  // The preferred row may be scrolled away (not in the page): then the first document in view takes its place in the Tab order.
  const tabRow = items.some((v) => v.index === preferredRow) ? preferredRow : (items.find((v) => rows[v.index]?.kind === 'doc')?.index ?? preferredRow);
  useEffect(() => {
    if (pendingFocus.current !== null) focusRow(pendingFocus.current);
  });

  const docRows = useMemo(() => rows.flatMap((r, i) => (r.kind === 'doc' ? [i] : [])), [rows]);
  const onKeyDown = (e: KeyboardEvent) => {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp'];
    if (!keys.includes(e.key) || docRows.length === 0) return;
    // A key pressed before the last one's row was rendered and focused moves on from that row, not from
    // the one still focused (Home then ArrowDown at once went back to the row Home left).
    const current = pendingFocus.current ?? Number((document.activeElement as HTMLElement | null)?.dataset.row ?? tabRow);
    const at = Math.max(0, docRows.findIndex((r) => r >= current));
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / DOC_ROW_PX) - 1);
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    const nextAt = e.key === 'Home' ? 0 : e.key === 'End' ? docRows.length - 1 : Math.min(docRows.length - 1, Math.max(0, at + step[e.key]!));
    const row = docRows[nextAt]!;
    const r = rows[row];
    if (r?.kind === 'doc') setActiveId(r.doc.id);
    virtualizer.scrollToIndex(row, { align: 'auto' });
    focusRow(row);
    e.preventDefault();
  };

  const total = docRows.length;
  return (
    <nav className="library" aria-label="Library">
      <h2 className="pane-title">Library</h2>
      {header}
      <div ref={scrollRef} className="library-scroll" data-testid="library-scroll">
        <ul ref={listRef} onKeyDown={onKeyDown} aria-label={`Documents (${grouped(total)})`} data-count={total} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((v) => {
            const r = rows[v.index]!;
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` };
            if (r.kind === 'group') {
              return (
                <li key={v.key} ref={virtualizer.measureElement} data-index={v.index} style={style} className="library-group">
                  <h3 className="library-group-title">
                    {r.label} <span className="library-group-count">({plural(r.count, 'document')})</span>
                  </h3>
                </li>
              );
            }
            const d = r.doc;
            const s = stats.get(d.id);
            const open = d.id === openId;
            return (
              <li key={v.key} ref={virtualizer.measureElement} data-index={v.index} style={style} aria-setsize={total} aria-posinset={r.position + 1}>
                <button
                  type="button"
                  className="library-item"
                  data-row={v.index}
                  tabIndex={v.index === tabRow ? 0 : -1}
                  aria-current={open ? 'page' : undefined}
                  onFocus={() => setActiveId(d.id)}
                  onClick={() => onOpen(d.id)}
                >
                  <span className="library-title">{d.title}</span>
                  <span className="library-meta">
                    {d.publication ?? 'Unknown publication'} · {plural(wordsOf(d), 'word')}
                    {d.translation ? ' · translation' : ''}
                  </span>
                  <span className="library-counts">
                    {s && s.sourced > 0 && <span className="count count-sourced">{s.sourced} sourced</span>}
                    {s && s.contested > 0 && <span className="count count-contested">{s.contested} contested</span>}
                    {s && s.contradicted > 0 && <span className="count count-contradicted">{s.contradicted} contradicted</span>}
                    {s && s.translationErrors > 0 && <span className="count count-translation">{plural(s.translationErrors, 'translation error')}</span>}
                    {s && s.orphans > 0 && <span className="count count-orphan">{plural(s.orphans, 'orphan')}</span>}
                  </span>
                  <DocumentProgressBar docId={d.id} />
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
});
