// Which URLs belong to the app: pages of the built renderer (file: inside out/renderer) or the
// loopback dev server electron-vite starts. Navigation, IPC sender checks and the request filter
// all ask this one object, so "the app's own origin" has a single definition.
import { fileURLToPath } from 'node:url';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface AppOriginOptions {
  /** Absolute path of the built renderer folder (out/renderer); null when only the dev server serves it. */
  rendererDir: string | null;
  /** ELECTRON_RENDERER_URL; honoured only when it is http on 127.0.0.1, localhost or [::1]. */
  devServerUrl?: string | null;
  /** Folders whose files may be loaded as resources but are never trusted pages (the print window's temp folder). */
  extraFileRoots?: readonly string[];
}

export interface AppOrigin {
  /** The dev server's origin (http://127.0.0.1:5173) when a loopback dev URL was given, else null. */
  readonly devServerOrigin: string | null;
  /** True for a page of the app itself: the only pages that may navigate, be navigated to, or call IPC. */
  isAppPageUrl(url: string): boolean;
  /** True for a request the app may make: its own files, devtools, data:/blob:, and the dev server. Nothing remote. */
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

function filePathOf(url: URL): string | null {
  if (url.protocol !== 'file:') return null;
  try {
    return fileURLToPath(url);
  } catch {
    // file://remote-host/... and malformed paths are not ours.
    return null;
  }
}

export function createAppOrigin(options: AppOriginOptions): AppOrigin {
  const devServerOrigin = loopbackDevServerOrigin(options.devServerUrl);
  const devSocketOrigin = devServerOrigin ? devServerOrigin.replace(/^http:/, 'ws:') : null;
  const rendererDir = options.rendererDir ? resolve(options.rendererDir) : null;
  const extraRoots = (options.extraFileRoots ?? []).map((r) => resolve(r));

  const parse = (raw: string): URL | null => {
    if (typeof raw !== 'string') return null;
    try {
      return new URL(raw);
    } catch {
      return null;
    }
  };

  return {
    devServerOrigin,
    isAppPageUrl(raw) {
      const url = parse(raw);
      if (!url) return false;
      if (devServerOrigin && url.origin === devServerOrigin) return true;
      const path = filePathOf(url);
      return path !== null && rendererDir !== null && isPathInside(rendererDir, path);
    },
    isAllowedRequest(raw) {
      const url = parse(raw);
      if (!url) return false;
      switch (url.protocol) {
        case 'devtools:':
        case 'data:':
        case 'blob:':
          return true;
        case 'file:': {
          const path = filePathOf(url);
          if (path === null) return false;
          return (rendererDir !== null && isPathInside(rendererDir, path)) || extraRoots.some((r) => isPathInside(r, path));
        }
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
