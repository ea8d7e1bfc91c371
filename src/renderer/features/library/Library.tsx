// The library: every document with its title, publication, word count and annotation counts.
// Arrow keys move between documents; Enter opens one; the open one is marked.
import { memo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { CorpusDocument } from '../../../core/model';
import { wordsOf } from '../../state/word-count';
import type { DocStatsRow } from '../../db/schema';
import { DocumentProgressBar } from '../overview/DocumentProgress';

export interface LibraryProps {
  documents: readonly CorpusDocument[];
  stats: ReadonlyMap<string, DocStatsRow>;
  openId: string | null;
  onOpen(id: string): void;
  /** documents (issue 13): filter and sort controls shown above the list. */
  header?: ReactNode;
  /** documents (issue 13): shown below the list (\"Show more\" of a windowed library). */
  footer?: ReactNode;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const Library = memo(function Library({ documents, stats, openId, onOpen, header, footer }: LibraryProps) {
  const listRef = useRef<HTMLUListElement>(null);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.library-item') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : Math.min(buttons.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)));
    buttons[next]?.focus();
    e.preventDefault();
  };

  return (
    <nav className="library" aria-label="Library">
      <h2 className="pane-title">Library</h2>
      {header}
      <ul ref={listRef} onKeyDown={onKeyDown}>
        {documents.map((d) => {
          const s = stats.get(d.id);
          const open = d.id === openId;
          return (
            <li key={d.id}>
              <button type="button" className="library-item" aria-current={open ? 'page' : undefined} onClick={() => onOpen(d.id)}>
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
      {footer}
    </nav>
  );
});
