// The window's stores, made once per window and handed to components through one context: the
// workspace (actions + this window's undo history), drafts (unsaved typing), selection/focus and
// notices. Components read them with the hooks below; App only creates and provides them.
import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ClaimdeskDb } from '../db/schema';
import { readAnnotation } from '../db/reads';
import { writeAnnotations } from '../db/writes';
import { DraftStore, orphanedDrafts, withPaths, type DraftJournal } from './drafts';
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
}

export function createStores(db: ClaimdeskDb, journal: DraftJournal | null, windowId: string = crypto.randomUUID()): AppStores {
  const workspace = new Workspace(db);
  const notices = new NoticeStore();
  const drafts = new DraftStore((id, paths, key) => workspace.saveInputs(id, paths, key), windowId, journal);
  drafts.onError = (id, error, paths, lastSeen) => {
    const typed = Object.values(paths).filter((v) => typeof v === 'string' && v !== '').map((v) => `“${cutAtWord(v as string, 60)}”`).join(', ');
    if (error instanceof EditConflictError && lastSeen) {
      notices.alert(
        `Your edit${typed ? ` (${typed})` : ''} was not saved: the ${describeTarget(lastSeen)} was deleted in another window.`,
        {
          label: 'Restore it with your edit',
          run: () => {
            notices.dismissAlert();
            workspace.add(withPaths(lastSeen, paths)).then(
              () => notices.status(`Restored the ${describeTarget(lastSeen)} with your edit.`),
              (e: unknown) => notices.alert(describeSaveError('the restored annotation', e)),
            );
          },
        },
      );
    } else notices.alert(describeSaveError('your edit', error));
  };
  return { db, workspace, drafts, selection: new SelectionStore(), notices, windowId };
}

/**
 * Saves typing journalled by windows that are gone (closed or crashed before their save landed):
 * applied to the record as stored now, unless that record was changed after the typing.
 */
export async function recoverDrafts(db: ClaimdeskDb, journal: DraftJournal, isAlive: (windowId: string) => boolean | null): Promise<number> {
  let recovered = 0;
  for (const { key, record } of orphanedDrafts(journal, isAlive)) {
    journal.remove(key);
    const current = await readAnnotation(db, record.id);
    if (!current || Date.parse(current.updatedAt) > record.at) continue;
    const next = withPaths(current, record.paths);
    const fields = [...new Set(Object.keys(record.paths).map((p) => p.split('.')[0]!))];
    const set = Object.fromEntries(fields.map((f) => [f, (next as unknown as Record<string, unknown>)[f]]));
    const r = await writeAnnotations(db, [{ type: 'patch-from', id: record.id, build: (cur) => ({ id: cur.id, set: Object.fromEntries(fields.map((f) => [f, (withPaths(cur, record.paths) as unknown as Record<string, unknown>)[f]])) }) }], { onConflict: 'skip' });
    if (r.after.size && Object.keys(set).length) recovered++;
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
