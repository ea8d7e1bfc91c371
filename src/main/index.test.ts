// The entry module with Electron replaced by a mock (the real 'electron' package is never loaded):
// the app:// scheme is registered as privileged before ready and handled in the default and the print
// sessions, the window loads app://claimdesk/index.html, `npm start` gets no DevTools, the window's
// close asks the page to save, a second launch's file reaches the page, and a refused lock quits.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from '../core/ipc/channels';

const work = mkdtempSync(join(tmpdir(), 'claimdesk-entry-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const electron = vi.hoisted(() => {
  const state = {
    lock: true,
    beforeReady: [] as string[],
    ready: false,
    privileged: [] as unknown[],
    handled: [] as Array<{ session: string; scheme: string }>,
    windows: [] as Array<any>,
    menu: null as unknown,
    quit: 0,
    invokeChannels: [] as string[],
    sendChannels: [] as string[],
    app: null as any,
  };
  return state;
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    setPath: () => undefined,
    getPath: (name: string) => join(work, name),
    getAppPath: () => process.cwd(),
    getVersion: () => '0.1.0',
    enableSandbox: () => void electron.beforeReady.push('enableSandbox'),
    requestSingleInstanceLock: () => electron.lock,
    quit: () => void electron.quit++,
    whenReady: () => Promise.resolve().then(() => void (electron.ready = true)),
  });
  electron.app = app;
  class BrowserWindow extends Emitter {
    static getAllWindows = () => electron.windows;
    static getFocusedWindow = () => null;
    static fromWebContents = () => null;
    options: unknown;
    loaded: string[] = [];
    closed = false;
    webContents = Object.assign(new Emitter(), {
      id: 1,
      sent: [] as unknown[][],
      send(...args: unknown[]) {
        this.sent.push(args);
      },
      isDestroyed: () => false,
      isCrashed: () => false,
      isLoading: () => false,
    });
    constructor(options: unknown) {
      super();
      this.options = options;
      electron.windows.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed = () => this.closed;
    isMinimized = () => false;
    restore = () => undefined;
    show = () => undefined;
    focus = () => undefined;
    close() {
      const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      this.emit('close', event);
      if (!event.defaultPrevented) this.closed = true;
    }
  }
  const fakeSession = (name: string) => ({
    protocol: { handle: (scheme: string) => void electron.handled.push({ session: name, scheme }) },
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    setDevicePermissionHandler: () => undefined,
    webRequest: { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined },
  });
  return {
    app,
    BrowserWindow,
    dialog: { showMessageBox: async () => ({ response: 0 }) },
    shell: {},
    ipcMain: {
      handle: (channel: string) => void electron.invokeChannels.push(channel),
      on: (channel: string) => void electron.sendChannels.push(channel),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void (electron.menu = m) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        if (electron.ready) throw new Error('registerSchemesAsPrivileged after ready');
        electron.privileged.push(...schemes);
      },
      handle: (scheme: string) => void electron.handled.push({ session: 'default', scheme }),
    },
    session: { defaultSession: fakeSession('default'), fromPartition: (p: string) => fakeSession(p) },
  };
});

const settle = () => new Promise((r) => setTimeout(r, 20));
/** Waits until the entry's asynchronous start-up reached a state (a loaded machine can take well over 20 ms). */
async function until(reached: () => boolean, ms = 5_000): Promise<void> {
  const started = Date.now();
  while (!reached() && Date.now() - started < ms) await settle();
}

describe('main entry', () => {
  beforeEach(() => {
    vi.resetModules();
    Object.assign(electron, { lock: true, beforeReady: [], ready: false, privileged: [], handled: [], windows: [], menu: null, quit: 0, invokeChannels: [], sendChannels: [] });
  });

  it('registers app:// before ready, serves it in both sessions, loads the app page, and wires every channel', async () => {
    await import('./index');
    expect(electron.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } }]);
    await until(() => electron.handled.length >= 2 && electron.windows.length > 0 && electron.windows[0].loaded.length > 0);
    expect(electron.handled).toEqual([
      { session: 'default', scheme: 'app' },
      { session: 'claimdesk-print', scheme: 'app' },
    ]);
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0].loaded).toEqual(['app://claimdesk/index.html']);
    expect(electron.invokeChannels.sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect(electron.sendChannels).toEqual(Object.values(SEND_CHANNELS));
    // npm start runs the app without the dev flag: no DevTools.
    expect(JSON.stringify(electron.menu)).not.toContain('toggleDevTools');
  });

  it("holds the window's close until the page answers, and hands a second launch's file to the page", async () => {
    await import('./index');
    await until(() => electron.windows.length > 0);
    const window = electron.windows[0];
    window.close();
    expect(window.closed).toBe(false);
    expect(window.webContents.sent.at(-1)?.[0]).toBe(EVENT_CHANNELS.beforeClose);

    const file = join(work, 'from-second-launch.json');
    writeFileSync(file, '{"format":"claimdesk"}');
    window.webContents.emit('did-finish-load');
    electron.app.emit('second-instance', {}, ['/opt/Claimdesk/claimdesk', file], work);
    await until(() => window.webContents.sent.at(-1)?.[0] === EVENT_CHANNELS.openFile);
    // Handed over as bytes with its folder, as a file chosen in Import… is.
    const [channel, handed] = window.webContents.sent.at(-1) as [string, { name: string; folder: string; bytes: Uint8Array }];
    expect(channel).toBe(EVENT_CHANNELS.openFile);
    expect({ name: handed.name, folder: handed.folder, text: new TextDecoder().decode(handed.bytes) }).toEqual({ name: 'from-second-launch.json', folder: work, text: '{"format":"claimdesk"}' });
  });

  it('a second instance quits at once and creates no window', async () => {
    electron.lock = false;
    await import('./index');
    await until(() => electron.quit > 0);
    await settle();
    expect(electron.quit).toBe(1);
    expect(electron.windows).toHaveLength(0);
  });
});

