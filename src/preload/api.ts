// window.api: exactly the ClaimdeskApi of the contract, each method one ipcRenderer.invoke on its
// channel. Nothing of Electron leaks through: no event objects, no ipcRenderer, only data and the
// unsubscribe function of onMenuCommand. Imports only the zod-free channels module, so the
// sandboxed preload bundle contains no third-party code.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, isMenuCommand } from '../core/ipc/channels';
import type { ClaimdeskApi, MenuCommand } from '../core/ipc/contract';

export type InvokingIpcRenderer = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildApi(ipcRenderer: InvokingIpcRenderer): ClaimdeskApi {
  const call = (channel: string, ...args: [] | [unknown]) => ipcRenderer.invoke(channel, ...args);
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
  };
}
