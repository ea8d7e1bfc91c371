// The window's life: typing is saved when the window hides or closes (and, on the desktop, before
// main closes it); typing journalled by windows that died before saving is saved by this one; the
// database is checked and repaired once on open.
import { useEffect } from 'react';
import { platform } from '../../platform';
import { runRepair } from '../bulk/bulk-client';
import { JOURNAL_PREFIX, type DraftJournal } from '../../state/drafts';
import { recoverDrafts, type AppStores } from '../../state/stores';

const LOCK_PREFIX = 'claimdesk-window-';
const RECOVER_EVERY_MS = 1000;

/** localStorage as the drafts journal (synchronous: written on every key, survives a closing tab). */
export function localStorageJournal(): DraftJournal | null {
  try {
    const ls = window.localStorage;
    return {
      write: (k, v) => ls.setItem(k, v),
      remove: (k) => ls.removeItem(k),
      keys: () => Object.keys(ls).filter((k) => k.startsWith(JOURNAL_PREFIX)),
      read: (k) => ls.getItem(k),
    };
  } catch {
    return null;
  }
}

export function useWindowLifecycle(stores: AppStores, journal: DraftJournal | null): void {
  const { db, drafts, notices, windowId } = stores;

  useEffect(() => platform.onBeforeClose(() => drafts.flushAll()), [drafts]);

  useEffect(() => {
    // This window holds a Web Lock for as long as it lives: another window reads the held locks to tell
    // a live window's journal (its own save is on the way) from a dead one's.
    let release: (() => void) | null = null;
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    locks?.request(`${LOCK_PREFIX}${windowId}`, () => new Promise<void>((resolve) => (release = resolve))).catch(() => undefined);
    let alive: Set<string> | null = null;
    const refreshAlive = async () => {
      if (!locks) return;
      const q = await locks.query();
      alive = new Set((q.held ?? []).map((l) => l.name ?? '').filter((n) => n.startsWith(LOCK_PREFIX)).map((n) => n.slice(LOCK_PREFIX.length)));
    };
    let stopped = false;
    const recover = async () => {
      if (!journal || stopped) return;
      await refreshAlive().catch(() => undefined);
      const n = await recoverDrafts(db, journal, (id) => (id === windowId ? true : alive ? alive.has(id) : null)).catch(() => 0);
      if (n) notices.status(`Saved typing left unsaved by a window that closed (${n} annotation${n === 1 ? '' : 's'}).`);
    };
    void recover();
    const timer = setInterval(() => void recover(), RECOVER_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      release?.();
    };
  }, [db, journal, windowId, notices]);

  useEffect(() => {
    // Well after the first paint, in the bulk worker: a scan of the whole store (100,000 annotations: a
    // second or more of CPU) must not hold up the window, nor compete with the first open on two cores.
    const t = setTimeout(() => {
      runRepair(db).then(
        (log) => {
          if (log.length) {
            console.info(`Claimdesk repaired the database on open: ${log.join('; ')}`);
            notices.status(`The saved data was checked and repaired: ${log.join('; ')}.`);
          }
        },
        () => undefined,
      );
    }, 5000);
    return () => clearTimeout(t);
  }, [db, notices]);
}
