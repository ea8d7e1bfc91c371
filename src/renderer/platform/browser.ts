// The browser implementation of the contract: the same app with no Electron around it.
// Corpus bundled at build time, exports as downloads, imports from a file input, PDF via print.
import { API_KEYS, isOpenableExternalUrl, type ClaimdeskApi, type MenuCommand, type OpenedFile } from '../../core/ipc';
import { buildCorpus, sha256Hex, type Manifest } from '../../core/model';
import manifest from '../../../corpus/manifest.json';

const corpusFiles = import.meta.glob('../../../corpus/*.txt', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const MIME: Record<string, string> = {
  json: 'application/json',
  jsonld: 'application/ld+json',
  csv: 'text/csv;charset=utf-8',
  html: 'text/html;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
};

function download(name: string, content: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
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
function chooseFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.hidden = true;
    input.setAttribute('data-testid', 'import-file-input');
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
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

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export async function readFileStrictUtf8(file: File): Promise<OpenedFile> {
  if (file.size > MAX_IMPORT_BYTES) throw new Error(`${file.name} is ${Math.round(file.size / 1e6)} MB; the limit is 200 MB.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${file.name} is not valid UTF-8 text.`);
  }
  return { name: file.name, content };
}

const menuListeners = new Set<(c: MenuCommand) => void>();

export function createBrowserApi(): ClaimdeskApi {
  const api: ClaimdeskApi = {
    async listCorpus() {
      const files = Object.entries(corpusFiles).map(([path, text]) => ({ file: path.slice(path.lastIndexOf('/') + 1), text }));
      return buildCorpus(files, manifest as Manifest, sha256Hex);
    },
    async saveExport({ suggestedName, kind, content }) {
      download(suggestedName, content, MIME[kind] ?? 'application/octet-stream');
      return { saved: true, path: suggestedName };
    },
    async openImport() {
      const file = await chooseFile('.json,.jsonld,.txt,application/json,application/ld+json,text/plain');
      return file ? readFileStrictUtf8(file) : null;
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
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
  };
  // The browser build exposes exactly the contract too (checked by an e2e test).
  return Object.fromEntries(API_KEYS.map((k) => [k, api[k]])) as unknown as ClaimdeskApi;
}
