// The app's own scheme, app://claimdesk/: the built renderer at its root and the bundled corpus under
// /corpus/, nothing else. A privileged standard scheme gives the page a real origin, so the CSP's 'self'
// means exactly these files (a file: page's 'self' admits other folders in Chromium 156). The handler
// refuses other hosts, other methods, traversal (plain or percent-encoded), odd segments, and links
// that resolve outside the two folders. The report printed to PDF is served from memory by a second
// handler that exists only in the print window's own session (app://print/<id>.html).
import { randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CONTENT_SECURITY_POLICY, CSP_HEADER, ISOLATION_HEADERS } from '../core/ipc/csp';
import { isPathInside } from './app-origin';
import type { Logger } from './logger';

export const APP_SCHEME = 'app';
export const APP_HOST = 'claimdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;
export const CORPUS_PATH_PREFIX = '/corpus/';
/** The host of printed reports; only the print session's handler answers it. */
export const PRINT_HOST = 'print';
/** The in-memory session the print window uses (no "persist:": nothing of it reaches the disk). */
export const PRINT_PARTITION = 'claimdesk-print';

/**
 * Privileges of the scheme (protocol.registerSchemesAsPrivileged, before ready): standard (an origin,
 * relative URLs, IndexedDB), secure (a secure context), fetch and CORS for module scripts and workers,
 * the V8 code cache. Not bypassCSP: the CSP applies as to any page. No service workers, no streaming.
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  codeCache: true,
});

/**
 * The report's own policy: no script at all (the print window also runs with JavaScript off), its
 * inline stylesheet, images only as data: URLs, and nothing loaded from anywhere.
 */
export const PRINT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-src 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** O_NOFOLLOW where the platform has it; the realpath check below covers links either way. */
const O_NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;

export interface AppProtocolRoots {
  /** out/renderer */
  rendererDir: string;
  /** resources/corpus when packaged, the repo's corpus/ otherwise */
  corpusDir: string;
}

export type ProtocolHandler = (request: Request) => Promise<Response>;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * The file a request maps to, as a root and its path segments, or null when the URL is not one the
 * app serves. Exported for tests. Each segment is percent-decoded once and must be a plain name: no
 * "." or "..", no slash or backslash (so %2F and %5C cannot smuggle one in), no NUL, no drive colon.
 */
export function mapAppUrl(raw: string, roots: AppProtocolRoots): { root: string; segments: string[] } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return null;
  // The raw path as well as the parsed one: the parser already folded "/../", which must not pass quietly.
  const rawPath = raw.slice(raw.indexOf(APP_HOST) + APP_HOST.length).split(/[?#]/)[0] ?? '';
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(rawPath) || rawPath.includes('\\')) return null;
  let path = url.pathname;
  if (path === '/' || path === '') path = '/index.html';
  let root = roots.rendererDir;
  if (path.startsWith(CORPUS_PATH_PREFIX)) {
    root = roots.corpusDir;
    path = path.slice(CORPUS_PATH_PREFIX.length - 1);
  }
  const segments: string[] = [];
  for (const encoded of path.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\u0000:]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0) return null;
  return { root, segments };
}

/** `policy`: the page's CSP as of now (the configured sync server's origin in connect-src, issue 15). */
export function createAppProtocolHandler(roots: AppProtocolRoots, logger?: Logger, policy: () => string = () => CONTENT_SECURITY_POLICY): ProtocolHandler {
  const realRoots = new Map<string, Promise<string | null>>();
  const realRoot = (root: string) => {
    let cached = realRoots.get(root);
    if (!cached) {
      cached = realpath(root).catch(() => null);
      realRoots.set(root, cached);
    }
    return cached;
  };

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const mapped = mapAppUrl(request.url, roots);
    if (!mapped) {
      logger?.warn(`Refused app:// request ${request.url.slice(0, 200)}`);
      return plain(404, 'Not found');
    }
    const candidate = join(mapped.root, ...mapped.segments);
    if (!isPathInside(mapped.root, candidate)) return plain(404, 'Not found');
    const rootReal = await realRoot(mapped.root);
    // A link inside the folder that points outside it is refused like any path outside.
    const real = await realpath(candidate).catch(() => null);
    if (!rootReal || !real || !isPathInside(rootReal, real)) {
      if (real) logger?.warn(`Refused app:// request that resolves outside the app: ${request.url.slice(0, 200)}`);
      return plain(404, 'Not found');
    }
    let body: Buffer;
    try {
      const handle = await open(real, fsConstants.O_RDONLY | O_NOFOLLOW);
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) return plain(404, 'Not found');
        body = await handle.readFile();
      } finally {
        await handle.close();
      }
    } catch {
      return plain(404, 'Not found');
    }
    const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Content-Length': String(body.length),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      ...ISOLATION_HEADERS,
    };
    if (type.startsWith('text/html')) headers[CSP_HEADER] = policy();
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** Reports waiting to be printed, held in memory by main: the renderer never writes a file for them. */
export interface PrintJobs {
  /** Registers a report; its URL is valid until `release` is called. */
  add(html: string): { url: string; release(): void };
  /** Jobs not yet released (a test checks none are left behind). */
  readonly size: number;
  /** The handler for the print session's app:// scheme: only app://print/<id>.html of a live job. */
  handler: ProtocolHandler;
}

export function createPrintJobs(newId: () => string = randomUUID): PrintJobs {
  const jobs = new Map<string, string>();
  return {
    add(html) {
      const id = newId();
      jobs.set(id, html);
      return { url: `${APP_SCHEME}://${PRINT_HOST}/${id}.html`, release: () => void jobs.delete(id) };
    },
    get size() {
      return jobs.size;
    },
    async handler(request) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return plain(404, 'Not found');
      }
      const m = /^\/([0-9A-Za-z-]{1,64})\.html$/.exec(url.pathname);
      const html = url.protocol === `${APP_SCHEME}:` && url.host === PRINT_HOST && request.method === 'GET' && m ? jobs.get(m[1]!) : undefined;
      if (html === undefined) return plain(404, 'Not found');
      return new Response(html, {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8', [CSP_HEADER]: PRINT_CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
      });
    },
  };
}
