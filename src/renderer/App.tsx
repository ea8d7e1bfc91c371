// The app shell: creates this window's stores and composes the features (toolbar, messages, library,
// the open document with its panel, dialogs). It decides nothing itself; see docs/adr/0010-renderer-map.md.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getApi } from './platform';
import type { ClaimdeskDb } from './db/schema';
import { setMeta } from './db/writes';
import { readMeta } from './db/reads';
import { useDocuments } from './state/documents';
import { DEFAULT_SETTINGS, useSettings } from './state/settings';
import { StoresProvider, createStores, useSelection, useStores } from './state/stores';
import { useLiveQuery } from 'dexie-react-hooks';
import { Library } from './features/library/Library';
import { DocumentView } from './features/document/DocumentView';
import { ExportDialog } from './features/export/ExportDialog';
import { useExportCommand } from './features/export/use-export';
import { useImportCommand } from './features/import/use-import';
import { useUndoRedo } from './features/history/use-undo-redo';
import { useBackupsAndReminder } from './features/backups/auto-backup';
import { SettingsPane } from './features/settings/SettingsPane';
import { Toolbar } from './features/toolbar/Toolbar';
import { Messages } from './features/toolbar/Messages';
import { SearchPanel } from './features/search/SearchPanel';
import { localStorageJournal, useWindowLifecycle } from './features/window/use-window-lifecycle';

export function App({ db }: { db: ClaimdeskDb }) {
  const journal = useMemo(() => localStorageJournal(), []);
  const stores = useMemo(() => createStores(db, journal), [db, journal]);
  useWindowLifecycle(stores, journal);
  return (
    <StoresProvider stores={stores}>
      <Shell />
    </StoresProvider>
  );
}

function Shell() {
  const { db, selection } = useStores();
  const api = getApi();
  const library = useDocuments(db, api);
  const settings = useSettings(db) ?? DEFAULT_SETTINGS;
  const author = settings.editorName || 'Unnamed editor';
  const { openId, selectedId } = useSelection();
  const [exportOpen, setExportOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const lastDocId = useLiveQuery(async () => (await readMeta<string>(db, 'lastDocId')) ?? '', [db]);

  // Open the last document (or the first) once everything is known.
  useEffect(() => {
    if (openId || library.documents.length === 0 || lastDocId === undefined) return;
    selection.open(library.documents.some((d) => d.id === lastDocId) ? lastDocId : library.documents[0]!.id);
  }, [library.documents, lastDocId, openId, selection]);

  const openDoc = useCallback(
    (id: string) => {
      performance.mark('cd:open', { detail: { docId: id } });
      selection.open(id);
      void setMeta(db, 'lastDocId', id);
    },
    [db, selection],
  );

  const doImport = useImportCommand(library.corpus, library.documents, library.docTexts, author);
  const doExport = useExportCommand(library.documents, author, settings);
  const openExport = useCallback(() => setExportOpen(true), []);
  const runImport = useCallback(() => void doImport(), [doImport]);
  const { undo, redo } = useUndoRedo(runImport, openExport);
  const needsExportReminder = useBackupsAndReminder(db);
  const doc = library.documents.find((d) => d.id === openId) ?? null;

  if (library.corpusError) return <div className="fatal" role="alert">The corpus could not be loaded: {library.corpusError}</div>;

  return (
    <div className="app">
      <Toolbar doc={doc} settings={settings} reviewer={author} onImport={runImport} onExport={openExport} onUndo={() => void undo()} onRedo={() => void redo()} onSettings={() => setSettingsOpen(true)} />
      {needsExportReminder && (
        <p className="reminder" role="note">
          You have changes not exported for over a day. This browser is the only place they are kept: use Export › Claimdesk JSON to keep a copy.
        </p>
      )}
      <Messages />
      {/* Library search (search helper): its own panel; opens documents through openDoc. */}
      <SearchPanel db={db} documents={library.documents} openDocId={openId} onOpenDocument={openDoc} selectedAnnotationId={selectedId} />
      <main className="workspace">
        <Library documents={library.documents} stats={library.stats} openId={openId} onOpen={openDoc} />
        <DocumentView doc={doc} corpus={library.corpus} docTexts={library.docTexts} author={author} />
      </main>
      <ExportDialog open={exportOpen} annotationCount={library.totalAnnotations} onClose={() => setExportOpen(false)} onExport={doExport} />
      <SettingsPane open={settingsOpen} settings={settings} onClose={() => setSettingsOpen(false)} />
      <div id="print-root" aria-hidden="true" />
    </div>
  );
}
