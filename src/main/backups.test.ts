// Backups: names follow backupNameSchema; rotation keeps a spread (newest 20, first of each of 14 days
// and 8 weeks) even under 100 rapid writes; main's rate limit; reads refuse symlinks, hard links and a
// backup folder swapped for another, and cannot leave the folder.
import { linkSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupNameSchema } from '../core/ipc/contract';
import {
  BACKUPS_KEPT,
  BACKUP_BURST,
  DAILY_DAYS_KEPT,
  WEEKLY_WEEKS_KEPT,
  backupNameFor,
  createBackupStore,
  parseBackupName,
  selectBackupsToKeep,
} from './backups';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'claimdesk-backups-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DAY = 24 * 60 * 60 * 1000;

/** A clock the test moves by hand. */
function manualClock(startIso: string) {
  let t = Date.parse(startIso);
  return {
    now: () => new Date(t),
    set: (iso: string | number) => void (t = typeof iso === 'number' ? iso : Date.parse(iso)),
    advance: (ms: number) => void (t += ms),
    get ms() {
      return t;
    },
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

  it(`one day of 25 backups keeps the newest ${BACKUPS_KEPT} and the day's first`, async () => {
    const dir = join(work, 'rotate');
    const clock = manualClock('2025-03-01T10:00:00.000Z');
    const store = createBackupStore({ dir, now: clock.now, rateLimit: null });
    const written = [];
    for (let i = 0; i < 25; i++) {
      written.push(await store.write(JSON.stringify({ i })));
      clock.advance(60_000);
    }
    const list = await store.list();
    expect(list.map((b) => b.name)).toEqual([written[0]!, ...written.slice(5)].map((b) => b.name).reverse());
    expect(list.every((b) => backupNameSchema.safeParse(b.name).success)).toBe(true);
    expect(JSON.parse(await store.read(list[0]!.name))).toEqual({ i: 24 });
    expect(JSON.parse(await store.read(list.at(-1)!.name))).toEqual({ i: 0 });
    expect(list[0]!.bytes).toBe(JSON.stringify({ i: 24 }).length);
    expect(readdirSync(dir)).toHaveLength(BACKUPS_KEPT + 1);
  });

  it('100 rapid writes after 10 weeks of backups keep the newest 20, one a day for 14 days and one a week for 8 weeks', async () => {
    const dir = join(work, 'spread');
    const clock = manualClock('2025-01-01T00:00:00.000Z');
    const store = createBackupStore({ dir, now: clock.now, rateLimit: null });
    const history: Array<{ name: string; t: number }> = [];
    // Ten weeks of ordinary use: a backup every 5 hours.
    for (let i = 0; i < (70 * 24) / 5; i++) {
      history.push({ name: (await store.write(`h${i}`)).name, t: clock.ms });
      clock.advance(5 * 60 * 60 * 1000);
    }
    // Then a runaway: 100 writes, a millisecond apart.
    const rapid: string[] = [];
    for (let i = 0; i < 100; i++) {
      rapid.push((await store.write(`r${i}`)).name);
      history.push({ name: rapid.at(-1)!, t: clock.ms });
      clock.advance(1);
    }
    const kept = new Set((await store.list()).map((b) => b.name));
    const now = clock.ms;
    const day = (t: number) => Math.floor(t / DAY);
    const week = (t: number) => Math.floor((t + 3 * DAY) / (7 * DAY)); // Monday-based
    const firstWhere = (pred: (t: number) => boolean) => history.find((h) => pred(h.t))?.name;
    const missingDays: number[] = [];
    for (let d = 0; d < DAILY_DAYS_KEPT; d++) {
      const name = firstWhere((t) => day(t) === day(now) - d);
      if (!name || !kept.has(name)) missingDays.push(d);
    }
    const missingWeeks: number[] = [];
    for (let w = 0; w < WEEKLY_WEEKS_KEPT; w++) {
      const name = firstWhere((t) => week(t) === week(now) - w);
      if (!name || !kept.has(name)) missingWeeks.push(w);
    }
    const newestKept = rapid.slice(-BACKUPS_KEPT).every((n) => kept.has(n));
    const olderThanEightWeeks = history.filter((h) => week(h.t) <= week(now) - WEEKLY_WEEKS_KEPT && kept.has(h.name)).length;
    console.log(
      `Backups: ${history.length - rapid.length} over 10 weeks then ${rapid.length} rapid writes; kept ${kept.size} (newest ${BACKUPS_KEPT}: ${newestKept ? 'all' : 'NOT all'}), ` +
        `days missing ${missingDays.length}/${DAILY_DAYS_KEPT}, weeks missing ${missingWeeks.length}/${WEEKLY_WEEKS_KEPT}, older than 8 weeks kept ${olderThanEightWeeks}`,
    );
    expect(newestKept).toBe(true);
    expect(missingDays).toEqual([]);
    expect(missingWeeks).toEqual([]);
    expect(olderThanEightWeeks).toBe(0);
    expect(kept.size).toBeLessThanOrEqual(BACKUPS_KEPT + DAILY_DAYS_KEPT + WEEKLY_WEEKS_KEPT);
    expect(readdirSync(dir).sort()).toEqual([...kept].sort());
  });

  it('selectBackupsToKeep keeps the first backup of a day, not the last', () => {
    const at = (iso: string) => ({ name: backupNameFor(new Date(iso)), createdAt: new Date(iso).toISOString(), counter: 0 });
    const entries = [at('2025-05-01T08:00:00Z'), at('2025-05-01T12:00:00Z'), at('2025-05-01T23:00:00Z'), at('2025-05-02T09:00:00Z')];
    const keep = selectBackupsToKeep(entries, new Date('2025-05-02T10:00:00Z'), { newest: 1, days: 14, weeks: 0 });
    expect([...keep].sort()).toEqual([entries[0]!.name, entries[3]!.name].sort());
  });

  it(`main's rate limit: ${BACKUP_BURST} writes at once, then one a minute; refused calls touch nothing`, async () => {
    const dir = join(work, 'rate');
    const clock = manualClock('2025-03-01T10:00:00.000Z');
    const store = createBackupStore({ dir, now: clock.now });
    let ok = 0;
    const refusals: string[] = [];
    for (let i = 0; i < 100; i++) {
      clock.advance(1);
      await store.write(`w${i}`).then(
        () => ok++,
        (e: Error) => refusals.push(e.message),
      );
    }
    console.log(`Backups: 100 rapid calls through main's limit wrote ${ok}, refused ${refusals.length}`);
    expect(ok).toBe(BACKUP_BURST);
    expect(refusals).toHaveLength(100 - BACKUP_BURST);
    expect(refusals[0]).toMatch(/too often; the next one can be written in \d+ s/);
    expect(readdirSync(dir)).toHaveLength(BACKUP_BURST);
    clock.advance(60_000);
    await expect(store.write('after a minute')).resolves.toMatchObject({ bytes: 'after a minute'.length });
    await expect(store.write('too soon')).rejects.toThrow(/too often/);
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
    const clock = manualClock('2030-01-01T00:00:00.000Z');
    const store = createBackupStore({ dir, now: clock.now, retention: { newest: 3, days: 0, weeks: 0 }, rateLimit: null });
    for (let i = 0; i < 3; i++) {
      await store.write(`future ${i}`);
      clock.advance(1000);
    }
    const past = createBackupStore({ dir, now: () => new Date('2020-01-01T00:00:00.000Z'), retention: { newest: 3, days: 0, weeks: 0 }, rateLimit: null });
    const info = await past.write('past');
    expect(await past.read(info.name)).toBe('past');
    expect(await past.list()).toHaveLength(4);
  });

  it('read refuses traversal, non-backup names, missing files, symlinks and hard links', async () => {
    const dir = join(work, 'read');
    const store = createBackupStore({ dir, now: () => new Date('2025-03-01T10:00:00.000Z') });
    await store.write('ok');
    mkdirSync(join(work, 'outside'), { recursive: true });
    writeFileSync(join(work, 'outside', 'secret.json'), 'secret');
    symlinkSync(join(work, 'outside', 'secret.json'), join(dir, 'claimdesk-backup-20240101T000000000Z.json'));
    linkSync(join(work, 'outside', 'secret.json'), join(dir, 'claimdesk-backup-20240102T000000000Z.json'));
    for (const name of ['../outside/secret.json', '../../etc/passwd', '/etc/passwd', 'manifest.json', '__proto__', '', 'claimdesk-backup-20250301T100000000Z.json/..']) {
      await expect(store.read(name)).rejects.toThrow('Not a backup file name');
    }
    await expect(store.read('claimdesk-backup-20990101T000000000Z.json')).rejects.toThrow('does not exist');
    await expect(store.read('claimdesk-backup-20240101T000000000Z.json')).rejects.toThrow('not a regular file');
    await expect(store.read('claimdesk-backup-20240102T000000000Z.json')).rejects.toThrow('linked from elsewhere');
    // The symlink is not listed either.
    expect((await store.list()).map((b) => b.name)).not.toContain('claimdesk-backup-20240101T000000000Z.json');
    expect(await store.read('claimdesk-backup-20250301T100000000Z.json')).toBe('ok');
  });

  it('read refuses a backup folder swapped for a link or another folder after the store first used it', async () => {
    const base = join(work, 'swap');
    const dir = join(base, 'backups');
    const store = createBackupStore({ dir, now: () => new Date('2025-03-01T10:00:00.000Z') });
    const { name } = await store.write('mine');
    expect(await store.read(name)).toBe('mine');
    // Someone moves the folder away and puts a link to their own folder, holding a file of the same name.
    const theirs = join(base, 'theirs');
    mkdirSync(theirs);
    writeFileSync(join(theirs, name), 'planted');
    renameSync(dir, join(base, 'moved'));
    symlinkSync(theirs, dir);
    await expect(store.read(name)).rejects.toThrow(/not a plain folder/);
    await expect(store.write('x')).rejects.toThrow(/not a plain folder/);
    // A real folder in its place is refused too: it is not the one the store pinned.
    rmSync(dir);
    mkdirSync(dir);
    writeFileSync(join(dir, name), 'planted');
    await expect(store.read(name)).rejects.toThrow(/backup folder was replaced/);
    // So is a swap higher up the path (the parent replaced by a link to a copy).
    rmSync(dir, { recursive: true });
    renameSync(join(base, 'moved'), dir);
    expect(await store.read(name)).toBe('mine');
    const parentCopy = join(work, 'swap-copy');
    mkdirSync(join(parentCopy, 'backups'), { recursive: true });
    writeFileSync(join(parentCopy, 'backups', name), 'planted');
    renameSync(base, join(work, 'swap-moved'));
    symlinkSync(parentCopy, base);
    await expect(store.read(name)).rejects.toThrow(/backup folder was replaced/);
  });

  it('a backup folder that is a link from the start is refused', async () => {
    const real = join(work, 'real-backups');
    mkdirSync(real);
    const link = join(work, 'linked-backups');
    symlinkSync(real, link);
    const store = createBackupStore({ dir: link, now: () => new Date('2025-03-01T10:00:00.000Z') });
    await expect(store.write('x')).rejects.toThrow(/not a plain folder/);
    expect(readdirSync(real)).toEqual([]);
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
