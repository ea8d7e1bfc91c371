// The window's stores, made once per window and handed to components through one context: the
// workspace (actions + this window's undo history), drafts (unsaved typing), selection/focus and
// notices. Components read them with the hooks below; App only creates and provides them.
import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Annotation } from '../../core/model';
import type { ClaimdeskDb } from '../db/schema';
import { readAnnotation } from '../db/reads';
import { writeAnnotations } from '../db/writes';
import { DraftStore, orphanedDrafts, pathsToRecover, withPaths, type DraftJournal } from './drafts';
import { NoticeStore, type NoticesSnapshot } from './notices';
import { SelectionStore, type SelectionSnapshot } from './selection';
import { EditConflictError, Workspace } from './workspace';
import type { HistorySnapshot } from './history';
import { cutAtWord, describeTarget } from './history';
import { describeSaveError } from '../db/storage-errors';

export interface AppStores {
  db: ClaimdeskDb;
  workspace: Workspace;
  drafts: DraftStore;
  selection: SelectionStore;
  notices: NoticeStore;
  windowId: string;
  /**
   * The annotation was deleted in another window while open here: says so and offers it back, with
   * whatever was typed into it here that could not be saved.
   */
  reportDeletedElsewhere(lastSeen: Annotation): void;
}

export function createStores(db: ClaimdeskDb, journal: DraftJournal | null, windowId: string = crypto.randomUUID()): AppStores {
  const workspace = new Workspace(db);
  const notices = new NoticeStore();
  const drafts = new DraftStore((id, paths, key) => workspace.saveInputs(id, paths, key), windowId, journal);
  // Typing that could not be saved because its annotation was deleted elsewhere, and the annotation as
  // last seen here: what "Restore it" brings back (looked up when clicked, so nothing typed is missed).
  const lostTyping = new Map<string, Record<string, unknown>>();
  const lastKnown = new Map<string, Annotation>();
  const restoring = new Set<string>();
  const reportDeletedElsewhere = (seen: Annotation) => {
    const known = lastKnown.get(seen.id);
    if (!known || seen.updatedAt >= known.updatedAt) lastKnown.set(seen.id, seen);
    if (restoring.has(seen.id)) return;
    const typed = Object.values(lostTyping.get(seen.id) ?? {}).filter((v) => typeof v === 'string' && v !== '').map((v) => `“${cutAtWord(v as string, 60)}”`).join(', ');
    notices.alert(
      typed
        ? `Your edit (${typed}) was not saved: the ${describeTarget(seen)} was deleted in another window.`
        : `The ${describeTarget(seen)} you had open was deleted in another window.`,
      {
        label: typed ? 'Restore it with your edit' : 'Restore it',
        run: () => {
          notices.dismissAlert();
          restoring.add(seen.id);
          // Typing still on its way (its save fails: the annotation is gone) is collected first.
          void drafts
            .flush(seen.id)
            .then(() => drafts.whenSaved())
            .then(() => {
              // What this window typed, saved or not: a save that landed just before the delete may not
              // have reached this window's copy of the record yet.
              const lost = { ...drafts.valuesOf(seen.id), ...lostTyping.get(seen.id) };
              const restored = withPaths(lastKnown.get(seen.id) ?? seen, lost);
              return workspace.add(restored).then(() => {
                lostTyping.delete(seen.id);
                notices.status(`Restored the ${describeTarget(restored)}${Object.keys(lost).length ? ' with your edit' : ''}.`);
              });
            })
            .catch((e: unknown) => notices.alert(describeSaveError('the restored annotation', e)))
            .finally(() => restoring.delete(seen.id));
        },
      },
    );
  };
  drafts.onError = (id, error, paths, lastSeen) => {
    if (error instanceof EditConflictError && lastSeen) {
      lostTyping.set(id, { ...lostTyping.get(id), ...paths });
      reportDeletedElsewhere(lastSeen);
    } else notices.alert(describeSaveError('your edit', error));
  };
  return { db, workspace, drafts, selection: new SelectionStore(), notices, windowId, reportDeletedElsewhere };
}

/**
 * Saves typing journalled by windows that are gone (closed or crashed before their save landed):
 * applied to the record as stored now, except to fields another window changed after the typing (a
 * field holding this window's own earlier save is not such a change: see pathsToRecover).
 */
export async function recoverDrafts(db: ClaimdeskDb, journal: DraftJournal, isAlive: (windowId: string) => boolean | null): Promise<number> {
  let recovered = 0;
  for (const { key, record } of orphanedDrafts(journal, isAlive)) {
    journal.remove(key);
    const current = await readAnnotation(db, record.id);
    if (!current || Object.keys(pathsToRecover(current, record)).length === 0) continue;
    // Decided again on the record as stored inside the write's transaction.
    const build = (cur: Annotation) => {
      const paths = pathsToRecover(cur, record);
      const next = withPaths(cur, paths) as unknown as Record<string, unknown>;
      return { id: cur.id, set: Object.fromEntries([...new Set(Object.keys(paths).map((p) => p.split('.')[0]!))].map((f) => [f, next[f]])) };
    };
    const r = await writeAnnotations(db, [{ type: 'patch-from', id: record.id, build }], { onConflict: 'skip' });
    if (r.after.size) recovered++;
  }
  return recovered;
}

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return createElement(StoresContext.Provider, { value: stores }, children);
}

export function useStores(): AppStores {
  const s = useContext(StoresContext);
  if (!s) throw new Error('useStores outside StoresProvider');
  return s;
}

export function useSelection(): SelectionSnapshot {
  const { selection } = useStores();
  return useSyncExternalStore(selection.subscribe, selection.snapshot);
}

export function useNotices(): NoticesSnapshot {
  const { notices } = useStores();
  return useSyncExternalStore(notices.subscribe, notices.snapshot);
}

export function useHistory(): HistorySnapshot {
  const { workspace } = useStores();
  return useSyncExternalStore(workspace.history.subscribe, workspace.history.snapshot);
}
