// The preload's window.api: exactly API_KEYS, each method one invoke on its channel, menu
// commands filtered so the renderer only ever receives a valid MenuCommand.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { API_KEYS, EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS, type MenuCommand } from '../core/ipc/contract';
import { buildApi } from './api';

function fakeIpcRenderer() {
  const emitter = new EventEmitter();
  const invocations: unknown[][] = [];
  const sent: unknown[][] = [];
  return {
    emitter,
    invocations,
    sent,
    send: (...args: unknown[]) => void sent.push(args),
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

describe('preload onBeforeClose', () => {
  const fakeEvent = { sender: 'ipcRenderer', ports: [] };
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('runs every handler on main\'s request, waits for async ones, then acknowledges with the same id', async () => {
    const ipc = fakeIpcRenderer();
    const api = buildApi(ipc as never);
    const saved: string[] = [];
    let release!: () => void;
    api.onBeforeClose(() => new Promise<void>((r) => (release = () => (saved.push('note'), r()))));
    api.onBeforeClose(() => void saved.push('sync'));
    ipc.emitter.emit(EVENT_CHANNELS.beforeClose, fakeEvent, 'req-1');
    await flush();
    expect(saved).toEqual(['sync']);
    expect(ipc.sent).toEqual([]);
    release();
    await flush();
    expect(saved).toEqual(['sync', 'note']);
    expect(ipc.sent).toEqual([[SEND_CHANNELS.closeReady, 'req-1']]);
  });

  it('a failing handler still lets the window close; no handler acknowledges at once; junk ids are ignored', async () => {
    const ipc = fakeIpcRenderer();
    const api = buildApi(ipc as never);
    ipc.emitter.emit(EVENT_CHANNELS.beforeClose, fakeEvent, 'req-0');
    await flush();
    expect(ipc.sent).toEqual([[SEND_CHANNELS.closeReady, 'req-0']]);
    const off = api.onBeforeClose(() => {
      throw new Error('disk full');
    });
    for (const junk of [undefined, 42, '', 'a b', '../x', 'x'.repeat(65), { id: 'x' }]) ipc.emitter.emit(EVENT_CHANNELS.beforeClose, fakeEvent, junk);
    ipc.emitter.emit(EVENT_CHANNELS.beforeClose, fakeEvent, 'req-2');
    await flush();
    expect(ipc.sent).toEqual([[SEND_CHANNELS.closeReady, 'req-0'], [SEND_CHANNELS.closeReady, 'req-2']]);
    off();
    expect(() => api.onBeforeClose('nope' as never)).toThrow(TypeError);
  });
});

describe('preload onOpenFile', () => {
  const fakeEvent = { sender: 'ipcRenderer', ports: [] };
  it('keeps files that arrive before a subscriber, delivers them once, drops malformed ones', async () => {
    const ipc = fakeIpcRenderer();
    const api = buildApi(ipc as never);
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xe2]);
    ipc.emitter.emit(EVENT_CHANNELS.openFile, fakeEvent, { name: 'early.pdf', folder: '/home/desk', bytes: pdf });
    for (const junk of [
      null,
      'x',
      { name: '', folder: '/', bytes: pdf },
      { name: 'a.txt' },
      { name: 'a.txt', content: 'text is no longer how files arrive' },
      { name: 'a.txt', folder: '/', bytes: 'not bytes' },
      { name: 'a.txt', folder: 7, bytes: pdf },
      { name: 'a.txt', folder: '/', bytes: [1, 2, 3] },
    ]) {
      ipc.emitter.emit(EVENT_CHANNELS.openFile, fakeEvent, junk);
    }
    const received: unknown[][] = [];
    const off = api.onOpenFile((...args: unknown[]) => received.push(args));
    expect(received).toEqual([]); // never inside the subscription call
    await Promise.resolve();
    expect(received).toEqual([[{ name: 'early.pdf', folder: '/home/desk', bytes: pdf }]]);
    const gb = new Uint8Array([0xb8, 0xdb]);
    ipc.emitter.emit(EVENT_CHANNELS.openFile, fakeEvent, { name: 'later.txt', folder: '/tmp', bytes: gb, extra: 'dropped' });
    expect(received).toEqual([[{ name: 'early.pdf', folder: '/home/desk', bytes: pdf }], [{ name: 'later.txt', folder: '/tmp', bytes: gb }]]);
    off();
    ipc.emitter.emit(EVENT_CHANNELS.openFile, fakeEvent, { name: 'after.txt', folder: '/', bytes: new Uint8Array() });
    expect(received).toHaveLength(2);
    expect(() => api.onOpenFile(null as never)).toThrow(TypeError);
  });
});

// The entry module with Electron replaced by a mock: the real 'electron' package is never loaded.
const exposed = vi.hoisted(() => [] as Array<{ key: string; value: Record<string, unknown> }>);
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.push({ key, value }) },
  ipcRenderer: { invoke: async () => undefined, on: () => undefined, removeListener: () => undefined, send: () => undefined },
}));

describe('preload entry', () => {
  it('exposes one object, window.api, with exactly API_KEYS', async () => {
    await import('./index');
    expect(exposed.map((e) => e.key)).toEqual(['api']);
    expect(Object.keys(exposed[0]!.value).sort()).toEqual([...API_KEYS].sort());
    console.log(`Preload: exposes ${exposed.length} global (window.api) with ${Object.keys(exposed[0]!.value).length} keys = API_KEYS`);
  });
});
