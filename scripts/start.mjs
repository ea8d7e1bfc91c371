#!/usr/bin/env node
// `npm start`: the desktop app where Electron's binary exists; otherwise the same renderer built
// for a plain browser and served on 127.0.0.1. Looking for the binary never triggers a download
// (require('electron') would try one, and on this machine it cannot succeed).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_DIR = join(ROOT, 'node_modules/electron');
const PORT = Number(process.env.PORT ?? 5173);
const DEFAULT_EXECUTABLE = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[process.platform] ?? 'electron';

/** The Electron executable if one is on disk, else null. Mirrors node_modules/electron/index.js without its download. */
export function findElectronBinary(env = process.env) {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  const relativeExecutable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const candidates = [];
  if (env.ELECTRON_OVERRIDE_DIST_PATH) candidates.push(join(env.ELECTRON_OVERRIDE_DIST_PATH, relativeExecutable || DEFAULT_EXECUTABLE));
  else if (relativeExecutable) candidates.push(join(ELECTRON_DIR, 'dist', relativeExecutable));
  return candidates.find((p) => existsSync(p)) ?? null;
}

let current = null;
let stopping = false;

function run(label, command, args, extraEnv = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...process.env, ...extraEnv } });
    current = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      current = null;
      if (stopping) resolvePromise();
      else if (code === 0) resolvePromise();
      else reject(new Error(`${label} exited with ${code ?? signal}`));
    });
  });
}

function stop() {
  if (stopping) return;
  stopping = true;
  if (current && current.exitCode === null) {
    current.kill('SIGTERM');
    const timer = setTimeout(() => current?.kill('SIGKILL'), 5000);
    timer.unref();
    current.once('exit', () => process.exit(0));
  } else process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const node = process.execPath;
const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
const electronVite = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');

async function main() {
  const binary = findElectronBinary();
  if (binary) {
    console.log(`Electron found at ${binary}: building and starting Claimdesk.`);
    await run('electron-vite build', node, [electronVite, 'build']);
    if (stopping) return;
    // The binary is given explicitly, so nothing resolves require('electron') on the way.
    await run('Electron', binary, ['.']);
    return;
  }
  console.log(
    [
      `Electron's binary is not available on this machine, so Claimdesk is served as the same app to your browser: open http://127.0.0.1:${PORT}/ — data is kept in that browser's storage`,
      '(Set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron 45 binary to start the desktop app.)',
      '',
    ].join('\n'),
  );
  await run('vite build', node, [vite, 'build', '--config', 'vite.web.config.ts']);
  if (stopping) return;
  console.log(`\nClaimdesk: http://127.0.0.1:${PORT}/  (Ctrl+C to stop)\n`);
  await run('vite preview', node, [vite, 'preview', '--config', 'vite.web.config.ts', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort']);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`Claimdesk could not start: ${error.message}`);
    process.exit(1);
  });
}
