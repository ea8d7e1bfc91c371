// The bulk worker's connection: requests made while it opens share it, and it lets go of the
// database when another connection upgrades or deletes it, so that never waits on this worker.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ClaimdeskDb } from './schema';
import { sharedConnection } from './shared-connection';

/** Deletes the database through the same factory; resolves 'deleted' or, after `ms`, 'still waiting'. */
function deleteWithin(factory: IDBFactory, name: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still waiting'), ms);
    const req = factory.deleteDatabase(name);
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve('deleted');
    };
  });
}

describe('sharedConnection', () => {
  it('gives requests made while it opens the same connection, and lets the database be deleted', async () => {
    const factory = new IDBFactory();
    let made = 0;
    const open = sharedConnection(() => {
      made++;
      return new ClaimdeskDb('claimdesk-shared', { indexedDB: factory, IDBKeyRange });
    });
    // Three requests at once, as an export can arrive while the on-open check is opening it.
    const [a, b, c] = await Promise.all([open(), open(), open()]);
    expect(made).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    await a.table('settings').put({ key: 'k', value: 1 });
    // Deleting the database (what clearing the site's data does) does not wait on this worker.
    expect(await deleteWithin(factory, 'claimdesk-shared', 2000)).toBe('deleted');
    expect(a.hasBeenClosed()).toBe(true);
    // The next request opens a new connection (to a new, empty database).
    const d = await open();
    expect(made).toBe(2);
    expect(d).not.toBe(a);
    expect(await d.table('settings').count()).toBe(0);
  });

  it('opens again after an open that failed', async () => {
    const factory = new IDBFactory();
    let made = 0;
    let fail = true;
    const open = sharedConnection(() => {
      made++;
      const db = new ClaimdeskDb('claimdesk-shared-fail', { indexedDB: factory, IDBKeyRange });
      if (fail) db.on('ready', () => Promise.reject(new Error('refused')));
      return db;
    });
    await expect(open()).rejects.toThrow(/refused/);
    fail = false;
    const db = await open();
    expect(made).toBe(2);
    expect(db.isOpen()).toBe(true);
  });
});
