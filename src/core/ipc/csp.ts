// The Content-Security-Policy of the renderer: sent by main as a response header and carried by
// src/renderer/index.html as a meta tag, with the same string, so either alone is enough.
// No remote origins at all: the app is offline by design. blob: workers only for bundled code.

/** The response header that carries it. */
export const CSP_HEADER = 'Content-Security-Policy';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'";

/**
 * Development only (electron-vite dev / vite dev on 127.0.0.1): @vitejs/plugin-react injects an
 * inline Fast Refresh preamble and Vite injects CSS as <style> elements, both blocked by the policy
 * above. Never used by a build: main applies it only when a loopback dev server URL is set in an
 * unpackaged app, and index.html would need the same relaxation in dev (a transformIndexHtml hook).
 */
export const DEVELOPMENT_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self';",
  "script-src 'self' 'unsafe-inline';",
).replace("style-src 'self';", "style-src 'self' 'unsafe-inline';");
