// The one module that touches window.api: the preload's object in Electron, the browser implementation otherwise.
// Every difference between the desktop app and the browser build is decided here; features ask `platform`.
import type { BackupInfo, ClaimdeskApi, ExportKind, HandedFile, MenuCommand, OpenedFile } from '../../core/ipc';
import { IMPORT_ACCEPT, chooseFiles, createBrowserApi, downloadBlob } from './browser';

declare global {
  interface Window {
    api?: ClaimdeskApi;
    /** Read-only description of the browser platform, for the S2 end-to-end test (see below). */
    readonly __claimdeskPlatform?: Readonly<{ kind: 'browser'; keys: readonly string[] }>;
  }
}

let instance: ClaimdeskApi | null = null;

export function getApi(): ClaimdeskApi {
  if (!instance) {
    instance = window.api ? withOpenedFilesAsImports(window.api) : createBrowserApi();
    if (!window.api) describeBrowserPlatform(instance);
  }
  return instance;
}

// [desktop helper, issue 16] Files the OS hands the desktop app (command line, a second launch, macOS
// open-file) take the same road as File > Import: they are queued here and an 'import' menu command is
// raised, whose handler calls pickImport(), which hands out the queued files before ever showing a dialog.
// They arrive as bytes (main read them as it reads a chosen file), so a PDF, a DOCX or text in any
// encoding goes where a chosen one goes: the same review as a drop.
const openedFiles: HandedFile[] = [];

function withOpenedFilesAsImports(api: ClaimdeskApi): ClaimdeskApi {
  const menuListeners = new Set<(command: MenuCommand) => void>();
  // One listener only (the newest), and one import for the files that arrive together (main sends a
  // launch's files one message each): they are reviewed as one batch, like files chosen together.
  let raising = false;
  const raiseImport = () => {
    if (raising) return;
    raising = true;
    setTimeout(() => {
      raising = false;
      // The queue may have been taken meanwhile: an import raised for nothing would open the dialog.
      if (openedFiles.length > 0) [...menuListeners].at(-1)?.('import');
    }, 0);
  };
  api.onOpenFile((file) => {
    openedFiles.push(file);
    raiseImport();
  });
  return {
    ...api,
    onMenuCommand(listener) {
      menuListeners.add(listener);
      const off = api.onMenuCommand(listener);
      // A file that arrived before the app subscribed (a file passed at launch) is imported now.
      if (openedFiles.length > 0) raiseImport();
      return () => {
        menuListeners.delete(listener);
        off();
      };
    },
  };
}

/**
 * S2 in the browser build: there is no window.api to inspect, so the test cannot see which functions
 * the renderer was given. This publishes only the *names* of the browser implementation's keys, frozen
 * and non-writable, never the functions: it grants page scripts nothing they could not already do, and
 * lets the test check the browser object has exactly the contract's keys, as the Electron spec checks
 * window.api. Never set in Electron, where window.api itself is checked.
 */
function describeBrowserPlatform(api: ClaimdeskApi): void {
  const description = Object.freeze({ kind: 'browser' as const, keys: Object.freeze(Object.keys(api).sort()) });
  Object.defineProperty(window, '__claimdeskPlatform', { value: description, writable: false, configurable: false, enumerable: false });
}

export function isElectron(): boolean {
  return window.api !== undefined;
}

/**
 * What the user chose to import. In the browser the File itself goes on (an annotation file to the bulk
 * worker, which reads and decodes it there: a 90 MB file decoded in the window froze it for ~200 ms; a
 * document to the documents worker); in Electron main has read the chosen files, and those the OS handed
 * the app, as bytes, which travel the same way as a Blob. (Text already read, OpenedFile, is taken too by
 * the imports behind it.) `refused`: main would not read it (too large, not a regular file).
 */
export type ImportSource = OpenedFile | { name: string; blob: Blob; folder?: string | null };
export type PickedImport = ImportSource | { name: string; refused: string };

