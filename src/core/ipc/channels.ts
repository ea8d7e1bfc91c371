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
} as const;

/** Main -> renderer, events (webContents.send / ipcRenderer.on). */
export const EVENT_CHANNELS = {
  menuCommand: 'menu:command',
} as const;

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
  'onMenuCommand',
] as const;
