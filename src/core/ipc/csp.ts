// The Content-Security-Policy of the renderer: sent by main as a response header and carried by
// src/renderer/index.html as a meta tag, with the same string, so either alone is enough.
// No remote origins at all: the app is offline by design. blob: workers only for bundled code.

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'";
