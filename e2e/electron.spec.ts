// The desktop app in Electron: the window opens the app from app://claimdesk with the corpus, an
// article opens, the page has no Node globals and exactly window.api (S2 in Electron), nothing outside
// the app's scheme loads, a report prints to PDF, a backup restores, a second launch hands its file to
// the running window and quits, and closing the window right after typing keeps the note (issue 16,
// issue 10). Runs only where an Electron binary exists (ELECTRON_OVERRIDE_DIST_PATH, or a normal
// install with node_modules/electron/dist); on a machine without one every test here is skipped and
// says so. Finding the binary never triggers a download.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { API_KEYS } from '../src/core/ipc/channels';
import { TITLES, highlight, openDocument, panelEntry, selectWithMouse, storedAnnotations } from './helpers';

const ROOT = resolve(__dirname, '..');
const ELECTRON_DIR = join(ROOT, 'node_modules/electron');

function findElectronBinary(): string | null {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  const relativeExecutable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const fallback = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relativeExecutable || fallback) : relativeExecutable ? join(ELECTRON_DIR, 'dist', relativeExecutable) : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

const binary = findElectronBinary();
const SKIP_REASON =
  'Electron binary not available here: node_modules/electron has no dist/ (its download from GitHub cannot run on this machine) and ELECTRON_OVERRIDE_DIST_PATH is not set';

const manifest = JSON.parse(readFileSync(join(ROOT, 'corpus/manifest.json'), 'utf8')) as { documents: Array<{ file: string; title: string }> };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.describe.configure({ mode: 'serial' });

let app: ElectronApplication | null = null;
let page: Page | null = null;
let userData: string | null = null;

// Chromium refuses to start as root without --no-sandbox (containers); the renderer's own sandbox option stays on.
const SANDBOX_ARGS = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

/** The environment of every launch: a throwaway appData, so the pinned userData (appData/Claimdesk) is not the person's real one. */
function launchEnv(): Record<string, string> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XDG_CONFIG_HOME: userData!, APPDATA: userData! };
  delete env.ELECTRON_RENDERER_URL;
  return env;
}

async function launch(): Promise<void> {
  app = await electron.launch({ executablePath: binary!, args: [...SANDBOX_ARGS, '.'], cwd: ROOT, env: launchEnv() });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeVisible();
}

const appDataDir = () => join(userData!, 'Claimdesk');

test.beforeAll(async () => {
  if (!binary) {
    console.log(`Electron spec skipped: ${SKIP_REASON}.`);
    return;
  }
  test.setTimeout(180_000);
  execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  userData = mkdtempSync(join(tmpdir(), 'claimdesk-electron-e2e-'));
  await launch();
});

test.afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test.beforeEach(() => {
  test.skip(!binary, SKIP_REASON);
});

test('the window opens the app from app://claimdesk and cannot navigate away', async () => {
  const url = await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getURL());
  expect(url).toBe('app://claimdesk/index.html');
  await page!.evaluate(() => {
    window.location.href = 'https://example.org/';
  });
  await page!.waitForTimeout(500);
  expect(await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getURL())).toBe(url);
});

test('the library lists the five articles and one opens with its text', async () => {
  const p = page!;
  for (const { title } of manifest.documents) {
    const name = new RegExp(escape(title.slice(0, 40)));
    const item = p
      .getByRole('button', { name })
      .or(p.getByRole('option', { name }))
      .or(p.getByRole('listitem').filter({ hasText: name }))
      .first();
    await expect(item).toBeVisible();
  }
  await p.getByRole('button', { name: /Pulling away from Russia/ }).first().click();
  await expect(p.getByText(/Residents on March 20 retrieve what is left/).first()).toBeVisible();
});

