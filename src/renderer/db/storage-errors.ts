// Opening the database safely and telling a person what went wrong with storage, in words that say
// what happened to their data and what to do next. Pure of React so unit tests can use it.
import Dexie from 'dexie';

/** The data was written by a newer Claimdesk: this version must not write into it. */
export class NewerVersionError extends Error {
  override name = 'NewerVersionError';
  constructor(readonly found: number, readonly supported: number) {
    super(`the saved data has schema version ${found}; this Claimdesk understands up to version ${supported}`);
  }
}

/** Upgrading the saved data to this version's schema failed; IndexedDB rolled the upgrade back. */
export class UpgradeFailedError extends Error {
  override name = 'UpgradeFailedError';
  constructor(readonly from: number, readonly to: number, override readonly cause: unknown) {
    super(`upgrading the saved data from schema version ${from} to ${to} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function errorNames(e: unknown): string {
  const names: string[] = [];
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 4; depth++) {
    const n = (x as { name?: unknown }).name;
    if (typeof n === 'string') names.push(n);
    x = (x as { inner?: unknown; cause?: unknown }).inner ?? (x as { cause?: unknown }).cause;
  }
  return names.join(' ');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** True for the browser's "disk or quota full" failures, however Dexie wraps them. */
export function isQuotaError(e: unknown): boolean {
  return /QuotaExceeded/.test(errorNames(e)) || /quota/i.test(messageOf(e));
}

/** What happened and what to do, for the failure screen and for alerts after a failed save. */
export function describeStorageError(e: unknown): string {
  const kind = errorNames(e);
  if (isQuotaError(e))
    return 'The disk or this browser’s storage quota is full, so Claimdesk cannot save. Nothing was half-saved. Free some disk space (or site data), then try again; export Claimdesk JSON to keep a copy of your work.';
  if (/NewerVersionError|VersionError/.test(kind))
    return `The saved data was made by a newer version of Claimdesk (${messageOf(e)}). It was left untouched. Open it with that newer version, or export what can be read below.`;
  if (/UpgradeFailedError/.test(kind))
    return `Claimdesk could not upgrade your saved data (${messageOf(e)}). The upgrade was rolled back and your data was left as it was. Export what can be read below and report the problem.`;
  if (/Blocked/.test(kind))
    return 'Another Claimdesk window or tab is holding the database open. Close the other Claimdesk windows and tabs, then reload this page.';
  if (/MissingAPI|InvalidState|Unknown|Open|Security|NotAllowed/.test(kind))
    return `The browser refused to open Claimdesk’s storage (${messageOf(e)}). It may be in private mode or have site storage disabled for this address. Allow site data, then reload.`;
  return `Claimdesk’s storage could not be opened: ${messageOf(e)}. Reload to try again; if it keeps failing, export what can be read below.`;
}

/** Reads the stored schema version (0 when there is no database or it cannot be read). */
async function storedVersion(db: Dexie): Promise<number> {
  const factory = (db as unknown as { _deps: { indexedDB: IDBFactory } })._deps.indexedDB;
  return new Promise((resolve) => {
    try {
      let created = false;
      const req = factory.open(db.name);
      req.onupgradeneeded = () => {
        created = true; // there was nothing: do not leave an empty database behind
        req.transaction?.abort();
      };
      req.onsuccess = () => {
        const v = req.result.version;
        req.result.close();
        resolve(created ? 0 : v / 10);
      };
      req.onerror = () => resolve(0);
    } catch {
      resolve(0);
    }
  });
}

/**
 * Opens the database and refuses what this version must not touch: data written by a newer schema
 * (Dexie 4 would otherwise open it at the newer version) and, when an upgrade throws, reports it as an
 * upgrade failure (IndexedDB has rolled it back). `onBlocked` fires while another connection holds an
 * older version open; the promise then settles when that connection closes.
 */
export async function openDatabase(db: Dexie, onBlocked?: () => void): Promise<void> {
  const declared = db.verno;
  if (onBlocked) db.on('blocked', onBlocked);
  // Asked before Dexie opens it: Dexie 4, given a newer database that lacks one of this version's
  // tables, adds the table (bumping the version by one) instead of refusing, which would touch it.
  const stored = await storedVersion(db);
  if (stored > declared) throw new NewerVersionError(stored, declared);
  try {
    await db.open();
  } catch (e) {
    const found = await storedVersion(db);
    if (found > 0 && found < declared) throw new UpgradeFailedError(found, declared, e);
    throw e;
  }
  const found = db.backendDB().version / 10;
  if (found > declared) {
    db.close();
    throw new NewerVersionError(found, declared);
  }
}

/** The alert after a write failed (the write was one transaction, so nothing of it landed). */
export function describeSaveError(what: string, e: unknown): string {
  if (isQuotaError(e))
    return `Could not save ${what}: the disk or this browser’s storage quota is full. Nothing was half-saved. Free some disk space (or site data), then try again; export Claimdesk JSON to keep a copy of your work.`;
  return `Could not save ${what}: ${messageOf(e)}. Nothing was half-saved; try again, and export Claimdesk JSON if it keeps failing.`;
}
