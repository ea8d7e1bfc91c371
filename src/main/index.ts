// Main-process entry: the only module that imports Electron at runtime. It pins the data folder,
// turns on the sandbox and the security hooks before anything loads, then wires the window,
// menu and IPC modules together (each of which takes Electron's objects as parameters).
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { EVENT_CHANNELS, type MenuCommand } from '../core/ipc/contract';
import { createAppOrigin } from './app-origin';
import { createBackupStore } from './backups';
import { resolveCorpusDir } from './corpus';
import { createSenderCheck, registerIpcHandlers } from './ipc';
import { createConsoleLogger } from './logger';
import { buildMenuTemplate } from './menu';
import { createIpcServices } from './services';
import { createMainWindowOptions, hardenSession, registerSecurityHooks } from './window';

const logger = createConsoleLogger();

// Pin the data folder before 'ready'. Electron derives userData from the app's name, so renaming
// the product (or running it under another name) would silently start from an empty database;
// a fixed folder keeps the IndexedDB annotations and the backups where they were.
app.setPath('userData', join(app.getPath('appData'), 'Claimdesk'));

// Every renderer sandboxed, including any a dependency might create.
app.enableSandbox();

const isDev = !app.isPackaged;
// electron-vite sets ELECTRON_RENDERER_URL in `electron-vite dev`; a packaged app ignores it so an
// environment variable can never point the app at another server.
const devServerUrl = isDev ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;
const rendererDir = join(__dirname, '../renderer');
const printDir = join(app.getPath('userData'), 'print');
const origin = createAppOrigin({ rendererDir, devServerUrl, extraFileRoots: [printDir] });

registerSecurityHooks(app, origin, logger);

process.on('uncaughtException', (error) => logger.error('Uncaught exception in main', error));
process.on('unhandledRejection', (reason) => logger.error('Unhandled rejection in main', reason));

let mainWindow: BrowserWindow | null = null;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(createMainWindowOptions({ preloadPath: join(__dirname, '../preload/index.js') }));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  const loading = origin.devServerOrigin && devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(join(rendererDir, 'index.html'));
  loading.catch((error: unknown) => logger.error('Could not load the app page', error));
  return window;
}

function sendMenuCommand(command: MenuCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  target?.webContents.send(EVENT_CHANNELS.menuCommand, command);
}

if (!app.requestSingleInstanceLock()) {
  // Another Claimdesk is running: it gets focus (below); two writers on one database would race.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession, origin, logger);

      Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ send: sendMenuCommand, isMac: process.platform === 'darwin', isDev })));

      const services = createIpcServices({
        dialog,
        shell,
        BrowserWindow,
        parentWindowFor: (event) => BrowserWindow.fromWebContents(event.sender),
        corpusDir: resolveCorpusDir({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() }),
        backups: createBackupStore({ dir: join(app.getPath('userData'), 'backups'), logger }),
        printDir,
        documentsDir: app.getPath('documents'),
        appInfo: () => ({ version: app.getVersion(), userDataPath: app.getPath('userData'), platform: 'electron' }),
        logger,
      });
      registerIpcHandlers(ipcMain, { ...services, isTrustedSender: createSenderCheck(origin), logger });

      mainWindow = createMainWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
      });
    })
    .catch((error: unknown) => {
      logger.error('Claimdesk could not start', error);
      app.quit();
    });
}