test('S2 in Electron: no Node globals, window.api has exactly the contract keys', async () => {
  const globals = await page!.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      require: typeof w.require,
      process: typeof w.process,
      Buffer: typeof w.Buffer,
      module: typeof w.module,
      apiKeys: Object.keys((w.api ?? {}) as object).sort(),
      openedWindow: window.open('https://example.org/') === null,
    };
  });
  console.log(`S2 (Electron): require ${globals.require}, process ${globals.process}, Buffer ${globals.Buffer}, window.api keys ${globals.apiKeys.length}`);
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    Buffer: 'undefined',
    module: 'undefined',
    apiKeys: [...API_KEYS].sort(),
    openedWindow: true,
  });
  const corpus = await page!.evaluate(() => (window as unknown as { api: { listCorpus(): Promise<Array<{ title: string }>> } }).api.listCorpus());
  expect(corpus.map((d) => d.title)).toEqual(manifest.documents.map((d) => d.title));
});

test('the custom scheme: the page loads the app and the corpus, and nothing outside them', async () => {
  const outcome = await page!.evaluate(async () => {
    const fetchStatus = async (url: string) => {
      try {
        return (await fetch(url)).status;
      } catch {
        return 'blocked';
      }
    };
    const loads = (tag: 'script' | 'img', url: string) =>
      new Promise<'loaded' | 'refused'>((resolve) => {
        const el = document.createElement(tag);
        el.addEventListener('load', () => resolve('loaded'));
        el.addEventListener('error', () => resolve('refused'));
        (el as HTMLScriptElement).src = url;
        document.head.append(el);
        setTimeout(() => resolve('refused'), 3000);
      });
    const inside = {
      manifest: await fetchStatus('app://claimdesk/corpus/manifest.json'),
      index: await fetchStatus('app://claimdesk/index.html'),
    };
    const outside: Record<string, unknown> = {};
    for (const url of [
      'app://claimdesk/../main/index.js',
      'app://claimdesk/%2e%2e/main/index.js',
      'app://claimdesk/%2e%2e%2fpreload%2findex.js',
      'app://claimdesk/corpus/..%2f..%2fpackage.json',
      'app://print/00000000-0000-0000-0000-000000000000.html',
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://example.org/',
    ]) {
      outside[`fetch ${url}`] = await fetchStatus(url);
    }
    for (const url of ['../main/index.js', 'app://claimdesk/%2e%2e/main/index.js', 'file:///etc/hostname', 'https://example.org/x.js']) {
      outside[`script ${url}`] = await loads('script', url);
    }
    outside['img file:'] = await loads('img', 'file:///usr/share/pixmaps/debian-logo.png');
    return { inside, outside, origin: location.origin };
  });
  console.log(`Scheme (Electron): origin ${outcome.origin}; inside ${JSON.stringify(outcome.inside)}; outside ${JSON.stringify(outcome.outside)}`);
  expect(outcome.origin).toBe('app://claimdesk');
  expect(outcome.inside).toEqual({ manifest: 200, index: 200 });
  for (const [what, result] of Object.entries(outcome.outside)) {
    expect(result === 'blocked' || result === 'refused' || (typeof result === 'number' && result >= 400), `${what}: ${String(result)}`).toBe(true);
  }
});

