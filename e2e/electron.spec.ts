// The desktop app in Electron: the window opens with the corpus, an article opens, and the page
// has no Node globals and exactly window.api (S2 in Electron). Runs only where an Electron binary
// exists (ELECTRON_OVERRIDE_DIST_PATH, or a normal install with node_modules/electron/dist); on a
// machine without one it is skipped and says so. Finding the binary never triggers a download.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { API_KEYS } from '../src/core/ipc/channels';

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

test.beforeAll(async () => {
  if (!binary) {
    console.log(`Electron spec skipped: ${SKIP_REASON}.`);
    return;
  }
  test.setTimeout(180_000);
  execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  // A throwaway appData, so the pinned userData (appData/Claimdesk) is not the person's real one.
  userData = mkdtempSync(join(tmpdir(), 'claimdesk-electron-e2e-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XDG_CONFIG_HOME: userData, APPDATA: userData };
  delete env.ELECTRON_RENDERER_URL;
  // Chromium refuses to start as root without --no-sandbox (containers); the renderer's own sandbox option stays on.
  const args = process.getuid?.() === 0 ? ['--no-sandbox', '.'] : ['.'];
  app = await electron.launch({ executablePath: binary, args, cwd: ROOT, env });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test.beforeEach(() => {
  test.skip(!binary, SKIP_REASON);
});

test('the window opens the built renderer from out/renderer and cannot navigate away', async () => {
  const url = await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getURL());
  expect(url).toMatch(/^file:.*\/out\/renderer\/index\.html/);
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
