// The Content-Security-Policy of the renderer: sent by main as a response header and carried by
// src/renderer/index.html as a meta tag. No remote origins: the app is offline by default. The one
// exception is the desk's sync server a person configures (opt-in, issue 15): `connect-src` then
// admits exactly that origin, never a scheme or a wildcard (docs/adr/0020-sync-in-the-app.md).

/** The response header that carries it. */
export const CSP_HEADER = 'Content-Security-Policy';

/**
 * Cross-origin isolation for the app's pages and files: another origin's window cannot keep a
 * handle on the app's, nothing from another origin can be embedded, and the page may share memory
 * with its workers (search answers: src/renderer/features/search/shared-answer.ts, ADR 0017). The app
 * loads nothing from other origins, so it gives up nothing.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const policyWith = (connectSrc: string) =>
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  `connect-src ${connectSrc}; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'`;

/** The policy with sync off: nothing but the app itself. */
export const CONTENT_SECURITY_POLICY = policyWith("'self'");

/**
 * The ceiling the page's own meta tag states: the strict policy, except that `connect-src` also names
 * every origin a sync server may have (wss: anywhere, ws: on this computer). A page's policies only
 * narrow each other, so this is never what applies: main's header (Electron) or the page's boot
 * narrowing (browser build, `connectSrcNarrowing`) cuts it down to the configured server or nothing.
 */
export const PAGE_CONTENT_SECURITY_POLICY = policyWith("'self' ws://127.0.0.1:* ws://localhost:* ws://[::1]:* wss:");

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The origin of a sync server address, or null when it is not one the app may talk to: wss:// to any
 * host, ws:// only to this computer (a token sent in clear over a network could be read on the way),
 * no credentials, query or fragment in the address.
 */
export function syncServerOrigin(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  // Parsed by hand: core has no URL class (no DOM or Node). Anything unusual is refused, not repaired.
  const m = /^(wss?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?(\/[^?#\s@]*)?$/i.exec(raw.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  const port = m[3] === undefined ? null : Number(m[3]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  if (host.startsWith('.') || host.endsWith('.') || host.includes('..')) return null;
  if (scheme === 'ws' && !LOOPBACK.has(host)) return null;
  const defaultPort = scheme === 'wss' ? 443 : 80;
  return `${scheme}://${host}${port === null || port === defaultPort ? '' : `:${port}`}`;
}

/** The header policy for a configured sync server (null: sync off, the strict policy). */
export function contentSecurityPolicyFor(syncOrigin: string | null): string {
  const origin = syncOrigin === null ? null : syncServerOrigin(syncOrigin);
  return origin ? policyWith(`'self' ${origin}`) : CONTENT_SECURITY_POLICY;
}

/** The second policy the browser build adds at boot: connect-src cut to the configured server, or the app only. */
export function connectSrcNarrowing(syncOrigin: string | null): string {
  const origin = syncOrigin === null ? null : syncServerOrigin(syncOrigin);
  return origin ? `connect-src 'self' ${origin}` : "connect-src 'self'";
}

/**
 * Development only (electron-vite dev / vite dev on 127.0.0.1): @vitejs/plugin-react injects an
 * inline Fast Refresh preamble and Vite injects CSS as <style> elements, both blocked by the policy
 * above. Never used by a build: main applies it only when a loopback dev server URL is set in an
 * unpackaged app, and index.html gets the same relaxation in dev (vite.csp-dev.ts).
 */
export const DEVELOPMENT_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self';",
  "script-src 'self' 'unsafe-inline';",
).replace("style-src 'self';", "style-src 'self' 'unsafe-inline';");

export const DEVELOPMENT_PAGE_CONTENT_SECURITY_POLICY = PAGE_CONTENT_SECURITY_POLICY.replace(
  "script-src 'self';",
  "script-src 'self' 'unsafe-inline';",
).replace("style-src 'self';", "style-src 'self' 'unsafe-inline';");
