#!/usr/bin/env node
// `npm run server`: bundles src/server (TypeScript) for Node with Vite's SSR build, dependencies left
// external, then runs it. Arguments pass through (issue-token, revoke-tokens).
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'out', 'server');

await build({
  configFile: false,
  root: ROOT,
  logLevel: 'warn',
  build: {
    ssr: join(ROOT, 'src/server/main.ts'),
    outDir: OUT,
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'main.mjs' } },
  },
});

const { main } = await import(pathToFileURL(join(OUT, 'main.mjs')).href);
process.exitCode = await main(process.argv.slice(2));
