// One Claimdesk per profile: two writers on one IndexedDB would race. The first instance holds
// Electron's single-instance lock; a second launch hands it its command line and quits. The first
// focuses its window and imports the files named there (and, on macOS, those of `open-file`) through
// the renderer's ordinary import path: main reads each file's bytes like the import dialog does and
// sends it as EVENT_CHANNELS.openFile once the page has loaded; the page routes it like a chosen file
// (annotation files, a UTF-8 .txt, and documents to the same review as a drop).
import { isAbsolute, resolve } from 'node:path';
import { EVENT_CHANNELS } from '../core/ipc/channels';
import type { HandedFile } from '../core/ipc/contract';
import { isImportableFileName } from '../core/ipc/import-types';
import type { Logger } from './logger';

/** More than this many files on one command line are not imported (a glob gone wrong, not a person). */
export const MAX_FILES_PER_LAUNCH = 16;
/** Files read and waiting for the page hold at most this many bytes together (as Import… takes at once). */
export const MAX_WAITING_BYTES = 1024 * 1024 * 1024;

/**
 * The files a command line names: arguments that are not switches and end in an importable
 * extension, resolved against the launching process's working folder. argv[0] (the executable) and
 * the app path of an unpackaged launch ('.') are never files to import.
 */
export function filesFromArgv(argv: readonly string[], workingDirectory: string): string[] {
  const files: string[] = [];
  for (const arg of argv.slice(1)) {
    if (typeof arg !== 'string' || arg.startsWith('-') || !isImportableFileName(arg)) continue;
    files.push(isAbsolute(arg) ? arg : resolve(workingDirectory, arg));
    if (files.length === MAX_FILES_PER_LAUNCH) break;
  }
  return files;
}

/** The parts of the main window the forwarder uses; a fake in tests. */
export interface ForwardWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  webContents: { send(channel: string, ...args: unknown[]): void; isLoading(): boolean };
}

export interface OpenedFileForwarderDeps {
  /** The window to hand files to, or null while there is none. */
  getWindow(): ForwardWindow | null;
  /** Reads a file's bytes as an import (services.readOpenedFile). */
  readFile(path: string): Promise<HandedFile>;
  /** Tells the person a file could not be opened. */
  reportError(message: string): void;
  logger?: Logger;
}

export interface OpenedFileForwarder {
  /** Reads the files and hands them to the page, now or when it has loaded. */
  open(paths: readonly string[]): Promise<void>;
  /** Brings the window to the front (a second launch). */
  focus(): void;
  /** This window's page finished loading (did-finish-load): hand over what waited. */
  pageLoaded(window: ForwardWindow): void;
  /** Files read and waiting for the page. */
  readonly waiting: number;
}

export function createOpenedFileForwarder(deps: OpenedFileForwarderDeps): OpenedFileForwarder {
  const queue: HandedFile[] = [];
  const waitingBytes = () => queue.reduce((n, f) => n + f.bytes.byteLength, 0);
  // Per window: a new window (macOS re-activation) has no preload listening until its page has loaded.
  const loaded = new WeakSet<ForwardWindow>();

  const flush = () => {
    const window = deps.getWindow();
    if (!window || window.isDestroyed() || !loaded.has(window) || window.webContents.isLoading()) return;
    for (const file of queue.splice(0)) window.webContents.send(EVENT_CHANNELS.openFile, file);
  };

  return {
    get waiting() {
      return queue.length;
    },
    async open(paths) {
      for (const path of paths.slice(0, MAX_FILES_PER_LAUNCH)) {
        try {
          const file = await deps.readFile(path);
          if (waitingBytes() + file.bytes.byteLength > MAX_WAITING_BYTES) {
            throw new Error(`${file.name} was not opened: the files waiting to be imported would add up to over ${MAX_WAITING_BYTES / 1024 / 1024 / 1024} GB; import it with File › Import…`);
          }
          queue.push(file);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          deps.logger?.warn(`Could not open a file handed over by the system: ${message}`);
          deps.reportError(message);
        }
      }
      flush();
    },
    focus() {
      const window = deps.getWindow();
      if (!window || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    pageLoaded(window) {
      loaded.add(window);
      flush();
    },
  };
}
