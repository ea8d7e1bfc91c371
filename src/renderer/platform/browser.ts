// The browser implementation of the contract: the same app with no Electron around it.
// Corpus bundled at build time, exports as downloads, imports from a file input, PDF via print.
import { API_KEYS, IMPORT_ACCEPT, isOpenableExternalUrl, type ClaimdeskApi, type MenuCommand, type OpenedFile } from '../../core/ipc';
import { buildCorpus, sha256Hex, type Manifest } from '../../core/model';
import { syncServerOrigin } from '../../core/ipc/csp';
import manifest from '../../../corpus/manifest.json';
import { EXPORT_MIME } from './files';

// [desktop helper, issue 16] The accepted types come from core's one list, shared with the desktop dialog.
export { IMPORT_ACCEPT };

const corpusFiles = import.meta.glob('../../../corpus/*.txt', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Saves a Blob as a download (the browser build's "save"). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Opens the browser's file chooser; resolves null when the user cancels. */
export function chooseFile(accept: string): Promise<File | null> {
  return chooseFiles(accept, false).then((files) => files?.[0] ?? null);
}

/** The browser's file chooser, several files when `multiple`; resolves null when the user cancels. */
export function chooseFiles(accept: string, multiple = true): Promise<File[] | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    input.hidden = true;
    input.setAttribute('data-testid', 'import-file-input');
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      resolve(files.length ? files : null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}

const menuListeners = new Set<(c: MenuCommand) => void>();

export function createBrowserApi(): ClaimdeskApi {
  const api: ClaimdeskApi = {
    async listCorpus() {
      const files = Object.entries(corpusFiles).map(([path, text]) => ({ file: path.slice(path.lastIndexOf('/') + 1), text }));
      return buildCorpus(files, manifest as Manifest, sha256Hex);
    },
    async saveExport({ suggestedName, kind, content }) {
      downloadBlob(suggestedName, new Blob([content], { type: EXPORT_MIME[kind] }));
      return { saved: true, path: suggestedName };
    },
    async openImport() {
      // The contract's shape (bytes); the app itself takes the Files directly (platform.pickImport).
      const files = await chooseFiles(IMPORT_ACCEPT);
      return files ? Promise.all(files.map(async (f) => ({ name: f.name, folder: '', bytes: new Uint8Array(await f.arrayBuffer()) }))) : null;
    },
    async printReportToPdf() {
      // The report is already in the page's print container (see features/export); the browser prints it.
      window.print();
      return { saved: true };
    },
    async openExternal({ url }) {
      if (!isOpenableExternalUrl(url)) return { opened: false };
      if (!window.confirm(`Open this link in a new browser tab?\n\n${url}`)) return { opened: false };
      window.open(url, '_blank', 'noopener,noreferrer');
      return { opened: true };
    },
    async writeBackup() {
      throw new Error('Backups to disk need the desktop app; export Claimdesk JSON instead.');
    },
    async listBackups() {
      return [];
    },
    async readBackup() {
      throw new Error('Backups to disk need the desktop app.');
    },
    async appInfo() {
      return { version: __APP_VERSION__, userDataPath: "this browser's IndexedDB (site data for this address)", platform: 'browser' };
    },
    // The page narrows its own CSP at load from the stored setting (features/sync/csp-boot.ts): nothing
    // to tell a main process; the caller reloads the page.
    async setSyncServer({ url }) {
      const origin = url === null ? null : syncServerOrigin(url);
      if (url !== null && !origin) throw new Error('not a sync server address (wss://, or ws:// on this computer)');
      return { origin };
    },
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
    // [desktop helper, issue 16] No desktop window here: the page's own pagehide/visibilitychange
    // handling saves typing in the browser, and the OS never hands a browser tab a file.
    onBeforeClose() {
      return () => undefined;
    },
    onOpenFile() {
      return () => undefined;
    },
  };
  // The browser build exposes exactly the contract too (checked by an e2e test).
  return Object.fromEntries(API_KEYS.map((k) => [k, api[k]])) as unknown as ClaimdeskApi;
}
