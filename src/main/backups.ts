// Automatic backups of the annotation database in userData/backups: atomic writes, names that carry
// their UTC time to the millisecond, and a rotation that keeps a spread (the newest 20, plus the first
// backup of each of the last 14 days and of each of the last 8 weeks), so a burst of writes can never
// push every older state out. Main limits the rate of writes (bursts of 5, then one a minute).
// Reads open the file without following links and check that what was opened is the entry of the
// backup folder whose identity was pinned when the store first used it (no symlink, no hard link, no
// swapped folder anywhere up the path).
import { constants as fsConstants } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, unlink, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { backupNameSchema, type BackupInfo } from '../core/ipc/contract';
import { isPathInside } from './app-origin';
import { isAtomicTempName, writeFileAtomic } from './atomic-write';
import type { Logger } from './logger';

/** The newest backups always kept. */
export const BACKUPS_KEPT = 20;
/** Besides them, the first backup of each of this many UTC days (today included)... */
export const DAILY_DAYS_KEPT = 14;
/** ...and the first backup of each of this many weeks (Monday to Sunday, UTC; this week included). */
export const WEEKLY_WEEKS_KEPT = 8;
/** Writes in a burst before the rate limit applies, and then one per interval. */
export const BACKUP_BURST = 5;
export const BACKUP_REFILL_MS = 60_000;
/** Backups are written by the app; anything bigger than this in the folder was not. */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024;

const DAY_MS = 24 * 60 * 60 * 1000;
// 1970-01-01 was a Thursday: shifting by 3 days makes week numbers start on Mondays.
const MONDAY_SHIFT_MS = 3 * DAY_MS;
/** O_NOFOLLOW where the platform has it (not on Windows, where lstat and the identity checks remain). */
const O_NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;

export interface RetentionPolicy {
  newest: number;
  days: number;
  weeks: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { newest: BACKUPS_KEPT, days: DAILY_DAYS_KEPT, weeks: WEEKLY_WEEKS_KEPT };

export interface BackupStoreOptions {
  dir: string;
  /** Injected clock. */
  now?: () => Date;
  retention?: Partial<RetentionPolicy>;
  /** The write rate limit; null turns it off (tests of rotation alone). */
  rateLimit?: { burst: number; refillMs: number } | null;
  logger?: Logger;
}

export interface BackupStore {
  write(content: string): Promise<BackupInfo>;
  /** Newest first. */
  list(): Promise<BackupInfo[]>;
  read(name: string): Promise<string>;
}

const NAME_PARTS = /^claimdesk-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})?Z(?:-(\d+))?\.json$/;

/** `claimdesk-backup-20250102T030405678Z.json`, with `-N` added when that millisecond is taken. */
export function backupNameFor(date: Date, counter = 0): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `claimdesk-backup-${stamp}${counter > 0 ? `-${counter}` : ''}.json`;
}

