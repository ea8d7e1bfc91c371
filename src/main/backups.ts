// Automatic backups of the annotation database in userData/backups: atomic writes, names that
// carry their UTC time to the millisecond, the newest 20 kept. A name is validated against
// backupNameSchema and resolved inside the folder before any read, so no path can escape it.
import { lstat, mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { backupNameSchema, type BackupInfo } from '../core/ipc/contract';
import { isPathInside } from './app-origin';
import { isAtomicTempName, writeFileAtomic } from './atomic-write';
import type { Logger } from './logger';

export const BACKUPS_KEPT = 20;
/** Backups are written by the app; anything bigger than this in the folder was not. */
export const MAX_BACKUP_BYTES = 512 * 1024 * 1024;

export interface BackupStoreOptions {
  dir: string;
  /** Injected clock. */
  now?: () => Date;
  keep?: number;
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

function compareNewestFirst(a: { name: string; createdAt: string; counter: number }, b: typeof a): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.counter - a.counter;
}

export function createBackupStore(options: BackupStoreOptions): BackupStore {
  const { dir, logger } = options;
  const now = options.now ?? (() => new Date());
  const keep = options.keep ?? BACKUPS_KEPT;
  let cleanedTemps = false;

  async function ensureDir(): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
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

  /** Deletes all but the newest `keep`; never the one just written, even if the clock went back. */
  async function rotate(justWritten: string): Promise<void> {
    const all = (await entries()).filter((e) => e.name !== justWritten);
    for (const old of all.slice(Math.max(0, keep - 1))) {
      await unlink(join(dir, old.name)).catch((error) => logger?.warn(`Could not delete old backup ${old.name}: ${String(error)}`));
    }
  }

  return {
    async write(content) {
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
      const path = join(dir, name);
      if (!isPathInside(dir, path)) throw new Error('Not a backup file name');
      const stat = await lstat(path).catch(() => null);
      if (!stat) throw new Error(`Backup ${name} does not exist`);
      if (!stat.isFile()) throw new Error(`Backup ${name} is not a regular file`);
      if (stat.size > MAX_BACKUP_BYTES) throw new Error(`Backup ${name} is too large to read`);
      return readFile(path, 'utf8');
    },
  };
}
