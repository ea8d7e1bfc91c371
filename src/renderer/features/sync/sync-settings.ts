// A profile's sync settings (opt-in: server URL + reviewer token) checked before use, and the one origin
// the CSP's connect-src must admit for them. Plain ws:// is accepted only for this machine: a token sent
// in clear over a network could be read on the way.
export interface SyncSettings {
  serverUrl: string;
  token: string;
}

export type SyncSettingsCheck = { ok: true; url: string; origin: string } | { ok: false; errors: string[] };

const TOKEN = /^cd1\.[a-z0-9-]{8,64}\.[A-Za-z0-9_-]{43}$/;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function checkSyncSettings(settings: SyncSettings): SyncSettingsCheck {
  const errors: string[] = [];
  let url: URL | null = null;
  try {
    url = new URL(settings.serverUrl.trim());
  } catch {
    errors.push('The server address is not a URL (for example wss://sync.example.org).');
  }
  if (url) {
    if (url.protocol !== 'wss:' && url.protocol !== 'ws:') errors.push('The server address must start with wss:// (or ws:// for this computer).');
    else if (url.protocol === 'ws:' && !LOCAL_HOSTS.has(url.hostname)) errors.push('Use wss:// for a server on another machine: ws:// would send your token unencrypted.');
    if (url.username || url.password) errors.push('Put the token in the token field, not in the address.');
    if (url.search || url.hash) errors.push('The server address takes no query or fragment.');
  }
  if (!TOKEN.test(settings.token.trim())) errors.push('The token is not a Claimdesk reviewer token (it starts with cd1.).');
  if (errors.length || !url) return { ok: false, errors };
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}`, origin: `${url.protocol}//${url.host}` };
}

/** The CSP connect-src value: nothing when sync is off, else exactly the configured server. */
export function connectSrcFor(settings: SyncSettings | null): string {
  if (!settings) return "'none'";
  const check = checkSyncSettings(settings);
  return check.ok ? check.origin : "'none'";
}
