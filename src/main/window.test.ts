// S1: the window factory's options are the secure ones, and the webContents/session/app hardening
// blocks navigation, new windows, webviews, permissions and remote requests, with Electron faked.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, DEVELOPMENT_CONTENT_SECURITY_POLICY, PAGE_CONTENT_SECURITY_POLICY, contentSecurityPolicyFor, syncServerOrigin } from '../core/ipc/csp';
import { createSyncServerSetting } from './sync-server-setting';
import { createAppOrigin, loopbackDevServerOrigin } from './app-origin';
import { PRINT_PARTITION } from './app-protocol';
import { FakeSession, FakeWebContents, fakeEvent } from './test-fakes';
import {
  createHiddenPrintWindowOptions,
  createMainWindowOptions,
  hardenSession,
  hardenWebContents,
  isSyncRequest,
  registerSecurityHooks,
  withContentSecurityPolicy,
} from './window';

const APP_PAGE = 'app://claimdesk/index.html';
const PRINT_PAGE = 'app://print/0b5c2a9e-1111-4222-8333-944455556666.html';

let checks = 0;
let insecure = 0;
/** One security property; counted for the S1 figure, and a failure fails the test. */
function check(what: string, secure: boolean): void {
  checks++;
  if (!secure) insecure++;
  expect(secure, what).toBe(true);
}

afterAll(() => {
  console.log(`S1: ${checks} checks, ${insecure} insecure`);
});

const EXPECTED_FLAGS: Record<string, boolean> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  spellcheck: false,
  safeDialogs: true,
  navigateOnDragDrop: false,
};

describe('S1 window options', () => {
  it('the main window options carry every secure flag and the preload', () => {
    const options = createMainWindowOptions({ preloadPath: '/opt/claimdesk/out/preload/index.js' });
    const prefs = options.webPreferences as Record<string, unknown>;
    for (const [flag, value] of Object.entries(EXPECTED_FLAGS)) check(`main ${flag} is ${value}`, prefs[flag] === value);
    check('main has no enableBlinkFeatures', prefs.enableBlinkFeatures === undefined);
    check('main has no partition or affinity surprises', prefs.partition === undefined);
    check('main preload is the given path', prefs.preload === '/opt/claimdesk/out/preload/index.js');
    check('main javascript is not turned off by accident', prefs.javascript !== false);
  });

  it('the hidden print window is derived from it with JavaScript off and no preload', () => {
    const options = createHiddenPrintWindowOptions();
    const prefs = options.webPreferences as Record<string, unknown>;
    for (const [flag, value] of Object.entries(EXPECTED_FLAGS)) check(`print ${flag} is ${value}`, prefs[flag] === value);
    check('print javascript is false', prefs.javascript === false);
    check('print has no preload', !('preload' in prefs) || !prefs.preload);
    check('print has no enableBlinkFeatures', prefs.enableBlinkFeatures === undefined);
    check('print window is hidden', options.show === false);
    check('print window has its own in-memory session', prefs.partition === PRINT_PARTITION && !String(prefs.partition).startsWith('persist:'));
  });

  it('a caller cannot weaken the shared preferences by mutating them', () => {
    const a = createMainWindowOptions({ preloadPath: '/p.js' });
    (a.webPreferences as Record<string, unknown>).sandbox = false;
    const b = createMainWindowOptions({ preloadPath: '/p.js' });
    check('a fresh options object is still sandboxed', b.webPreferences?.sandbox === true);
  });
});

