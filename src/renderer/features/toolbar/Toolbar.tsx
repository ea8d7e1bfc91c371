// The main toolbar: Import, Export, Undo and Redo (their tooltips say what they would take back),
// the corrected reading of a translation, its MQM score, and Settings.
import { useCallback, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import type { CorpusDocument } from '../../../core/model';
import { describeMqmFormula, scoreMqm } from '../../../core/model/mqm';
import type { Settings } from '../../state/settings';
import { useHistory, useSelection, useStores } from '../../state/stores';
import { wordsOf } from '../../state/word-count';
import { useDocAnnotations } from '../document/DocumentView';
import { MqmReviewStatus } from '../mqm/MqmReviewStatus';

export interface ToolbarProps {
  doc: CorpusDocument | null;
  settings: Settings;
  /** Who marks a translation reviewed (the editor's name). */
  reviewer: string;
  onImport(): void;
  onExport(): void;
  onUndo(): void;
  onRedo(): void;
  onSettings(): void;
  /** Commands other features add after Import (documents: Add documents…, details, trash). */
  extra?: ReactNode;
}

function lower(label: string): string {
  return label[0]!.toLowerCase() + label.slice(1);
}

export function Toolbar({ doc, settings, reviewer, onImport, onExport, onUndo, onRedo, onSettings, extra }: ToolbarProps) {
  const { selection } = useStores();
  const { corrected } = useSelection();
  const history = useHistory();
  const header = useRef<HTMLElement>(null);
  // The header's height as a CSS variable (--header-height): a narrow window wraps the toolbar onto
  // more lines, and panels that float below it (Agreement) start under its foot instead of over it.
  useLayoutEffect(() => {
    const el = header.current;
    if (!el) return;
    const note = () => document.documentElement.style.setProperty('--header-height', `${Math.ceil(el.getBoundingClientRect().height)}px`);
    note();
    const watch = new ResizeObserver(note);
    watch.observe(el);
    return () => watch.disconnect();
  }, []);
  return (
    // A banner landmark holding the toolbar (a header may not itself be a toolbar).
    <header className="app-header" ref={header}>
    <div className="toolbar" role="toolbar" aria-label="Main">
      <h1 className="brand">Claimdesk</h1>
      <button type="button" onClick={onImport}>Import</button>
      {extra}
      <button type="button" onClick={onExport}>Export</button>
      <span className="sep" />
      <button type="button" onClick={onUndo} disabled={!history.canUndo} aria-keyshortcuts="Control+Z" title={history.undoLabel ? `Undo: ${lower(history.undoLabel)}` : 'Nothing to undo'}>
        Undo
      </button>
      <button type="button" onClick={onRedo} disabled={!history.canRedo} aria-keyshortcuts="Control+Shift+Z" title={history.redoLabel ? `Redo: ${lower(history.redoLabel)}` : 'Nothing to redo'}>
        Redo
      </button>
      {doc?.translation && (
        <button type="button" aria-pressed={corrected} onClick={() => selection.toggleCorrected()}>
          Corrected reading
        </button>
      )}
      <span className="spacer" />
      {doc?.translation && <MqmScore doc={doc} settings={settings} reviewer={reviewer} />}
      <button type="button" onClick={onSettings}>Settings</button>
    </div>
    </header>
  );
}

/** The open translation's MQM score with the editor's "reviewed" mark (report helper's MqmReviewStatus). */
function MqmScore({ doc, settings, reviewer }: { doc: CorpusDocument; settings: Settings; reviewer: string }) {
  const { db, notices } = useStores();
  const { stored } = useDocAnnotations(doc.id);
  const mqm = useMemo(() => {
    const errors = (stored ?? []).filter((a) => a.kind === 'translation-error');
    return scoreMqm(errors, wordsOf(doc), settings.mqmWeights, settings.mqmThreshold);
  }, [doc, stored, settings]);
  const onError = useCallback((message: string) => notices.alert(message), [notices]);
  return <MqmReviewStatus db={db} docId={doc.id} mqm={mqm} formula={describeMqmFormula(settings.mqmWeights, settings.mqmThreshold)} reviewer={reviewer} onError={onError} />;
}
