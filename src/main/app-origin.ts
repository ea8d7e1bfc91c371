// Which URLs belong to the app: pages of app://claimdesk/ (the built renderer served by the app's own
// scheme, see app-protocol.ts) or, under `npm run dev` only, the loopback dev server electron-vite
// starts. Navigation, IPC sender checks and the request filter all ask this one object, so "the app's
// own origin" has a single definition. No file: URL is the app any more, so none is allowed at all.
import { isAbsolute, relative, resolve, sep } from 'node:path';

const APP_PROTOCOL = 'app:';
const APP_HOST = 'claimdesk';
const PRINT_HOST = 'print';
/** The app has one page; its scripts, styles and the corpus are resources, never pages to trust. */
const APP_PAGE_PATHS = new Set(['/', '/index.html']);

export interface AppOriginOptions {
  /** ELECTRON_RENDERER_URL; honoured only when it is http on 127.0.0.1, localhost or [::1] (and main passes it only in dev). */
  devServerUrl?: string | null;
}

export interface AppOrigin {
  /** The dev server's origin (http://127.0.0.1:5173) when a loopback dev URL was given, else null. */
  readonly devServerOrigin: string | null;
  /** True for a page of the app itself: the only pages that may navigate, be navigated to, or call IPC. */
  isAppPageUrl(url: string): boolean;
  /** True for a report the print window shows (app://print/…): allowed to load, never trusted. */
  isPrintUrl(url: string): boolean;
  /** True for a request the app may make: app://claimdesk, app://print, devtools, data:/blob:, and the dev server. Nothing remote, no file:. */
  isAllowedRequest(url: string): boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The origin of a dev server URL when it is plain http on a loopback host; anything else is refused. */
export function loopbackDevServerOrigin(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.username || url.password) return null;
  return url.origin;
}

/** True when `child` is `root` or lies inside it (after resolving `..`). */
export function isPathInside(root: string, child: string): boolean {
  const rel = relative(resolve(root), resolve(child));
  if (rel === '') return true;
  return !isAbsolute(rel) && rel.split(sep)[0] !== '..';
}

function parse(raw: unknown): URL | null {
  if (typeof raw !== 'string') return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

const isAppScheme = (url: URL, host: string) => url.protocol === APP_PROTOCOL && url.host === host && !url.username && !url.password;

export function createAppOrigin(options: AppOriginOptions = {}): AppOrigin {
  const devServerOrigin = loopbackDevServerOrigin(options.devServerUrl);
  const devSocketOrigin = devServerOrigin ? devServerOrigin.replace(/^http:/, 'ws:') : null;

  return {
    devServerOrigin,
    isAppPageUrl(raw) {
      const url = parse(raw);
      if (!url) return false;
      if (devServerOrigin && url.origin === devServerOrigin) return true;
      // Only the one page: not the corpus (data others wrote), not a bundle opened as a document.
      return isAppScheme(url, APP_HOST) && APP_PAGE_PATHS.has(url.pathname);
    },
    isPrintUrl(raw) {
      const url = parse(raw);
      return url !== null && isAppScheme(url, PRINT_HOST);
    },
    isAllowedRequest(raw) {
      const url = parse(raw);
      if (!url) return false;
      switch (url.protocol) {
        case 'devtools:':
        case 'data:':
        case 'blob:':
          return true;
        case APP_PROTOCOL:
          // Which files exist behind these is the protocol handlers' business (app-protocol.ts).
          return isAppScheme(url, APP_HOST) || isAppScheme(url, PRINT_HOST);
        case 'http:':
          return devServerOrigin !== null && url.origin === devServerOrigin;
        case 'ws:':
          return devSocketOrigin !== null && `ws://${url.host}` === devSocketOrigin;
        default:
          return false;
      }
    },
  };
}