test('print to PDF: the report becomes a PDF through the save dialog, and nothing is left on disk', async () => {
  const p = page!;
  const pdfPath = join(userData!, 'report.pdf');
  // The save dialog answers with our path (main's dialog module, replaced inside the running app).
  await app!.evaluate(({ dialog }, path) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
  }, pdfPath);
  await p.getByRole('toolbar', { name: 'Main' }).getByRole('button', { name: 'Export' }).click();
  const exportDialog = p.getByRole('dialog', { name: 'Export' });
  await exportDialog.getByRole('button', { name: 'Report (PDF)' }).click();
  await expect(exportDialog.getByRole('status')).toContainText(/Report \(PDF\).*exported/, { timeout: 60_000 });
  await exportDialog.getByRole('button', { name: 'Close' }).click();
  const pdf = readFileSync(pdfPath);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  try {
    const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    expect(text.length).toBeGreaterThan(0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // pdftotext absent: the header check stands
  }
  // The print window is gone and no report HTML was written anywhere under userData.
  expect(await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  expect(existsSync(join(appDataDir(), 'print'))).toBe(false);
});

test('a backup and restore round trip brings a deleted annotation back', async () => {
  const p = page!;
  p.on('dialog', (d) => void d.accept());
  await openDocument(p, TITLES.caravanserai);
  await selectWithMouse(p, "Tashkent also does not recognise Russia's takeover of Crimea in March 2014.");
  await p.getByRole('button', { name: 'Contested', exact: true }).click();
  await expect(highlight(p, /^Contested claim: “Tashkent also does not recognise/)).toBeVisible();
  // After a change the renderer writes a backup (the first one at once).
  const backups = join(appDataDir(), 'backups');
  await expect.poll(() => (existsSync(backups) ? readdirSync(backups).filter((n) => n.endsWith('.json')).length : 0), { timeout: 20_000 }).toBeGreaterThan(0);
  const withAnnotation = readdirSync(backups).filter((n) => n.endsWith('.json')).sort().at(-1)!;
  expect(readFileSync(join(backups, withAnnotation), 'utf8')).toContain('Tashkent also does not recognise');
  // Delete it, then restore the backup from Settings.
  await panelEntry(p, /Contested claim/).click();
  await p.getByRole('button', { name: 'Delete annotation' }).click();
  await expect(highlight(p, /^Contested claim/)).toHaveCount(0);
  await p.getByRole('button', { name: 'Settings' }).click();
  const settings = p.getByRole('dialog', { name: 'Settings' });
  const entry = settings.getByRole('listitem').filter({ hasText: new Date(Date.parse(withAnnotation.replace(/^claimdesk-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3}).*$/, '$1-$2-$3T$4:$5:$6.$7Z'))).toISOString() });
  await entry.getByRole('button', { name: 'Restore from backup' }).click();
  await expect(p.getByRole('status').filter({ hasText: `Restored ${withAnnotation}` })).toBeVisible();
  await openDocument(p, TITLES.caravanserai);
  await expect(highlight(p, /^Contested claim: “Tashkent also does not recognise/)).toBeVisible();
  expect((await storedAnnotations(p)).filter((a) => a.kind === 'claim')).toHaveLength(1);
});

test('one instance per profile: a second launch quits, and its file is imported by the running window', async () => {
  const file = join(userData!, 'second-launch-notes.txt');
  writeFileSync(file, 'Field notes from a second launch\n\nThe file was handed over to the running window.\n');
  await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.minimize());
  const second = spawn(binary!, [...SANDBOX_ARGS, '.', file], { cwd: ROOT, env: launchEnv(), stdio: 'ignore' });
  const exitCode = await new Promise<number | null>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      second.kill('SIGKILL');
      reject(new Error('the second instance did not quit within 20 s'));
    }, 20_000);
    second.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise(code);
    });
  });
  expect(exitCode).toBe(0);
  await expect(page!.getByRole('status').filter({ hasText: 'Added second-launch-notes.txt to the library.' })).toBeVisible({ timeout: 20_000 });
  await expect(page!.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: /Field notes from a second launch/ })).toBeVisible();
  expect(await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isMinimized()))).toEqual([false]);
});

test('closing the window right after typing keeps the note', async () => {
  const p = page!;
  await openDocument(p, TITLES.caravanserai);
  await panelEntry(p, /Contested claim/).click();
  const note = p.getByLabel('Note');
  await note.click();
  await note.pressSequentially('Typed just before the window closed.', { delay: 10 });
  // Close at once, well inside the note's save delay; main waits for the page to save.
  const closed = app!.waitForEvent('close');
  await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
  if (process.platform === 'darwin') {
    // macOS keeps the app running without windows: wait for the window to be gone, then quit.
    await expect.poll(() => app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length), { timeout: 10_000 }).toBe(0);
    await app!.close();
  } else await closed;
  app = null;
  await launch();
  await openDocument(page!, TITLES.caravanserai);
  await panelEntry(page!, /Contested claim/).click();
  await expect(page!.getByLabel('Note')).toHaveValue(/Typed just before the window closed\.$/);
});
