// The window's life: typing is saved when the window hides or closes (and, on the desktop, before
// main closes it); typing journalled by windows that died before saving is saved by this one; the
// database is checked and repaired once on open.
import { useEffect } from 'react';
import { platform } from '../../platform';
import { runRepair } from '../bulk/bulk-client';
import { JOURNAL_PREFIX, type DraftJournal } from '../../state/drafts';
import { recoverDrafts, type AppStores } from '../../state/stores';
import { rereadStore } from '../../db/reread';
import { plural } from '../../../core/model';

const LOCK_PREFIX = 'claimdesk-window-';
const RECOVER_EVERY_MS = 1000;
const REREAD_AFTER_CLOSE_MS = [0, 500, 2000];

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
    const rereads: Array<ReturnType<typeof setTimeout>> = [];
    const refreshAlive = async () => {
      if (!locks) return;
      const q = await locks.query();
      const before = alive;
      const now = new Set((q.held ?? []).map((l) => l.name ?? '').filter((n) => n.startsWith(LOCK_PREFIX)).map((n) => n.slice(LOCK_PREFIX.length)));
      alive = now;
      // Another window is gone: what it saved on its way out may never have been announced (see
      // db/reread). Read again now and twice more, in case its last write was still landing.
      if (before && [...before].some((id) => id !== windowId && !now.has(id))) {
        for (const ms of REREAD_AFTER_CLOSE_MS) rereads.push(setTimeout(() => rereadStore(db), ms));
      }
    };
    let stopped = false;
    const recover = async () => {
      if (!journal || stopped) return;
      await refreshAlive().catch(() => undefined);
      const n = await recoverDrafts(db, journal, (id) => (id === windowId ? true : alive ? alive.has(id) : null)).catch(() => 0);
      if (n) notices.status(`Saved typing left unsaved by a window that closed (${plural(n, 'annotation')}).`);
    };
    void recover();
    const timer = setInterval(() => void recover(), RECOVER_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      for (const t of rereads) clearTimeout(t);
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
