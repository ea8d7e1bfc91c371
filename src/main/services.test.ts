// The work behind the channels with Electron's dialog, shell and BrowserWindow faked: exports,
// imports (size cap, strict UTF-8), PDF printing in a hidden JavaScript-off window, and links
// that open only after the user confirms, only for http(s).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createPrintJobs } from './app-protocol';
import { createBackupStore } from './backups';
import { createMemoryLogger } from './logger';
import { IMPORT_EXTENSIONS } from '../core/ipc/import-types';
import {
  EXPORT_FILTERS,
  createIpcServices,
  externalUrlToOpen,
  readOpenedFile,
  readTextFileCapped,
  removePrintLeftovers,
  type PrintWindow,
  type ServiceDeps,
} from './services';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'claimdesk-services-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const event = {} as never;

function setup(overrides: Partial<ServiceDeps> & { savePath?: string | null; openPath?: string | null; answer?: number } = {}) {
  const log: string[] = [];
  const windows: Array<{ options: BrowserWindowConstructorOptions; loaded: string[]; destroyed: boolean }> = [];
  const dialogCalls: Array<{ kind: string; options: Record<string, unknown> }> = [];
  const opened: string[] = [];
  const printJobs = overrides.printJobs ?? createPrintJobs();
  class FakeBrowserWindow implements PrintWindow {
    record: { options: BrowserWindowConstructorOptions; loaded: string[]; destroyed: boolean };
    constructor(options: BrowserWindowConstructorOptions) {
      this.record = { options, loaded: [], destroyed: false };
      windows.push(this.record);
    }
    async loadURL(url: string) {
      this.record.loaded.push(url);
      const served = await printJobs.handler(new Request(url));
      log.push(`report served while printing: ${served.status} ${(await served.text()).length} chars`);
    }
    webContents = {
      printToPDF: async (options: { printBackground: boolean; pageSize: 'A4' }) => {
        log.push(`printToPDF ${JSON.stringify(options)}`);
        return Buffer.from('%PDF-1.7 fake');
      },
    };
    destroy() {
      this.record.destroyed = true;
    }
  }
  const deps: ServiceDeps = {
    dialog: {
      showSaveDialog: (async (options: Record<string, unknown>) => {
        dialogCalls.push({ kind: 'save', options });
        return overrides.savePath ? { canceled: false, filePath: overrides.savePath } : { canceled: true, filePath: '' };
      }) as never,
      showOpenDialog: (async (options: Record<string, unknown>) => {
        dialogCalls.push({ kind: 'open', options });
        return overrides.openPath ? { canceled: false, filePaths: [overrides.openPath] } : { canceled: true, filePaths: [] };
      }) as never,
      showMessageBox: (async (options: Record<string, unknown>) => {
        dialogCalls.push({ kind: 'message', options });
        return { response: overrides.answer ?? 0, checkboxChecked: false };
      }) as never,
    },
    shell: { openExternal: async (url: string) => void opened.push(url) },
    BrowserWindow: FakeBrowserWindow,
    parentWindowFor: () => null,
    corpusDir: resolve(__dirname, '../../corpus'),
    backups: createBackupStore({ dir: join(work, 'backups') }),
    printJobs,
    documentsDir: join(work, 'Documents'),
    appInfo: () => ({ version: '0.1.0', userDataPath: work, platform: 'electron' }),
    logger: createMemoryLogger(),
    ...overrides,
  };
  return { services: createIpcServices(deps), dialogCalls, opened, windows, log, printJobs };
}

