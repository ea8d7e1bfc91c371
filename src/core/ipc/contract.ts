// The typed contract between renderer and main: channel names, argument schemas and the API shape
// the preload exposes as window.api. Main validates every argument against these schemas.
import { z } from 'zod';
import type { CorpusDocument } from '../model/document';
import { API_KEYS, INVOKE_CHANNELS, SEND_CHANNELS, type MenuCommand } from './channels';

// Channel names and API keys live in the zod-free ./channels so the sandboxed preload can import
// them without bundling zod; they are re-exported here under the same names.
export { INVOKE_CHANNELS, EVENT_CHANNELS, SEND_CHANNELS, MENU_COMMANDS, API_KEYS, isMenuCommand, isCloseRequestId } from './channels';
export type { MenuCommand } from './channels';

export const EXPORT_KINDS = ['json', 'jsonld', 'csv', 'html', 'md'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** 256 MiB of text is far above any real export and keeps a hostile call from exhausting main. */
export const MAX_CONTENT_CHARS = 256 * 1024 * 1024;

/** A bare file name: no folders, no control characters, nothing Windows forbids, not hidden. */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, 'must be a file name without folders or reserved characters')
  .refine((s) => !s.startsWith('.') && s.trim() === s, 'must not start with a dot or have surrounding spaces');

export const saveExportRequestSchema = z
  .object({
    suggestedName: fileNameSchema,
    kind: z.enum(EXPORT_KINDS),
    content: z.string().max(MAX_CONTENT_CHARS),
  })
  .strict();
export type SaveExportRequest = z.infer<typeof saveExportRequestSchema>;

export const printPdfRequestSchema = z
  .object({
    suggestedName: fileNameSchema,
    html: z.string().max(MAX_CONTENT_CHARS),
  })
  .strict();
export type PrintPdfRequest = z.infer<typeof printPdfRequestSchema>;

export const openExternalRequestSchema = z.object({ url: z.string().min(1).max(8192) }).strict();
export type OpenExternalRequest = z.infer<typeof openExternalRequestSchema>;

export const writeBackupRequestSchema = z.object({ content: z.string().max(MAX_CONTENT_CHARS) }).strict();
export type WriteBackupRequest = z.infer<typeof writeBackupRequestSchema>;

export const backupNameSchema = z.string().regex(/^claimdesk-backup-\d{8}T\d{6}(?:\d{3})?Z(?:-\d+)?\.json$/, 'not a backup file name');
export const readBackupRequestSchema = z.object({ name: backupNameSchema }).strict();
export type ReadBackupRequest = z.infer<typeof readBackupRequestSchema>;

/** The sync server's address (wss://, or ws:// on this computer), or null to turn sync off. */
export const setSyncServerRequestSchema = z.object({ url: z.string().min(1).max(2048).nullable() }).strict();
export type SetSyncServerRequest = z.infer<typeof setSyncServerRequestSchema>;

/** Calls without arguments accept none. */
export const noArgumentsSchema = z.undefined();

export interface SaveResult {
  /** False when the user cancelled the dialog. */
  saved: boolean;
  path?: string;
}

/** A file's text, read strictly as UTF-8 (annotation files and the text import work on text). */
export interface OpenedFile {
  name: string;
  content: string;
}

/**
 * A file the operating system handed the app (command line, a second launch, macOS open-file), read by
 * main as bytes exactly like a file chosen in Import… (stat first, a size limit by type, read through the
 * opened handle), so that a PDF, a DOCX or text in any encoding takes the same roads as a chosen file.
 */
export interface HandedFile {
  name: string;
  /** The folder it was in (the library can be grouped by it). */
  folder: string;
  bytes: Uint8Array;
}

/**
 * A file chosen in Import…, read by main as bytes (a PDF or DOCX is not text), handed to the same
 * readers as a file dropped onto the window. `refused` instead of bytes when main would not read it
 * (too large, not a regular file): in a batch the others still come through.
 */
