// Undo and redo of this window's own changes: from the toolbar, Ctrl+Z / Ctrl+Shift+Z (outside text
// fields; a text field undoes its own typing) and the desktop Edit menu. A step whose target changed
// since (another window, an import) is refused and said, never written over that change.
import { useCallback, useEffect } from 'react';
import type { MenuCommand } from '../../../core/ipc';
import { getApi, platform } from '../../platform';
import { isTypingTarget } from '../../keyboard';
import { describeSaveError } from '../../db/storage-errors';
import { useStores } from '../../state/stores';

export function useUndoRedo(onImport: () => void, onExport: () => void): { undo(): Promise<void>; redo(): Promise<void> } {
  const { workspace, notices, drafts } = useStores();
  const history = workspace.history;

  const step = useCallback(
    async (which: 'undo' | 'redo') => {
      // Typing not yet saved is a step of its own: it lands first, so undo takes back what was typed.
      await drafts.flushAll();
      const outcome = await (which === 'undo' ? history.undo() : history.redo()).catch((e: unknown) => {
        notices.alert(describeSaveError(`the ${which}`, e));
        return undefined;
      });
      if (outcome === undefined) return;
      if (outcome === null) notices.status(`Nothing to ${which}.`);
      else if (outcome.kind === 'refused')
        notices.alert(`Not ${which === 'undo' ? 'undone' : 'redone'}: ${outcome.label} — it was changed since (in another window or by an import), and that change is kept.`);
      else notices.status(`${which === 'undo' ? 'Undone' : 'Redone'}: ${outcome.label}.`);
    },
    [history, notices, drafts],
  );
  const undo = useCallback(() => step('undo'), [step]);
  const redo = useCallback(() => step('redo'), [step]);

  useEffect(() => {
    if (!platform.windowHandlesUndoKeys) return;
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
      getApi().onMenuCommand((c: MenuCommand) => {
        if (c === 'import') onImport();
        else if (c === 'export') onExport();
        else if (c === 'undo' || c === 'redo') {
          if (isTypingTarget(document.activeElement)) document.execCommand(c);
          else void (c === 'undo' ? undo() : redo());
        }
      }),
    [onImport, onExport, undo, redo],
  );

  return { undo, redo };
}
