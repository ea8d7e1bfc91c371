// The installer configuration, checked without building (electron-builder downloads Electron, which
// cannot happen here): it passes electron-builder's own schema, ships the corpus where main looks for
// it, packs only the built app, targets AppImage/deb/NSIS/dmg, and the afterPack hook sets every fuse
// as decided, here on fake Electron binaries carrying a real fuse wire for each platform's layout.
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCorpusDir } from './corpus';
import { IMPORT_EXTENSIONS } from '../core/ipc/import-types';

const ROOT = resolve(__dirname, '../..');
const require = createRequire(__filename);
const config = require(join(ROOT, 'electron-builder.config.cjs')) as Record<string, any>;
const { claimdeskFuses } = require(join(ROOT, 'build/fuses.cjs')) as { claimdeskFuses: (o?: { resetAdHocDarwinSignature?: boolean }) => Record<string, unknown> };
const afterPack = require(join(ROOT, 'build/after-pack.cjs')) as ((context: unknown) => Promise<void>) & { electronBinaryPath(context: unknown): string };
const fuses = require('@electron/fuses') as typeof import('@electron/fuses');
const { FuseV1Options, getCurrentFuseWire } = fuses;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = 49;
const DISABLE = 48;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'claimdesk-packaging-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A stand-in for an Electron binary: some bytes, the sentinel, wire version 1, 8 fuses as stock Electron ships them. */
function fakeElectron(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  // Stock Electron: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, integrity off, asar-only off, V8 snapshot off, file: privileges on.
  const stock = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];
  writeFileSync(path, Buffer.concat([Buffer.from('\x7fELF fake electron '), Buffer.from(SENTINEL), Buffer.from([1, stock.length, ...stock]), Buffer.from(' tail')]));
}

describe('installer configuration', () => {
  it('offers Claimdesk in "Open with" for exactly the types Import… takes (documents too), never as the default', () => {
    const associations = config.fileAssociations as Array<{ ext: string | string[]; rank: string; role: string; mimeType?: string }>;
    const extensions = associations.flatMap((a) => (Array.isArray(a.ext) ? a.ext : [a.ext]));
    expect([...extensions].sort()).toEqual([...IMPORT_EXTENSIONS].sort());
    expect(extensions).toEqual(expect.arrayContaining(['pdf', 'docx', 'html', 'md']));
    for (const a of associations) {
      expect(a).toMatchObject({ rank: 'Alternate', role: 'Viewer' });
      expect(a.mimeType).toMatch(/^[a-z]+\/[\w.+-]+$/);
    }
  });

  it("passes electron-builder's own schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, log: { add(): void; isEnabled: boolean }): Promise<void>;
    };
    await expect(validateConfiguration({ ...config }, { add() {}, isEnabled: false })).resolves.toBeUndefined();
    // The validator does refuse a wrong configuration (so the check above can fail).
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, targett: 'AppImage' } }, { add() {}, isEnabled: false })).rejects.toThrow(/Invalid configuration/);
  });

  it('main bundles its dependencies (node_modules is not shipped): only electron stays external', () => {
    const viteConfig = readFileSync(join(ROOT, 'electron.vite.config.ts'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // Main imports these at run time; each must be in the bundle, not required from node_modules.
    const mainRuntimeDeps = ['zod', '@noble/hashes'];
    for (const dep of mainRuntimeDeps) {
      expect(Object.keys(pkg.dependencies)).toContain(dep);
      expect(viteConfig).toMatch(new RegExp(`exclude: \\[[^\\]]*'${dep.replace('/', '\\/')}'`));
    }
  });

  it('ships the corpus as resources/corpus, exactly where the packaged app reads it', () => {
    expect(config.extraResources).toEqual([{ from: 'corpus', to: 'corpus', filter: ['**/*'] }]);
    const resourcesPath = '/opt/Claimdesk/resources';
    expect(resolveCorpusDir({ isPackaged: true, resourcesPath, appPath: '/x' })).toBe(join(resourcesPath, config.extraResources[0].to));
    expect(JSON.parse(readFileSync(join(ROOT, config.extraResources[0].from, 'manifest.json'), 'utf8')).documents.length).toBeGreaterThan(0);
  });

  it('packs only the built app into the ASAR archive, and targets AppImage, deb, NSIS and dmg', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json', '!**/*.map', '!node_modules/**']);
    expect(config.files.some((f: string) => /^(src|corpus|e2e|bench|node_modules)\b/.test(f))).toBe(false);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main.replace(/^\.\//, '')).toMatch(/^out\/main\//);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.afterPack).toBe('./build/after-pack.cjs');
    expect(config.publish).toBeNull();
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder --config electron-builder.config.cjs');
  });

  it('the fuse list: RunAsNode, NODE_OPTIONS and --inspect off; cookie encryption, ASAR integrity and ASAR-only on; every known fuse decided', () => {
    const list = claimdeskFuses();
    expect(list[FuseV1Options.RunAsNode]).toBe(false);
    expect(list[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(list[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(list[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(list[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(list[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(list[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    const decided = Object.values(FuseV1Options).filter((v) => typeof v === 'number').every((i) => typeof list[i as number] === 'boolean');
    expect(decided).toBe(true);
  });

  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`afterPack flips the fuses in the packed ${platform} binary`, async () => {
      const appOutDir = join(work, platform);
      const context = {
        appOutDir,
        electronPlatformName: platform,
        arch: 1, // x64: no ad-hoc re-signing (which needs macOS's codesign)
        packager: { executableName: 'claimdesk', appInfo: { productFilename: 'Claimdesk' } },
      };
      const appPath = afterPack.electronBinaryPath(context);
      expect(appPath).toBe(join(appOutDir, { linux: 'claimdesk', win32: 'Claimdesk.exe', darwin: 'Claimdesk.app' }[platform]));
      const fuseFile = platform === 'darwin' ? join(appPath, 'Contents/Frameworks/Electron Framework.framework/Electron Framework') : appPath;
      fakeElectron(fuseFile);
      await afterPack(context);
      const wire = (await getCurrentFuseWire(appPath)) as unknown as Record<number, number>;
      const states = Object.fromEntries(
        Object.entries(FuseV1Options)
          .filter(([, v]) => typeof v === 'number')
          .map(([name, i]) => [name, wire[i as number] === ENABLE]),
      );
      console.log(`Fuses (${platform}): ${Object.entries(states).map(([k, v]) => `${k}=${v ? 'on' : 'off'}`).join(', ')}`);
      expect(states).toEqual({
        RunAsNode: false,
        EnableCookieEncryption: true,
        EnableNodeOptionsEnvironmentVariable: false,
        EnableNodeCliInspectArguments: false,
        EnableEmbeddedAsarIntegrityValidation: true,
        OnlyLoadAppFromAsar: true,
        LoadBrowserProcessSpecificV8Snapshot: false,
        GrantFileProtocolExtraPrivileges: false,
      });
    });
  }

  it('afterPack fails loudly on a binary without a fuse wire (never ships unfused)', async () => {
    const appOutDir = join(work, 'nowire');
    mkdirSync(appOutDir);
    writeFileSync(join(appOutDir, 'claimdesk'), 'not electron');
    await expect(
      afterPack({ appOutDir, electronPlatformName: 'linux', arch: 1, packager: { executableName: 'claimdesk', appInfo: { productFilename: 'Claimdesk' } } }),
    ).rejects.toThrow(/sentinel/);
  });
});
