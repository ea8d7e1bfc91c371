// The work behind each IPC channel, built from Electron's objects passed in (dialog, shell, the
// BrowserWindow constructor) so it runs against fakes in Node tests. Arguments arrive already
// validated by ipc.ts; this module still refuses anything a schema cannot express (URL schemes,
// file sizes, encodings) and writes every file atomically. Reports are printed from memory main owns,
// in a script-less window with its own session: the renderer never writes a file anywhere.
import { open, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type {
  BaseWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  FileFilter,
  IpcMainInvokeEvent,
  MessageBoxOptions,
  OpenDialogOptions,
  SaveDialogOptions,
  Shell,
} from 'electron';
import { isOpenableExternalUrl, type AppInfo, type ChosenFile, type ExportKind, type HandedFile } from '../core/ipc/contract';
import { IMPORT_DIALOG_FILTERS, extensionOf, isImportableFileName } from '../core/ipc/import-types';
import { MAX_DOCUMENT_BYTES } from '../core/documents/imported-document';
import type { PrintJobs } from './app-protocol';
import type { BackupStore } from './backups';
import { writeFileAtomic } from './atomic-write';
import { loadCorpus } from './corpus';
import type { IpcServices } from './ipc';
import type { Logger } from './logger';
import type { SyncServerSetting } from './sync-server-setting';
import { createHiddenPrintWindowOptions } from './window';
import { MAX_IMPORT_BYTES } from '../core/formats/import-file';

/** Imports larger than this are refused before they are read. */
// The size limit and strict decoder are core's, shared with the browser build.
export { MAX_IMPORT_BYTES };
const LOAD_TIMEOUT_MS = 60_000;
const PRINT_TIMEOUT_MS = 120_000;

export const EXPORT_FILTERS: Record<ExportKind, FileFilter[]> = {
  json: [{ name: 'Claimdesk annotations (JSON)', extensions: ['json'] }],
  jsonld: [{ name: 'W3C Web Annotations (JSON-LD)', extensions: ['jsonld', 'json'] }],
  csv: [{ name: 'CSV table', extensions: ['csv'] }],
  html: [{ name: 'HTML report', extensions: ['html', 'htm'] }],
  md: [{ name: 'Markdown report', extensions: ['md'] }],
};
const PDF_FILTERS: FileFilter[] = [{ name: 'PDF document', extensions: ['pdf'] }];
/** The open dialog offers exactly what the browser build accepts (core/ipc/import-types). */
export const IMPORT_FILTERS: FileFilter[] = IMPORT_DIALOG_FILTERS.map((f) => ({ name: f.name, extensions: [...f.extensions] }));

/** What the print step needs from a BrowserWindow. */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  webContents: { printToPDF(options: { printBackground: boolean; pageSize: 'A4' }): Promise<Uint8Array> };
  destroy(): void;
}

