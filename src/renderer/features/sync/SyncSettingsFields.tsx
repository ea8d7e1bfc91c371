// The Settings dialog's sync fields: opt-in, server address and reviewer token, with what is wrong
// with them said next to them. Empty address = sync off (the default: the app stays offline).
import { useId } from 'react';
import { checkSyncSettings, type SyncSettings } from './sync-settings';

export function SyncSettingsFields({ value, onChange }: { value: SyncSettings; onChange(next: SyncSettings): void }) {
  const urlId = useId();
  const tokenId = useId();
  const errorsId = useId();
  const enabled = value.serverUrl.trim() !== '' || value.token.trim() !== '';
  const check = enabled ? checkSyncSettings(value) : null;
  const errors = check && !check.ok ? check.errors : [];
  return (
    <fieldset>
      <legend>Sync with a desk server (optional)</legend>
      <label htmlFor={urlId}>Server address</label>
      <input id={urlId} type="url" placeholder="wss://sync.example.org" value={value.serverUrl} onChange={(e) => onChange({ ...value, serverUrl: e.target.value })} aria-describedby={errors.length ? errorsId : undefined} aria-invalid={errors.length > 0} />
      <label htmlFor={tokenId}>Reviewer token</label>
      <input id={tokenId} type="password" autoComplete="off" value={value.token} onChange={(e) => onChange({ ...value, token: e.target.value })} aria-describedby={errors.length ? errorsId : undefined} aria-invalid={errors.length > 0} />
      {errors.length > 0 ? (
        <ul id={errorsId} className="errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{enabled ? 'Your changes sync with this server when it is reachable; the app keeps working offline.' : 'Off: nothing leaves this computer.'}</p>
      )}
    </fieldset>
  );
}
