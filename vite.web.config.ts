// Builds the same renderer for a plain browser (no window.api): the corpus is bundled at build time.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { version } from './package.json';
import { devCspPlugin } from './vite.csp-dev';
// Cross-origin isolation, as the desktop app serves its files (src/main/app-protocol.ts).
import { ISOLATION_HEADERS } from './src/core/ipc/csp';

const define = { __APP_VERSION__: JSON.stringify(version) };

export default defineConfig({
  root: resolve(__dirname, 'src/renderer'),
  base: './',
  plugins: [react(), devCspPlugin()],
  define,
  server: { host: '127.0.0.1', fs: { allow: [resolve(__dirname)] }, headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  build: {
    outDir: resolve(__dirname, 'out/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