describe('S1 webContents hardening', () => {
  const origin = createAppOrigin();

  const hardened = () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, origin);
    return contents;
  };

  it('prevents navigation away from the app, allows same-document and app pages', () => {
    const contents = hardened();
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'file:///opt/claimdesk/out/renderer/index.html',
      PRINT_PAGE,
      'app://claimdesk/corpus/manifest.json',
      'app://evil/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'chrome://settings',
      'not a url',
    ]) {
      const event = fakeEvent({ url, isMainFrame: true, isSameDocument: false });
      contents.emit('will-navigate', event, url);
      check(`will-navigate to ${url} prevented`, event.defaultPrevented);
      const redirect = fakeEvent({ url, isMainFrame: true, isSameDocument: false });
      contents.emit('will-redirect', redirect, url);
      check(`will-redirect to ${url} prevented`, redirect.defaultPrevented);
    }
    const sameDoc = fakeEvent({ url: `${APP_PAGE}#/doc/1`, isMainFrame: true, isSameDocument: true });
    contents.emit('will-navigate', sameDoc, sameDoc.url);
    check('same-document navigation allowed', !sameDoc.defaultPrevented);
    const reload = fakeEvent({ url: APP_PAGE, isMainFrame: true, isSameDocument: false });
    contents.emit('will-navigate', reload, APP_PAGE);
    check('navigation to the app page itself allowed', !reload.defaultPrevented);
  });

  it('prevents subframe navigations', () => {
    const contents = hardened();
    const event = fakeEvent({ url: 'https://evil.example/', isMainFrame: false, isSameDocument: false });
    contents.emit('will-frame-navigate', event);
    check('subframe navigation prevented', event.defaultPrevented);
  });

  it('denies every window.open', () => {
    const contents = hardened();
    check('a window open handler is set', typeof contents.windowOpenHandler === 'function');
    for (const url of ['https://evil.example/', APP_PAGE, 'about:blank', 'file:///etc/passwd']) {
      check(`window.open(${url}) denied`, contents.windowOpenHandler?.({ url }).action === 'deny');
    }
  });

  it('prevents <webview> attachment', () => {
    const contents = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    check('will-attach-webview prevented', event.defaultPrevented);
  });
});

