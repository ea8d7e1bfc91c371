// What App composes to reach the claims desk, the corpus overview and the filters: their providers,
// the view switch (toolbar buttons and Alt+Shift+R / D / O), the filter bar fed with the authors known,
// the desk or overview in place of the reader, and the Export dialog offering "what is filtered" and
// "the selected". App only places these; see docs/adr/0019-claims-desk-and-filters.md.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { reviewerId, type CorpusDocument } from '../../../core/model';
import type { ClaimdeskDb } from '../../db/schema';
import type { Settings } from '../../state/settings';
import { useStores } from '../../state/stores';
import type { BulkProgress } from '../bulk/bulk-client';
import type { ExportFormatId } from '../export/build-export';
import { ExportDialog } from '../export/ExportDialog';
import { FilterStore, isEmptyFilter, profileFilterStorage } from '../filters/annotation-filter';
import { FilterBar } from '../filters/FilterBar';
import { FilterProvider, useFilter } from '../filters/filter-context';
import type { ExportOnly } from '../filters/export-scope';
import { CorpusOverview } from '../overview/CorpusOverview';
import { ClaimsDesk } from './ClaimsDesk';
import { DeskClient, DeskProvider, useDeskClient, useDeskSummary } from './desk-client';
import './desk.css';

export type WorkView = 'reader' | 'desk' | 'overview';

export function ClaimsProviders({ db, children }: { db: ClaimdeskDb; children: ReactNode }) {
  const client = useMemo(() => new DeskClient(db), [db]);
  const filters = useMemo(() => new FilterStore(profileFilterStorage()), []);
  return (
    <DeskProvider client={client}>
      <FilterProvider store={filters}>{children}</FilterProvider>
    </DeskProvider>
  );
}

const VIEW_KEYS: Record<string, WorkView> = { r: 'reader', d: 'desk', o: 'overview' };

/** The view shown in the workspace, with its keyboard shortcuts (Alt+Shift+R, D, O) anywhere. */
export function useWorkView(): [WorkView, (v: WorkView) => void] {
  const [view, setView] = useState<WorkView>('reader');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
      const v = VIEW_KEYS[e.code.replace(/^Key/, '').toLowerCase()];
      if (!v) return;
      e.preventDefault();
      if (v === 'desk') performance.mark('cd:desk-open');
      // The keyboard focus follows into the view before this returns (the view is drawn at once), so
      // the keys pressed straight after the shortcut act in it: focused a frame later, they went to
      // the page, as the first letters typed after Ctrl+K once went outside the search box.
      flushSync(() => setView(v));
      document.querySelector<HTMLElement>(v === 'desk' ? '.desk-grid [tabindex="0"]' : v === 'overview' ? '#overview-title' : '.reader-scroll [contenteditable], .reader-scroll')?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return [view, setView];
}

export function ViewSwitch({ view, onView }: { view: WorkView; onView(v: WorkView): void }) {
  const button = (v: WorkView, label: string, keys: string) => (
    <button
      type="button"
      aria-pressed={view === v}
      aria-keyshortcuts={keys}
      title={`${label} (${keys})`}
      onClick={() => {
        if (v === 'desk') performance.mark('cd:desk-open');
        onView(v);
      }}
    >
      {label}
    </button>
  );
  return (
    <span className="view-switch" role="group" aria-label="View">
      {button('reader', 'Reader', 'Alt+Shift+R')}
      {button('desk', 'Claims desk', 'Alt+Shift+D')}
      {button('overview', 'Overview', 'Alt+Shift+O')}
    </span>
  );
}

/** Reviewers to assign: the editor and every author known, by id (what `assignee` holds) and name. */
export function useReviewers(editorName: string): Array<{ id: string; name: string }> {
  const summary = useDeskSummary();
  return useMemo(() => {
    const names = new Set<string>([editorName, ...(summary?.authors ?? [])].filter((n) => n.trim() !== ''));
    return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ id: reviewerId(name), name }));
  }, [editorName, summary?.authors]);
}

