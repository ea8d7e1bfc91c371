// The production store: each document's Yjs state in one Postgres table, shared by every instance of
// the sync server (the embedded SQLite file is for one process). Chosen by CLAIMDESK_POSTGRES (a
// postgres:// URL); everything else stays as with SQLite. One UPSERT per store, so each is atomic.
// A CommonJS module: Node's ESM loader sees no named exports in it, so take the default.
import pg from 'pg';
import type { DocumentStore } from './sqlite-store';

const TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresStore extends DocumentStore {
  /** Resolves once the table exists; rejects when the database cannot be reached. */
  ready: Promise<void>;
  namesAsync(): Promise<string[]>;
  closeAsync(): Promise<void>;
}

export function openPostgresStore(connectionString: string, options: { table?: string; max?: number } = {}): PostgresStore {
  const table = options.table ?? 'claimdesk_documents';
  if (!TABLE.test(table)) throw new Error(`not a table name: ${table}`);
  const pool = new pg.Pool({ connectionString, max: options.max ?? 5 });
  // A broken idle connection is reported here instead of crashing the server; the pool replaces it.
  pool.on('error', (e) => console.warn(`[claimdesk-sync] postgres: ${e.message}`));
  const ready = pool
    .query(`CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, data bytea NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`)
    .then(() => undefined);
  let closed: Promise<void> | null = null;
  return {
    ready,
    async fetch(name) {
      await ready;
      const r = await pool.query<{ data: Buffer }>(`SELECT data FROM ${table} WHERE name = $1`, [name]);
      return r.rows[0] ? new Uint8Array(r.rows[0].data) : null;
    },
    async store(name, state) {
      await ready;
      await pool.query(`INSERT INTO ${table} (name, data, updated_at) VALUES ($1, $2, now()) ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`, [
        name,
        Buffer.from(state),
      ]);
    },
    names() {
      throw new Error('a Postgres store lists its documents with namesAsync()');
    },
    async namesAsync() {
      await ready;
      return (await pool.query<{ name: string }>(`SELECT name FROM ${table} ORDER BY name`)).rows.map((r) => r.name);
    },
    close() {
      closed ??= pool.end();
    },
    async closeAsync() {
      closed ??= pool.end();
      await closed;
    },
  };
}

export type StoreChoice = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** The store the environment asks for: Postgres when CLAIMDESK_POSTGRES is a postgres:// URL, else SQLite in the data folder. */
export function chooseStore(env: NodeJS.ProcessEnv, dataDir: string, join: (...parts: string[]) => string): StoreChoice {
  const url = env.CLAIMDESK_POSTGRES?.trim();
  if (!url) return { kind: 'sqlite', path: join(dataDir, 'sync.sqlite') };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('CLAIMDESK_POSTGRES must be a postgres:// URL');
  return { kind: 'postgres', url };
}
