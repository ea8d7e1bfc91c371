// The app shell: creates this window's stores and composes the features (toolbar, messages, library,
// the open document with its panel, dialogs). It decides nothing itself; see docs/adr/0010-renderer-map.md.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getApi, platform } from './platform';
import type { ClaimdeskDb } from './db/schema';
import { setMeta } from './db/writes';
import { readMeta } from './db/reads';
import { useDocuments, useOpenDocument, withTexts } from './state/documents';
import { DEFAULT_SETTINGS, useSettings } from './state/settings';
import { StoresProvider, createStores, useSelection, useStores } from './state/stores';
import { useLiveQuery } from 'dexie-react-hooks';
import { DocumentView } from './features/document/DocumentView';
import { useExportCommand } from './features/export/use-export';
import { useImportCommand } from './features/import/use-import';
import { useUndoRedo } from './features/history/use-undo-redo';
import { useBackupsAndReminder } from './features/backups/auto-backup';
import { SettingsPane } from './features/settings/SettingsPane';
import { Toolbar } from './features/toolbar/Toolbar';
import { Messages } from './features/toolbar/Messages';
import { SearchPanel } from './features/search/SearchPanel';
import { localStorageJournal, useWindowLifecycle } from './features/window/use-window-lifecycle';
// documents (issue 13): details overlays, import of files and pasted text, details, trash, library filter
import { applyOverlays } from '../core/documents';
import { useDocumentOverlays } from './features/documents/document-store';
import { DocumentActions } from './features/documents/DocumentActions';
import { FilteredLibrary } from './features/documents/LibraryControls';
// claims desk (issue 14): filters, the desk, the corpus overview, "export what is filtered"
import { ClaimsArea, ClaimsProviders, DeskFilterBar, ScopedExportDialog, ViewSwitch, useWorkView } from './features/desk/DeskShell';
// sync (issue 15): the open document's merge state, its conflicts and history, the status bar, Settings' sync section
import { profileSyncDb, useBackgroundSync, useDocumentSync } from './features/sync/use-document-sync';
import { importNativeMerged } from './features/sync/merge-import';
import type { OpenedFile } from '../core/ipc';
import { SyncBar, SyncDrawer } from './features/sync/SyncBar';
import { configuredSyncOrigin, profileReviewerId, readSyncSettings, writeSyncSettings } from './features/sync/sync-config';
import { BOOT_SYNC_ORIGIN } from './features/sync/csp-boot';
import type { SyncSettings } from './features/sync/sync-settings';
// agreement (issue 15): how far the reviewers of the open document agree
import { AgreementButton, AgreementPanel, useAgreementPanel } from './features/agreement/AgreementPanel';

export function App({ db }: { db: ClaimdeskDb }) {
  const journal = useMemo(() => localStorageJournal(), []);
  const stores = useMemo(() => createStores(db, journal), [db, journal]);
  useWindowLifecycle(stores, journal);
  return (
    <StoresProvider stores={stores}>
      <ClaimsProviders db={db}>
        <Shell />
      </ClaimsProviders>
    </StoresProvider>
  );
}

