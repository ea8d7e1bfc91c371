// One instance per profile: a second launch's command line is turned into files to import, the running
// window comes to the front, and each file reaches the page through the openFile event once it has loaded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CHANNELS } from '../core/ipc/channels';
import { createMemoryLogger } from './logger';
import { readOpenedFile } from './services';
import { MAX_FILES_PER_LAUNCH, MAX_WAITING_BYTES, createOpenedFileForwarder, filesFromArgv, type ForwardWindow } from './single-instance';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'claimdesk-second-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fakeWindow() {
  const calls: string[] = [];
  const sent: unknown[][] = [];
  const state = { minimized: true, loading: false };
  const window: ForwardWindow = {
    isDestroyed: () => false,
    isMinimized: () => state.minimized,
    restore: () => {
      state.minimized = false;
      calls.push('restore');
    },
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
    webContents: { send: (...args: unknown[]) => void sent.push(args), isLoading: () => state.loading },
  };
  return { window, calls, sent, state };
}

describe('second launch', () => {
  it('takes files from a command line: importable, not switches, resolved against the launch folder', () => {
    const cwd = resolve('/home/u/Downloads');
    expect(filesFromArgv(['/opt/Claimdesk/claimdesk', 'review.json', '--no-sandbox', '/tmp/a.jsonld', '../notes.TXT', 'setup.exe', '.', '--flag=x.json'], cwd)).toEqual([
      join(cwd, 'review.json'),
      '/tmp/a.jsonld',
      resolve(cwd, '../notes.TXT'),
    ]);
    // An unpackaged launch: electron . --claimdesk-dev
    expect(filesFromArgv(['/usr/bin/electron', '.', '--claimdesk-dev'], cwd)).toEqual([]);
    // argv[0] is never a file, even if it looks like one.
    expect(filesFromArgv(['claimdesk.json'], cwd)).toEqual([]);
    const many = Array.from({ length: 40 }, (_, i) => `f${i}.json`);
    expect(filesFromArgv(['exe', ...many], cwd)).toHaveLength(MAX_FILES_PER_LAUNCH);
  });

  it('focuses the running window and hands each file to the page, waiting for it to load', async () => {
    const a = join(work, 'review.json');
    const b = join(work, 'notes.txt');
    writeFileSync(a, '{"format":"claimdesk"}');
    writeFileSync(b, 'A note from the second launch.');
    const { window, calls, sent, state } = fakeWindow();
    const errors: string[] = [];
    const forwarder = createOpenedFileForwarder({ getWindow: () => window, readFile: readOpenedFile, reportError: (m) => errors.push(m), logger: createMemoryLogger() });

    // The app just started: the page has not loaded yet, so files wait.
    await forwarder.open(filesFromArgv(['claimdesk', a], work));
    expect(sent).toEqual([]);
    expect(forwarder.waiting).toBe(1);
    forwarder.pageLoaded(window);
    expect(sent).toEqual([[EVENT_CHANNELS.openFile, { name: 'review.json', folder: work, bytes: new TextEncoder().encode('{"format":"claimdesk"}') }]]);

    // A second launch with a file: focus, then the file goes straight to the loaded page.
    forwarder.focus();
    await forwarder.open(filesFromArgv(['claimdesk', 'notes.txt', 'missing.json', 'evil.exe'], work));
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(sent[1]).toEqual([EVENT_CHANNELS.openFile, { name: 'notes.txt', folder: work, bytes: new TextEncoder().encode('A note from the second launch.') }]);
    expect(sent).toHaveLength(2);
    expect(errors).toHaveLength(1); // missing.json is reported; evil.exe was never a candidate
    expect(errors[0]).toMatch(/ENOENT|missing\.json/);

    // While the page reloads, files wait again.
    state.loading = true;
    await forwarder.open([a]);
    expect(sent).toHaveLength(2);
    state.loading = false;
    forwarder.pageLoaded(window);
    expect(sent).toHaveLength(3);
  });

  it('with no window yet (macOS open-file before ready), files wait; a new window waits for its own page', async () => {
    const a = join(work, 'early.json');
    writeFileSync(a, '{}');
    let current: ForwardWindow | null = null;
    const forwarder = createOpenedFileForwarder({ getWindow: () => current, readFile: readOpenedFile, reportError: () => undefined });
    await forwarder.open([a]);
    forwarder.focus(); // nothing to focus: no error
    const first = fakeWindow();
    current = first.window;
    await forwarder.open([]);
    expect(first.sent).toEqual([]); // created, but its page has not loaded
    forwarder.pageLoaded(first.window);
    expect(first.sent).toEqual([[EVENT_CHANNELS.openFile, { name: 'early.json', folder: work, bytes: new TextEncoder().encode('{}') }]]);
  });

  it('a second launch with a PDF and a GB18030 text hands both over as their bytes (documents are no longer refused)', async () => {
    const pdf = join(work, 'lakes-report.pdf');
    const zh = join(work, 'harbour-zh.txt');
    const pdfBytes = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1');
    const zhBytes = Buffer.from([0xb8, 0xdb, 0xbf, 0xda, 0xce, 0xaf, 0xd4, 0xb1, 0xbb, 0xe1]);
    writeFileSync(pdf, pdfBytes);
    writeFileSync(zh, zhBytes);
    const { window, sent } = fakeWindow();
    const errors: string[] = [];
    const forwarder = createOpenedFileForwarder({ getWindow: () => window, readFile: readOpenedFile, reportError: (m) => errors.push(m) });
    forwarder.pageLoaded(window);
    await forwarder.open(filesFromArgv(['claimdesk', 'lakes-report.pdf', 'harbour-zh.txt'], work));
    expect(errors).toEqual([]);
    expect(sent).toEqual([
      [EVENT_CHANNELS.openFile, { name: 'lakes-report.pdf', folder: work, bytes: new Uint8Array(pdfBytes) }],
      [EVENT_CHANNELS.openFile, { name: 'harbour-zh.txt', folder: work, bytes: new Uint8Array(zhBytes) }],
    ]);
  });

  it('files waiting for the page hold at most MAX_WAITING_BYTES: one more is reported, not kept', async () => {
    const { window, sent } = fakeWindow();
    const errors: string[] = [];
    const big = (name: string) => ({ name, folder: '/tmp', bytes: { byteLength: MAX_WAITING_BYTES / 2 } as Uint8Array });
    const forwarder = createOpenedFileForwarder({ getWindow: () => window, readFile: async (path) => big(path.slice(1)), reportError: (m) => errors.push(m) });
    await forwarder.open(['/a.pdf', '/b.pdf', '/c.pdf']);
    expect(forwarder.waiting).toBe(2);
    expect(errors).toEqual(['c.pdf was not opened: the files waiting to be imported would add up to over 1 GB; import it with File › Import…']);
    forwarder.pageLoaded(window);
    expect(sent.map((s) => (s[1] as { name: string }).name)).toEqual(['a.pdf', 'b.pdf']);
  });
});
