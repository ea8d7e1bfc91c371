// The zod-free half of the IPC contract: channel names, menu commands and the keys of window.api.
// The sandboxed preload imports only this module, so its bundle carries no third-party code.

/** Renderer -> main, request/response (ipcRenderer.invoke / ipcMain.handle). */
export const INVOKE_CHANNELS = {
  listCorpus: 'corpus:list',
  saveExport: 'export:save',
  openImport: 'import:open',
  printReportToPdf: 'report:print-pdf',
  openExternal: 'link:open-external',
  writeBackup: 'backup:write',
  listBackups: 'backup:list',
  readBackup: 'backup:read',
  appInfo: 'app:info',
  /** The desk's sync server this profile connects to (issue 15); main admits exactly its origin. */
  setSyncServer: 'sync:set-server',
} as const;

/** Main -> renderer, events (webContents.send / ipcRenderer.on). */
export const EVENT_CHANNELS = {
  menuCommand: 'menu:command',
  /** Main asks the page to save unsaved typing before the window closes; the argument is a request id. */
  beforeClose: 'window:before-close',
  /** A file the OS handed the app (command line, a second launch, macOS open-file), already read by main. */
  openFile: 'file:opened',
} as const;

/** Renderer -> main, one-way (ipcRenderer.send / ipcMain.on); main validates these too. */
export const SEND_CHANNELS = {
  /** The page's answer to beforeClose, with the same request id: its unsaved typing is saved. */
  closeReady: 'window:close-ready',
} as const;

/** A close request id: what main sends with beforeClose and the page sends back. */
export function isCloseRequestId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(value);
}

export const MENU_COMMANDS = ['import', 'export', 'undo', 'redo'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** Exactly the keys of window.api; a test checks the exposed object has these and no others. */
export const API_KEYS = [
  'listCorpus',
  'saveExport',
  'openImport',
  'printReportToPdf',
  'openExternal',
  'writeBackup',
  'listBackups',
  'readBackup',
  'appInfo',
  'setSyncServer',
  'onMenuCommand',
  'onBeforeClose',
  'onOpenFile',
] as const;
