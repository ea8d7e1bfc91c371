// Main-process entry: the only module that imports Electron at runtime. It pins the data folder,
// takes the one-instance-per-profile lock, registers the app:// scheme and turns on the sandbox and
// the security hooks before anything loads, then wires the window, menu and IPC modules together
// (each of which takes Electron's objects as parameters).
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { EVENT_CHANNELS, type MenuCommand } from '../core/ipc/contract';
import { createAppOrigin } from './app-origin';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, PRINT_PARTITION, createAppProtocolHandler, createPrintJobs } from './app-protocol';
import { createBackupStore } from './backups';
import { createCloseGuard } from './close-guard';
import { resolveCorpusDir } from './corpus';
import { createSenderCheck, registerIpcHandlers } from './ipc';
import { createConsoleLogger } from './logger';
import { buildMenuTemplate } from './menu';
import { resolveRunMode } from './run-mode';
import { createIpcServices, readOpenedFile, removePrintLeftovers } from './services';
import { createOpenedFileForwarder, filesFromArgv } from './single-instance';
import { createMainWindowOptions, hardenSession, registerSecurityHooks } from './window';
import { createSyncServerSetting } from './sync-server-setting';
import { contentSecurityPolicyFor } from '../core/ipc/csp';

const logger = createConsoleLogger();

// Pin the data folder before 'ready'. Electron derives userData from the app's name, so renaming
// the product (or running it under another name) would silently start from an empty database;
// a fixed folder keeps the IndexedDB annotations and the backups where they were.
app.setPath('userData', join(app.getPath('appData'), 'Claimdesk'));

// Every renderer sandboxed, including any a dependency might create.
app.enableSandbox();

// app://claimdesk is the app's origin (see app-protocol.ts); privileges can only be set before ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

// Dev behaviour only under `npm run dev` (the --claimdesk-dev flag) in an unpackaged app.
const { isDev, devServerUrl } = resolveRunMode({ isPackaged: app.isPackaged, argv: process.argv, env: process.env });
const rendererDir = join(__dirname, '../renderer');
const corpusDir = resolveCorpusDir({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });
const origin = createAppOrigin({ devServerUrl });

registerSecurityHooks(app, origin, logger);

process.on('uncaughtException', (error) => logger.error('Uncaught exception in main', error));
process.on('unhandledRejection', (reason) => logger.error('Unhandled rejection in main', reason));

let mainWindow: BrowserWindow | null = null;
let quitting = false;
const printJobs = createPrintJobs();
const closeGuard = createCloseGuard({ logger });
const opened = createOpenedFileForwarder({
  getWindow: () => mainWindow,
  readFile: readOpenedFile,
  reportError: (message) => {
    void app
      .whenReady()
      .then(() => dialog.showMessageBox({ type: 'warning', title: 'Claimdesk', message: 'A file could not be opened', detail: message }))
      .catch(() => undefined);
  },
  logger,
});

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(createMainWindowOptions({ preloadPath: join(__dirname, '../preload/index.js') }));
  window.once('ready-to-show', () => window.show());
  closeGuard.guard(window);
  window.webContents.on('did-finish-load', () => opened.pageLoaded(window));
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
    // A quit held up while the page saved its typing goes on now (macOS keeps the app otherwise).
    if (quitting) app.quit();
  });
  const loading = origin.devServerOrigin && devServerUrl ? window.loadURL(devServerUrl) : window.loadURL(APP_INDEX_URL);
  loading.catch((error: unknown) => logger.error('Could not load the app page', error));
  return window;
}

function sendMenuCommand(command: MenuCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  target?.webContents.send(EVENT_CHANNELS.menuCommand, command);
}

if (!app.requestSingleInstanceLock()) {
  // Another Claimdesk is running on this profile: it gets focus and our files (below); two writers on
  // one database would race.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    opened.focus();
    void opened.open(filesFromArgv(argv, workingDirectory));
  });
  // macOS hands files over by event (Finder "Open With", dropping on the Dock icon), possibly before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void opened.open([path]);
  });
  app.on('before-quit', () => {
    quitting = true;
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(async () => {
      // Report HTML an older version wrote for printing (and a kill may have left): never needed now.
      await removePrintLeftovers(join(app.getPath('userData'), 'print')).catch((error: unknown) =>
        logger.warn(`Could not remove old print files: ${String(error)}`),
      );
      // The sync server a person configured (off by default): the only remote origin the page may reach.
      const syncServer = createSyncServerSetting(app.getPath('userData'), logger);
      protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererDir, corpusDir }, logger, () => contentSecurityPolicyFor(syncServer.origin())));
      // The print window's own in-memory session serves only the report being printed.
      session.fromPartition(PRINT_PARTITION).protocol.handle(APP_SCHEME, printJobs.handler);
      hardenSession(session.defaultSession, origin, logger, () => syncServer.origin());

      Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ send: sendMenuCommand, isMac: process.platform === 'darwin', isDev })));

      const services = createIpcServices({
        dialog,
        shell,
        BrowserWindow,
        printJobs,
        parentWindowFor: (event) => BrowserWindow.fromWebContents(event.sender),
        corpusDir,
        backups: createBackupStore({ dir: join(app.getPath('userData'), 'backups'), logger }),
        documentsDir: app.getPath('documents'),
        appInfo: () => ({ version: app.getVersion(), userDataPath: app.getPath('userData'), platform: 'electron' }),
        syncServer,
        logger,
      });
      registerIpcHandlers(ipcMain, {
        ...services,
        closeReady: (id, event) => void closeGuard.acknowledge(id, event.sender.id),
        isTrustedSender: createSenderCheck(origin),
        logger,
      });

      mainWindow = createMainWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
      });
      // Files named on the first launch's command line take the same road as a second launch's.
      void opened.open(filesFromArgv(process.argv, process.cwd()));
    })
    .catch((error: unknown) => {
      logger.error('Claimdesk could not start', error);
      app.quit();
    });
}