function Shell() {
  const { db, selection, notices } = useStores();
  const api = getApi();
  const library = useDocuments(db, api);
  // documents (issue 13): edited details and trash state over the manifest's / the file's.
  const overlays = useDocumentOverlays(db);
  const documents = useMemo(() => (overlays ? applyOverlays(library.documents, overlays) : []), [library.documents, overlays]);
  const corpusIds = useMemo(() => new Set((library.corpus ?? []).map((d) => d.id)), [library.corpus]);
  const onStatus = useCallback((text: string) => notices.status(text), [notices]);
  const onAlert = useCallback((text: string) => notices.alert(text), [notices]);
  const settings = useSettings(db) ?? DEFAULT_SETTINGS;
  const author = settings.editorName || 'Unnamed editor';
  const { openId, selectedId } = useSelection();
  const [exportOpen, setExportOpen] = useState(false);
  const [exportSelection, setExportSelection] = useState<string[] | null>(null);
  const [view, setView] = useWorkView();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const lastDocId = useLiveQuery(async () => (await readMeta<string>(db, 'lastDocId')) ?? '', [db]);

  // Open the last document (or the first) once everything is known.
  useEffect(() => {
    if (openId || documents.length === 0 || lastDocId === undefined) return;
    // documents (issue 13): never reopen a document that is in the trash.
    const inLibrary = documents.filter((d) => !d.trashedAt);
    selection.open(inLibrary.some((d) => d.id === lastDocId) ? lastDocId : (inLibrary[0] ?? documents[0]!).id);
  }, [documents, lastDocId, openId, selection]);

  const openDoc = useCallback(
    (id: string) => {
      performance.mark('cd:open', { detail: { docId: id } });
      selection.open(id);
      void setMeta(db, 'lastDocId', id);
    },
    [db, selection],
  );

  const doExport = useExportCommand(documents, author, settings);
  const openExport = useCallback(() => {
    setExportSelection(null);
    setExportOpen(true);
  }, []);
  const exportSelected = useCallback((ids: string[]) => {
    setExportSelection(ids);
    setExportOpen(true);
  }, []);
  const needsExportReminder = useBackupsAndReminder(db);
  // The open document with its text, read from the database when it opens (the list holds no texts).
  const doc = useOpenDocument(db, documents.find((d) => d.id === openId) ?? null);
  // Search finds its target's text in the list: the open one has it.
  const searchDocuments = useMemo(() => (doc ? documents.map((d) => (d.id === doc.id ? doc : d)) : documents), [documents, doc]);

  // sync (issue 15)
  const [syncSettings, setSyncSettings] = useState<SyncSettings>(() => readSyncSettings());
  const reviewerId = useMemo(() => profileReviewerId(), []);
  const reviewer = useMemo(() => ({ id: reviewerId, name: author.slice(0, 200) }), [reviewerId, author]);
  const onSyncError = useCallback((e: unknown) => notices.alert(`Sync: ${e instanceof Error ? e.message : String(e)}`), [notices]);
  const background = useBackgroundSync(db, documents, reviewer, syncSettings, onSyncError);
  const docSync = useDocumentSync(db, doc, reviewer, syncSettings, onSyncError, background);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const agreement = useAgreementPanel();
  const saveSync = useCallback(
    (next: SyncSettings) => {
      try {
        writeSyncSettings(next);
      } catch (e) {
        notices.alert(`The sync settings were not saved: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
      const origin = configuredSyncOrigin();
      if (origin !== BOOT_SYNC_ORIGIN) {
        // This page's CSP admits only the server it started with: a new one needs a fresh page.
        void platform.setSyncServer(origin).then(() => {
          notices.status(origin ? 'Sync settings saved. Reloading to connect to the server…' : 'Sync turned off. Reloading…');
          setTimeout(() => location.reload(), 500);
        }, (e: unknown) => notices.alert(`The sync server could not be set: ${e instanceof Error ? e.message : String(e)}`));
      } else {
        setSyncSettings(readSyncSettings());
        notices.status('Sync settings saved.');
      }
    },
    [notices],
  );
  const mergeImport = useCallback(
    (file: OpenedFile) =>
      importNativeMerged({
        db,
        store: profileSyncDb(),
        file,
        library: documents.filter((d) => d.hash !== ''),
        // The texts its annotations sit on are read for the check (the list holds none).
        textsFor: (docs) => withTexts(db, docs),
        me: reviewer,
        open: doc && docSync.sync && docSync.bridge ? { docId: doc.id, sync: docSync.sync, bridge: docSync.bridge } : null,
        onTouched: (ids) => background.background?.touch(ids),
      }),
    [db, documents, reviewer, doc, docSync.sync, docSync.bridge, background.background],
  );
  const doImport = useImportCommand(library.corpus, documents, library.docTexts, author, mergeImport);
  const runImport = useCallback(() => void doImport(), [doImport]);
  const { undo, redo } = useUndoRedo(runImport, openExport);
  const syncChoice = useMemo(() => ({ value: syncSettings, reviewerId, onSave: saveSync }), [syncSettings, reviewerId, saveSync]);

  if (library.corpusError) return <div className="fatal" role="alert">The corpus could not be loaded: {library.corpusError}</div>;

  return (
    <div className="app" data-view={view}>
      <Toolbar doc={doc} settings={settings} reviewer={author} onImport={runImport} onExport={openExport} onUndo={() => void undo()} onRedo={() => void redo()} onSettings={() => setSettingsOpen(true)}
        extra={<><DocumentActions db={db} documents={documents} openDoc={doc} corpusIds={corpusIds} stats={library.stats} onOpen={openDoc} onStatus={onStatus} onAlert={onAlert} /><ViewSwitch view={view} onView={setView} /><AgreementButton open={agreement.open} onToggle={agreement.toggle} /></>}
      />
      {needsExportReminder && (
        <p className="reminder" role="note">
          You have changes not exported for over a day. This browser is the only place they are kept: use Export › Claimdesk JSON to keep a copy.
        </p>
      )}
      <Messages />
      <DeskFilterBar documents={documents} editorName={settings.editorName} />
      {/* Library search (search helper): its own panel; opens documents through openDoc. */}
      <SearchPanel db={db} documents={searchDocuments} openDocId={openId} onOpenDocument={openDoc} selectedAnnotationId={selectedId} author={author} />
      <main className="workspace">
        {/* documents (issue 13): the library with its filter and sort, documents in the trash hidden */}
        <FilteredLibrary documents={documents} stats={library.stats} openId={openId} onOpen={openDoc} db={db} onStatus={onStatus} onAlert={onAlert} corpusIds={corpusIds} />
        <DocumentView doc={doc} documents={documents} corpus={library.corpus} docTexts={library.docTexts} author={author} />
      </main>
      {view !== 'reader' && <ClaimsArea view={view} documents={documents} settings={settings} editorName={settings.editorName} onView={setView} onOpenDocument={openDoc} onExportSelection={exportSelected} />}
      {drawerOpen && docSync.sync && docSync.bridge && docSync.view && (
        <SyncDrawer sync={docSync.sync} bridge={docSync.bridge!} view={docSync.view} selectedId={selectedId} onOpen={(id) => selection.focus(id)} onResolved={onStatus} />
      )}
      <AgreementPanel doc={doc} open={agreement.open} onClose={agreement.close} />
      <SyncBar status={docSync.status} view={docSync.view} open={drawerOpen} onToggle={() => setDrawerOpen((o) => !o)} />
      <ScopedExportDialog open={exportOpen} annotationCount={library.totalAnnotations} selection={exportSelection} onClose={() => setExportOpen(false)} onExport={doExport} />
      <SettingsPane open={settingsOpen} settings={settings} onClose={() => setSettingsOpen(false)} sync={syncChoice} />
      <div id="print-root" aria-hidden="true" />
    </div>
  );
}
