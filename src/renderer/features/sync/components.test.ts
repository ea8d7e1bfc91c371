// What the sync components put on screen, rendered to markup in Node: the status line, every value of a
// conflict with its author and a named button to keep it, the history with restore buttons, and the
// settings fields' errors.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { makeEntry } from '../../../core/merge/entries';
import type { FieldConflict } from '../../../core/merge/merge';
import { AnnotationHistory } from './AnnotationHistory';
import { ConflictsList } from './ConflictsList';
import { describeSyncStatus, SyncStatus } from './SyncStatus';
import { refusalInWords } from './sync-client';
import { combineStatus } from './background-sync';
import { SyncSettingsFields } from './SyncSettingsFields';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();

const ana = makeEntry({ annotationId: 'x1', field: 'note', value: 'Check the ONS release', basedOn: [], at: '2026-11-30T11:05:00.000Z', by: { id: 'a', name: 'Ana' }, action: 'edit' });
const ben = makeEntry({ annotationId: 'x1', field: 'note', value: 'ONS revised the series', basedOn: [], at: '2026-11-30T11:00:00.000Z', by: { id: 'b', name: 'Ben' }, action: 'edit' });

describe('sync components', () => {
  it('the status line counts the changes waiting in every document, the open one and the background', () => {
    expect(describeSyncStatus(combineStatus({ state: 'connected', waiting: 0 }, { state: 'syncing', waiting: 3 }))).toBe('Syncing, 3 changes waiting');
    expect(describeSyncStatus(combineStatus({ state: 'syncing', waiting: 1 }, { state: 'offline', waiting: 2 }))).toBe('Offline, 3 changes waiting');
    expect(describeSyncStatus(combineStatus(null, { state: 'connected', waiting: 0 }))).toBe('Connected');
    expect(combineStatus({ state: 'connected', waiting: 0, readOnly: true }, { state: 'refused', waiting: 0, reason: 'bad token' })).toEqual({ state: 'refused', waiting: 0, reason: 'bad token' });
  });

  it('the status line says offline with the changes waiting, read-only, refused', () => {
    expect(describeSyncStatus({ state: 'offline', waiting: 3 })).toBe('Offline, 3 changes waiting');
    expect(describeSyncStatus({ state: 'syncing', waiting: 1 })).toBe('Syncing, 1 change waiting');
    // A long time offline: thousands grouped, as every count in the app.
    expect(describeSyncStatus(combineStatus({ state: 'offline', waiting: 1000 }, { state: 'offline', waiting: 234 }))).toBe('Offline, 1,234 changes waiting');
    expect(describeSyncStatus({ state: 'connected', waiting: 0, readOnly: true })).toBe('Connected with a read-only token: your changes stay on this computer');
    expect(describeSyncStatus({ state: 'refused', waiting: 0, reason: refusalInWords('token-other-desk') })).toBe('Sync refused by the server: this token is for another desk. Check the token in Settings');
    expect(refusalInWords('token-malformed')).toBe('bad token');
    expect(refusalInWords('token-revoked')).toBe('this token was revoked');
    // A code the app does not know is not echoed: the server's text is not the app's to show.
    expect(refusalInWords('<b>click here</b>')).toBe('not authorized');
    expect(describeSyncStatus(null)).toBe('Sync off');
    expect(renderToStaticMarkup(createElement(SyncStatus, { status: { state: 'connected', waiting: 0 } }))).toContain('role="status"');
  });

  it('lists each conflict with both values, authors and a named button to keep each', () => {
    const conflicts: FieldConflict[] = [{ annotationId: 'x1', field: 'note', entries: [ana, ben] }];
    const html = renderToStaticMarkup(createElement(ConflictsList, { conflicts, quotes: new Map([['x1', 'unemployment fell']]), onResolve: () => undefined }));
    const t = text(html);
    expect(t).toContain('Conflicts (1)');
    expect(t).toContain('Note of “unemployment fell”');
    expect(t).toMatch(/Ana ,? .*Check the ONS release/);
    expect(t).toMatch(/Ben ,? .*ONS revised the series/);
    expect(html).toContain('aria-label="Keep Ana’s note for “unemployment fell”"');
    expect(html).toContain('aria-label="Keep Ben’s note for “unemployment fell”"');
    expect(t).toContain('Or write a new note');
  });

  it('a deletion made apart from an edit shows who deleted and who edited, with Delete it / Keep it, and whose file a value came from', () => {
    const del = makeEntry({ annotationId: 'x1', field: 'deleted', value: true, basedOn: [], at: '2026-11-30T11:10:00.000Z', by: { id: 'rev-a', name: 'Ana' }, action: 'edit', saw: [] });
    const relayed = makeEntry({ ...ben, relayedBy: { id: 'rev-c', name: 'Cleo' } });
    const conflicts: FieldConflict[] = [{ annotationId: 'x1', field: 'deleted', entries: [del, relayed] }];
    const html = renderToStaticMarkup(createElement(ConflictsList, { conflicts, quotes: new Map([['x1', 'unemployment fell']]), onResolve: () => undefined }));
    const t = text(html);
    expect(t).toContain('Deletion of “unemployment fell”');
    expect(t).toMatch(/Ana ,? .*deleted the annotation/);
    expect(t).toMatch(/Ben \(from a file imported by Cleo\) ,? .*changed the note to ONS revised the series/);
    expect(html).toContain('aria-label="Delete “unemployment fell” as Ana chose"');
    expect(html).toContain('aria-label="Keep “unemployment fell” as Ben chose"');
    expect(t).not.toContain('Or write a new note');
  });

  it('shows the history with the current value marked and older ones restorable', () => {
    const html = renderToStaticMarkup(createElement(AnnotationHistory, { items: [{ entry: ben, live: false }, { entry: ana, live: true }], onRestore: () => undefined }));
    expect(text(html)).toMatch(/Ben changed note to ONS revised the series/);
    expect(text(html)).toMatch(/Ana changed note to Check the ONS release \(current\)/);
    expect(html).toContain('aria-label="Restore note “ONS revised the series” by Ben"');
    expect(html.match(/Restore</g)).toHaveLength(1);
  });

  it('the settings fields say sync is off when empty, and what is wrong with a bad address', () => {
    expect(text(renderToStaticMarkup(createElement(SyncSettingsFields, { value: { serverUrl: '', token: '' }, onChange: () => undefined })))).toContain('Off: nothing leaves this computer.');
    const html = renderToStaticMarkup(createElement(SyncSettingsFields, { value: { serverUrl: 'ws://sync.example.org', token: 'x' }, onChange: () => undefined }));
    expect(html).toContain('aria-invalid="true"');
    expect(text(html)).toContain('unencrypted');
  });
});
