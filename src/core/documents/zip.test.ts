import { describe, expect, it } from 'vitest';
import { checkZipBomb, listZipEntries } from './zip';

/** A stored (uncompressed) ZIP with the given entries and declared sizes, built by hand. */
function zip(entries: Array<{ name: string; size: number; compressed?: number }>): Uint8Array {
  const parts: number[] = [];
  const central: number[] = [];
  const u16 = (a: number[], v: number) => a.push(v & 0xff, (v >> 8) & 0xff);
  const u32 = (a: number[], v: number) => a.push(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  for (const e of entries) {
    const offset = parts.length;
    const name = [...e.name].map((c) => c.charCodeAt(0));
    u32(parts, 0x04034b50);
    for (let i = 0; i < 22; i++) parts.push(0);
    u16(parts, name.length);
    u16(parts, 0);
    parts.push(...name);
    u32(central, 0x02014b50);
    for (let i = 0; i < 16; i++) central.push(0);
    u32(central, e.compressed ?? e.size);
    u32(central, e.size);
    u16(central, name.length);
    for (let i = 0; i < 12; i++) central.push(0);
    u32(central, offset);
    central.push(...name);
  }
  const at = parts.length;
  const out = [...parts, ...central];
  u32(out, 0x06054b50);
  u16(out, 0);
  u16(out, 0);
  u16(out, entries.length);
  u16(out, entries.length);
  u32(out, central.length);
  u32(out, at);
  u16(out, 0);
  return new Uint8Array(out);
}

describe('zip checks', () => {
  it('lists entries with their declared sizes', () => {
    expect(listZipEntries(zip([{ name: 'word/document.xml', size: 10 }]))).toEqual([{ name: 'word/document.xml', compressedSize: 10, uncompressedSize: 10 }]);
  });
  it('refuses what is not a ZIP', () => {
    expect(() => listZipEntries(new TextEncoder().encode('just text, not a zip archive at all'))).toThrow(/not a ZIP/);
  });
  it('refuses an entry that would expand a thousand times, and a total over the limit', () => {
    expect(() => checkZipBomb(listZipEntries(zip([{ name: 'word/document.xml', size: 50_000_000, compressed: 50_000 }])))).toThrow(/word\/document.xml would expand 1000 times/);
    expect(() => checkZipBomb([{ name: 'a', size: 0, compressedSize: 150e6, uncompressedSize: 150e6 }, { name: 'b', compressedSize: 100e6, uncompressedSize: 100e6 }] as never)).toThrow(/over the 200 MB limit/);
    expect(() => checkZipBomb([{ name: 'word/document.xml', compressedSize: 3000, uncompressedSize: 30_000 }])).not.toThrow();
  });
});
