// Writes a file so that a crash or kill at any moment leaves either the old complete file or the
// new complete one, never a truncated mix: write a temp file beside the target, fsync it, rename
// it over the target (atomic on one filesystem), then fsync the folder so the rename is durable.
// Replacing a file keeps its permissions (and, where allowed, its owner and group): a rename puts a new
// inode in place, so without this a 0600 file would come back with the default mode.
// Imports only node: modules, so the F4 test can transpile it alone and run it in a child process.
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The fs operations used, injectable so tests can make one of them fail. */
export interface AtomicWriteFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
}

export interface AtomicWriteOptions {
  /** File mode of a new file (before umask). A file that already exists keeps its own mode. */
  mode?: number;
  fs?: AtomicWriteFs;
}

const TEMP_SUFFIX = '.tmp';

/** The temp name used beside `target`: hidden, unique per call, recognisable for cleanup. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** True for a name tempPathFor produced (a leftover of a killed write, safe to delete). */
export function isAtomicTempName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/.test(name);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? fsp;
  const temp = tempPathFor(target);
  // The file being replaced (stat follows a symlink: the mode of what the name shows).
  const existing = await fsp.stat(target).catch(() => null);
  const keep = existing?.isFile() ? { mode: existing.mode & 0o7777, uid: existing.uid, gid: existing.gid } : null;
  let handle: fsp.FileHandle | null = null;
  try {
    // 'wx': fail rather than follow a planted file or symlink at the temp name. A replacement starts
    // private and gets the old file's mode below, so it is never more open than the file it replaces.
    handle = await fs.open(temp, 'wx', keep ? 0o600 : (options.mode ?? 0o666));
    await handle.writeFile(data);
    if (keep) await keepOwnership(handle, keep);
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.rename(temp, target);
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** Gives the temp file the replaced file's exact mode (umask does not apply to chmod) and, best effort, its owner. */
async function keepOwnership(handle: fsp.FileHandle, keep: { mode: number; uid: number; gid: number }): Promise<void> {
  await handle.chmod(keep.mode);
  if (process.platform === 'win32') return;
  const now = await handle.stat();
  if (now.uid !== keep.uid || now.gid !== keep.gid) {
    // Only root (or the owner, for a group it belongs to) may do this; otherwise the file is ours now.
    await handle.chown(keep.uid, keep.gid).catch(() => undefined);
  }
}

/** fsync a folder so a rename inside it survives power loss. Best effort: Windows cannot open folders. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | null = null;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported on this platform or filesystem; the rename itself is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