export async function pickImport(): Promise<PickedImport[] | null> {
  if (openedFiles.length > 0) return openedFiles.splice(0).map((f) => ({ name: f.name, blob: new Blob([f.bytes as Uint8Array<ArrayBuffer>]), folder: f.folder || null }));
  if (isElectron()) {
    const chosen = await getApi().openImport();
    return chosen && chosen.map((f) => (f.bytes ? { name: f.name, blob: new Blob([f.bytes as Uint8Array<ArrayBuffer>]), folder: f.folder || null } : { name: f.name, refused: f.refused }));
  }
  const files = await chooseFiles(IMPORT_ACCEPT);
  return files && files.map((file) => ({ name: file.name, blob: file }));
}

/** Saves an export the worker already turned into a Blob (browser build only). */
export function saveBlob(name: string, blob: Blob): void {
  downloadBlob(name, blob);
}

/** A file to save: its text, or (browser, big exports) a Blob the worker already made. */
export interface ExportFile {
  suggestedName: string;
  kind: ExportKind;
  content: string;
  blob?: Blob | null;
}

/** A handler run before the window goes away; the desktop app's main waits for it (bounded). */
type BeforeClose = () => Promise<void>;
type DesktopCloseHook = { onBeforeClose?: (handler: BeforeClose) => (() => void) | void };

export const platform = {
  /** The desktop app (main process, menus, backups on disk) rather than the browser build. */
  get desktop(): boolean {
    return isElectron();
  },
  /** Exports come back from the worker as a Blob (browser downloads: no 90 MB string crosses threads). */
  get exportsAsBlob(): boolean {
    return !isElectron();
  },
  /** The desktop Edit menu owns Ctrl+Z / Ctrl+Shift+Z (they arrive as menu commands); the browser window handles them itself. */
  get windowHandlesUndoKeys(): boolean {
    return !isElectron();
  },
  /** The browser keeps data only in this profile: remind to export. */
  get remindsToExport(): boolean {
    return !isElectron();
  },
  /** Backups to disk exist in the desktop app only. */
  get hasBackups(): boolean {
    return isElectron();
  },

  pickImport,

  async saveExport(file: ExportFile): Promise<{ saved: boolean; path?: string }> {
    if (file.blob) {
      downloadBlob(file.suggestedName, file.blob);
      return { saved: true, path: file.suggestedName };
    }
    return getApi().saveExport({ suggestedName: file.suggestedName, kind: file.kind, content: file.content });
  },

  /** Prints the review report to PDF: main renders it in the desktop app; the browser prints the page's report container. */
  async print(report: { suggestedName: string; html: string }): Promise<{ saved: boolean; path?: string }> {
    if (isElectron()) return getApi().printReportToPdf(report);
    showPrintReport(report.html);
    return getApi().printReportToPdf({ suggestedName: report.suggestedName, html: '' });
  },

  /** Tells main (desktop) which sync server its CSP and request filter admit; the page reloads after. */
  async setSyncServer(origin: string | null): Promise<void> {
    await getApi().setSyncServer({ url: origin });
  },

  listBackups(): Promise<BackupInfo[]> {
    return isElectron() ? getApi().listBackups() : Promise.resolve([]);
  },

  /**
   * Runs `handler` before the window goes away: in the browser on pagehide and when the page is
   * hidden (the last moment a closing tab reliably runs code); in the desktop app also when main asks
   * on window close (preload's onBeforeClose, where the preload offers it). Returns an unsubscribe.
   */
  onBeforeClose(handler: BeforeClose): () => void {
    const run = () => void handler().catch(() => undefined);
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') run();
    };
    window.addEventListener('pagehide', run);
    document.addEventListener('visibilitychange', onVisibility);
    // The desktop app: main asks before closing the window and waits (bounded) for the handler. The
    // browser implementation of the contract returns a no-op here (pagehide above does the work).
    const desktop = isElectron() ? (window.api as ClaimdeskApi & DesktopCloseHook).onBeforeClose?.(handler) : undefined;
    return () => {
      window.removeEventListener('pagehide', run);
      document.removeEventListener('visibilitychange', onVisibility);
      if (typeof desktop === 'function') desktop();
    };
  },
};

/** Puts the report into the print container (parsed inertly; scripts never run) for the browser's print to PDF. */
function showPrintReport(html: string): void {
  const root = document.getElementById('print-root');
  if (!root) return;
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  root.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
  document.documentElement.classList.add('printing-report');
  const done = () => {
    document.documentElement.classList.remove('printing-report');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
}