/** Time and counter of a backup name, or null when it is not one. */
export function parseBackupName(name: string): { createdAt: string; counter: number } | null {
  if (!backupNameSchema.safeParse(name).success) return null;
  const m = NAME_PARTS.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, counter] = m;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms ?? '000'}Z`);
  if (Number.isNaN(date.getTime())) return null;
  return { createdAt: date.toISOString(), counter: counter ? Number(counter) : 0 };
}

interface Entry {
  name: string;
  createdAt: string;
  counter: number;
}

function compareNewestFirst(a: Entry, b: Entry): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.counter - a.counter;
}

/**
 * The names rotation keeps: the newest `newest`, and the oldest backup in each of the last `days` UTC
 * days and of the last `weeks` weeks. The oldest of a day rather than the newest: a runaway or a bad
 * change late in the day can then never replace the state the day started from.
 */
export function selectBackupsToKeep(entries: readonly Entry[], now: Date, policy: RetentionPolicy = DEFAULT_RETENTION): Set<string> {
  const sorted = [...entries].sort(compareNewestFirst);
  const keep = new Set(sorted.slice(0, policy.newest).map((e) => e.name));
  const nowMs = now.getTime();
  const today = Math.floor(nowMs / DAY_MS);
  const thisWeek = Math.floor((nowMs + MONDAY_SHIFT_MS) / (7 * DAY_MS));
  const firstOfDay = new Map<number, string>();
  const firstOfWeek = new Map<number, string>();
  // Oldest first, so the first one seen in a bucket is the one kept.
  for (const e of [...sorted].reverse()) {
    const t = Date.parse(e.createdAt);
    const day = Math.floor(t / DAY_MS);
    const week = Math.floor((t + MONDAY_SHIFT_MS) / (7 * DAY_MS));
    if (day > today - policy.days && !firstOfDay.has(day)) firstOfDay.set(day, e.name);
    if (week > thisWeek - policy.weeks && !firstOfWeek.has(week)) firstOfWeek.set(week, e.name);
  }
  for (const name of [...firstOfDay.values(), ...firstOfWeek.values()]) keep.add(name);
  return keep;
}

/** A token bucket: `burst` calls at once, then one per `refillMs`. */
function createRateLimiter(burst: number, refillMs: number, now: () => Date): () => number | null {
  let tokens = burst;
  let last = now().getTime();
  return () => {
    const t = now().getTime();
    // A clock that went back refills nothing (and never adds tokens).
    if (t > last) {
      tokens = Math.min(burst, tokens + (t - last) / refillMs);
      last = t;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return null;
    }
    return Math.ceil((1 - tokens) * refillMs);
  };
}

interface DirIdentity {
  dev: number;
  ino: number;
  real: string;
}

export function createBackupStore(options: BackupStoreOptions): BackupStore {
  const { dir, logger } = options;
  const now = options.now ?? (() => new Date());
  const policy: RetentionPolicy = { ...DEFAULT_RETENTION, ...options.retention };
  const rateLimit = options.rateLimit === undefined ? { burst: BACKUP_BURST, refillMs: BACKUP_REFILL_MS } : options.rateLimit;
  const takeToken = rateLimit ? createRateLimiter(rateLimit.burst, rateLimit.refillMs, now) : () => null;
  let identity: DirIdentity | null = null;
  let cleanedTemps = false;

  /**
   * The folder must be a real directory (not a link), and the same one every time: its device, inode
   * and resolved path are pinned the first time the store uses it. A folder renamed away and replaced
   * (by a directory or a link, here or higher up the path) fails the check.
   */
  async function checkDir(): Promise<DirIdentity> {
    const stat = await lstat(dir);
    if (stat.isSymbolicLink() || !stat.isDirectory()) throw new Error('The backup folder is not a plain folder');
    const current: DirIdentity = { dev: stat.dev, ino: stat.ino, real: await realpath(dir) };
    if (!identity) identity = current;
    else if (identity.dev !== current.dev || identity.ino !== current.ino || identity.real !== current.real) {
      throw new Error('The backup folder was replaced while Claimdesk was running; backups are not read from or written to it');
    }
    return current;
  }

  async function ensureDir(): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await checkDir();
    if (cleanedTemps) return;
    cleanedTemps = true;
    // Temp files left by a write that was killed mid-way: never a backup, safe to delete.
    for (const name of await readdir(dir)) {
      if (isAtomicTempName(name)) await unlink(join(dir, name)).catch(() => undefined);
    }
  }

  async function entries(): Promise<Array<BackupInfo & { counter: number }>> {
    let names: string[];
    try {
      await checkDir();
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: Array<BackupInfo & { counter: number }> = [];
    for (const name of names) {
      const parsed = parseBackupName(name);
      if (!parsed) continue;
      const stat = await lstat(join(dir, name)).catch(() => null);
      if (!stat?.isFile()) continue;
      out.push({ name, bytes: stat.size, createdAt: parsed.createdAt, counter: parsed.counter });
    }
    return out.sort(compareNewestFirst);
  }

  /** Deletes what the retention policy does not keep; never the one just written, even if the clock went back. */
  async function rotate(justWritten: string): Promise<void> {
    const all = await entries();
    const keep = selectBackupsToKeep(all, now(), policy);
    keep.add(justWritten);
    for (const old of all) {
      if (keep.has(old.name)) continue;
      await unlink(join(dir, old.name)).catch((error) => logger?.warn(`Could not delete old backup ${old.name}: ${String(error)}`));
    }
  }

  /** Opens a backup by name without following links and checks that it is the folder's own regular file. */
  async function openChecked(name: string): Promise<FileHandle> {
    const path = join(dir, name);
    if (!isPathInside(dir, path)) throw new Error('Not a backup file name');
    const folder = await checkDir().catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new Error(`Backup ${name} does not exist`) : error;
    });
    let handle: FileHandle;
    try {
      handle = await open(path, fsConstants.O_RDONLY | O_NOFOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new Error(`Backup ${name} does not exist`);
      if (code === 'ELOOP' || code === 'EMLINK') throw new Error(`Backup ${name} is not a regular file`);
      throw error;
    }
    try {
      const opened = await handle.stat();
      if (!opened.isFile()) throw new Error(`Backup ${name} is not a regular file`);
      // A hard link would make a file from elsewhere look like a backup; the app never makes one.
      if (opened.nlink !== 1) throw new Error(`Backup ${name} is linked from elsewhere; it is not read`);
      if (opened.dev !== folder.dev) throw new Error(`Backup ${name} is not on the backup folder's disk`);
      // What was opened is still the entry of the folder that was checked, and the folder is unchanged.
      const entry = await lstat(path);
      if (entry.ino !== opened.ino || entry.dev !== opened.dev) throw new Error(`Backup ${name} changed while it was opened`);
      const after = await checkDir();
      if (after.ino !== folder.ino || after.dev !== folder.dev) throw new Error('The backup folder changed while a backup was opened');
      if (opened.size > MAX_BACKUP_BYTES) throw new Error(`Backup ${name} is too large to read`);
      return handle;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  return {
    async write(content) {
      const waitMs = takeToken();
      if (waitMs !== null) {
        throw new Error(`Backups are being written too often; the next one can be written in ${Math.ceil(waitMs / 1000)} s`);
      }
      await ensureDir();
      const date = now();
      const taken = new Set((await entries()).map((e) => e.name));
      let counter = 0;
      while (taken.has(backupNameFor(date, counter))) counter++;
      const name = backupNameFor(date, counter);
      await writeFileAtomic(join(dir, name), content, { mode: 0o600 });
      await rotate(name);
      const stat = await lstat(join(dir, name));
      return { name, bytes: stat.size, createdAt: date.toISOString() };
    },
    async list() {
      return (await entries()).map(({ name, bytes, createdAt }) => ({ name, bytes, createdAt }));
    },
    async read(name) {
      if (typeof name !== 'string' || !parseBackupName(name) || basename(name) !== name) {
        throw new Error('Not a backup file name');
      }
      const handle = await openChecked(name);
      try {
        return await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    },
  };
}