describe('S1 session hardening', () => {
  it('denies every permission request and check', () => {
    const session = new FakeSession();
    hardenSession(session as never, createAppOrigin());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'pointerLock', 'midiSysex', 'display-capture']) {
      check(`permission request ${permission} denied`, session.requestPermission(permission) === false);
      check(`permission check ${permission} false`, session.permissionCheckHandler?.(null, permission, APP_PAGE, {}) === false);
    }
    check('device permission denied', session.devicePermissionHandler?.({}) === false);
  });

  it('adds the CSP header, keeping other headers and any stricter existing CSP', () => {
    const session = new FakeSession();
    hardenSession(session as never, createAppOrigin());
    const headers = session.headersFor(APP_PAGE, { 'content-type': ['text/html'], 'content-security-policy': ["script-src 'none'"] });
    check('CSP header present', headers['Content-Security-Policy']?.[0] === CONTENT_SECURITY_POLICY);
    check('existing CSP kept (policies only narrow)', headers['Content-Security-Policy']?.includes("script-src 'none'") === true);
    check('lower-case duplicate removed', !('content-security-policy' in headers));
    check('other headers kept', headers['content-type']?.[0] === 'text/html');
    check('CSP added when there were no headers', withContentSecurityPolicy(undefined)['Content-Security-Policy']?.[0] === CONTENT_SECURITY_POLICY);
  });

  it('the CSP has no remote origin, no inline or eval scripts, no objects, frames or forms', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]),
    );
    check('no unsafe-inline or unsafe-eval', !/unsafe-(inline|eval)/.test(CONTENT_SECURITY_POLICY));
    check('no scheme or host sources except data:/blob:', !/(https?:|ws:|wss:|\*)/.test(CONTENT_SECURITY_POLICY));
    check("default-src 'self'", directives.get('default-src')?.join(' ') === "'self'");
    check("script-src 'self'", directives.get('script-src')?.join(' ') === "'self'");
    check("object-src 'none'", directives.get('object-src')?.join(' ') === "'none'");
    check("base-uri 'none'", directives.get('base-uri')?.join(' ') === "'none'");
    check("form-action 'none'", directives.get('form-action')?.join(' ') === "'none'");
    check("frame-src 'none'", directives.get('frame-src')?.join(' ') === "'none'");
  });

  it('blocks every request that is not the app: no remote content, no stray files', () => {
    const session = new FakeSession();
    hardenSession(session as never, createAppOrigin());
    for (const url of [
      'https://evil.example/x.js',
      'http://example.com/',
      'http://127.0.0.1:5173/',
      'http://localhost:5173/src/main.tsx',
      'ws://127.0.0.1:5173/',
      'wss://evil.example/',
      'ftp://evil.example/',
      'file:///etc/passwd',
      'file:///opt/claimdesk/out/renderer/index.html',
      'file:///home/u/.config/Claimdesk/print/report-1.html',
      'file://remote-host/share/x.js',
      'app://evil/index.html',
      'app://claimdesk.evil.example/index.html',
      'app://u:p@claimdesk/index.html',
      'apps://claimdesk/index.html',
      'chrome-extension://abc/x.js',
      'not a url',
    ]) {
      check(`request ${url} cancelled`, session.isCancelled(url));
    }
    for (const url of [APP_PAGE, 'app://claimdesk/assets/index-abc.js', 'app://claimdesk/corpus/manifest.json', 'devtools://devtools/bundled/x.js', 'data:image/png;base64,AA==', 'blob:app://claimdesk/123', PRINT_PAGE]) {
      check(`request ${url} allowed`, !session.isCancelled(url));
    }
  });

  it('the printed report gets its own script-less policy; app pages the strict one', () => {
    const session = new FakeSession();
    hardenSession(session as never, createAppOrigin());
    const print = session.headersFor(PRINT_PAGE)['Content-Security-Policy']?.[0] ?? '';
    check('print page: no script source at all', print.includes("default-src 'none'") && !/script-src/.test(print));
    check('print page: nothing remote', !/(https?:|wss?:|\*)/.test(print));
    check('app page: strict policy', session.headersFor(APP_PAGE)['Content-Security-Policy']?.[0] === CONTENT_SECURITY_POLICY);
  });

  it('only app://claimdesk pages are app pages: not the corpus, the print report, file: or other hosts', () => {
    const origin = createAppOrigin();
    check('index is an app page', origin.isAppPageUrl(APP_PAGE) && origin.isAppPageUrl('app://claimdesk/'));
    check('the page with a hash or query is still the app page', origin.isAppPageUrl(`${APP_PAGE}#/doc/1`) && origin.isAppPageUrl(`${APP_PAGE}?x=1`));
    for (const url of [PRINT_PAGE, 'app://claimdesk/corpus/a.txt', 'app://claimdesk/assets/index-abc.js', 'app://claimdesk/other.html', 'file:///opt/claimdesk/out/renderer/index.html', 'app://evil/index.html', 'https://claimdesk/index.html', 'http://127.0.0.1:5173/']) {
      check(`${url} is not an app page`, !origin.isAppPageUrl(url));
    }
    check('print URL recognised', origin.isPrintUrl(PRINT_PAGE) && !origin.isPrintUrl(APP_PAGE));
  });

  it('allows the dev server only when a loopback dev URL is set', () => {
    const session = new FakeSession();
    hardenSession(session as never, createAppOrigin({ devServerUrl: 'http://127.0.0.1:5173/' }));
    check('dev server page allowed', !session.isCancelled('http://127.0.0.1:5173/src/main.tsx'));
    check('dev server HMR socket allowed', !session.isCancelled('ws://127.0.0.1:5173/'));
    check('another port refused', session.isCancelled('http://127.0.0.1:5174/'));
    check('localhost lookalike refused', session.isCancelled('http://127.0.0.1.evil.example:5173/'));
    check('https remote still refused', session.isCancelled('https://evil.example/'));
    check('a non-loopback dev URL is ignored', loopbackDevServerOrigin('http://192.168.1.5:5173/') === null);
    check('an https dev URL is ignored', loopbackDevServerOrigin('https://127.0.0.1:5173/') === null);
    check('dev responses get the dev policy (inline allowed for Vite only)', session.headersFor('http://127.0.0.1:5173/')['Content-Security-Policy']?.[0] === DEVELOPMENT_CONTENT_SECURITY_POLICY);
    check('the dev policy still allows no remote origin', !/(https?:|wss?:|\*)/.test(DEVELOPMENT_CONTENT_SECURITY_POLICY) && DEVELOPMENT_CONTENT_SECURITY_POLICY.includes("object-src 'none'"));
    const built = new FakeSession();
    hardenSession(built as never, createAppOrigin({ devServerUrl: null }));
    check('without a dev URL the strict policy applies', built.headersFor(APP_PAGE)['Content-Security-Policy']?.[0] === CONTENT_SECURITY_POLICY);
    check('a dev URL with credentials is ignored', loopbackDevServerOrigin('http://u:p@127.0.0.1:5173/') === null);
    check('localhost dev URL accepted', loopbackDevServerOrigin('http://localhost:5173/') === 'http://localhost:5173');
  });
});

