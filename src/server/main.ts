// `npm run server`: the sync server on 127.0.0.1 with SQLite in the data folder, and the admin's
// commands to issue and revoke reviewer tokens. Environment: PORT, CLAIMDESK_DATA, HOST, CLAIMDESK_REDIS,
// CLAIMDESK_POSTGRES (a postgres:// URL: the store every instance shares, instead of SQLite).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startSyncServer } from './sync-server';
import { issueToken, revokeTokens, ROLES, type Role } from './tokens';
import { chooseStore, openPostgresStore, type PostgresStore } from './postgres-store';

export const DEFAULT_PORT = 4455;

/** The user's data folder, where Electron keeps Claimdesk's own (its `appData`), plus `sync-server`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(appData, 'Claimdesk', 'sync-server');
}

function parseRedis(value: string | undefined): { host: string; port: number } | null {
  if (!value) return null;
  const m = /^(?:redis:\/\/)?([^:/]+):(\d+)\/?$/.exec(value);
  if (!m) throw new Error(`CLAIMDESK_REDIS must be host:port, got ${value}`);
  return { host: m[1]!, port: Number(m[2]) };
}

const USAGE = `usage:
  npm run server                                   start the sync server
  npm run server -- issue-token --id ID --name NAME [--role editor|viewer]
  npm run server -- revoke-tokens --id ID
environment: PORT (default ${DEFAULT_PORT}), HOST (default 127.0.0.1), CLAIMDESK_DATA (default ${defaultDataDir()}),
             CLAIMDESK_REDIS=host:port to share documents with other instances,
             CLAIMDESK_POSTGRES=postgres://user@host/db to store documents in Postgres instead of SQLite`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dataDir = env.CLAIMDESK_DATA || defaultDataDir(env);
  const [command, ...rest] = argv;
  if (command === 'issue-token') {
    const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'editor' } } });
    if (!values.id || !values.name || !(ROLES as readonly string[]).includes(values.role!)) {
      console.error(USAGE);
      return 2;
    }
    const token = issueToken(dataDir, { id: values.id, name: values.name }, values.role as Role);
    console.log(`Token for ${values.name} (${values.id}, ${values.role}); shown once, give it to that reviewer only:\n${token}`);
    return 0;
  }
  if (command === 'revoke-tokens') {
    const { values } = parseArgs({ args: rest, options: { id: { type: 'string' } } });
    if (!values.id) {
      console.error(USAGE);
      return 2;
    }
    console.log(`Revoked ${revokeTokens(dataDir, values.id)} token(s) of ${values.id}.`);
    return 0;
  }
  if (command && command !== 'start') {
    console.error(USAGE);
    return 2;
  }
  const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  const choice = chooseStore(env, dataDir, join);
  let postgres: PostgresStore | null = null;
  if (choice.kind === 'postgres') {
    postgres = openPostgresStore(choice.url);
    await postgres.ready;
  }
  const server = await startSyncServer({ dataDir, port, host: env.HOST || '127.0.0.1', redis: parseRedis(env.CLAIMDESK_REDIS), store: postgres ?? undefined });
  console.log(`Claimdesk sync server on ${server.url} (data: ${dataDir}; store: ${choice.kind === 'postgres' ? 'Postgres' : choice.path})`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // Stores every open document before exiting.
      void server.stop().then(() => postgres?.closeAsync()).then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
