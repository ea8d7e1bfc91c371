// One connection to the app's database for a worker that serves many requests (bulk.worker): every
// request made while it opens waits for the same connection, and it lets go when another connection
// asks to upgrade or delete the database (`versionchange`); the next request opens a new one.
// Before, each request that came while the connection was still opening made one more, and the
// `versionchange` handler closed only the last made: the others stayed open and held up every
// upgrade and deletion of the database until the worker ended.
import type Dexie from 'dexie';

/** An opener of one shared connection made by `make` (which also sets it up, e.g. its hooks). */
export function sharedConnection<T extends Dexie>(make: () => T): () => Promise<T> {
  let current: { db: T; opened: Promise<T> } | null = null;
  return () => {
    if (current && !current.db.hasBeenClosed() && !current.db.hasFailed()) return current.opened;
    const db = make();
    const entry = { db, opened: db.open().then(() => db) };
    current = entry;
    db.on('versionchange', () => {
      // Never hold up an upgrade or a deletion started elsewhere (a window, the user clearing data).
      db.close();
      if (current === entry) current = null;
      return false;
    });
    entry.opened.catch(() => {
      if (current === entry) current = null;
    });
    return entry.opened;
  };
}
