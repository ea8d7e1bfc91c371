// [desktop helper, issue 16] Files the OS hands the desktop app take File > Import's road: the platform
// raises an 'import' menu command and pickImport() hands out the files (main read their bytes) instead of
// opening the dialog, as Blobs with their folder, exactly like files chosen in Import….
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClaimdeskApi, HandedFile, MenuCommand } from '../../core/ipc';
import { sortPicked } from '../features/import/route-import';

function fakeDesktopApi() {
  let fileListener: ((file: HandedFile) => void) | null = null;
  const dialogOpened: number[] = [];
  const api = {
    onOpenFile(listener: (file: HandedFile) => void) {
      fileListener = listener;
      return () => undefined;
    },
    onMenuCommand: () => () => undefined,
    async openImport() {
      dialogOpened.push(1);
      return null;
    },
  } as unknown as ClaimdeskApi;
  return { api, dialogOpened, deliver: (file: HandedFile) => fileListener?.(file) };
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('files opened from the OS (desktop)', () => {
  it('files that arrive together raise one import for the newest menu listener, which receives them all as bytes without a dialog', async () => {
    const fake = fakeDesktopApi();
    vi.stubGlobal('window', { api: fake.api });
    const platform = await import('./index');
    const api = platform.getApi();
    const older: MenuCommand[] = [];
    const newer: MenuCommand[] = [];
    api.onMenuCommand((c) => older.push(c));
    const off = api.onMenuCommand((c) => newer.push(c));
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0xe2]);
    const gb = new Uint8Array([0xb8, 0xdb, 0xbf, 0xda]);
    fake.deliver({ name: 'report.pdf', folder: '/home/desk/inbox', bytes: pdf });
    fake.deliver({ name: 'harbour-zh.txt', folder: '/home/desk/inbox', bytes: gb });
    await tick();
    expect(newer).toEqual(['import']);
    expect(older).toEqual([]);
    const picked = (await platform.pickImport()) as Array<{ name: string; blob: Blob; folder: string | null }>;
    expect(picked.map((p) => [p.name, p.folder])).toEqual([
      ['report.pdf', '/home/desk/inbox'],
      ['harbour-zh.txt', '/home/desk/inbox'],
    ]);
    expect(await bytesOf(picked[0]!.blob)).toEqual(pdf);
    expect(await bytesOf(picked[1]!.blob)).toEqual(gb);
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
    fake.deliver({ name: 'early.json', folder: '/tmp', bytes: new TextEncoder().encode('{}') });
    const received: MenuCommand[] = [];
    api.onMenuCommand((c) => received.push(c));
    await tick();
    expect(received).toEqual(['import']);
    const [early] = (await platform.pickImport()) as Array<{ name: string; blob: Blob }>;
    expect(early!.name).toBe('early.json');
    expect(new TextDecoder().decode(await bytesOf(early!.blob))).toBe('{}');
  });

  it('handed files take the routes of chosen files: documents and non-UTF-8 text to the review, UTF-8 text and annotations as before', async () => {
    const fake = fakeDesktopApi();
    vi.stubGlobal('window', { api: fake.api });
    const platform = await import('./index');
    platform.getApi().onMenuCommand(() => undefined);
    const handed: Array<[string, Uint8Array]> = [
      ['page.html', new TextEncoder().encode('<html><body><article><p>Hi</p></article></body></html>')],
      ['report.pdf', new Uint8Array([0x25, 0x50, 0x44, 0x46])],
      ['memo.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04])],
      ['notes.md', new TextEncoder().encode('# Notes')],
      ['harbour-zh.txt', new Uint8Array([0xb8, 0xdb, 0xbf, 0xda])],
      ['minutes.txt', new Uint8Array([0xff, 0xfe, 0x41, 0x00])],
      ['plain.txt', new TextEncoder().encode('A note, ü.')],
      ['review.json', new TextEncoder().encode('{}')],
    ];
    for (const [name, bytes] of handed) fake.deliver({ name, folder: '/srv/desk', bytes });
    const sorted = await sortPicked((await platform.pickImport())!);
    expect(sorted.refused).toEqual([]);
    // The documents go to the review as a drop's files do, each with the folder it was in.
    expect(sorted.documents.map((d) => [d.name, d.folder])).toEqual([
      ['page.html', '/srv/desk'],
      ['report.pdf', '/srv/desk'],
      ['memo.docx', '/srv/desk'],
      ['notes.md', '/srv/desk'],
      ['harbour-zh.txt', '/srv/desk'],
      ['minutes.txt', '/srv/desk'],
    ]);
    expect(await bytesOf(sorted.documents[4]!.blob)).toEqual(new Uint8Array([0xb8, 0xdb, 0xbf, 0xda]));
    expect(sorted.imports.map((f) => f.name)).toEqual(['plain.txt', 'review.json']);
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
