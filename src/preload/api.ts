// window.api: exactly the ClaimdeskApi of the contract, each method one ipcRenderer.invoke on its
// channel. Nothing of Electron leaks through: no event objects, no ipcRenderer, only data and the
// unsubscribe functions of the on* subscriptions. Imports only the zod-free channels module, so the
// sandboxed preload bundle contains no third-party code.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS, isCloseRequestId, isMenuCommand } from '../core/ipc/channels';
import type { ClaimdeskApi, HandedFile, MenuCommand } from '../core/ipc/contract';

export type InvokingIpcRenderer = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener' | 'send'>;

/** Files main sends before the page subscribes are kept, up to this many (a launch rarely passes more). */
const MAX_PENDING_FILES = 16;

function isHandedFile(value: unknown): value is HandedFile {
  if (typeof value !== 'object' || value === null) return false;
  const { name, folder, bytes } = value as Record<string, unknown>;
  return typeof name === 'string' && name.length > 0 && name.length <= 255 && typeof folder === 'string' && folder.length <= 4096 && bytes instanceof Uint8Array;
}

export function buildApi(ipcRenderer: InvokingIpcRenderer): ClaimdeskApi {
  const call = (channel: string, ...args: [] | [unknown]) => ipcRenderer.invoke(channel, ...args);

  // Close requests: every handler runs (one failing does not stop the others), then main is told.
  const closeHandlers = new Set<() => Promise<void> | void>();
  ipcRenderer.on(EVENT_CHANNELS.beforeClose, (_event: IpcRendererEvent, id: unknown) => {
    if (!isCloseRequestId(id)) return;
    const runs = [...closeHandlers].map(async (handler) => handler());
    void Promise.allSettled(runs).then(() => ipcRenderer.send(SEND_CHANNELS.closeReady, id));
  });

  // Opened files: buffered until someone listens, because main may send one before the page has mounted.
  const fileListeners = new Set<(file: HandedFile) => void>();
  const pendingFiles: HandedFile[] = [];
  ipcRenderer.on(EVENT_CHANNELS.openFile, (_event: IpcRendererEvent, file: unknown) => {
    if (!isHandedFile(file)) return;
    // Only the three fields go on (the bytes are copied again by the context bridge).
    const copy = { name: file.name, folder: file.folder, bytes: file.bytes };
    if (fileListeners.size === 0) {
      if (pendingFiles.length < MAX_PENDING_FILES) pendingFiles.push(copy);
      return;
    }
    for (const listener of fileListeners) listener(copy);
  });

  return {
    listCorpus: () => call(INVOKE_CHANNELS.listCorpus),
    saveExport: (request) => call(INVOKE_CHANNELS.saveExport, request),
    openImport: () => call(INVOKE_CHANNELS.openImport),
    printReportToPdf: (request) => call(INVOKE_CHANNELS.printReportToPdf, request),
    openExternal: (request) => call(INVOKE_CHANNELS.openExternal, request),
    writeBackup: (request) => call(INVOKE_CHANNELS.writeBackup, request),
    listBackups: () => call(INVOKE_CHANNELS.listBackups),
    readBackup: (request) => call(INVOKE_CHANNELS.readBackup, request),
    appInfo: () => call(INVOKE_CHANNELS.appInfo),
    setSyncServer: (request) => call(INVOKE_CHANNELS.setSyncServer, request),
    onMenuCommand(listener: (command: MenuCommand) => void) {
      if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a function');
      const handler = (_event: IpcRendererEvent, command: unknown) => {
        if (isMenuCommand(command)) listener(command);
      };
      ipcRenderer.on(EVENT_CHANNELS.menuCommand, handler);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipcRenderer.removeListener(EVENT_CHANNELS.menuCommand, handler);
      };
    },
    onBeforeClose(handler: () => Promise<void> | void) {
      if (typeof handler !== 'function') throw new TypeError('onBeforeClose needs a function');
      // A wrapper, so subscribing the same function twice gives two independent subscriptions.
      const entry = () => handler();
      closeHandlers.add(entry);
      return () => void closeHandlers.delete(entry);
    },
    onOpenFile(listener: (file: HandedFile) => void) {
      if (typeof listener !== 'function') throw new TypeError('onOpenFile needs a function');
      const entry = (file: HandedFile) => listener(file);
      fileListeners.add(entry);
      // Delivered after subscribe returns, so the listener never runs inside its own subscription.
      const pending = pendingFiles.splice(0);
      if (pending.length > 0) void Promise.resolve().then(() => pending.forEach((file) => entry(file)));
      return () => void fileListeners.delete(entry);
    },
  };
}