export interface ServiceDeps {
  dialog: Pick<Dialog, 'showSaveDialog' | 'showOpenDialog' | 'showMessageBox'>;
  shell: Pick<Shell, 'openExternal'>;
  /** Electron's BrowserWindow constructor (only used for the hidden print window). */
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => PrintWindow;
  /** Reports held in memory for the print window's session (app://print/<id>.html). */
  printJobs: PrintJobs;
  /** The window a dialog should be modal to, or null. */
  parentWindowFor(event: IpcMainInvokeEvent): BaseWindow | null;
  corpusDir: string;
  backups: BackupStore;
  /** Where save dialogs start. */
  documentsDir: string;
  appInfo(): AppInfo;
  /** The configured sync server (issue 15). */
  syncServer?: Pick<SyncServerSetting, 'set'>;
  logger: Logger;
  writeFileAtomic?: typeof writeFileAtomic;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** At most this many files in one Import… (the dialog allows several). */
export const MAX_IMPORT_FILES = 500;
/** All files of one Import… together: they cross to the page in one message. */
export const MAX_IMPORT_BATCH_BYTES = 1024 * 1024 * 1024;

/** The size limit of a file by its type: annotation files and .txt as before, documents as the readers take them. */
export function maxImportBytesFor(name: string): number {
  return ['json', 'jsonld', 'txt'].includes(extensionOf(name)) ? MAX_IMPORT_BYTES : MAX_DOCUMENT_BYTES;
}

/**
 * The paths the open dialog returned, checked before any is opened: a list of 1 to MAX_IMPORT_FILES
 * absolute paths without NUL, each naming a type the app imports. Main trusts the dialog, not blindly.
 */
export function checkChosenPaths(paths: unknown): string[] {
  if (!Array.isArray(paths) || paths.length === 0) throw new Error('No file was chosen');
  if (paths.length > MAX_IMPORT_FILES) throw new Error(`${paths.length} files were chosen; up to ${MAX_IMPORT_FILES} can be imported at once`);
  return paths.map((p: unknown) => {
    if (typeof p !== 'string' || p.length === 0 || p.length > 4096 || p.includes('\0') || !isAbsolute(p)) throw new Error('The dialog returned a path that is not a plain absolute path');
    if (!isImportableFileName(basename(p))) throw new Error(`${basename(p)} is not a file Claimdesk can import`);
    return p;
  });
}

/**
 * Reads a regular file's bytes, refusing it above `maxBytes`. The path is checked before it is opened
 * (a FIFO or device would block or never end) and the opened handle again (it may have been swapped).
 */
export async function readFileCapped(path: string, maxBytes: number): Promise<Buffer> {
  const before = await stat(path);
  if (!before.isFile()) throw new Error(`${basename(path)} is not a regular file`);
  if (before.size > maxBytes) throw new Error(`${basename(path)} is ${megabytes(before.size)}; files up to ${megabytes(maxBytes)} can be imported`);
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${basename(path)} is not a regular file`);
    if (stat.size > maxBytes) {
      throw new Error(`${basename(path)} is ${megabytes(stat.size)}; files up to ${megabytes(maxBytes)} can be imported`);
    }
    // Read at most one byte past the cap, in case the file grew after stat.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new Error(`${basename(path)} is larger than ${megabytes(maxBytes)} and cannot be imported`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * A file the OS handed the app (command line, second launch, macOS open-file): read as bytes exactly like a
 * file chosen in Import… (checked path, stat first, the size limit of its type, through the opened handle),
 * and only when its extension is one the app imports. The page routes it as it routes a chosen file.
 */
export async function readOpenedFile(path: string): Promise<HandedFile> {
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096 || path.includes('\0') || !isAbsolute(path)) {
    throw new Error('A file handed over by the system has a path that is not a plain absolute path');
  }
  const name = basename(path);
  if (!isImportableFileName(name)) throw new Error(`${name} is not a file Claimdesk can import`);
  const bytes = await readFileCapped(path, maxImportBytesFor(name));
  return { name, folder: dirname(path), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Removes what an older version left for printing (report HTML in userData/print); nothing is written there now. */
export async function removePrintLeftovers(legacyPrintDir: string): Promise<void> {
  await rm(legacyPrintDir, { recursive: true, force: true });
}

/** Splits a URL for the confirmation dialog: refused (null) unless plain http(s) without credentials. */
export function externalUrlToOpen(raw: string): URL | null {
  if (typeof raw !== 'string' || !isOpenableExternalUrl(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // https://trusted.example@evil.example/ reads as one host and goes to another.
  if (url.username || url.password) return null;
  return url;
}

export function createIpcServices(deps: ServiceDeps): IpcServices {
  const write = deps.writeFileAtomic ?? writeFileAtomic;
  const { dialog } = deps;

  const askSavePath = async (event: IpcMainInvokeEvent, options: SaveDialogOptions): Promise<string | null> => {
    const parent = deps.parentWindowFor(event);
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
  const askOpenPaths = async (event: IpcMainInvokeEvent, options: OpenDialogOptions): Promise<unknown> => {
    const parent = deps.parentWindowFor(event);
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : result.filePaths;
  };
  const ask = async (event: IpcMainInvokeEvent, options: MessageBoxOptions): Promise<number> => {
    const parent = deps.parentWindowFor(event);
    const result = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return result.response;
  };

  return {
    listCorpus: () => loadCorpus(deps.corpusDir, deps.logger),

    async saveExport({ suggestedName, kind, content }, event) {
      const path = await askSavePath(event, {
        title: 'Export annotations',
        defaultPath: join(deps.documentsDir, suggestedName),
        filters: EXPORT_FILTERS[kind],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (!path) return { saved: false };
      await write(path, content);
      return { saved: true, path };
    },

    // Import…: annotation files and documents (HTML, PDF, DOCX, Markdown, text in any encoding), several
    // at once, read as bytes; the page reads them with the same readers as a drop. A file main will not
    // read is listed as refused, so the others still come through.
    async openImport(_request, event) {
      const chosen = await askOpenPaths(event, { title: 'Import annotations or documents', filters: IMPORT_FILTERS, properties: ['openFile', 'multiSelections'] });
      if (chosen === null) return null;
      const paths = checkChosenPaths(chosen);
      const files: ChosenFile[] = [];
      let total = 0;
      for (const path of paths) {
        const name = basename(path);
        const folder = dirname(path);
        try {
          const bytes = await readFileCapped(path, maxImportBytesFor(name));
          total += bytes.length;
          if (total > MAX_IMPORT_BATCH_BYTES) throw new Error(`the files chosen add up to over ${megabytes(MAX_IMPORT_BATCH_BYTES)}; import them in smaller batches`);
          files.push({ name, folder, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
        } catch (error) {
          files.push({ name, folder, bytes: null, refused: error instanceof Error ? error.message : String(error) });
        }
      }
      return files;
    },

    async printReportToPdf({ suggestedName, html }, event) {
      const path = await askSavePath(event, {
        title: 'Save report as PDF',
        defaultPath: join(deps.documentsDir, suggestedName),
        filters: PDF_FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (!path) return { saved: false };
      // Served from memory by the print session's handler rather than a data: URL (Chromium caps URLs
      // at 2 MB and reports can be larger) or a file (which every window's request filter would allow).
      const job = deps.printJobs.add(html);
      let window: PrintWindow | null = null;
      try {
        window = new deps.BrowserWindow(createHiddenPrintWindowOptions());
        await withTimeout(window.loadURL(job.url), LOAD_TIMEOUT_MS, 'The report took too long to load for printing');
        const pdf = await withTimeout(
          window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' }),
          PRINT_TIMEOUT_MS,
          'Printing the report to PDF took too long',
        );
        await write(path, pdf);
      } finally {
        try {
          window?.destroy();
        } catch (error) {
          deps.logger.warn(`Could not close the print window: ${String(error)}`);
        }
        job.release();
      }
      return { saved: true, path };
    },

    async openExternal({ url: raw }, event) {
      const url = externalUrlToOpen(raw);
      if (!url) {
        deps.logger.warn('Refused to open a link that is not plain http(s)');
        return { opened: false };
      }
      const shown = url.href.length > 300 ? `${url.href.slice(0, 300)}…` : url.href;
      const response = await ask(event, {
        type: 'question',
        title: 'Open link',
        message: `Open ${shown} in your browser?`,
        detail: url.href.length > 300 ? url.href : `It opens outside Claimdesk, on ${url.host}.`,
        buttons: ['Cancel', 'Open in browser'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      });
      if (response !== 1) return { opened: false };
      await deps.shell.openExternal(url.href);
      return { opened: true };
    },

    writeBackup: ({ content }) => deps.backups.write(content),
    listBackups: () => deps.backups.list(),
    readBackup: ({ name }) => deps.backups.read(name),
    appInfo: async () => deps.appInfo(),
    async setSyncServer({ url }) {
      if (!deps.syncServer) throw new Error('Sync is not available');
      const origin = await deps.syncServer.set(url);
      deps.logger.info?.(`Sync server ${origin ?? 'off'}`);
      return { origin };
    },
  };
}
