// The one sync server the desktop app may connect to (issue 15): off by default. The page asks for it
// through IPC (validated), main keeps its origin in <userData>/sync-server.json (written atomically)
// and the CSP header and the request filter admit exactly that origin from the next page load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syncServerOrigin } from '../core/ipc/csp';
import { writeFileAtomic } from './atomic-write';
import type { Logger } from './logger';

export interface SyncServerSetting {
  /** The admitted origin (wss://host[:port] or ws://127.0.0.1:port), or null: nothing remote at all. */
  origin(): string | null;
  /** Sets (or with null clears) the server; refuses an address the app may not talk to. */
  set(url: string | null): Promise<string | null>;
}

export function syncSettingPath(userDataDir: string): string {
  return join(userDataDir, 'sync-server.json');
}

export function createSyncServerSetting(userDataDir: string, logger?: Logger, write: typeof writeFileAtomic = writeFileAtomic): SyncServerSetting {
  const path = syncSettingPath(userDataDir);
  let current: string | null = null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { origin?: unknown };
    current = syncServerOrigin(parsed.origin);
    if (parsed.origin != null && current === null) logger?.warn(`Ignored an unacceptable sync server in ${path}`);
  } catch {
    current = null; // no file (sync off) or an unreadable one: offline
  }
  return {
    origin: () => current,
    async set(url) {
      const origin = url === null ? null : syncServerOrigin(url);
      if (url !== null && origin === null) throw new Error('Not a sync server address: use wss://, or ws:// on this computer, without credentials');
      await write(path, `${JSON.stringify({ origin })}\n`);
      current = origin;
      return origin;
    },
  };
}
