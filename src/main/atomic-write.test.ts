// F4: a child process writing a multi-megabyte JSON file over and over with writeFileAtomic is
// killed with SIGKILL at random moments 50 times; the file must always be a complete version.
// The child runs the real module: src/main/atomic-write.ts transpiled by TypeScript to CommonJS.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAtomicTempName, writeFileAtomic, type AtomicWriteFs } from './atomic-write';

const KILLS = 50;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'claimdesk-f4-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The payload of version v: ~4 MB, different for every version. */
function payloadOf(version: number): string {
  return sha256(`version ${version}`).repeat(65_536);
}

const DRIVER = `
const { createHash } = require('node:crypto');
const { writeFileAtomic } = require('./atomic-write.cjs');
const target = process.argv[2];
let version = Number(process.argv[3]);
const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const payloadOf = (v) => sha256('version ' + v).repeat(65536);
(async () => {
  process.stdout.write('ready\\n');
  for (;;) {
    version++;
    const payload = payloadOf(version);
    await writeFileAtomic(target, JSON.stringify({ version, checksum: sha256(payload), payload }));
    process.stdout.write('wrote ' + version + '\\n');
  }
})().catch((e) => { console.error(e); process.exit(2); });
`;

function prepareChild(dir: string): string {
  const source = readFileSync(resolve(__dirname, 'atomic-write.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: 'atomic-write.ts',
  });
  writeFileSync(join(dir, 'atomic-write.cjs'), outputText);
  writeFileSync(join(dir, 'driver.cjs'), DRIVER);
  return join(dir, 'driver.cjs');
}

/** Runs the driver, kills it with SIGKILL `delayMs` after it is ready; returns the versions it confirmed. */
function runAndKill(driver: string, target: string, startVersion: number, delayMs: number): Promise<number[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [driver, target, String(startVersion)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const confirmed: number[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
        else if (line.startsWith('wrote ')) confirmed.push(Number(line.slice(6)));
      }
    });
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`driver exited with ${code}: ${stderr}`));
      else resolvePromise(confirmed);
    });
  });
}

describe('F4 atomic writes under SIGKILL', () => {
  it(`${KILLS} kills mid-write leave only complete versions`, async () => {
    const dir = join(work, 'kill');
    mkdirSync(dir);
    const driver = prepareChild(dir);
    const target = join(dir, 'annotations.json');
    let lastConfirmed = 0;
    let invalid = 0;
    let advancedPastConfirmed = 0;
    let totalWrites = 0;
    for (let i = 0; i < KILLS; i++) {
      const delay = 5 + Math.floor(Math.random() * 150);
      const confirmed = await runAndKill(driver, target, lastConfirmed, delay);
      totalWrites += confirmed.length;
      const newestConfirmed = confirmed.length ? confirmed[confirmed.length - 1]! : lastConfirmed;
      if (!existsSync(target)) {
        // Absent is only acceptable before anything was ever confirmed.
        if (newestConfirmed !== 0) invalid++;
        continue;
      }
      let version = -1;
      try {
        const parsed = JSON.parse(readFileSync(target, 'utf8')) as { version: number; checksum: string; payload: string };
        const ok = parsed.checksum === sha256(parsed.payload) && parsed.payload === payloadOf(parsed.version);
        // The file holds the newest confirmed version, or the one in flight when the kill came.
        if (ok && (parsed.version === newestConfirmed || parsed.version === newestConfirmed + 1)) version = parsed.version;
      } catch {
        version = -1;
      }
      if (version < 0) {
        invalid++;
        continue;
      }
      if (version === newestConfirmed + 1) advancedPastConfirmed++;
      lastConfirmed = version;
    }
    const leftovers = readdirSync(dir).filter(isAtomicTempName).length;
    console.log(`F4: ${KILLS} kills mid-write, ${invalid} truncated or invalid files`);
    console.log(
      `F4 detail: ${totalWrites} confirmed writes of ~4 MB, final version ${lastConfirmed}, ${advancedPastConfirmed} kills landed after the rename but before the confirmation, ${leftovers} temp files left by kills (never read; backups clean theirs at start)`,
    );
    expect(invalid).toBe(0);
    expect(lastConfirmed).toBeGreaterThan(0);
  }, 180_000);
});

