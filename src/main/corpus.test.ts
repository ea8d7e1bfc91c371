// Corpus loader: the real corpus/ with its manifest, and a stray .txt that still opens.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus, resolveCorpusDir } from './corpus';
import { createMemoryLogger } from './logger';

const CORPUS = resolve(__dirname, '../../corpus');
const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as { documents: Array<{ file: string; title: string }> };
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 'claimdesk-corpus-'));
  temps.push(dir);
  for (const f of readdirSync(CORPUS)) copyFileSync(join(CORPUS, f), join(dir, f));
  return dir;
}

describe('corpus loader', () => {
  it('reads the real corpus: 5 documents with manifest titles and byte hashes', async () => {
    const docs = await loadCorpus(CORPUS);
    console.log(`Corpus: ${docs.length} documents, ${docs.reduce((n, d) => n + d.text.length, 0)} characters`);
    expect(docs).toHaveLength(5);
    expect(docs.map((d) => d.title)).toEqual(manifest.documents.map((d) => d.title));
    for (const doc of docs) {
      const bytes = readFileSync(join(CORPUS, doc.file));
      expect(doc.text).toBe(bytes.toString('utf8'));
      expect(doc.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(docs[0]!.title).toMatch(/^Pulling away from Russia/);
  });

  it('a .txt without a manifest entry opens with its first line as title', async () => {
    const dir = tempCorpus();
    writeFileSync(join(dir, 'zz_stray.txt'), '\n  A stray article about dams  \nBody text.\n');
    const docs = await loadCorpus(dir);
    expect(docs).toHaveLength(6);
    const stray = docs.find((d) => d.file === 'zz_stray.txt')!;
    expect(stray).toMatchObject({ id: 'zz_stray', title: 'A stray article about dams', language: 'und', publication: null });
  });

  it('a broken manifest is logged and the files still open; invalid UTF-8 is skipped with a warning', async () => {
    const dir = tempCorpus();
    writeFileSync(join(dir, 'manifest.json'), '{ "version": 1, "documents": [ ');
    writeFileSync(join(dir, 'bad.txt'), Buffer.from([0x41, 0xff, 0xfe, 0x42]));
    const logger = createMemoryLogger();
    const docs = await loadCorpus(dir, logger);
    expect(docs).toHaveLength(5);
    expect(docs.every((d) => d.title.length > 0)).toBe(true);
    expect(logger.lines.map((l) => l.message).join('\n')).toMatch(/manifest ignored[\s\S]*bad\.txt is not valid UTF-8|bad\.txt is not valid UTF-8[\s\S]*manifest ignored/);
  });

  it('resolves the corpus folder: resources/corpus when packaged, the repo in development', () => {
    expect(resolveCorpusDir({ isPackaged: true, resourcesPath: '/opt/C/resources', appPath: '/opt/C/resources/app.asar' })).toBe(join('/opt/C/resources', 'corpus'));
    expect(resolveCorpusDir({ isPackaged: false, resourcesPath: '/x', appPath: '/work/main' })).toBe(join('/work/main', 'corpus'));
  });
});
