// Loads the corpus folder: manifest.json plus every *.txt, read byte for byte as UTF-8, into
// CorpusDocument[] (hash = sha256 of the text). A .txt without a manifest entry still opens,
// titled by its first line; an unreadable manifest is logged and the files open without it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { buildCorpus, sha256Hex, type CorpusDocument, type Manifest } from '../core/model';
import type { Logger } from './logger';
import { decodeImportBytes } from '../core/formats/import-file';

const manifestSchema = z.object({
  version: z.literal(1),
  documents: z.array(
    z.object({
      id: z.string().min(1),
      file: z.string().min(1),
      title: z.string(),
      publication: z.string().nullable(),
      author: z.string().nullable(),
      date: z.string().nullable(),
      language: z.string().min(1),
      translation: z
        .object({ from: z.string().min(1), method: z.enum(['machine', 'human', 'unknown']) })
        .nullable(),
      // Where the document was published; ClaimReview's appearance (issue 12).
      url: z.string().nullable().optional(),
    }),
  ),
});

export interface CorpusLocation {
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath(): the project root in development. */
  appPath: string;
}

/** `resources/corpus` in a packaged app (shipped as extraResources), the repo's corpus/ in development. */
export function resolveCorpusDir({ isPackaged, resourcesPath, appPath }: CorpusLocation): string {
  return isPackaged ? join(resourcesPath, 'corpus') : join(appPath, 'corpus');
}

async function readManifest(dir: string, logger?: Logger): Promise<Manifest | null> {
  let raw: string;
  try {
    raw = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger?.warn(`Cannot read corpus manifest: ${String(error)}`);
    return null;
  }
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data as Manifest;
    logger?.warn(`Corpus manifest ignored: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  } catch (error) {
    logger?.warn(`Corpus manifest ignored: not valid JSON (${(error as Error).message})`);
  }
  return null;
}

export async function loadCorpus(dir: string, logger?: Logger): Promise<CorpusDocument[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.txt')).map((e) => e.name);
  const files: Array<{ file: string; text: string }> = [];
  for (const file of names) {
    const bytes = await readFile(join(dir, file));
    // keepBom keeps a BOM in the text, so the hash stays that of the file's bytes.
    const text = decodeImportBytes(bytes, { keepBom: true });
    if (text.ok) files.push({ file, text: text.value });
    else logger?.warn(`Corpus file skipped: ${file} is not valid UTF-8 (${text.error})`);
  }
  return buildCorpus(files, await readManifest(dir, logger), sha256Hex);
}
