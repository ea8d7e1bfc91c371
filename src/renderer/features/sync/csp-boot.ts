// Runs first in the page (imported before anything else by main.tsx): cuts the page's connect-src down
// to the configured sync server, or to the app alone when sync is off. The page's own meta tag states a
// ceiling (core/ipc/csp.ts); a second policy can only narrow it, so from here on this window can open a
// connection to that one server and nowhere else. A changed server needs a reload (the Settings dialog
// does it). In the desktop app main's header already says the same; this narrows nothing further there.
import { connectSrcNarrowing } from '../../../core/ipc/csp';
import { configuredSyncOrigin } from './sync-config';

export const BOOT_SYNC_ORIGIN = configuredSyncOrigin();

const meta = document.createElement('meta');
meta.httpEquiv = 'Content-Security-Policy';
meta.content = connectSrcNarrowing(BOOT_SYNC_ORIGIN);
document.head.appendChild(meta);
