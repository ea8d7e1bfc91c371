// The "Add documents" review's list of files read, virtualized: a batch of hundreds of files (a folder
// dropped, 200 chosen at once) puts only the rows in view and a few around them in the page. All 200
// rendered at once cost the window a 50-60 ms task of style and layout (ADR 0021, "Import without long
// tasks"). The scroll area is in the Tab order so the list can be scrolled from the keyboard; each row
// says where it stands ("12 of 200") through aria-setsize/aria-posinset.
import { useCallback, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { kindOfFile, type EncodingChoice } from '../../../core/documents';
import { formatSize, type ReadOutcome } from './readers/pasted';
import { grouped, plural } from '../../../core/model';

export interface ReviewRow {
  file: { name: string; blob: Blob };
  outcome: ReadOutcome;
  encoding: EncodingChoice | null;
}

const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  gb18030: 'GB18030 (Chinese, simplified)',
  big5: 'Big5 (Chinese, traditional)',
  shift_jis: 'Shift_JIS (Japanese)',
  'euc-jp': 'EUC-JP (Japanese)',
  'euc-kr': 'EUC-KR (Korean)',
  'windows-1251': 'Windows-1251 (Cyrillic)',
  'koi8-r': 'KOI8-R (Russian)',
  'windows-1252': 'Windows-1252 (Western)',
  'iso-8859-2': 'ISO-8859-2 (Central European)',
  'windows-1250': 'Windows-1250 (Central European)',
  'windows-1256': 'Windows-1256 (Arabic)',
};

/** A row before it is measured: name, info line and a three-line preview. */
const ROW_PX = 118;
const PREVIEW_CHARS = 240;

/** "200 files read: 198 can be added, 2 refused." */
export function describeReview(rows: ReadonlyArray<{ outcome: { ok: boolean } }>): string {
  const good = rows.filter((r) => r.outcome.ok).length;
  const refused = rows.length - good;
  const files = `${plural(rows.length, 'file')} read`;
  return `${files}: ${grouped(good)} can be added${refused ? `, ${grouped(refused)} refused` : ''}.`;
}

export function ImportReviewList({ rows, onEncoding }: { rows: readonly ReviewRow[]; onEncoding(index: number, encoding: string): void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const estimateSize = useCallback(() => ROW_PX, []);
  // The dialog is shown after this renders (showModal in an effect): until its size is known, a first screen's worth.
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement, estimateSize, overscan: 4, initialRect: { width: 600, height: 480 } });
  const total = rows.length;
  // Scrolling keys on the focused list itself (not on an encoding select inside it), handled here so
  // that no window-wide shortcut takes them first.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = scrollRef.current;
    if (!el || e.target !== el || e.altKey || e.ctrlKey || e.metaKey) return;
    const page = Math.max(40, el.clientHeight - 40);
    const by: Record<string, number> = { ArrowDown: 40, ArrowUp: -40, PageDown: page, PageUp: -page };
    if (e.key === 'Home') virtualizer.scrollToIndex(0, { align: 'start' });
    else if (e.key === 'End') virtualizer.scrollToIndex(total - 1, { align: 'end' });
    else if (e.key in by) el.scrollBy({ top: by[e.key]! });
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div ref={scrollRef} className="doc-import-scroll" tabIndex={0} role="group" aria-label={`Files read (${grouped(total)}), scrollable`} onKeyDown={onKeyDown}>
      <ul className="doc-import-list" aria-label="Files read" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const p = rows[v.index]!;
          return (
            <li
              key={v.key}
              ref={virtualizer.measureElement}
              data-index={v.index}
              aria-setsize={total}
              aria-posinset={v.index + 1}
              className={p.outcome.ok ? 'ok' : 'refused'}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
            >
              <div className="doc-import-card">
                <div className="doc-import-name">{p.file.name}</div>
                {p.outcome.ok ? (
                  <>
                    <p className="doc-import-info">
                      “{p.outcome.document.details.title}” · {kindOfFile(p.file.name)?.toUpperCase()} · {formatSize(p.file.blob.size)} · {grouped(p.outcome.document.words)} words
                    </p>
                    <p className="doc-import-preview">{p.outcome.document.text.slice(0, PREVIEW_CHARS)}</p>
                  </>
                ) : (
                  <p className="doc-import-info error">Refused: {p.outcome.refusal.reason}.</p>
                )}
                {p.encoding && (
                  <label className="doc-import-info">
                    Encoding ({p.encoding.source === 'bom' ? 'byte-order mark' : p.encoding.source === 'utf-8' ? 'valid UTF-8' : p.encoding.source === 'chosen' ? 'chosen' : 'detected'})
                    <select aria-label={`Encoding of ${p.file.name}`} value={p.encoding.label} onChange={(e) => onEncoding(v.index, e.target.value)}>
                      {p.encoding.alternatives.map((label) => (
                        <option key={label} value={label}>
                          {ENCODING_NAMES[label] ?? label}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