describe('writeFileAtomic failures', () => {
  async function dirWithOldFile(name: string) {
    const dir = join(work, name);
    await fsp.mkdir(dir);
    const target = join(dir, 'data.json');
    await fsp.writeFile(target, '{"old":true}');
    return { dir, target };
  }

  it('writes and replaces a file', async () => {
    const { dir, target } = await dirWithOldFile('replace');
    await writeFileAtomic(target, '{"new":true}');
    expect(readFileSync(target, 'utf8')).toBe('{"new":true}');
    await writeFileAtomic(target, new Uint8Array([0x7b, 0x7d]));
    expect(readFileSync(target, 'utf8')).toBe('{}');
    expect(readdirSync(dir)).toEqual(['data.json']);
  });

  it('replacing a file keeps its permissions; a new file gets the requested mode', async () => {
    const { dir, target } = await dirWithOldFile('modes');
    const previousUmask = process.umask(0o022);
    try {
      for (const mode of [0o600, 0o640, 0o755, 0o444, 0o664]) {
        await fsp.chmod(target, mode);
        await writeFileAtomic(target, `{"mode":${mode}}`);
        expect(((await fsp.stat(target)).mode & 0o7777).toString(8)).toBe(mode.toString(8));
        expect(readFileSync(target, 'utf8')).toBe(`{"mode":${mode}}`);
      }
      // A mode the umask would have narrowed survives too (chmod, not the open mode).
      await fsp.chmod(target, 0o666);
      await writeFileAtomic(target, 'x', { mode: 0o600 });
      expect(((await fsp.stat(target)).mode & 0o7777).toString(8)).toBe('666');
      const fresh = join(dir, 'fresh.json');
      await writeFileAtomic(fresh, 'x', { mode: 0o600 });
      expect(((await fsp.stat(fresh)).mode & 0o7777).toString(8)).toBe('600');
      expect(readdirSync(dir).sort()).toEqual(['data.json', 'fresh.json']);
    } finally {
      process.umask(previousUmask);
    }
  });

  const failing = (step: 'write' | 'sync' | 'rename'): AtomicWriteFs => ({
    open: (async (...args: Parameters<typeof fsp.open>) => {
      const handle = await fsp.open(...args);
      if (step === 'write') handle.writeFile = async () => Promise.reject(new Error('ENOSPC: no space left on device'));
      if (step === 'sync') handle.sync = async () => Promise.reject(new Error('EIO: i/o error'));
      return handle;
    }) as typeof fsp.open,
    rename: step === 'rename' ? async () => Promise.reject(new Error('EXDEV: cross-device link')) : fsp.rename,
    unlink: fsp.unlink,
  });

  for (const step of ['write', 'sync', 'rename'] as const) {
    it(`an error during ${step} leaves the old file intact and no temp file`, async () => {
      const { dir, target } = await dirWithOldFile(`fail-${step}`);
      await expect(writeFileAtomic(target, 'x'.repeat(1_000_000), { fs: failing(step) })).rejects.toThrow();
      expect(readFileSync(target, 'utf8')).toBe('{"old":true}');
      expect(readdirSync(dir)).toEqual(['data.json']);
    });
  }

  it('writing over a folder fails cleanly', async () => {
    const dir = join(work, 'over-dir');
    await fsp.mkdir(join(dir, 'data.json'), { recursive: true });
    await expect(writeFileAtomic(join(dir, 'data.json'), 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['data.json']);
  });

  it('a missing folder is an error, not a silent no-op', async () => {
    await expect(writeFileAtomic(join(work, 'missing', 'x.json'), 'x')).rejects.toThrow(/ENOENT/);
  });
});
