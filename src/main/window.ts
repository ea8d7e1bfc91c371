// The security policy of every window: one options factory, hardening of each webContents and
// session, and the app hook that applies it to contents created later. Electron's objects are
// passed in (types only are imported) so all of this is unit-tested in Node without Electron.
import type {
  App,
  BrowserWindowConstructorOptions,
  Event as ElectronEvent,
  Session,
  WebContents,
  WebPreferences,
} from 'electron';
import { CONTENT_SECURITY_POLICY, DEVELOPMENT_CONTENT_SECURITY_POLICY, contentSecurityPolicyFor } from '../core/ipc/csp';
import type { AppOrigin } from './app-origin';
import { PRINT_CONTENT_SECURITY_POLICY, PRINT_PARTITION } from './app-protocol';
import type { Logger } from './logger';

export { CONTENT_SECURITY_POLICY };

/**
 * The web preferences every window starts from. Most equal Electron's defaults today; they are
 * spelled out so a changed default or a careless edit shows up in review and in the S1 test.
 */
export const SECURE_WEB_PREFERENCES: Readonly<WebPreferences> = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  enableWebSQL: false,
  plugins: false,
  spellcheck: false,
  safeDialogs: true,
  navigateOnDragDrop: false,
});

export interface MainWindowOptionsInput {
  /** Absolute path of the built preload (out/preload/index.js). */
  preloadPath: string;
}

/** Options of the app's window. Every window the app opens takes its options from here. */
export function createMainWindowOptions({ preloadPath }: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Claimdesk',
    backgroundColor: '#ffffff',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  };
}

/**
 * The hidden window that renders a report to PDF: the same policy, no preload, JavaScript off, and its
 * own in-memory session, whose app:// handler serves only the report main holds for it. The app's
 * window cannot reach that report, and the print window cannot reach the app.
 */
export function createHiddenPrintWindowOptions(): BrowserWindowConstructorOptions {
  const base = createMainWindowOptions({ preloadPath: '' });
  const { preload: _noPreload, ...webPreferences } = base.webPreferences ?? {};
  void _noPreload;
  return {
    ...base,
    show: false,
    title: 'Claimdesk report',
    webPreferences: { ...webPreferences, javascript: false, partition: PRINT_PARTITION },
  };
}

/** The subset of WebContents the hardening uses; a fake in tests. */
export type HardenableWebContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

interface NavigationDetails {
  url?: string;
  isSameDocument?: boolean;
  isMainFrame?: boolean;
}

type NavigationEvent = ElectronEvent & NavigationDetails;

function describeUrl(url: unknown): string {
  const s = typeof url === 'string' ? url : String(url);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/**
 * Keeps a webContents on the app: no navigation away (same-document changes and the app's own
 * pages only), no redirects elsewhere, no new windows, no <webview>.
 */
export function hardenWebContents(contents: HardenableWebContents, origin: AppOrigin, logger?: Logger): void {
  const guardNavigation = (kind: string) => (event: NavigationEvent, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl ?? '';
    if (event.isSameDocument === true || origin.isAppPageUrl(url)) return;
    event.preventDefault();
    logger?.warn(`Blocked ${kind} to ${describeUrl(url)}`);
  };
  contents.on('will-navigate', guardNavigation('navigation') as never);
  contents.on('will-redirect', guardNavigation('redirect') as never);
  contents.on('will-frame-navigate', ((event: NavigationEvent) => {
    // Subframes are forbidden by CSP (frame-src 'none'); this catches any that slip through.
    if (event.isMainFrame === false && event.isSameDocument !== true) {
      event.preventDefault();
      logger?.warn(`Blocked subframe navigation to ${describeUrl(event.url)}`);
    }
  }) as never);
  contents.on('will-attach-webview', ((event: ElectronEvent) => {
    event.preventDefault();
    logger?.warn('Blocked a <webview>');
  }) as never);
  contents.setWindowOpenHandler((details) => {
    logger?.warn(`Blocked a new window for ${describeUrl(details?.url)}`);
    return { action: 'deny' };
  });
}

/** The subset of Session the hardening uses; a fake in tests. */
export type HardenableSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  setDevicePermissionHandler?: Session['setDevicePermissionHandler'];
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest' | 'onHeadersReceived'>;
};

/** Returns the response headers with our CSP set (any CSP already present still applies: policies only narrow). */
export function withContentSecurityPolicy(
  headers: Record<string, string[] | string> | undefined,
  policy: string = CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  const existing = Object.entries(headers ?? {})
    .filter(([name]) => name.toLowerCase() === 'content-security-policy')
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
  out['Content-Security-Policy'] = [policy, ...existing];
  return out;
}

/**
 * Denies every permission (camera, notifications, geolocation, HID, ...), adds the CSP header to
 * every response (the app's index.html carries the same policy in its meta tag), and cancels every
 * request that is not the app's own (no remote content, no file: at all).
 */
export function hardenSession(session: HardenableSession, origin: AppOrigin, logger?: Logger, syncOrigin: () => string | null = () => null): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger?.warn(`Denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = origin.isAllowedRequest(details.url) || isSyncRequest(details.url, syncOrigin());
    if (!allowed) logger?.warn(`Blocked request to ${describeUrl(details.url)}`);
    callback({ cancel: !allowed });
  });
  // The strict policy always, except while a loopback dev server serves the renderer (see csp.ts),
  // and the report's own script-less policy for the page the print window shows.
  // The configured sync server (issue 15) is read per response, so a page loaded after it was set admits it.
  session.webRequest.onHeadersReceived((details, callback) => {
    const policy = origin.devServerOrigin ? DEVELOPMENT_CONTENT_SECURITY_POLICY : contentSecurityPolicyFor(syncOrigin());
    const forUrl = origin.isPrintUrl(details.url) ? PRINT_CONTENT_SECURITY_POLICY : policy;
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, forUrl) });
  });
}

/** A WebSocket to exactly the configured sync server's origin (never http, never another host or port). */
export function isSyncRequest(raw: string, syncOrigin: string | null): boolean {
  if (!syncOrigin) return false;
  try {
    const url = new URL(raw);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && !url.username && !url.password && `${url.protocol}//${url.host}` === syncOrigin;
  } catch {
    return false;
  }
}

/** The subset of App the hooks use. */
export type HookableApp = Pick<App, 'on'>;

/** Hardens every webContents and session Electron creates from now on, windows and devtools alike. */
export function registerSecurityHooks(app: HookableApp, origin: AppOrigin, logger?: Logger): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin, logger));
  app.on('session-created', (session) => hardenSession(session, origin, logger));
}