export function DeskFilterBar({ documents, editorName }: { documents: readonly CorpusDocument[]; editorName: string }) {
  const summary = useDeskSummary();
  const reviewers = useReviewers(editorName);
  const assigned = useMemo(() => reviewers.filter((r) => summary?.assignees.includes(r.id)), [reviewers, summary?.assignees]);
  return <FilterBar documents={documents} authors={summary?.authors ?? []} assignees={assigned} />;
}

export interface ClaimsAreaProps {
  view: Exclude<WorkView, 'reader'>;
  documents: readonly CorpusDocument[];
  settings: Settings;
  editorName: string;
  onView(v: WorkView): void;
  onOpenDocument(docId: string): void;
  onExportSelection(ids: string[]): void;
}

/** The desk or the overview, in the reader's place. Opening an annotation goes back to the reader on it. */
export function ClaimsArea({ view, documents, settings, editorName, onView, onOpenDocument, onExportSelection }: ClaimsAreaProps) {
  const { selection } = useStores();
  const reviewers = useReviewers(editorName);
  const openAnnotation = useCallback(
    (docId: string, id: string) => {
      onView('reader');
      onOpenDocument(docId);
      selection.focus(id);
    },
    [onView, onOpenDocument, selection],
  );
  const openDocument = useCallback(
    (docId: string) => {
      onView('reader');
      onOpenDocument(docId);
    },
    [onView, onOpenDocument],
  );
  return (
    <main className="claims-area">
      {view === 'desk' ? (
        <ClaimsDesk documents={documents} reviewers={reviewers} onOpenAnnotation={openAnnotation} onExportSelection={onExportSelection} />
      ) : (
        <CorpusOverview documents={documents} mqm={{ weights: settings.mqmWeights, threshold: settings.mqmThreshold }} onOpenAnnotation={openAnnotation} onOpenDocument={openDocument} />
      )}
    </main>
  );
}

export interface ScopedExportDialogProps {
  open: boolean;
  annotationCount: number;
  /** The desk's selection to export, when the dialog was opened from there. */
  selection: readonly string[] | null;
  onClose(): void;
  onExport(format: ExportFormatId, onProgress: (p: BulkProgress) => void, only?: ExportOnly): Promise<string>;
}

/** The Export dialog offering all annotations, those the filter lets through, or the desk's selection. */
export function ScopedExportDialog({ open, annotationCount, selection, onClose, onExport }: ScopedExportDialogProps) {
  const filter = useFilter();
  const client = useDeskClient();
  const [filtered, setFiltered] = useState<number | null>(null);
  const empty = isEmptyFilter(filter);
  useEffect(() => {
    if (!open || empty) return setFiltered(null);
    let live = true;
    void client.count(filter).then((n) => live && setFiltered(n), () => undefined);
    return () => {
      live = false;
    };
  }, [open, empty, filter, client]);
  const scopes = useMemo(() => {
    const out: Array<{ id: string; label: string; count: number }> = [];
    if (!empty && filtered !== null) out.push({ id: 'filtered', label: 'Only what is filtered', count: filtered });
    if (selection?.length) out.push({ id: 'selected', label: 'Only the selected in the claims desk', count: selection.length });
    return out;
  }, [empty, filtered, selection]);
  const run = useCallback(
    (format: ExportFormatId, onProgress: (p: BulkProgress) => void, scope?: string) =>
      onExport(format, onProgress, scope === 'filtered' ? { filter } : scope === 'selected' && selection ? { ids: selection } : undefined),
    [onExport, filter, selection],
  );
  return <ExportDialog open={open} annotationCount={annotationCount} onClose={onClose} onExport={run} scopes={scopes} initialScope={selection?.length ? 'selected' : empty ? undefined : 'filtered'} />;
}
