// Closing the window never loses typing: on the window's `close`, main holds the close, asks the page
// to save what is unsaved (EVENT_CHANNELS.beforeClose with a fresh request id), and closes once the page
// acknowledges that id (SEND_CHANNELS.closeReady, validated in ipc.ts) or after a bounded wait, so a
// hung or crashed page can never keep the window open.
import { randomUUID } from 'node:crypto';
import { EVENT_CHANNELS } from '../core/ipc/channels';
import type { Logger } from './logger';

/** How long main waits for the page to save before closing anyway. */
export const CLOSE_FLUSH_TIMEOUT_MS = 2000;

/** The parts of a BrowserWindow the guard uses; a fake in tests. */
export interface GuardedWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
  webContents: {
    id: number;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    isCrashed(): boolean;
  };
}

export interface CloseGuardOptions {
  timeoutMs?: number;
  logger?: Logger;
  newId?: () => string;
  /** Injected timers, for tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface CloseGuard {
  /** Holds this window's close until its page has saved (or the wait ran out). */
  guard(window: GuardedWindow): void;
  /** The page with this webContents id answered request `id` (already validated and from a trusted sender). */
  acknowledge(id: string, senderId: number): boolean;
  /** Close requests still waiting. */
  readonly pending: number;
}

export function createCloseGuard(options: CloseGuardOptions = {}): CloseGuard {
  const timeoutMs = options.timeoutMs ?? CLOSE_FLUSH_TIMEOUT_MS;
  const newId = options.newId ?? randomUUID;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const waiting = new Map<string, { senderId: number; done: () => void }>();

  return {
    get pending() {
      return waiting.size;
    },
    acknowledge(id, senderId) {
      const entry = waiting.get(id);
      // Only the window that was asked can release its own close.
      if (!entry || entry.senderId !== senderId) return false;
      entry.done();
      return true;
    },
    guard(window) {
      let state: 'open' | 'saving' | 'closing' = 'open';
      const finish = () => {
        state = 'closing';
        if (!window.isDestroyed()) window.close();
      };
      window.on('close', (event) => {
        if (state === 'closing') return;
        event.preventDefault();
        if (state === 'saving') return; // a second click on the close button while the page saves
        const contents = window.webContents;
        if (contents.isDestroyed() || contents.isCrashed()) {
          finish();
          return;
        }
        state = 'saving';
        const id = newId();
        const started = Date.now();
        let timer: unknown = null;
        const done = (why: 'saved' | 'timeout' | 'failed') => {
          if (!waiting.has(id)) return;
          waiting.delete(id);
          if (timer !== null) clearTimer(timer);
          if (why !== 'saved') options.logger?.warn(`Closed the window without the page's confirmation that typing was saved (${why}, ${Date.now() - started} ms)`);
          finish();
        };
        waiting.set(id, { senderId: contents.id, done: () => done('saved') });
        timer = setTimer(() => done('timeout'), timeoutMs);
        try {
          contents.send(EVENT_CHANNELS.beforeClose, id);
        } catch {
          done('failed');
        }
      });
    },
  };
}
