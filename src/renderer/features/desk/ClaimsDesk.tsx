// The claims desk: every annotation of the corpus in one table, grouped by workflow status, sortable by
// any column, filtered by the window's filter, with bulk actions on a selection. The table is an ARIA
// grid (arrow keys, Home/End, Page Up/Down, Ctrl+Home/End; Space selects a row, Enter opens it in the
// reader) virtualized with @tanstack/react-virtual: only the rows on screen exist, and their data comes
// from the desk worker a window at a time. See docs/adr/0019-claims-desk-and-filters.md.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { CLAIM_STATUSES, VERDICTS, grouped, plural, type ClaimStatus, type CorpusDocument, type Verdict } from '../../../core/model';
import { useStores } from '../../state/stores';
import { describeSaveError } from '../../db/storage-errors';
import { statusLabel } from '../filters/annotation-filter';
import { useFilter } from '../filters/filter-context';
import { applyBulk, planBulk, type BulkChange } from './bulk-edit';
import { useDeskClient, useDeskSummary } from './desk-client';
import { verdictLabel, type DeskColumn, type DeskRow, type DeskSort, type DeskView } from './desk-model';

export const ROW_HEIGHT = 34;
// Rows asked of the worker either side of the screen: a few messages per screenful scrolled, not one per frame.
const FETCH_AROUND = 400;

// Fixed widths: each row lays out on its own, without sizing flexible tracks, so scrolling stays cheap.
const COLUMNS: Array<{ id: DeskColumn; label: string; width: string }> = [
  { id: 'quote', label: 'Quote', width: '420px' },
  { id: 'document', label: 'Document', width: '240px' },
  { id: 'verdict', label: 'Verdict', width: '150px' },
  { id: 'status', label: 'Status', width: '130px' },
  { id: 'assignee', label: 'Assignee', width: '120px' },
  { id: 'author', label: 'Author', width: '120px' },
  { id: 'updated', label: 'Updated', width: '110px' },
  { id: 'sources', label: 'Sources', width: '70px' },
];
/** Column 0 is the selection checkbox; 1… are COLUMNS. */
const COL_COUNT = COLUMNS.length + 1;
const GRID_TEMPLATE = `36px ${COLUMNS.map((c) => c.width).join(' ')}`;

type Item = { type: 'header'; status: ClaimStatus | null; count: number } | { type: 'row'; index: number };

/** The flat list the grid shows: a header per status group, then its rows. */
function itemAt(view: DeskView | null, group: boolean, flat: number): Item | null {
  if (!view) return null;
  if (!group) return flat < view.total ? { type: 'row', index: flat } : null;
  let offset = 0;
  let rows = 0;
  for (const g of view.groups) {
    if (flat === offset) return { type: 'header', status: g.status, count: g.count };
    if (flat < offset + 1 + g.count) return { type: 'row', index: rows + (flat - offset - 1) };
    offset += 1 + g.count;
    rows += g.count;
  }
  return null;
}

/** "5 annotations", "3 of 5 annotations (filtered)"; linked claims, one row each, are said. */
function describeCount(v: DeskView): string {
  const what = v.annotations === v.corpusTotal ? plural(v.annotations, 'annotation') : `${grouped(v.annotations)} of ${plural(v.corpusTotal, 'annotation')} (filtered)`;
  return v.total === v.annotations ? what : `${what}, in ${grouped(v.total)} rows: a linked claim is one row`;
}

function flatCount(view: DeskView | null, group: boolean): number {
  if (!view) return 0;
  return view.total + (group ? view.groups.length : 0);
}

export interface ClaimsDeskProps {
  documents: readonly CorpusDocument[];
  /** Reviewers to assign to (the editor and the authors known), as ids and names. */
  reviewers: ReadonlyArray<{ id: string; name: string }>;
  onOpenAnnotation(docId: string, id: string): void;
  /** Export the selected annotations (opens the Export dialog on them). */
  onExportSelection(ids: string[]): void;
}