describe('openExternal', () => {
  it('refuses anything but plain http(s), without asking', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'vbscript:x', 'ftp://x.example/', 'https://trusted.example@evil.example/', 'https://u:p@x.example/', ' javascript:alert(1)', 'http:/x', 'https://x.example/\u0000']) {
      const { services, dialogCalls, opened } = setup({ answer: 1 });
      expect(await services.openExternal({ url }, event)).toEqual({ opened: false });
      expect(dialogCalls).toEqual([]);
      expect(opened).toEqual([]);
    }
  });

  it('asks first, with Cancel as the default; opens only on confirmation', async () => {
    const cancelled = setup({ answer: 0 });
    expect(await cancelled.services.openExternal({ url: 'https://example.org/a?b=1' }, event)).toEqual({ opened: false });
    const ask = cancelled.dialogCalls[0]!.options;
    expect(ask.message).toBe('Open https://example.org/a?b=1 in your browser?');
    expect(ask.defaultId).toBe(0);
    expect(ask.cancelId).toBe(0);
    expect((ask.buttons as string[])[0]).toBe('Cancel');
    expect(cancelled.opened).toEqual([]);
    const confirmed = setup({ answer: 1 });
    expect(await confirmed.services.openExternal({ url: 'https://bücher.example/x' }, event)).toEqual({ opened: true });
    // The host is shown and opened in punycode, so a lookalike cannot hide.
    expect(confirmed.opened).toEqual(['https://xn--bcher-kva.example/x']);
  });

  it('externalUrlToOpen accepts http and https only', () => {
    expect(externalUrlToOpen('http://example.org')?.href).toBe('http://example.org/');
    expect(externalUrlToOpen('HTTPS://EXAMPLE.org/x')?.href).toBe('https://example.org/x');
    expect(externalUrlToOpen('mailto:a@b.c')).toBeNull();
  });
});

describe('saveExport', () => {
  it('cancel saves nothing; a chosen path is written with the content; filters per kind', async () => {
    const cancelled = setup({ savePath: null });
    expect(await cancelled.services.saveExport({ suggestedName: 'review.csv', kind: 'csv', content: 'a,b' }, event)).toEqual({ saved: false });
    expect(cancelled.dialogCalls[0]!.options.filters).toEqual(EXPORT_FILTERS.csv);
    expect(cancelled.dialogCalls[0]!.options.defaultPath).toBe(join(work, 'Documents', 'review.csv'));
    const target = join(work, 'export.jsonld');
    const saved = setup({ savePath: target });
    expect(await saved.services.saveExport({ suggestedName: 'x.jsonld', kind: 'jsonld', content: '{"@context":"x"}' }, event)).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('{"@context":"x"}');
    for (const kind of ['json', 'jsonld', 'csv', 'html', 'md'] as const) expect(EXPORT_FILTERS[kind].length).toBeGreaterThan(0);
  });
});

describe('openImport', () => {
  it('returns null on cancel, the name and text otherwise', async () => {
    expect(await setup({ openPath: null }).services.openImport(undefined, event)).toBeNull();
    const file = join(work, 'import.json');
    writeFileSync(file, '\uFEFF{"ok":"ü"}');
    const { services, dialogCalls } = setup({ openPath: file });
    expect(await services.openImport(undefined, event)).toEqual({ name: 'import.json', content: '{"ok":"ü"}' });
    expect(dialogCalls[0]!.options.properties).toEqual(['openFile']);
  });

  it('refuses invalid UTF-8 and files over the cap with clear messages', async () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, Buffer.from([0x7b, 0xc3, 0x28, 0x7d]));
    await expect(setup({ openPath: bad }).services.openImport(undefined, event)).rejects.toThrow('bad.json is not valid UTF-8 text, so it cannot be imported');
    const big = join(work, 'big.json');
    writeFileSync(big, 'x'.repeat(2 * 1024 * 1024));
    await expect(readTextFileCapped(big, 1024 * 1024)).rejects.toThrow('big.json is 2.0 MB; files up to 1.0 MB can be imported');
    await expect(readTextFileCapped(work, 1024)).rejects.toThrow();
  });
});

