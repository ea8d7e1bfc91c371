// Dev behaviour only under `npm run dev`: an explicit flag, in an unpackaged app.
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './menu';
import { DEV_FLAG, resolveRunMode } from './run-mode';

const devUrl = { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' };
const hasDevTools = (isDev: boolean) =>
  JSON.stringify(buildMenuTemplate({ send: () => {}, isMac: false, isDev })).includes('toggleDevTools');

describe('run mode', () => {
  it('npm start (the built app, no flag) is not dev, even with ELECTRON_RENDERER_URL set', () => {
    const mode = resolveRunMode({ isPackaged: false, argv: ['/usr/bin/electron', '.'], env: devUrl });
    expect(mode).toEqual({ isDev: false, devServerUrl: null });
    expect(hasDevTools(mode.isDev)).toBe(false);
  });

  it('npm run dev (the flag, unpackaged) is dev and uses the dev server', () => {
    const mode = resolveRunMode({ isPackaged: false, argv: ['/usr/bin/electron', '.', DEV_FLAG], env: devUrl });
    expect(mode).toEqual({ isDev: true, devServerUrl: 'http://127.0.0.1:5173/' });
    expect(hasDevTools(mode.isDev)).toBe(true);
  });

  it('an installed app ignores the flag and the variable', () => {
    expect(resolveRunMode({ isPackaged: true, argv: ['/opt/Claimdesk/claimdesk', DEV_FLAG], env: devUrl })).toEqual({ isDev: false, devServerUrl: null });
  });

  it('npm run dev passes the flag; npm start does not', async () => {
    const pkg = (await import('../../package.json')).default as { scripts: Record<string, string> };
    expect(pkg.scripts.dev).toContain(`-- ${DEV_FLAG}`);
    expect(pkg.scripts.start).not.toContain(DEV_FLAG);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(new URL('../../scripts/start.mjs', import.meta.url), 'utf8')).not.toContain(DEV_FLAG);
  });
});
