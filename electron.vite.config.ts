// Builds the three Electron bundles: main, the sandboxed preload (CommonJS), and the renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { version } from './package.json';
import { devCspPlugin } from './vite.csp-dev';
import { ISOLATION_HEADERS } from './src/core/ipc/csp';

const define = { __APP_VERSION__: JSON.stringify(version) };

export default defineConfig({
  main: {
    build: {
      // @noble/hashes is ESM-only: bundle it rather than require() it at run time. zod is bundled too,
      // so the packaged app needs nothing from node_modules (the installer config leaves it out).
      externalizeDeps: { exclude: ['@noble/hashes', 'zod'] },
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), devCspPlugin()],
    define,
    server: { host: '127.0.0.1', fs: { allow: [resolve(__dirname)] }, headers: ISOLATION_HEADERS },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