describe('printReportToPdf', () => {
  it('prints in a hidden JavaScript-off window without preload, writes the PDF, cleans up', async () => {
    const target = join(work, 'report.pdf');
    const { services, windows, log, printJobs } = setup({ savePath: target });
    expect(await services.printReportToPdf({ suggestedName: 'report.pdf', html: '<h1>Review</h1>' }, event)).toEqual({ saved: true, path: target });
    expect(readFileSync(target, 'utf8')).toBe('%PDF-1.7 fake');
    expect(windows).toHaveLength(1);
    const prefs = windows[0]!.options.webPreferences!;
    expect(prefs.javascript).toBe(false);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.preload).toBeUndefined();
    expect(windows[0]!.options.show).toBe(false);
    expect(prefs.partition).toBe('claimdesk-print');
    expect(windows[0]!.loaded[0]).toMatch(/^app:\/\/print\/[0-9a-f-]{36}\.html$/);
    expect(log).toEqual(['report served while printing: 200 15 chars', 'printToPDF {"printBackground":true,"pageSize":"A4"}']);
    expect(windows[0]!.destroyed).toBe(true);
    // Released: the report is no longer served, and nothing was written to disk for it.
    expect(printJobs.size).toBe(0);
    expect((await printJobs.handler(new Request(windows[0]!.loaded[0]!))).status).toBe(404);
    expect(readdirSync(work).filter((n) => n.startsWith('print'))).toEqual([]);
  });

  it('cancel prints nothing; a print failure still closes the window and releases the report', async () => {
    const cancelled = setup({ savePath: null });
    expect(await cancelled.services.printReportToPdf({ suggestedName: 'r.pdf', html: 'x' }, event)).toEqual({ saved: false });
    expect(cancelled.windows).toHaveLength(0);
    class Broken {
      constructor(public options: BrowserWindowConstructorOptions) {}
      async loadURL() {}
      webContents = { printToPDF: async () => Promise.reject(new Error('printing failed')) };
      destroy() {
        brokenWindows.push(this);
      }
    }
    const brokenWindows: Broken[] = [];
    const { services, printJobs } = setup({ savePath: join(work, 'never.pdf'), BrowserWindow: Broken as never });
    await expect(services.printReportToPdf({ suggestedName: 'r.pdf', html: 'x' }, event)).rejects.toThrow('printing failed');
    expect(brokenWindows).toHaveLength(1);
    expect(printJobs.size).toBe(0);
    expect(existsSync(join(work, 'never.pdf'))).toBe(false);
  });
});

describe('files handed over by the OS and leftovers', () => {
  it('reads an importable file like the dialog does, and refuses other types', async () => {
    const txt = join(work, 'opened notes.TXT');
    writeFileSync(txt, '\uFEFFA note.');
    expect(await readOpenedFile(txt)).toEqual({ name: 'opened notes.TXT', content: 'A note.' });
    const exe = join(work, 'tool.exe');
    writeFileSync(exe, 'MZ');
    await expect(readOpenedFile(exe)).rejects.toThrow('tool.exe is not a file Claimdesk can import');
    await expect(readOpenedFile(join(work, 'missing.json'))).rejects.toThrow();
  });

  it('the open dialog offers exactly the importable types, .txt included', async () => {
    const { services, dialogCalls } = setup({ openPath: null });
    await services.openImport(undefined, event);
    const filters = dialogCalls[0]!.options.filters as Array<{ extensions: string[] }>;
    expect([...filters[0]!.extensions].sort()).toEqual([...IMPORT_EXTENSIONS].sort());
    expect(filters[0]!.extensions).toContain('txt');
  });

  it('print leftovers of older versions are removed at start', async () => {
    const legacy = join(work, 'legacy-print');
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'report-1.html'), '<script>x</script>');
    await removePrintLeftovers(legacy);
    expect(existsSync(legacy)).toBe(false);
    await removePrintLeftovers(legacy); // absent is fine
  });
});

describe('backups and app info through the services', () => {
  it('write, list, read', async () => {
    const { services } = setup();
    const info = await services.writeBackup({ content: '{"a":1}' }, event);
    expect((await services.listBackups(undefined, event)).map((b) => b.name)).toContain(info.name);
    expect(await services.readBackup({ name: info.name }, event)).toBe('{"a":1}');
    expect(await services.appInfo(undefined, event)).toEqual({ version: '0.1.0', userDataPath: work, platform: 'electron' });
    expect((await services.listCorpus(undefined, event)).length).toBe(5);
  });
});