export type ChosenFile =
  | { name: string; /** The folder it was chosen in (the library can be grouped by it). */ folder: string; bytes: Uint8Array }
  | { name: string; folder: string; bytes: null; refused: string };

export interface BackupInfo {
  name: string;
  bytes: number;
  /** ISO time. */
  createdAt: string;
}

export interface AppInfo {
  version: string;
  userDataPath: string;
  platform: 'electron' | 'browser';
}

/** The API the preload exposes as window.api, and the browser build implements itself. */
export interface ClaimdeskApi {
  listCorpus(): Promise<CorpusDocument[]>;
  saveExport(request: SaveExportRequest): Promise<SaveResult>;
  /** Import…: the files chosen (several may be), read by main as bytes; null when the dialog was cancelled. */
  openImport(): Promise<ChosenFile[] | null>;
  printReportToPdf(request: PrintPdfRequest): Promise<SaveResult>;
  /** Asks the user to confirm, then opens an http(s) URL in the system browser. */
  openExternal(request: OpenExternalRequest): Promise<{ opened: boolean }>;
  writeBackup(request: WriteBackupRequest): Promise<BackupInfo>;
  listBackups(): Promise<BackupInfo[]>;
  readBackup(request: ReadBackupRequest): Promise<string>;
  appInfo(): Promise<AppInfo>;
  /**
   * Sets the one sync server this profile may connect to (null: none, the default). The desktop app's CSP
   * and request filter admit exactly its origin from the next page load; the page reloads to use it.
   */
  setSyncServer(request: SetSyncServerRequest): Promise<{ origin: string | null }>;
  /** Subscribes to application-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Runs `handler` when the desktop window is about to close, and lets it close once the handler has
   * finished (main waits at most a bounded time). For saving unsaved typing. Returns the unsubscribe function.
   */
  onBeforeClose(handler: () => Promise<void> | void): () => void;
  /**
   * Files the operating system handed the app (a file passed on the command line, a second launch, macOS
   * "open with"), already read by main as bytes. Files that arrive before anyone subscribes are kept and
   * delivered to the first subscriber. Returns the unsubscribe function.
   */
  onOpenFile(listener: (file: HandedFile) => void): () => void;
}

// Compile-time check that every key of window.api is a method of ClaimdeskApi.
const _apiKeysAreApiMethods: ReadonlyArray<keyof ClaimdeskApi> = API_KEYS;
void _apiKeysAreApiMethods;

/** Argument schema of each invoke channel; main validates with it before doing anything. */
export const INVOKE_ARGUMENT_SCHEMAS = {
  [INVOKE_CHANNELS.listCorpus]: noArgumentsSchema,
  [INVOKE_CHANNELS.saveExport]: saveExportRequestSchema,
  [INVOKE_CHANNELS.openImport]: noArgumentsSchema,
  [INVOKE_CHANNELS.printReportToPdf]: printPdfRequestSchema,
  [INVOKE_CHANNELS.openExternal]: openExternalRequestSchema,
  [INVOKE_CHANNELS.writeBackup]: writeBackupRequestSchema,
  [INVOKE_CHANNELS.listBackups]: noArgumentsSchema,
  [INVOKE_CHANNELS.readBackup]: readBackupRequestSchema,
  [INVOKE_CHANNELS.appInfo]: noArgumentsSchema,
  [INVOKE_CHANNELS.setSyncServer]: setSyncServerRequestSchema,
} as const;

/** The page's acknowledgement of a close request: the id main sent with beforeClose. */
export const closeReadyArgumentSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a close request id');

/** Argument schema of each one-way channel (renderer -> main). */
export const SEND_ARGUMENT_SCHEMAS = {
  [SEND_CHANNELS.closeReady]: closeReadyArgumentSchema,
} as const;

/** Links a person may open outside the app; everything else is refused. */
export function isOpenableExternalUrl(raw: string): boolean {
  const m = /^(https?):\/\/[^\s/?#]+/i.exec(raw.trim());
  return m !== null && !/[\u0000-\u001f]/.test(raw);
}
