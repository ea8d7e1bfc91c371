// Development behaviour (DevTools in the menu, the renderer from electron-vite's dev server with the
// relaxed development CSP) only when asked for explicitly: `npm run dev` passes --claimdesk-dev, and
// only an unpackaged app honours it. `npm start` (the built app from the same checkout) and every
// installed app run exactly as shipped, whatever ELECTRON_RENDERER_URL says.

export const DEV_FLAG = '--claimdesk-dev';

export interface RunModeInput {
  isPackaged: boolean;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

export interface RunMode {
  isDev: boolean;
  /** ELECTRON_RENDERER_URL in dev mode, else null (app-origin.ts still accepts only loopback http). */
  devServerUrl: string | null;
}

export function resolveRunMode({ isPackaged, argv, env }: RunModeInput): RunMode {
  const isDev = !isPackaged && argv.includes(DEV_FLAG);
  return { isDev, devServerUrl: isDev ? (env.ELECTRON_RENDERER_URL ?? null) : null };
}
