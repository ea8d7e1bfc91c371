// Sync settings: only a wss:// server (or ws:// on this machine) with a reviewer token is accepted, and
// the CSP admits exactly that server.
import { describe, expect, it } from 'vitest';
import { checkSyncSettings, connectSrcFor } from './sync-settings';

const TOKEN = `cd1.0b7c1f3e-aaaa-bbbb-cccc-0123456789ab.${'A'.repeat(43)}`;

describe('checkSyncSettings', () => {
  it('accepts wss:// anywhere and ws:// on this machine', () => {
    expect(checkSyncSettings({ serverUrl: 'wss://sync.example.org/', token: TOKEN })).toEqual({ ok: true, url: 'wss://sync.example.org', origin: 'wss://sync.example.org' });
    expect(checkSyncSettings({ serverUrl: ' ws://127.0.0.1:4455 ', token: TOKEN })).toMatchObject({ ok: true, origin: 'ws://127.0.0.1:4455' });
  });

  it('refuses ws:// to another machine, credentials in the URL, other schemes and a bad token', () => {
    const bad = (serverUrl: string, token = TOKEN) => {
      const r = checkSyncSettings({ serverUrl, token });
      return r.ok ? [] : r.errors;
    };
    expect(bad('ws://sync.example.org')).toEqual([expect.stringMatching(/unencrypted/)]);
    expect(bad('wss://ana:secret@sync.example.org')).toEqual([expect.stringMatching(/token field/)]);
    expect(bad('https://sync.example.org')).toEqual([expect.stringMatching(/wss:/)]);
    expect(bad('sync.example.org')).toEqual([expect.stringMatching(/not a URL/)]);
    expect(bad('wss://sync.example.org', 'hunter2')).toEqual([expect.stringMatching(/cd1/)]);
  });

  it('gives the CSP exactly the configured origin, or nothing', () => {
    expect(connectSrcFor(null)).toBe("'none'");
    expect(connectSrcFor({ serverUrl: 'wss://sync.example.org/desk', token: TOKEN })).toBe('wss://sync.example.org');
    expect(connectSrcFor({ serverUrl: 'ws://evil.example', token: TOKEN })).toBe("'none'");
  });
});
