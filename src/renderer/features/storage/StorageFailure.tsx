// Shown instead of the app when the database cannot be opened: a clear message and a way to save
// what can still be read, never a blank window.
import { useState } from 'react';
import Dexie from 'dexie';
import { DB_NAME } from '../../db/schema';

export function describeStorageError(e: unknown): string {
  const name = e instanceof Error ? (e as { name: string }).name : '';
  const inner = (e as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  const kind = `${name} ${inner}`;
  if (/QuotaExceeded/.test(kind)) return 'The disk or the browser’s storage quota is full, so Claimdesk cannot save. Free some space, then reload.';
  if (/Version/.test(kind)) return 'The saved data was made by a newer version of Claimdesk, or its upgrade failed. Your data was left as it was.';
  if (/Blocked|Upgrade/.test(kind)) return 'Another Claimdesk window is holding the database open. Close it, then reload.';
  if (/MissingAPI|InvalidState|Unknown|Open/.test(kind)) return 'The browser refused to open Claimdesk’s storage (private mode or storage disabled?).';
  return `Claimdesk’s storage could not be opened: ${e instanceof Error ? e.message : String(e)}`;
}

/** Reads the raw stores without the app's schema, so data from any version can be saved. */
async function readRaw(): Promise<string> {
  const raw = new Dexie(DB_NAME);
  await raw.open();
  const out: Record<string, unknown[]> = {};
  for (const t of raw.tables) out[t.name] = await t.toArray();
  raw.close();
  return JSON.stringify({ format: 'claimdesk-raw-dump', tables: out }, null, 2);
}

export function StorageFailure({ message }: { message: string }) {
  const [note, setNote] = useState('');
  const save = async () => {
    try {
      const content = await readRaw();
      const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'claimdesk-rescue.json';
      a.click();
      setNote('Saved what could be read as claimdesk-rescue.json.');
    } catch (e) {
      setNote(`Nothing could be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <div className="fatal" role="alert">
      <h1>Claimdesk cannot open its storage</h1>
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
