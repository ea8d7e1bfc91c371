// Reading what was dropped: files as they are, and a dropped folder whole (its sub-folders too), each
// file remembering the folder it was in so the library can be grouped by folder of origin. Only the
// document types the readers take are kept from a folder; other files in it are skipped.
import { kindOfFile } from '../../../core/documents';

/** At most this many files are taken from dropped folders (a whole disk dropped by mistake stops here). */
export const MAX_FOLDER_FILES = 2000;

const folders = new WeakMap<File, string>();

/** The folder a file came from: a dropped folder's path, or the folder chosen with a folder picker; null when unknown. */
export function folderOf(file: File): string | null {
  const known = folders.get(file);
  if (known) return known;
  const rel = file.webkitRelativePath;
  return rel && rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : null;
}

type Entry = Pick<FileSystemEntry, 'isFile' | 'isDirectory' | 'fullPath' | 'name'>;

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(dir: FileSystemDirectoryEntry, out: File[]): Promise<void> {
  const reader = dir.createReader();
  // readEntries answers in batches until an empty one.
  for (let batch = await readBatch(reader); batch.length > 0 && out.length < MAX_FOLDER_FILES; batch = await readBatch(reader)) {
    for (const entry of batch.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= MAX_FOLDER_FILES) return;
      if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, out);
      else if (entry.isFile && kindOfFile(entry.name)) {
        const file = await fileOf(entry as FileSystemFileEntry);
        folders.set(file, entry.fullPath.slice(0, entry.fullPath.lastIndexOf('/')) || '/');
        out.push(file);
      }
    }
  }
}

/**
 * The files of a drop. The entries must be taken while the drop event runs (the DataTransfer is
 * emptied after it); the folders are then read asynchronously.
 */
export function filesOfDrop(dt: Pick<DataTransfer, 'files' | 'items'> | null): Promise<File[]> {
  if (!dt) return Promise.resolve([]);
  const files = [...dt.files];
  const entries: Array<Entry | null> = [...dt.items].filter((i) => i.kind === 'file').map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  if (!entries.some((e) => e?.isDirectory)) return Promise.resolve(files);
  return (async () => {
    const out: File[] = [];
    for (const entry of entries) {
      if (!entry) continue;
      if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, out);
      else if (entry.isFile) out.push(await fileOf(entry as FileSystemFileEntry));
    }
    return out;
  })();
}
