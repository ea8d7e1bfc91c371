// Where a profile keeps its sync choice and its reviewer id: this window's localStorage, read
// synchronously, because the browser build narrows its CSP to the configured server before any other
// code runs (csp-boot.ts). Sync is opt-in: no stored address means nothing leaves the computer.
import { syncServerOrigin } from '../../../core/ipc/csp';
import { isReviewer } from '../../../core/merge/entries';
import { profileLocalStorage } from '../../platform/local-storage';
import { checkSyncSettings, type SyncSettings } from './sync-settings';

const SYNC_KEY = 'claimdesk:sync';
const REVIEWER_KEY = 'claimdesk:reviewer-id';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): StorageLike | null {
  return profileLocalStorage();
}

/** The stored sync settings, or empty ones (sync off). */
export function readSyncSettings(s: StorageLike | null = storage()): SyncSettings {
  try {
    const v = JSON.parse(s?.getItem(SYNC_KEY) ?? 'null') as Partial<SyncSettings> | null;
    if (v && typeof v.serverUrl === 'string' && typeof v.token === 'string') return { serverUrl: v.serverUrl, token: v.token };
  } catch {
    // A damaged value is sync off, never a crash at boot.
  }
  return { serverUrl: '', token: '' };
}

/** Stores settings that passed `checkSyncSettings`, or clears them (empty address and token: sync off). */
export function writeSyncSettings(next: SyncSettings, s: StorageLike | null = storage()): void {
  if (next.serverUrl.trim() === '' && next.token.trim() === '') {
    s?.removeItem(SYNC_KEY);
    return;
  }
  const check = checkSyncSettings(next);
  if (!check.ok) throw new Error(check.errors.join(' '));
  s?.setItem(SYNC_KEY, JSON.stringify({ serverUrl: check.url, token: next.token.trim() }));
}

/** The configured server's origin, or null when sync is off or the stored address is not acceptable. */
export function configuredSyncOrigin(s: StorageLike | null = storage()): string | null {
  const settings = readSyncSettings(s);
  if (!settings.serverUrl) return null;
  return checkSyncSettings(settings).ok ? syncServerOrigin(settings.serverUrl) : null;
}

function randomHex(bytes: number): string {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return [...a].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * This profile's reviewer id: made once and never changed, so everything recorded in this profile keeps
 * one author. The desk's admin issues the profile's token for this id.
 */
export function profileReviewerId(s: StorageLike | null = storage()): string {
  const stored = s?.getItem(REVIEWER_KEY);
  if (stored && isReviewer({ id: stored, name: '' })) return stored;
  const id = `rev-${randomHex(8)}`;
  s?.setItem(REVIEWER_KEY, id);
  return id;
}
