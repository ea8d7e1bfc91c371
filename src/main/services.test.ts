// The work behind the channels with Electron's dialog, shell and BrowserWindow faked: exports,
// imports (size cap, strict UTF-8), PDF printing in a hidden JavaScript-off window, and links
// that open only after the user confirms, only for http(s).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createPrintJobs } from './app-protocol';
import { createBackupStore } from './backups';
import { createMemoryLogger } from './logger';
import { IMPORT_EXTENSIONS } from '../core/ipc/import-types';
import { MAX_DOCUMENT_BYTES } from '../core/documents/imported-document';
import {
  EXPORT_FILTERS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_FILES,
  checkChosenPaths,
  createIpcServices,
  maxImportBytesFor,
  externalUrlToOpen,
  readOpenedFile,
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

function setup(overrides: Partial<ServiceDeps> & { savePath?: string | null; openPath?: string | null; openPaths?: unknown; answer?: number } = {}) {
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
        return overrides.openPaths !== undefined ? { canceled: false, filePaths: overrides.openPaths } : overrides.openPath ? { canceled: false, filePaths: [overrides.openPath] } : { canceled: true, filePaths: [] };
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

describe('openImport (File › Import…)', () => {
  it('returns null on cancel; otherwise each chosen file as its bytes, exactly, with its folder', async () => {
    expect(await setup({ openPath: null }).services.openImport(undefined, event)).toBeNull();
    const dir = join(work, 'inbox');
    mkdirSync(dir, { recursive: true });
    const json = join(dir, 'import.json');
    writeFileSync(json, '\uFEFF{"ok":"ü"}');
    // A PDF and a GB18030 text are not UTF-8: main must not decode them, only hand them over.
    const pdf = join(dir, 'report.pdf');
    const pdfBytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]);
    writeFileSync(pdf, pdfBytes);
    const zh = join(dir, 'harbour-zh.txt');
    const gb = Buffer.from([0xb8, 0xdb, 0xbf, 0xda, 0x0d, 0x0a]); // 港口 CRLF in GB18030
    writeFileSync(zh, gb);
    const { services, dialogCalls } = setup({ openPaths: [json, pdf, zh] });
    const files = await services.openImport(undefined, event);
    expect(files!.map((f) => ({ name: f.name, folder: f.folder, bytes: f.bytes && Buffer.from(f.bytes).toString('hex') }))).toEqual([
      { name: 'import.json', folder: dir, bytes: Buffer.from('\uFEFF{"ok":"ü"}').toString('hex') },
      { name: 'report.pdf', folder: dir, bytes: pdfBytes.toString('hex') },
      { name: 'harbour-zh.txt', folder: dir, bytes: gb.toString('hex') },
    ]);
    expect(files!.every((f) => f.bytes instanceof Uint8Array)).toBe(true);
    expect(dialogCalls[0]!.options.properties).toEqual(['openFile', 'multiSelections']);
  });

  it('a file over its type\'s limit, a folder, a FIFO: each refused with the reason, the others still read, nothing blocks', async () => {
    const dir = join(work, 'mixed');
    mkdirSync(dir, { recursive: true });
    const big = join(dir, 'huge.pdf');
    writeFileSync(big, '');
    truncateSync(big, MAX_DOCUMENT_BYTES + 1); // sparse: no 50 MB written
    const folder = join(dir, 'looks-like.docx');
    mkdirSync(folder, { recursive: true });
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const good = join(dir, 'notes.md');
    writeFileSync(good, '# Notes\n');
    const files = await setup({ openPaths: [big, folder, fifo, good] }).services.openImport(undefined, event);
    expect(files!.map((f) => (f.bytes ? `${f.name}: ${f.bytes.length} bytes` : `${f.name}: ${f.refused}`))).toEqual([
      'huge.pdf: huge.pdf is 50.0 MB; files up to 50.0 MB can be imported',
      'looks-like.docx: looks-like.docx is not a regular file',
      'pipe.txt: pipe.txt is not a regular file',
      'notes.md: 8 bytes',
    ]);
    expect(maxImportBytesFor('a.json')).toBe(MAX_IMPORT_BYTES);
    expect(maxImportBytesFor('a.PDF')).toBe(MAX_DOCUMENT_BYTES);
  });

  it('the dialog\'s answer is checked before anything is opened', async () => {
    for (const paths of [[], 'x.json', ['relative/notes.json'], ['/tmp/a\u0000.json'], ['/tmp/tool.exe'], [42], Array.from({ length: MAX_IMPORT_FILES + 1 }, (_, i) => `/tmp/f${i}.json`)]) {
      expect(() => checkChosenPaths(paths)).toThrow();
      await expect(setup({ openPaths: paths }).services.openImport(undefined, event)).rejects.toThrow();
    }
    expect(checkChosenPaths(['/tmp/a.json', '/tmp/B.PDF'])).toEqual(['/tmp/a.json', '/tmp/B.PDF']);
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
  it('reads any importable file as bytes, as the dialog does: documents and text in any encoding, with their folder', async () => {
    const folder = join(work, 'handed');
    mkdirSync(folder, { recursive: true });
    const pdfBytes = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
    const pdf = join(folder, 'Report.PDF');
    writeFileSync(pdf, pdfBytes);
    const handed = await readOpenedFile(pdf);
    expect(handed).toEqual({ name: 'Report.PDF', folder, bytes: new Uint8Array(pdfBytes) });
    expect(handed.bytes).toBeInstanceOf(Uint8Array);
    // Not UTF-8 (GB18030 and UTF-16 with a BOM): handed over byte for byte; the page detects the encoding.
    const gb = Buffer.from([0xb8, 0xdb, 0xbf, 0xda, 0xce, 0xaf, 0xd4, 0xb1, 0xbb, 0xe1]);
    writeFileSync(join(folder, 'harbour-zh.txt'), gb);
    expect((await readOpenedFile(join(folder, 'harbour-zh.txt'))).bytes).toEqual(new Uint8Array(gb));
    const bom = Buffer.from('\uFEFFA note.', 'utf8');
    writeFileSync(join(folder, 'opened notes.TXT'), bom);
    expect(await readOpenedFile(join(folder, 'opened notes.TXT'))).toEqual({ name: 'opened notes.TXT', folder, bytes: new Uint8Array(bom) });
    for (const name of ['page.html', 'memo.docx', 'notes.md', 'review.json']) {
      writeFileSync(join(folder, name), 'x');
      expect((await readOpenedFile(join(folder, name))).name).toBe(name);
    }
  });

  it('refuses other types, paths that are not plain absolute paths, what is not a regular file, and files over their type\'s limit', async () => {
    const exe = join(work, 'tool.exe');
    writeFileSync(exe, 'MZ');
    await expect(readOpenedFile(exe)).rejects.toThrow('tool.exe is not a file Claimdesk can import');
    for (const path of ['relative/notes.txt', `${work}/a\u0000.txt`, '', 42 as unknown as string]) {
      await expect(readOpenedFile(path)).rejects.toThrow('not a plain absolute path');
    }
    await expect(readOpenedFile(join(work, 'missing.json'))).rejects.toThrow();
    const dir = join(work, 'folder.pdf');
    mkdirSync(dir, { recursive: true });
    await expect(readOpenedFile(dir)).rejects.toThrow('folder.pdf is not a regular file');
    // A FIFO named like a document would block an open: refused from its stat, at once.
    const fifo = join(work, 'pipe-handed.docx');
    execFileSync('mkfifo', [fifo]);
    await expect(readOpenedFile(fifo)).rejects.toThrow('pipe-handed.docx is not a regular file');
    // The limit is the document limit for a PDF (sparse: nothing is written).
    const big = join(work, 'huge-handed.pdf');
    writeFileSync(big, '');
    truncateSync(big, MAX_DOCUMENT_BYTES + 1);
    await expect(readOpenedFile(big)).rejects.toThrow(`huge-handed.pdf is 50.0 MB; files up to ${(MAX_DOCUMENT_BYTES / 1024 / 1024).toFixed(1)} MB can be imported`);
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
