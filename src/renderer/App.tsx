// The app shell: toolbar, library, reader and annotation panel, wired to the database and the platform.
import { startTransition, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { compareByTextOrder, type Annotation, type CorpusDocument, type Verdict } from '../core/model';
import { rememberWords, wordsOf } from './state/word-count';
import { scoreMqm, describeMqmFormula } from '../core/model/mqm';
import { UNPLACED_DOC_ID } from '../core/formats';
import type { BackupInfo, MenuCommand } from '../core/ipc';
import { getApi, isElectron, pickImport, saveBlob } from './platform';
import { isTypingTarget } from './keyboard';
import type { ClaimdeskDb, DocStatsRow } from './db/schema';
import { readDocAnnotations } from './db/reads';
import { setMeta, setSetting } from './db/writes';
import { Reader, type CreateRequest, type ReaderHandle } from './reader/Reader';
import { CorrectedReading } from './reader/CorrectedReading';
import type { TextRange } from './reader/types';
import { Library } from './features/library/Library';
import { AnnotationPanel } from './features/annotations/AnnotationPanel';
import { ExportDialog } from './features/export/ExportDialog';
import { runExport, runImport, type BulkProgress } from './db/bulk-client';
import { EXPORT_FORMATS, type ExportFormatId } from './features/export/build-export';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { DEFAULT_SETTINGS, useSettings, type Settings } from './state/settings';
import { Workspace, nowIso } from './state/workspace';
import { buildBackupContent, maybeWriteBackup, restoreBackup } from './state/backups';
import { describeSaveError } from './features/storage/storage-errors';
import { SearchPanel } from './features/search/SearchPanel';
import { MqmReviewStatus } from './features/mqm/MqmReviewStatus'; // report helper: the editor's "reviewed" mark
import { readReviewMarks } from './db/review-marks'; // report helper: the report receives the review marks

const DAY_MS = 24 * 60 * 60 * 1000;

export function App({ db }: { db: ClaimdeskDb }) {
  const api = getApi();
  const workspace = useMemo(() => new Workspace(db), [db]);
  const [baseCorpus, setBaseCorpus] = useState<CorpusDocument[] | null>(null);
  const [corpusError, setCorpusError] = useState<string | null>(null);
  const docTexts = useLiveQuery(() => db.docTexts.toArray(), [db]);
  const statsRows = useLiveQuery(() => db.docStats.toArray(), [db]);
  const settings = useSettings(db) ?? DEFAULT_SETTINGS;
  const lastDocId = useLiveQuery(async () => ((await db.meta.get('lastDocId'))?.value as string | undefined) ?? '', [db]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // issue 9 (reader helper): keyboard paths between the reader and the panel's editor.
  const readerHandle = useRef<ReaderHandle>(null);
  const [editRequest, setEditRequest] = useState<{ id: string; nonce: number } | null>(null);
  // The open editor starts afresh once the panel has a verdict changed from the reader (it keeps its own draft otherwise).
  const [verdictEcho, setVerdictEcho] = useState<{ id: string; verdict: Verdict } | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ id: string; nonce: number } | null>(null);
  const [selection, setSelection] = useState<TextRange | null>(null);
  const [status, setStatus] = useState<string>('');
  const [alert, setAlert] = useState<string>('');
  const [exportOpen, setExportOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [corrected, setCorrected] = useState(false);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [optimistic, setOptimistic] = useState<Annotation[]>([]);
  const [revision, setRevision] = useState(0);
  const bump = useCallback(() => setRevision((r) => r + 1), []);
  const history = workspace.history;
  const historyState = useSyncExternalStore(
    useCallback((fn) => history.subscribe(fn), [history]),
    () => `${history.canUndo}:${history.canRedo}:${history.undoLabel}`,
  );
  void historyState;

  useEffect(() => {
    api.listCorpus().then(setBaseCorpus, (e: unknown) => setCorpusError(e instanceof Error ? e.message : String(e)));
    navigator.storage?.persist?.().then(setPersisted, () => setPersisted(false));
  }, [api]);

  const stats = useMemo(() => new Map<string, DocStatsRow>((statsRows ?? []).map((s) => [s.docId, s])), [statsRows]);
  const hasUnplaced = (stats.get(UNPLACED_DOC_ID)?.total ?? 0) > 0;

  // The documents as they are now: corpus files, corrected texts that replace them, imported texts.
  const documents = useMemo<CorpusDocument[]>(() => {
    if (!baseCorpus) return [];
    const overrides = new Map((docTexts ?? []).map((d) => [d.id, d]));
    for (const d of docTexts ?? []) rememberWords(d.hash, d.words);
    const docs = baseCorpus.map((d) => {
      const o = overrides.get(d.id);
      return o ? { ...d, text: o.text, hash: o.hash } : d;
    });
    for (const o of docTexts ?? []) {
      if (!baseCorpus.some((d) => d.id === o.id))
        docs.push({ id: o.id, file: o.file, title: o.title, text: o.text, hash: o.hash, publication: null, author: null, date: null, language: 'und', translation: null });
    }
    if (hasUnplaced)
      docs.push({ id: UNPLACED_DOC_ID, file: '', title: 'Unplaced imports', text: '', hash: '', publication: 'Annotations whose document is not in the library', author: null, date: null, language: 'und', translation: null });
    return docs;
  }, [baseCorpus, docTexts, hasUnplaced]);

  // Open the last document (or the first) once everything is known.
  useEffect(() => {
    if (openId || documents.length === 0 || lastDocId === undefined) return;
    setOpenId(documents.some((d) => d.id === lastDocId) ? lastDocId : documents[0]!.id);
  }, [documents, lastDocId, openId]);

  const doc = documents.find((d) => d.id === openId) ?? null;
  // A corpus document whose text was replaced by an imported corrected version (undone by restoring).
  const replacedText = doc && baseCorpus?.some((d) => d.id === doc.id) ? (docTexts ?? []).find((t) => t.id === doc.id) : undefined;
  const restoreCorpusText = useCallback(async () => {
    if (!replacedText) return;
    try {
      await db.transaction('rw', db.docTexts, db.meta, async () => {
        await db.docTexts.delete(replacedText.id);
        await db.meta.put({ key: 'lastChangeAt', value: nowIso() });
      });
      setStatus(`Restored the corpus text of this document; its annotations are re-anchored to it.`);
    } catch (e) {
      setAlert(describeSaveError('the restored text', e));
    }
  }, [db, replacedText]);
  // The open document's annotations. useLiveQuery keeps the previous document's answer until the new
  // one arrives, so each answer says which document it is for; meanwhile a document opened recently
  // shows the annotations it had (the live answer replaces them a few milliseconds later).
  const live = useLiveQuery(async () => ({ docId: openId, items: openId ? await readDocAnnotations(db, openId) : [] }), [db, openId]);
  const recent = useRef(new Map<string, Annotation[]>());
  const liveItems = live && live.docId === openId ? live.items : undefined;
  const stored = liveItems ?? (openId ? recent.current.get(openId) : undefined);
  useEffect(() => {
    if (live?.docId) recent.current.set(live.docId, live.items);
  }, [live]);

  // Optimistic annotations show at once; they drop out when the live query has them.
  const annotations = useMemo(() => {
    const list = stored ?? [];
    if (optimistic.length === 0) return list;
    const have = new Set(list.map((a) => a.id));
    return list.concat(optimistic.filter((a) => a.docId === openId && !have.has(a.id)));
  }, [stored, optimistic, openId]);
  // issue 9 (reader helper): read by onDelete without making it change (and re-render the panel) on every edit.
  const annotationsRef = useRef(annotations);
  annotationsRef.current = annotations;
  // The panel follows the annotations at lower priority, so a new highlight paints first.
  const panelAnnotations = useDeferredValue(annotations);
  // issue 9 (reader helper): see onChangeVerdict.
  useEffect(() => {
    if (verdictEcho && panelAnnotations.some((a) => a.id === verdictEcho.id && a.verdict === verdictEcho.verdict)) {
      setVerdictEcho(null);
      bump();
    }
  }, [verdictEcho, panelAnnotations, bump]);
  useEffect(() => {
    if (!stored || optimistic.length === 0) return;
    const have = new Set(stored.map((a) => a.id));
    if (optimistic.some((a) => have.has(a.id))) setOptimistic((o) => o.filter((a) => !have.has(a.id)));
  }, [stored, optimistic]);

  // Re-anchor annotations made against another version of the text when the document opens.
  const reanchoredFor = useRef<string>('');
  useEffect(() => {
    // Only ever on the database's current answer, never on the recent copy shown while it loads.
    if (!doc || !liveItems || doc.id === UNPLACED_DOC_ID) return;
    const key = `${doc.id}:${doc.hash}:${liveItems.length}`;
    if (reanchoredFor.current === key) return;
    reanchoredFor.current = key;
    if (!liveItems.some((a) => a.docHash !== doc.hash)) return;
    void workspace.reanchor(doc, liveItems).then(({ moved, orphaned }) => {
      if (moved || orphaned) setStatus(`The text of this document changed: ${moved} annotation${moved === 1 ? '' : 's'} followed their words, ${orphaned} became orphan${orphaned === 1 ? '' : 's'}.`);
    });
  }, [doc, liveItems, workspace]);

  const openDoc = useCallback(
    (id: string) => {
      performance.mark('cd:open', { detail: { docId: id } });
      setOpenId(id);
      setSelectedId(null);
      setCorrected(false);
      void setMeta(db, 'lastDocId', id);
    },
    [db],
  );

  const author = settings.editorName || 'Unnamed editor';

  const selectFromPanel = useCallback((id: string) => {
    setEditRequest(null);
    setSelectedId(id);
    setFocusRequest({ id, nonce: Date.now() });
  }, []);

  const onCreate = useCallback(
    (request: CreateRequest) => {
      if (!doc) return;
      // Shown before it is saved: the highlight appears at once.
      const a = workspace.build(doc, request, author);
      setOptimistic((o) => [...o, a]);
      // The highlight is urgent; opening its entry in the panel can follow a frame later.
      startTransition(() => setSelectedId(a.id));
      workspace.add(a).then(
        () => {
          performance.mark('cd:annotation-saved', { detail: { id: a.id } });
          setStatus(`${a.kind === 'claim' ? `Tagged as ${a.verdict}` : 'Marked as a translation error'}: “${a.quote.exact.slice(0, 60)}”.`);
        },
        (e: unknown) => {
          setOptimistic((o) => o.filter((x) => x.id !== a.id));
          setAlert(describeSaveError('the annotation', e));
        },
      );
    },
    [doc, workspace, author],
  );

  // issue 9 (reader helper): Enter on a highlight opens its editor; Escape there gives the reader back
  // its focus, with the caret where it was; a verdict key on an existing claim changes its verdict.
  const openForEditing = useCallback((id: string) => {
    setSelectedId(id);
    setEditRequest({ id, nonce: Date.now() });
  }, []);
  // A request to focus the editor is used once: selecting in any other way does not take the focus.
  const selectInReader = useCallback((id: string | null) => {
    setEditRequest(null);
    setSelectedId(id);
  }, []);
  const closeEditor = useCallback(() => {
    const entry = document.activeElement?.closest('[data-entry-id]');
    setEditRequest(null);
    setSelectedId(null);
    // Without a reader on screen (corrected reading, unplaced imports) the entry keeps the focus.
    if (readerHandle.current) readerHandle.current.focus();
    else requestAnimationFrame(() => entry?.querySelector<HTMLElement>('button')?.focus());
  }, []);
  const onChangeVerdict = useCallback(
    (a: Annotation, verdict: Verdict) => {
      setSelectedId(a.id);
      workspace.update({ ...a, verdict }, 'verdict').then(
        () => {
          setVerdictEcho({ id: a.id, verdict });
          setStatus(`Changed to ${verdict}: “${a.quote.exact.slice(0, 60)}”. Press Ctrl+Z to undo.`);
        },
        (e: unknown) => setAlert(describeSaveError('the new verdict', e)),
      );
    },
    [workspace],
  );

  const onSave = useCallback(
    (next: Annotation, field: string) => {
      workspace.update(next, field).catch((e: unknown) => setAlert(describeSaveError('your edit', e)));
    },
    [workspace],
  );

  const onDelete = useCallback(
    (a: Annotation) => {
      // issue 9 (reader helper): the keyboard focus goes to the next entry in the same list (or back to
      // the reader), never to the page body.
      const list = annotationsRef.current.filter((x) => x.orphan === a.orphan).sort(compareByTextOrder);
      const next = list[list.findIndex((x) => x.id === a.id) + 1];
      workspace.remove(a).then(
        () => {
          setSelectedId(null);
          setStatus(`Deleted. Press Ctrl+Z to undo.`);
          requestAnimationFrame(() => {
            const entry = next && document.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(next.id)}"] button:not(:disabled)`);
            if (entry) entry.focus();
            else readerHandle.current?.focus();
          });
        },
        (e: unknown) => setAlert(describeSaveError('the deletion', e)),
      );
    },
    [workspace],
  );

  const onReattach = useCallback(
    (a: Annotation) => {
      if (!doc || !selection) return;
      workspace.reattach(a, doc, selection).then(
        () => {
          document.getSelection()?.removeAllRanges();
          setSelectedId(a.id);
          setStatus('Orphan re-attached to the selected text.');
        },
        (e: unknown) => setAlert(describeSaveError('the re-attached orphan', e)),
      );
    },
    [doc, selection, workspace],
  );

  const step = useCallback(
    async (which: 'undo' | 'redo') => {
      const label = await (which === 'undo' ? history.undo() : history.redo()).catch((e: unknown) => {
        setAlert(describeSaveError(`the ${which}`, e));
        return undefined;
      });
      if (label === undefined) return;
      bump();
      if (label?.kind === 'refused') setAlert(`Not ${which === 'undo' ? 'undone' : 'redone'}: ${label.label} — it was changed since (in another window or by an import), and that change is kept.`);
      else setStatus(label ? `${which === 'undo' ? 'Undone' : 'Redone'}: ${label.label}.` : `Nothing to ${which}.`);
    },
    [history, bump],
  );
  const undo = useCallback(() => step('undo'), [step]);
  const redo = useCallback(() => step('redo'), [step]);

  const doImport = useCallback(async () => {
    setAlert('');
    let file;
    try {
      file = await pickImport();
    } catch (e) {
      setAlert(`Could not read the file: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);
      return;
    }
    if (!file) return;
    setStatus(`Importing ${file.name}…`);
    const name = file.name;
    const outcome = await runImport(db, file, documents.filter((d) => d.id !== UNPLACED_DOC_ID), author, (p) =>
      setStatus(`Importing ${name}: ${p.stage}…`),
    ).catch(
      (e: unknown) => ({ ok: false as const, message: `${file.name} was not imported. ${describeSaveError('it', e)}` }),
    );
    bump();
    performance.mark('cd:import-done', { detail: { ok: outcome.ok } });
    if (outcome.ok) setStatus(outcome.message);
    else {
      setStatus('');
      setAlert(outcome.message);
    }
  }, [api, db, documents, author, bump]);

  const doExport = useCallback(
    async (format: ExportFormatId, onProgress: (p: BulkProgress) => void) => {
      // In the browser the worker hands back a Blob to download (no 90 MB string crosses threads);
      // the desktop app and the PDF report need the text itself.
      const asBlob = !isElectron() && format !== 'report-pdf';
      const { out, blob, count } = await runExport(
        db,
        {
          format,
          documents: documents.filter((d) => d.id !== UNPLACED_DOC_ID),
          now: nowIso(),
          appVersion: __APP_VERSION__,
          reviewer: author,
          reviewed: await readReviewMarks(db),
          mqm: { weights: settings.mqmWeights, threshold: settings.mqmThreshold },
        },
        asBlob,
        onProgress,
      );
      const label = EXPORT_FORMATS.find((f) => f.id === format)!.label;
      let result;
      if (format === 'report-pdf') {
        if (isElectron()) result = await api.printReportToPdf({ suggestedName: out.suggestedName, html: out.content });
        else {
          showPrintReport(out.content);
          result = await api.printReportToPdf({ suggestedName: out.suggestedName, html: '' });
        }
      } else if (blob) {
        saveBlob(out.suggestedName, blob);
        result = { saved: true, path: out.suggestedName };
      } else result = await api.saveExport({ suggestedName: out.suggestedName, kind: out.kind, content: out.content });
      performance.mark('cd:export-done', { detail: { format, annotations: count } });
      if (!result.saved) return `${label} export cancelled.`;
      if (format === 'native') await setMeta(db, 'lastExportAt', nowIso());
      return `${label}: ${count} annotation${count === 1 ? '' : 's'} exported${result.path ? ` to ${result.path}` : ''}.`;
    },
    [db, documents, author, settings, api],
  );

  // Keyboard: undo and redo outside text fields (a text field undoes its own typing). In the desktop
  // app the Edit menu's accelerators own these keys and arrive as menu commands (below), so the
  // window does not handle them a second time.
  useEffect(() => {
    if (isElectron()) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isTypingTarget(e.target)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) void undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') void redo();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  useEffect(
    () =>
      api.onMenuCommand((c: MenuCommand) => {
        if (c === 'import') void doImport();
        else if (c === 'export') setExportOpen(true);
        else if (c === 'undo' || c === 'redo') {
          if (isTypingTarget(document.activeElement)) document.execCommand(c);
          else void (c === 'undo' ? undo() : redo());
        }
      }),
    [api, doImport, undo, redo],
  );

  // The browser keeps data only in this profile: remind to export when changes are over a day old.
  const exportState = useLiveQuery(async () => ({
    change: (await db.meta.get('lastChangeAt'))?.value as string | undefined,
    exported: (await db.meta.get('lastExportAt'))?.value as string | undefined,
  }), [db]);
  // Desktop: a snapshot after changes (every write, import, undo and redo records lastChangeAt), at most every 5 minutes.
  useEffect(() => {
    if (exportState?.change) void maybeWriteBackup(db, api);
  }, [exportState?.change, db, api]);
  const needsExportReminder =
    !isElectron() && !!exportState?.change && (!exportState.exported || exportState.exported < exportState.change) && Date.now() - Date.parse(exportState.change) > DAY_MS;

  const openSettings = useCallback(() => {
    setSettingsOpen(true);
    if (isElectron()) api.listBackups().then(setBackups, () => setBackups([]));
  }, [api]);

  const saveSettings = useCallback(
    (next: Settings) => {
      db.transaction('rw', db.settings, async () => {
        await setSetting(db, 'editorName', next.editorName);
        await setSetting(db, 'mqmWeights', next.mqmWeights);
        await setSetting(db, 'mqmThreshold', next.mqmThreshold);
      }).then(
        () => setStatus('Settings saved.'),
        (e: unknown) => setAlert(describeSaveError('the settings', e)),
      );
    },
    [db],
  );

  const onRestore = useCallback(
    async (name: string) => {
      if (!window.confirm('Restore this backup? Your current work is backed up first.')) return;
      try {
        await api.writeBackup({ content: await buildBackupContent(db) });
        const report = await restoreBackup(db, await api.readBackup({ name }));
        setStatus(`Restored ${name}: ${report}.`);
        setSettingsOpen(false);
      } catch (e) {
        setAlert(`Could not restore: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);
      }
    },
    [api, db],
  );

  const mqm = useMemo(() => {
    if (!doc?.translation) return null;
    const errors = annotations.filter((a) => a.kind === 'translation-error');
    return scoreMqm(errors, wordsOf(doc), settings.mqmWeights, settings.mqmThreshold);
  }, [doc, annotations, settings]);

  const totalAnnotations = (statsRows ?? []).reduce((n, s) => n + s.total, 0);

  if (corpusError) return <div className="fatal" role="alert">The corpus could not be loaded: {corpusError}</div>;

  return (
    <div className="app">
      {/* issue 9 (reader helper): a banner landmark holding the toolbar (a header may not be a toolbar). */}
      <header className="app-header">
      <div className="toolbar" role="toolbar" aria-label="Main">
        <h1 className="brand">Claimdesk</h1>
        <button type="button" onClick={() => void doImport()}>Import</button>
        <button type="button" onClick={() => setExportOpen(true)}>Export</button>
        <span className="sep" />
        <button type="button" onClick={() => void undo()} disabled={!history.canUndo} aria-keyshortcuts="Control+Z">Undo</button>
        <button type="button" onClick={() => void redo()} disabled={!history.canRedo} aria-keyshortcuts="Control+Shift+Z">Redo</button>
        {doc?.translation && (
          <button type="button" aria-pressed={corrected} onClick={() => setCorrected((c) => !c)}>
            Corrected reading
          </button>
        )}
        <span className="spacer" />
        {mqm && doc && (
          <MqmReviewStatus
            db={db}
            docId={doc.id}
            mqm={mqm}
            formula={describeMqmFormula(settings.mqmWeights, settings.mqmThreshold)}
            reviewer={author}
            onError={setAlert}
          />
        )}
        <button type="button" onClick={openSettings}>Settings</button>
      </div>
      </header>
      {needsExportReminder && (
        <p className="reminder" role="note">
          You have changes not exported for over a day. This browser is the only place they are kept: use Export › Claimdesk JSON to keep a copy.
        </p>
      )}
      <div className="messages">
        <p role="status" aria-live="polite" className="status">{status}</p>
        {alert && (
          <p role="alert" className="alert">
            {alert} <button type="button" onClick={() => setAlert('')}>Dismiss</button>
          </p>
        )}
      </div>
      {/* Library search (search helper): its own panel; opens documents through openDoc. */}
      <SearchPanel db={db} documents={documents} openDocId={openId} onOpenDocument={openDoc} selectedAnnotationId={selectedId} />
      <main className="workspace">
        <Library documents={documents} stats={stats} openId={openId} onOpen={openDoc} />
        <section className="reader-pane" aria-label="Reader">
          {replacedText && (
            <p className="replaced-note" role="note">
              This text is {replacedText.file}, imported {replacedText.importedAt.slice(0, 10)} in place of the corpus file.{' '}
              <button type="button" onClick={() => void restoreCorpusText()}>
                Restore the corpus text
              </button>
            </p>
          )}
          {!doc ? (
            <p className="muted empty">{baseCorpus ? 'No documents.' : 'Loading the corpus…'}</p>
          ) : doc.id === UNPLACED_DOC_ID ? (
            <p className="muted empty">These imported annotations name a document that is not in the library. They are listed as orphans in the panel; nothing was dropped.</p>
          ) : corrected ? (
            <CorrectedReading doc={doc} annotations={annotations} />
          ) : (
            <Reader
              key={`${doc.id}:${doc.hash}`}
              doc={doc}
              annotations={annotations}
              selectedId={selectedId}
              focusRequest={focusRequest}
              onSelectAnnotation={selectInReader}
              onCreate={onCreate}
              onChangeVerdict={onChangeVerdict}
              onOpenAnnotation={openForEditing}
              handleRef={readerHandle}
              onSelectionChange={setSelection}
            />
          )}
        </section>
        <AnnotationPanel
          annotations={panelAnnotations}
          selectedId={selectedId}
          revision={revision}
          canReattach={selection !== null && doc?.id !== UNPLACED_DOC_ID}
          onSelect={selectFromPanel}
          editRequest={editRequest}
          onCloseEditor={closeEditor}
          onSave={onSave}
          onDelete={onDelete}
          onReattach={onReattach}
        />
      </main>
      <ExportDialog open={exportOpen} annotationCount={totalAnnotations} onClose={() => setExportOpen(false)} onExport={doExport} />
      <SettingsDialog
        open={settingsOpen}
        settings={settings}
        persisted={persisted}
        backups={isElectron() ? backups : null}
        onClose={() => setSettingsOpen(false)}
        onSave={saveSettings}
        onRestore={(n) => void onRestore(n)}
      />
      <div id="print-root" aria-hidden="true" />
    </div>
  );
}

/** Puts the report into the print container (parsed inertly; scripts never run) for the browser's print to PDF. */
function showPrintReport(html: string): void {
  const root = document.getElementById('print-root');
  if (!root) return;
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  root.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
  document.documentElement.classList.add('printing-report');
  const done = () => {
    document.documentElement.classList.remove('printing-report');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
}
