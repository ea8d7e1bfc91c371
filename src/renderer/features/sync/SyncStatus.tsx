// The status bar's sync line: connected, offline (with the changes waiting), syncing, read-only or refused.
import type { SyncStatus as Status } from './sync-client';
import { plural } from '../../../core/model';

export function describeSyncStatus(s: Status | null): string {
  if (!s) return 'Sync off';
  const waiting = plural(s.waiting, 'change waiting', 'changes waiting');
  switch (s.state) {
    case 'refused':
      if (s.documentOnly) return `Sync of this document stopped: ${s.reason ?? 'the server refused a change in it'}`;
      return `Sync refused by the server${s.reason ? `: ${s.reason}` : ''}. Check the token in Settings`;
    case 'offline':
      return s.waiting ? `Offline, ${waiting}` : 'Offline';
    case 'syncing':
      return s.waiting ? `Syncing, ${waiting}` : 'Syncing';
    case 'connected':
      return s.readOnly ? 'Connected with a read-only token: your changes stay on this computer' : 'Connected';
  }
}

export function SyncStatus({ status }: { status: Status | null }) {
  // With sync off there is nothing to announce: a plain line, not a second live region beside the app's.
  if (!status) return <p className="sync-status" data-state="off">{describeSyncStatus(null)}</p>;
  return (
    <p role="status" aria-live="polite" className="sync-status" data-state={status?.state ?? 'off'}>
      {describeSyncStatus(status)}
    </p>
  );
}
