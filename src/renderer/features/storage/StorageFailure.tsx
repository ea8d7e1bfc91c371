// Shown instead of the app when the database cannot be opened: a clear message and a way to save
// what can still be read, never a blank window.
import { useState } from 'react';
import Dexie from 'dexie';
import { DB_NAME } from '../../db/schema';

export { describeStorageError } from './storage-errors';

/** Reads the raw stores without the app's schema, so data from any version can be saved. */
async function readRaw(): Promise<string> {
  const raw = new Dexie(DB_NAME);
  await raw.open();
  const out: Record<string, unknown[]> = {};
  for (const t of raw.tables) out[t.name] = await t.toArray();
  raw.close();
  return JSON.stringify({ format: 'claimdesk-raw-dump', tables: out }, null, 2);
}

export function StorageFailure({ message, title = 'Claimdesk cannot open its storage' }: { message: string; title?: string }) {
  const [note, setNote] = useState('');
  const save = async () => {
    try {
      const content = await readRaw();
      const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'claimdesk-rescue.json';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNote('Saved what could be read as claimdesk-rescue.json.');
    } catch (e) {
      setNote(`Nothing could be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <div className="fatal" role="alert">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <button type="button" onClick={() => void save()}>
          Export what can be read
        </button>
      </p>
      {note && <p role="status">{note}</p>}
    </div>
  );
}