describe('S1 app hooks', () => {
  it('hardens webContents and sessions created after registration', () => {
    const app = new EventEmitter();
    registerSecurityHooks(app as never, createAppOrigin());
    const later = new FakeWebContents();
    app.emit('web-contents-created', fakeEvent(), later);
    const nav = fakeEvent({ url: 'https://evil.example/', isMainFrame: true, isSameDocument: false });
    later.emit('will-navigate', nav, nav.url);
    check('later contents: navigation prevented', nav.defaultPrevented);
    check('later contents: window.open denied', later.windowOpenHandler?.({ url: 'https://evil.example/' }).action === 'deny');
    const webview = fakeEvent();
    later.emit('will-attach-webview', webview, {}, {});
    check('later contents: webview prevented', webview.defaultPrevented);
    const session = new FakeSession();
    app.emit('session-created', session);
    check('later session: permission denied', session.requestPermission('media') === false);
    check('later session: remote request cancelled', session.isCancelled('https://evil.example/'));
  });
});

describe('CSP shared with the renderer', () => {
  const indexHtml = resolve(__dirname, '../renderer/index.html');
  it.skipIf(!existsSync(indexHtml))('src/renderer/index.html carries the page ceiling: the header policy except for sync servers in connect-src', () => {
    const html = readFileSync(indexHtml, 'utf8');
    const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(PAGE_CONTENT_SECURITY_POLICY);
    const withoutConnect = (p: string) => p.split(';').filter((d) => !d.trim().startsWith('connect-src')).join(';');
    expect(withoutConnect(PAGE_CONTENT_SECURITY_POLICY)).toBe(withoutConnect(CONTENT_SECURITY_POLICY));
  });
});

describe('CSP and request filter with a configured sync server (issue 15)', () => {
  it('admits exactly the configured origin, and nothing remote when sync is off', () => {
    expect(contentSecurityPolicyFor(null)).toBe(CONTENT_SECURITY_POLICY);
    expect(contentSecurityPolicyFor('wss://sync.example.org')).toContain("connect-src 'self' wss://sync.example.org;");
    expect(contentSecurityPolicyFor('ws://sync.example.org')).toBe(CONTENT_SECURITY_POLICY);
    expect(syncServerOrigin('wss://Sync.Example.org:443/desk')).toBe('wss://sync.example.org');
    expect(syncServerOrigin('ws://127.0.0.1:4455')).toBe('ws://127.0.0.1:4455');
    for (const bad of ['ws://10.0.0.2:4455', 'https://sync.example.org', 'wss://a:b@sync.example.org', 'wss://sync.example.org/?x', 'wss://*.example.org', 'wss://sync.example.org:99999']) expect(syncServerOrigin(bad)).toBeNull();
    expect(isSyncRequest('wss://sync.example.org/desk', 'wss://sync.example.org')).toBe(true);
    expect(isSyncRequest('wss://sync.example.org:8443/', 'wss://sync.example.org')).toBe(false);
    expect(isSyncRequest('https://sync.example.org/', 'wss://sync.example.org')).toBe(false);
    expect(isSyncRequest('ws://127.0.0.1:4455/', null)).toBe(false);
  });

  it('a session hardened with a sync server sends its origin in the header and lets only its sockets through', () => {
    let configured: string | null = null;
    const session = new FakeSession();
    hardenSession(session as never, createAppOrigin({}), undefined, () => configured);
    expect(session.headersFor(APP_PAGE)['Content-Security-Policy']?.[0]).toBe(CONTENT_SECURITY_POLICY);
    expect(session.isCancelled('ws://127.0.0.1:4455/')).toBe(true);
    configured = 'ws://127.0.0.1:4455';
    expect(session.headersFor(APP_PAGE)['Content-Security-Policy']?.[0]).toContain("connect-src 'self' ws://127.0.0.1:4455;");
    expect(session.isCancelled('ws://127.0.0.1:4455/')).toBe(false);
    expect(session.isCancelled('ws://127.0.0.1:4456/')).toBe(true);
    expect(session.isCancelled('http://127.0.0.1:4455/')).toBe(true);
  });
});

describe('the stored sync server (issue 15)', () => {
  it('is off by default, keeps a good origin across a restart, refuses a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-sync-setting-'));
    try {
      const a = createSyncServerSetting(dir);
      expect(a.origin()).toBeNull();
      await expect(a.set('ws://sync.example.org')).rejects.toThrow(/wss/);
      expect(await a.set('wss://sync.example.org/desk')).toBe('wss://sync.example.org');
      expect(createSyncServerSetting(dir).origin()).toBe('wss://sync.example.org');
      await a.set(null);
      expect(createSyncServerSetting(dir).origin()).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
