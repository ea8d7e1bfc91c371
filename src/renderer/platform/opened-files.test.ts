// [desktop helper, issue 16] Files the OS hands the desktop app take File > Import's road: the platform
// raises an 'import' menu command and pickImport() hands out the file instead of opening the dialog.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClaimdeskApi, MenuCommand, OpenedFile } from '../../core/ipc';

function fakeDesktopApi() {
  let fileListener: ((file: OpenedFile) => void) | null = null;
  const dialogOpened: number[] = [];
  const api = {
    onOpenFile(listener: (file: OpenedFile) => void) {
      fileListener = listener;
      return () => undefined;
    },
    onMenuCommand: () => () => undefined,
    async openImport() {
      dialogOpened.push(1);
      return null;
    },
  } as unknown as ClaimdeskApi;
  return { api, dialogOpened, deliver: (file: OpenedFile) => fileListener?.(file) };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('files opened from the OS (desktop)', () => {
  it('raise one import for the newest menu listener, which receives the file without a dialog', async () => {
    const fake = fakeDesktopApi();
    vi.stubGlobal('window', { api: fake.api });
    const platform = await import('./index');
    const api = platform.getApi();
    const older: MenuCommand[] = [];
    const newer: MenuCommand[] = [];
    api.onMenuCommand((c) => older.push(c));
    const off = api.onMenuCommand((c) => newer.push(c));
    fake.deliver({ name: 'notes.txt', content: 'A note.' });
    expect(newer).toEqual(['import']);
    expect(older).toEqual([]);
    expect(await platform.pickImport()).toEqual([{ name: 'notes.txt', content: 'A note.' }]);
    // The queue is empty again: the next import opens the dialog.
    expect(await platform.pickImport()).toBeNull();
    expect(fake.dialogOpened).toHaveLength(1);
    off();
  });

  it('a file that arrived before the app subscribed is imported when it does', async () => {
    const fake = fakeDesktopApi();
    vi.stubGlobal('window', { api: fake.api });
    const platform = await import('./index');
    const api = platform.getApi();
    fake.deliver({ name: 'early.json', content: '{}' });
    const received: MenuCommand[] = [];
    api.onMenuCommand((c) => received.push(c));
    await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual(['import']);
    expect(await platform.pickImport()).toEqual([{ name: 'early.json', content: '{}' }]);
  });
});

describe('File › Import… in the desktop app', () => {
  it('hands over the files main read as bytes, each as a Blob with its folder, and main’s refusals by name', async () => {
    const fake = fakeDesktopApi();
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xe2]);
    (fake.api as { openImport: () => Promise<unknown> }).openImport = async () => [
      { name: 'report.pdf', folder: '/home/desk/inbox', bytes: pdf },
      { name: 'huge.pdf', folder: '/home/desk/inbox', bytes: null, refused: 'huge.pdf is 60.0 MB; files up to 50.0 MB can be imported' },
    ];
    vi.stubGlobal('window', { api: fake.api });
    const platform = await import('./index');
    platform.getApi();
    const picked = await platform.pickImport();
    expect(picked).toHaveLength(2);
    const [first, second] = picked!;
    expect(first).toMatchObject({ name: 'report.pdf', folder: '/home/desk/inbox' });
    expect(new Uint8Array(await (first as { blob: Blob }).blob.arrayBuffer())).toEqual(pdf);
    expect(second).toEqual({ name: 'huge.pdf', refused: 'huge.pdf is 60.0 MB; files up to 50.0 MB can be imported' });
  });
});
