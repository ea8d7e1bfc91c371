// The main toolbar: Import, Export, Undo and Redo (their tooltips say what they would take back),
// the corrected reading of a translation, its MQM score, and Settings.
import { useMemo } from 'react';
import type { CorpusDocument } from '../../../core/model';
import { describeMqmFormula, scoreMqm } from '../../../core/model/mqm';
import type { Settings } from '../../state/settings';
import { useHistory, useSelection, useStores } from '../../state/stores';
import { wordsOf } from '../../state/word-count';
import { useDocAnnotations } from '../document/DocumentView';

export interface ToolbarProps {
  doc: CorpusDocument | null;
  settings: Settings;
  onImport(): void;
  onExport(): void;
  onUndo(): void;
  onRedo(): void;
  onSettings(): void;
}

function lower(label: string): string {
  return label[0]!.toLowerCase() + label.slice(1);
}

export function Toolbar({ doc, settings, onImport, onExport, onUndo, onRedo, onSettings }: ToolbarProps) {
  const { selection } = useStores();
  const { corrected } = useSelection();
  const history = useHistory();
  return (
    // A banner landmark holding the toolbar (a header may not itself be a toolbar).
    <header className="app-header">
    <div className="toolbar" role="toolbar" aria-label="Main">
      <h1 className="brand">Claimdesk</h1>
      <button type="button" onClick={onImport}>Import</button>
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
      {doc?.translation && <MqmScore doc={doc} settings={settings} />}
      <button type="button" onClick={onSettings}>Settings</button>
    </div>
    </header>
  );
}

function MqmScore({ doc, settings }: { doc: CorpusDocument; settings: Settings }) {
  const { stored } = useDocAnnotations(doc.id);
  const mqm = useMemo(() => {
    const errors = (stored ?? []).filter((a) => a.kind === 'translation-error');
    return scoreMqm(errors, wordsOf(doc), settings.mqmWeights, settings.mqmThreshold);
  }, [doc, stored, settings]);
  return (
    <span className={`mqm-score ${mqm.pass ? 'pass' : 'fail'}`} title={describeMqmFormula(settings.mqmWeights, settings.mqmThreshold)} aria-label={`MQM score ${mqm.perThousandWords.toFixed(1)} penalty points per 1,000 words: ${mqm.pass ? 'pass' : 'fail'}`}>
      MQM {mqm.perThousandWords.toFixed(1)} / 1,000 words · {mqm.pass ? 'Pass' : 'Fail'}
    </span>
  );
}
