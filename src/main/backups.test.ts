// Backups: rotation keeps the newest 20, names follow backupNameSchema, reads cannot leave the folder.
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupNameSchema } from '../core/ipc/contract';
import { BACKUPS_KEPT, backupNameFor, createBackupStore, parseBackupName } from './backups';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'claimdesk-backups-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function clock(startIso: string, stepMs: number) {
  let t = Date.parse(startIso);
  return () => {
    const d = new Date(t);
    t += stepMs;
    return d;
  };
}

describe('backups', () => {
  it('names carry the UTC time to the millisecond and match the contract schema', () => {
    const name = backupNameFor(new Date('2025-01-02T03:04:05.678Z'));
    expect(name).toBe('claimdesk-backup-20250102T030405678Z.json');
    expect(backupNameSchema.safeParse(name).success).toBe(true);
    expect(backupNameSchema.safeParse(backupNameFor(new Date('2025-01-02T03:04:05.678Z'), 3)).success).toBe(true);
    expect(parseBackupName(name)).toEqual({ createdAt: '2025-01-02T03:04:05.678Z', counter: 0 });
    expect(parseBackupName('claimdesk-backup-20251340T250000000Z.json')).toBeNull();
    expect(parseBackupName('../claimdesk-backup-20250102T030405678Z.json')).toBeNull();
  });

  it(`rotation keeps the newest ${BACKUPS_KEPT}`, async () => {
    const dir = join(work, 'rotate');
    const store = createBackupStore({ dir, now: clock('2025-03-01T10:00:00.000Z', 60_000) });
    const written = [];
    for (let i = 0; i < 25; i++) written.push(await store.write(JSON.stringify({ i })));
    const list = await store.list();
    console.log(`Backups: wrote 25, kept ${list.length}, oldest kept #${JSON.parse(await store.read(list.at(-1)!.name)).i}`);
    expect(list).toHaveLength(BACKUPS_KEPT);
    expect(list.map((b) => b.name)).toEqual(written.slice(5).map((b) => b.name).reverse());
    expect(list.every((b) => backupNameSchema.safeParse(b.name).success)).toBe(true);
    expect(JSON.parse(await store.read(list[0]!.name))).toEqual({ i: 24 });
    expect(list[0]!.bytes).toBe(JSON.stringify({ i: 24 }).length);
    expect(readdirSync(dir)).toHaveLength(BACKUPS_KEPT);
  });

  it('two backups in the same millisecond get distinct names', async () => {
    const dir = join(work, 'same-ms');
    const store = createBackupStore({ dir, now: () => new Date('2025-03-01T10:00:00.000Z') });
    const a = await store.write('a');
    const b = await store.write('b');
    expect(a.name).not.toBe(b.name);
    expect(b.name).toBe('claimdesk-backup-20250301T100000000Z-1.json');
    expect((await store.list()).map((x) => x.name)).toEqual([b.name, a.name]);
    expect(await store.read(a.name)).toBe('a');
  });

  it('a backup written after the clock went back is never the one rotated away', async () => {
    const dir = join(work, 'clock-back');
    const store = createBackupStore({ dir, now: clock('2030-01-01T00:00:00.000Z', 1000), keep: 3 });
    for (let i = 0; i < 3; i++) await store.write(`future ${i}`);
    const past = createBackupStore({ dir, now: () => new Date('2020-01-01T00:00:00.000Z'), keep: 3 });
    const info = await past.write('past');
    expect(await past.read(info.name)).toBe('past');
    expect(await past.list()).toHaveLength(3);
  });

  it('read refuses traversal, non-backup names, missing files and symlinks', async () => {
    const dir = join(work, 'read');
    const store = createBackupStore({ dir, now: () => new Date('2025-03-01T10:00:00.000Z') });
    await store.write('ok');
    mkdirSync(join(work, 'outside'), { recursive: true });
    writeFileSync(join(work, 'outside', 'secret.json'), 'secret');
    symlinkSync(join(work, 'outside', 'secret.json'), join(dir, 'claimdesk-backup-20240101T000000000Z.json'));
    for (const name of ['../outside/secret.json', '../../etc/passwd', '/etc/passwd', 'manifest.json', '__proto__', '', 'claimdesk-backup-20250301T100000000Z.json/..']) {
      await expect(store.read(name)).rejects.toThrow('Not a backup file name');
    }
    await expect(store.read('claimdesk-backup-20990101T000000000Z.json')).rejects.toThrow('does not exist');
    await expect(store.read('claimdesk-backup-20240101T000000000Z.json')).rejects.toThrow('not a regular file');
    // The symlink is not listed either.
    expect((await store.list()).map((b) => b.name)).toEqual(['claimdesk-backup-20250301T100000000Z.json']);
  });

  it('list ignores foreign files and an absent folder; leftover temp files are cleaned', async () => {
    const dir = join(work, 'foreign');
    const store = createBackupStore({ dir, now: () => new Date('2025-03-01T10:00:00.000Z') });
    expect(await store.list()).toEqual([]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'x');
    writeFileSync(join(dir, '.claimdesk-backup-20250101T000000000Z.json.123.0123456789ab.tmp'), 'half');
    await store.write('x');
    expect(readdirSync(dir).sort()).toEqual(['claimdesk-backup-20250301T100000000Z.json', 'notes.txt']);
  });
});
