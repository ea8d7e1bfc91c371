// The embedded default store: one SQLite file holding each document's Yjs state. node-sqlite3-wasm is
// SQLite compiled to WebAssembly with a real file back end, so nothing compiles at install time (the
// `sqlite3` binding that @hocuspocus/extension-sqlite needs downloads a prebuilt binary from GitHub or
// builds from source). Each store is one statement, so it is atomic.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
// A CommonJS module: Node's ESM loader sees no named exports in it, so take the default.
import sqlite from 'node-sqlite3-wasm';

const { Database } = sqlite;

export interface DocumentStore {
  fetch(name: string): Promise<Uint8Array | null>;
  store(name: string, state: Uint8Array): Promise<void>;
  names(): string[];
  close(): void;
}

export function openSqliteStore(path: string): DocumentStore {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.exec(`CREATE TABLE IF NOT EXISTS documents (
    name TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    updated_at TEXT NOT NULL
  )`);
  let open = true;
  return {
    async fetch(name) {
      const row = db.get('SELECT data FROM documents WHERE name = ?', [name]) as { data: Uint8Array } | null;
      return row ? new Uint8Array(row.data) : null;
    },
    async store(name, state) {
      db.run(
        'INSERT INTO documents (name, data, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
        [name, state, new Date().toISOString()],
      );
    },
    names() {
      return (db.all('SELECT name FROM documents ORDER BY name') as Array<{ name: string }>).map((r) => r.name);
    },
    close() {
      if (open) db.close();
      open = false;
    },
  };
}