export function ClaimsDesk({ documents, reviewers, onOpenAnnotation, onExportSelection }: ClaimsDeskProps) {
  const client = useDeskClient();
  const summary = useDeskSummary();
  const filter = useFilter();
  const { db, workspace, notices } = useStores();
  const [sort, setSort] = useState<DeskSort>({ column: 'updated', direction: 'descending' });
  const [group, setGroup] = useState(true);
  const [view, setView] = useState<DeskView | null>(null);
  const [, setRowsTick] = useState(0);
  const rowsRef = useRef(new Map<number, DeskRow>());
  const viewSeq = useRef(0);
  const [selected, setSelected] = useState<ReadonlyMap<string, DeskRow>>(new Map());
  const [active, setActive] = useState<{ row: number; col: number }>({ row: -1, col: 1 });
  const [busy, setBusy] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The cell a key or a bulk action asked to focus ('active': the active cell as it is then drawn).
  const focusWanted = useRef<{ row: number; col: number } | 'active' | null>(null);
  const titles = useMemo(() => new Map(documents.map((d) => [d.id, d.title])), [documents]);
  const reviewerName = useMemo(() => new Map(reviewers.map((r) => [r.id, r.name])), [reviewers]);

  useEffect(() => {
    client.setTitles([...titles]);
  }, [client, titles]);

  // A new view whenever the filter, the sort, the grouping or the stored annotations change.
  const version = summary?.version ?? -1;
  useEffect(() => {
    const seq = ++viewSeq.current;
    const t0 = performance.now();
    client.view({ filter, sort, group }, 200).then(
      (answer) => {
        if (seq !== viewSeq.current) return;
        const rows = new Map<number, DeskRow>();
        answer.rows.forEach((r, i) => rows.set(i, r));
        rowsRef.current = rows;
        viewMark.current = { total: answer.view.total, column: sort.column, direction: sort.direction, group, version: answer.view.version, workerMs: answer.ms, ms: performance.now() - t0 };
        setView(answer.view);
      },
      () => undefined,
    );
  }, [client, filter, sort, group, version, titles]);

  // Marked when the view's rows are committed to the page (the benchmark takes the frame after it).
  const viewMark = useRef<Record<string, unknown> | null>(null);
  useLayoutEffect(() => {
    if (!viewMark.current) return;
    performance.mark('cd:desk-view', { detail: viewMark.current });
    viewMark.current = null;
  }, [view]);

  const count = flatCount(view, group);
  const activeRef = useRef(active.row);
  activeRef.current = active.row;
  const rangeExtractor = useCallback((range: Range) => {
    // The active row always exists, so the keyboard focus is never lost when it scrolls out of view.
    const out = defaultRangeExtractor(range);
    const a = activeRef.current;
    if (a >= 0 && a < range.count && !out.includes(a)) out.push(a), out.sort((x, y) => x - y);
    return out;
  }, []);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12, rangeExtractor });
  const items = virtualizer.getVirtualItems();

  // Rows not yet here are asked of the worker around what is on screen.
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (!view) return;
    let missing = false;
    for (let f = first; f <= last && !missing; f++) {
      const it = itemAt(view, group, f);
      if (it?.type === 'row' && !rowsRef.current.has(it.index)) missing = true;
    }
    if (!missing) return;
    const seq = viewSeq.current;
    const a = itemAt(view, group, first);
    const start = Math.max(0, (a?.type === 'row' ? a.index : 0) - FETCH_AROUND);
    const end = start + (last - first) + 2 * FETCH_AROUND + 2;
    void client.rows(view.version, start, end).then((rows) => {
      if (seq !== viewSeq.current) return;
      rows.forEach((r, i) => rowsRef.current.set(start + i, r));
      setRowsTick((t) => t + 1);
    }, () => undefined);
  }, [client, view, group, first, last]);

  // Keep the active cell focused as it moves (after its row is rendered). The effects of an earlier
  // render can run after a key has already moved on (React runs them before the key's render when
  // rows or the view came in just before it): they hold the older active cell, so they leave the
  // wanted one alone; before, they took the request and the focus stayed behind its cell.
  useEffect(() => {
    const want = focusWanted.current;
    if (!want) return;
    if (want !== 'active' && (want.row !== active.row || want.col !== active.col)) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`);
    if (!el) return;
    focusWanted.current = null;
    (el.querySelector<HTMLElement>('button') ?? el).focus({ preventScroll: true });
  });

  const moveTo = (row: number, col: number) => {
    const r = Math.max(-1, Math.min(count - 1, row));
    const header = r >= 0 && itemAt(view, group, r)?.type === 'header';
    const c = header ? 0 : Math.max(0, Math.min(COL_COUNT - 1, col));
    focusWanted.current = { row: r, col: c };
    setActive({ row: r, col: c });
    if (r >= 0) virtualizer.scrollToIndex(r, { align: 'auto' });
    else scrollRef.current?.scrollTo({ top: 0 });
  };

  const rowAt = (flat: number): DeskRow | undefined => {
    const it = itemAt(view, group, flat);
    return it?.type === 'row' ? rowsRef.current.get(it.index) : undefined;
  };

  const toggleRow = useCallback(
    (r: DeskRow) =>
      setSelected((s) => {
        const next = new Map(s);
        if (next.has(r.id)) next.delete(r.id);
        else next.set(r.id, r);
        return next;
      }),
    [],
  );
  const focusCell = useCallback((row: number, col: number) => setActive((a) => (a.row === row && a.col === col ? a : { row, col })), []);

  const sortBy = (column: DeskColumn) => {
    performance.mark('cd:desk-sort', { detail: { column } });
    setSort((s) => ({ column, direction: s.column === column && s.direction === 'ascending' ? 'descending' : s.column === column ? 'ascending' : column === 'updated' || column === 'sources' ? 'descending' : 'ascending' }));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target instanceof HTMLSelectElement) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const { row, col } = active;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(row + 1, col);
        break;
      case 'ArrowUp':
        moveTo(row - 1, col);
        break;
      case 'ArrowRight':
        moveTo(row, col + 1);
        break;
      case 'ArrowLeft':
        moveTo(row, col - 1);
        break;
      case 'PageDown':
        moveTo(row + page, col);
        break;
      case 'PageUp':
        moveTo(Math.max(row >= 0 ? 0 : -1, row - page), col);
        break;
      case 'Home':
        moveTo(e.ctrlKey ? 0 : row, 0);
        break;
      case 'End':
        moveTo(e.ctrlKey ? count - 1 : row, COL_COUNT - 1);
        break;
      case ' ': {
        const r = rowAt(row);
        if (r) toggleRow(r);
        else if (row === -1 && col === 0) void selectAllShown();
        else handled = false;
        break;
      }
      case 'Enter': {
        const r = rowAt(row);
        if (row === -1 && col > 0) sortBy(COLUMNS[col - 1]!.id);
        else if (row === -1) void selectAllShown();
        else if (r) onOpenAnnotation(r.docId, r.id);
        else handled = false;
        break;
      }
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  const selectAllShown = async () => {
    if (selected.size > 0 && view && selected.size >= view.total) return setSelected(new Map());
    const rows = await client.viewRows();
    setSelected(new Map(rows.map((r) => [r.id, r])));
  };

  const runBulk = async (change: BulkChange) => {
    if (selected.size === 0 || busy) return;
    setBusy(true);
    try {
      const rows = await client.withAppearances([...selected.keys()]);
      const plan = planBulk(rows, change);
      if (plan.ops.length === 0) {
        notices.status('Nothing to change: the selected annotations already have it.');
        return;
      }
      // Reading 100,000 annotations again takes the worker seconds on a busy machine; wait for it (or 15 s).
      const changed = client.nextChange(15_000);
      const r = await applyBulk(db, workspace.history, plan);
      const skipped = r.conflicts.length ? ` ${r.conflicts.length} could not be changed (deleted in another window).` : '';
      const linked = rows.length > selected.size ? ` (with ${plural(rows.length - selected.size, 'other appearance')} of linked claims)` : '';
      notices.status(`${plan.label}${linked}.${skipped} Press Ctrl+Z to undo.`);
      performance.mark('cd:desk-bulk', { detail: { field: change.field, count: r.after.size } });
      // The next bulk action plans on rows that already show this one.
      await changed;
    } catch (e) {
      notices.alert(describeSaveError('the change', e));
    } finally {
      setBusy(false);
      // The keyboard goes back to the row it came from, so the next key (Ctrl+Z, arrows) acts on the desk.
      focusWanted.current = 'active';
      setActive((a) => ({ ...a }));
    }
  };

  const cellProps = (flat: number, col: number) => ({
    'data-cell': `${flat}:${col}`,
    tabIndex: active.row === flat && active.col === col ? 0 : -1,
    onFocus: () => setActive({ row: flat, col }),
  });

  const headerRow = (
    <div role="row" aria-rowindex={1} className="desk-row desk-head" style={{ gridTemplateColumns: GRID_TEMPLATE }}>
      {/* The cell takes the keyboard focus (Space toggles), not the checkbox: a focused input would keep Ctrl+Z to itself. */}
      <div role="columnheader" className="desk-cell" aria-label="Select" {...cellProps(-1, 0)}>
        <input type="checkbox" aria-label={`Select all ${view?.total ?? 0} shown`} tabIndex={-1} checked={!!view && view.total > 0 && selected.size >= view.total} onChange={() => void selectAllShown()} />
      </div>
      {COLUMNS.map((c, i) => (
        <div key={c.id} role="columnheader" className="desk-cell" data-cell={`-1:${i + 1}`} aria-sort={sort.column === c.id ? sort.direction : 'none'}>
          <button type="button" tabIndex={active.row === -1 && active.col === i + 1 ? 0 : -1} onClick={() => sortBy(c.id)} onFocus={() => setActive({ row: -1, col: i + 1 })}>
            {c.label}
            <span aria-hidden="true">{sort.column === c.id ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
          </button>
        </div>
      ))}
    </div>
  );

  return (
    <section className="desk" aria-labelledby="desk-title">
      <div className="desk-top">
        <h2 id="desk-title">Claims desk</h2>
        <p className="muted" aria-live="polite">
          {!view ? 'Reading every annotation…' : describeCount(view)}
        </p>
        <label className="desk-group">
          <input type="checkbox" checked={group} onChange={(e) => setGroup(e.target.checked)} /> Group by status
        </label>
      </div>
      <div className="desk-bulk" role="toolbar" aria-label="Bulk actions">
        <span>{busy ? 'Saving…' : selected.size === 0 ? 'Select rows (Space) to change them together.' : `${grouped(selected.size)} selected`}</span>
        <select aria-label="Set status of the selected" disabled={selected.size === 0 || busy} value="" onChange={(e) => e.target.value && void runBulk({ field: 'status', value: e.target.value as ClaimStatus })}>
          <option value="">Set status…</option>
          {CLAIM_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
        <select aria-label="Assign the selected" disabled={selected.size === 0 || busy} value="" onChange={(e) => {
          const v = e.target.value;
          if (!v) return;
          const id = v === '-' ? '' : v;
          void runBulk({ field: 'assignee', value: id, name: reviewerName.get(id) ?? '' });
        }}>
          <option value="">Assign…</option>
          <option value="-">Nobody</option>
          {reviewers.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <select aria-label="Set verdict of the selected" disabled={selected.size === 0 || busy} value="" onChange={(e) => e.target.value && void runBulk({ field: 'verdict', value: e.target.value as Verdict })}>
          <option value="">Set verdict…</option>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {v[0]!.toUpperCase() + v.slice(1)}
            </option>
          ))}
        </select>
        <button type="button" disabled={selected.size === 0} onClick={() => void client.withAppearances([...selected.keys()]).then((rows) => onExportSelection(rows.map((r) => r.id)))}>
          Export selected…
        </button>
        <button type="button" disabled={selected.size === 0} onClick={() => setSelected(new Map())}>
          Clear selection
        </button>
      </div>
      <div
        ref={scrollRef}
        className="desk-grid"
        role="grid"
        aria-label="Claims desk"
        aria-rowcount={count + 1}
        aria-colcount={COL_COUNT}
        aria-multiselectable="true"
        aria-busy={!view}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="desk-head-group">
          {headerRow}
        </div>
        <div role="rowgroup" className="desk-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((vi) => {
            const it = itemAt(view, group, vi.index);
            if (!it) return null;
            const style = { transform: `translateY(${vi.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: GRID_TEMPLATE };
            if (it.type === 'header')
              return (
                <div key={`g:${it.status}`} role="row" aria-rowindex={vi.index + 2} className="desk-row desk-group-row" style={style}>
                  <div role="gridcell" aria-colspan={COL_COUNT} className="desk-cell" {...cellProps(vi.index, 0)}>
                    {statusLabel(it.status ?? '')} ({grouped(it.count)})
                  </div>
                </div>
              );
            const r = rowsRef.current.get(it.index);
            if (!r)
              return (
                <div key={`p:${vi.index}`} role="row" aria-rowindex={vi.index + 2} className="desk-row desk-loading" style={style}>
                  <div role="gridcell" aria-colspan={COL_COUNT} className="desk-cell" {...cellProps(vi.index, 0)}>
                    Loading…
                  </div>
                </div>
              );
            return (
              <DeskRowView
                key={r.id}
                row={r}
                flat={vi.index}
                start={vi.start}
                selected={selected.has(r.id)}
                activeCol={active.row === vi.index ? active.col : -1}
                title={titles.get(r.docId) ?? r.docId}
                assignee={r.assignee ? (reviewerName.get(r.assignee) ?? 'Unknown reviewer') : '—'}
                onToggle={toggleRow}
                onOpen={onOpenAnnotation}
                onFocusCell={focusCell}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}

interface DeskRowViewProps {
  row: DeskRow;
  flat: number;
  start: number;
  selected: boolean;
  /** The active column when this row holds the keyboard's cell, else -1. */
  activeCol: number;
  title: string;
  assignee: string;
  onToggle(r: DeskRow): void;
  onOpen(docId: string, id: string): void;
  onFocusCell(row: number, col: number): void;
}

/** One row of the grid; memoised, so scrolling re-renders only the rows that enter the screen. */
const DeskRowView = memo(function DeskRowView({ row: r, flat, start, selected, activeCol, title, assignee, onToggle, onOpen, onFocusCell }: DeskRowViewProps) {
  const cell = (col: number) => ({ 'data-cell': `${flat}:${col}`, tabIndex: activeCol === col ? 0 : -1, onFocus: () => onFocusCell(flat, col) });
  return (
    <div role="row" aria-rowindex={flat + 2} aria-selected={selected} className={`desk-row${selected ? ' selected' : ''}${activeCol >= 0 ? ' active' : ''}`} style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT, gridTemplateColumns: GRID_TEMPLATE }} data-annotation-id={r.id}>
      <div role="gridcell" className="desk-cell" {...cell(0)}>
        <input type="checkbox" aria-label={`Select “${r.quote.slice(0, 60)}”`} checked={selected} tabIndex={-1} onChange={() => onToggle(r)} />
      </div>
      <div role="gridcell" className="desk-cell desk-quote" data-cell={`${flat}:1`}>
        <button type="button" className="link" tabIndex={activeCol === 1 ? 0 : -1} onFocus={() => onFocusCell(flat, 1)} onClick={() => onOpen(r.docId, r.id)} title="Open in the reader">
          “{r.quote}”
        </button>
        {r.appearances > 1 && <span className="count count-linked">{r.appearances} appearances</span>}
        {r.orphan && <span className="count count-orphan">orphan</span>}
      </div>
      <div role="gridcell" className="desk-cell" {...cell(2)}>
        {title}
        {r.otherDocIds.length > 0 ? ` + ${r.otherDocIds.length} more` : ''}
      </div>
      <div role="gridcell" className={`desk-cell verdict-${r.verdict ?? r.kind}`} {...cell(3)}>
        {verdictLabel(r)}
      </div>
      <div role="gridcell" className="desk-cell" {...cell(4)}>
        {statusLabel(r.status)}
      </div>
      <div role="gridcell" className="desk-cell" {...cell(5)}>
        {assignee}
      </div>
      <div role="gridcell" className="desk-cell" {...cell(6)}>
        {r.author || 'Unknown'}
      </div>
      <div role="gridcell" className="desk-cell" {...cell(7)}>
        <time dateTime={r.updatedAt}>{r.updatedAt.slice(0, 10)}</time>
      </div>
      <div role="gridcell" className="desk-cell num" {...cell(8)}>
        {r.sources}
      </div>
    </div>
  );
});
