// The preload's window.api: exactly API_KEYS, each method one invoke on its channel, menu
// commands filtered so the renderer only ever receives a valid MenuCommand.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { API_KEYS, EVENT_CHANNELS, INVOKE_CHANNELS, type MenuCommand } from '../core/ipc/contract';
import { buildApi } from './api';

function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  const invocations: unknown[][] = [];
  return {
    emitter,
    invocations,
    invoke: async (...args: unknown[]) => {
      invocations.push(args);
      return 'result';
    },
    on: (channel: string, listener: (...a: unknown[]) => void) => {
      emitter.on(channel, listener);
      return undefined as never;
    },
    removeListener: (channel: string, listener: (...a: unknown[]) => void) => {
      emitter.removeListener(channel, listener);
      return undefined as never;
    },
  };
}

describe('preload api', () => {
  it('exposes exactly API_KEYS, all functions', () => {
    const api = buildApi(fakeIpcRenderer() as never);
    expect(Object.keys(api).sort()).toEqual([...API_KEYS].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('each method invokes its channel with its one argument (none for argument-less calls)', async () => {
    const ipc = fakeIpcRenderer();
    const api = buildApi(ipc as never);
    const save = { suggestedName: 'a.json', kind: 'json' as const, content: '{}' };
    const pdf = { suggestedName: 'a.pdf', html: '<p/>' };
    await api.listCorpus();
    await api.saveExport(save);
    await api.openImport();
    await api.printReportToPdf(pdf);
    await api.openExternal({ url: 'https://example.org/' });
    await api.writeBackup({ content: '{}' });
    await api.listBackups();
    await api.readBackup({ name: 'claimdesk-backup-20250101T000000000Z.json' });
    await api.appInfo();
    // Extra arguments from the page are not forwarded.
    await (api.listCorpus as (...a: unknown[]) => Promise<unknown>)('junk', 1);
    await (api.saveExport as (...a: unknown[]) => Promise<unknown>)(save, 'extra');
    expect(ipc.invocations).toEqual([
      [INVOKE_CHANNELS.listCorpus],
      [INVOKE_CHANNELS.saveExport, save],
      [INVOKE_CHANNELS.openImport],
      [INVOKE_CHANNELS.printReportToPdf, pdf],
      [INVOKE_CHANNELS.openExternal, { url: 'https://example.org/' }],
      [INVOKE_CHANNELS.writeBackup, { content: '{}' }],
      [INVOKE_CHANNELS.listBackups],
      [INVOKE_CHANNELS.readBackup, { name: 'claimdesk-backup-20250101T000000000Z.json' }],
      [INVOKE_CHANNELS.appInfo],
      [INVOKE_CHANNELS.listCorpus],
      [INVOKE_CHANNELS.saveExport, save],
    ]);
  });

  it('onMenuCommand passes only valid commands, without the event, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const api = buildApi(ipc as never);
    const received: unknown[][] = [];
    const off = api.onMenuCommand((...args: unknown[]) => received.push(args));
    const fakeEvent = { sender: 'ipcRenderer', ports: [] };
    for (const junk of ['rm -rf /', '', 'UNDO', 42, null, undefined, {}, ['undo'], { toString: () => 'undo' }, '__proto__']) {
      ipc.emitter.emit(EVENT_CHANNELS.menuCommand, fakeEvent, junk);
    }
    for (const command of ['undo', 'redo', 'import', 'export'] satisfies MenuCommand[]) ipc.emitter.emit(EVENT_CHANNELS.menuCommand, fakeEvent, command);
    expect(received).toEqual([['undo'], ['redo'], ['import'], ['export']]);
    off();
    off();
    ipc.emitter.emit(EVENT_CHANNELS.menuCommand, fakeEvent, 'undo');
    expect(received).toHaveLength(4);
    expect(ipc.emitter.listenerCount(EVENT_CHANNELS.menuCommand)).toBe(0);
    expect(() => api.onMenuCommand('nope' as never)).toThrow(TypeError);
  });
});

// The entry module with Electron replaced by a mock: the real 'electron' package is never loaded.
const exposed = vi.hoisted(() => [] as Array<{ key: string; value: Record<string, unknown> }>);
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.push({ key, value }) },
  ipcRenderer: { invoke: async () => undefined, on: () => undefined, removeListener: () => undefined },
}));

describe('preload entry', () => {
  it('exposes one object, window.api, with exactly API_KEYS', async () => {
    await import('./index');
    expect(exposed.map((e) => e.key)).toEqual(['api']);
    expect(Object.keys(exposed[0]!.value).sort()).toEqual([...API_KEYS].sort());
    console.log(`Preload: exposes ${exposed.length} global (window.api) with ${Object.keys(exposed[0]!.value).length} keys = API_KEYS`);
  });
});
