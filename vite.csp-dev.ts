// Vite plugin: in the dev server only, relaxes the renderer's CSP meta tag so Vite's inline Fast
// Refresh preamble and injected <style> elements load. Builds keep the strict policy untouched.
import type { Plugin } from 'vite';
import { DEVELOPMENT_PAGE_CONTENT_SECURITY_POLICY, PAGE_CONTENT_SECURITY_POLICY } from './src/core/ipc/csp';

export function devCspPlugin(): Plugin {
  return {
    name: 'claimdesk-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(PAGE_CONTENT_SECURITY_POLICY, DEVELOPMENT_PAGE_CONTENT_SECURITY_POLICY);
    },
  };
}
