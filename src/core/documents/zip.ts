// Reads a ZIP file's central directory (no decompression) to refuse zip bombs before a DOCX is
// opened: the sizes its entries declare, and how much they would grow.

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipLimits {
  /** Largest total uncompressed size allowed. */
  maxTotal: number;
  /** Largest ratio of uncompressed to compressed size for an entry over 1 MB. */
  maxRatio: number;
  maxEntries: number;
}

export const DOCX_LIMITS: ZipLimits = { maxTotal: 200 * 1024 * 1024, maxRatio: 200, maxEntries: 5000 };

/** Lists the entries of a ZIP, or throws when it is not one (no end-of-central-directory record). */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('it is not a valid Word document (not a ZIP archive)');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new Error('it is not a valid Word document (damaged ZIP directory)');
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    // Part names in Office files are ASCII; only shown in messages.
    const name = String.fromCharCode(...bytes.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, compressedSize, uncompressedSize });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** Throws with a reason when the archive would expand beyond the limits (a zip bomb). */
export function checkZipBomb(entries: readonly ZipEntry[], limits: ZipLimits = DOCX_LIMITS): void {
  if (entries.length > limits.maxEntries) throw new Error(`it holds ${entries.length} files, more than a Word document ever does (a zip bomb?)`);
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    // ZIP64 marks sizes as 0xFFFFFFFF: a Word document never needs that.
    if (e.uncompressedSize === 0xffffffff || e.compressedSize === 0xffffffff) throw new Error('it declares a part over 4 GB (a zip bomb?)');
    if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio)
      throw new Error(`its part ${e.name} would expand ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} times (a zip bomb)`);
  }
  if (total > limits.maxTotal) throw new Error(`it would expand to ${Math.round(total / 1024 / 1024)} MB, over the ${Math.round(limits.maxTotal / 1024 / 1024)} MB limit (a zip bomb?)`);
}
