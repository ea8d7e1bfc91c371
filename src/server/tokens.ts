// Reviewer tokens: an admin issues one per person with a role (editor writes, viewer reads); the server
// keeps only their sha256, in <data>/tokens.json, so a copy of the data folder does not hand out access.
// A token names its desk, so one issued by another desk's server is refused by name, not by accident.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isReviewer, type Reviewer } from '../core/merge/entries';

export const ROLES = ['editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface TokenRecord {
  /** sha256 hex of the whole token. */
  hash: string;
  reviewer: Reviewer;
  role: Role;
  issuedAt: string;
  revoked?: boolean;
}

export interface TokenFile {
  version: 1;
  desk: string;
  tokens: TokenRecord[];
}

export type TokenCheck =
  | { ok: true; reviewer: Reviewer; role: Role }
  | { ok: false; reason: 'malformed' | 'other desk' | 'unknown' | 'revoked' };

const TOKEN = /^cd1\.([a-z0-9-]{8,64})\.([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function tokenFilePath(dataDir: string): string {
  return join(dataDir, 'tokens.json');
}

/** Reads the token file, creating an empty one for a new desk. */
export function loadTokenFile(dataDir: string): TokenFile {
  const path = tokenFilePath(dataDir);
  if (!existsSync(path)) {
    const fresh: TokenFile = { version: 1, desk: randomUUID(), tokens: [] };
    saveTokenFile(dataDir, fresh);
    return fresh;
  }
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as TokenFile;
  if (parsed.version !== 1 || typeof parsed.desk !== 'string' || !Array.isArray(parsed.tokens)) throw new Error(`${path} is not a Claimdesk token file`);
  for (const t of parsed.tokens) {
    if (!/^[0-9a-f]{64}$/.test(t.hash) || !isReviewer(t.reviewer) || !(ROLES as readonly string[]).includes(t.role)) throw new Error(`${path} has a malformed token entry`);
  }
  return parsed;
}

/** Written to a temporary file and renamed: a crash leaves the old file or the new one, never half. */
export function saveTokenFile(dataDir: string, file: TokenFile): void {
  const path = tokenFilePath(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Issues a token: returned once, stored only as its hash. */
export function issueToken(dataDir: string, reviewer: Reviewer, role: Role, now: string = new Date().toISOString()): string {
  if (!isReviewer(reviewer)) throw new Error('a reviewer needs an id (letters, digits, . _ : @ -) and a name');
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
  const file = loadTokenFile(dataDir);
  const token = `cd1.${file.desk}.${randomBytes(32).toString('base64url')}`;
  file.tokens.push({ hash: sha256(token), reviewer, role, issuedAt: now });
  saveTokenFile(dataDir, file);
  return token;
}

/** Marks every token of a reviewer revoked; returns how many. */
export function revokeTokens(dataDir: string, reviewerId: string): number {
  const file = loadTokenFile(dataDir);
  let n = 0;
  for (const t of file.tokens) if (t.reviewer.id === reviewerId && !t.revoked) (t.revoked = true), n++;
  saveTokenFile(dataDir, file);
  return n;
}

export function checkToken(file: TokenFile, token: unknown): TokenCheck {
  if (typeof token !== 'string') return { ok: false, reason: 'malformed' };
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  if (m[1] !== file.desk) return { ok: false, reason: 'other desk' };
  const hash = Buffer.from(sha256(token), 'hex');
  const hit = file.tokens.find((t) => timingSafeEqual(Buffer.from(t.hash, 'hex'), hash));
  if (!hit) return { ok: false, reason: 'unknown' };
  if (hit.revoked) return { ok: false, reason: 'revoked' };
  return { ok: true, reviewer: hit.reviewer, role: hit.role };
}
