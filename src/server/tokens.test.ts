// Reviewer tokens: issued once, stored only as hashes, refused when revoked, malformed or from another desk.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkToken, issueToken, loadTokenFile, revokeTokens, tokenFilePath } from './tokens';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'claimdesk-tokens-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('reviewer tokens', () => {
  it('issues a token that authenticates its reviewer and role, and keeps only its hash on disk', () => {
    const dir = fresh();
    const token = issueToken(dir, { id: 'rev-a', name: 'Ana' }, 'viewer');
    expect(checkToken(loadTokenFile(dir), token)).toEqual({ ok: true, reviewer: { id: 'rev-a', name: 'Ana' }, role: 'viewer' });
    expect(readFileSync(tokenFilePath(dir), 'utf8')).not.toContain(token.split('.')[2]);
  });

  it('refuses revoked, unknown, malformed and other desks’ tokens, each for its reason', () => {
    const dir = fresh();
    const other = fresh();
    const token = issueToken(dir, { id: 'rev-a', name: 'Ana' }, 'editor');
    const foreign = issueToken(other, { id: 'rev-a', name: 'Ana' }, 'editor');
    const file = () => loadTokenFile(dir);
    expect(checkToken(file(), foreign)).toEqual({ ok: false, reason: 'other desk' });
    expect(checkToken(file(), `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toEqual({ ok: false, reason: 'unknown' });
    expect(checkToken(file(), 'Bearer x')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkToken(file(), null)).toEqual({ ok: false, reason: 'malformed' });
    expect(revokeTokens(dir, 'rev-a')).toBe(1);
    expect(checkToken(file(), token)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses to issue a token for a malformed reviewer or role', () => {
    const dir = fresh();
    expect(() => issueToken(dir, { id: 'has space', name: 'x' }, 'editor')).toThrow();
    expect(() => issueToken(dir, { id: 'ok', name: 'x' }, 'admin' as never)).toThrow();
  });
});
