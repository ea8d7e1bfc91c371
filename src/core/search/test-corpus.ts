// The real corpus for search tests: documents read from corpus/ with their manifest details.
// Test support only (imported by *.test.ts and bench/); core stays pure because the files are read by
// the caller-supplied reader.
import type { Manifest } from '../model/document';
import type { SearchableDocument } from './search-index';

export const KARAVANSERAI = '000_bcac1e10f295c14d';
export const EURASIANET = '001_cdd2637b0fb9ae17';
export const KARIMOV = '002_ec7bc3a0d5f027a3';
export const SILENT_REACTION = '003_c7ad85397e274a8a';
export const THE_PAPER = '004_6426d44e76528891';

/** Builds the corpus documents from a file reader (e.g. `(f) => readFileSync(join(dir, f), 'utf8')`). */
export function loadCorpus(read: (file: string) => string): SearchableDocument[] {
  const manifest = JSON.parse(read('manifest.json')) as Manifest;
  return manifest.documents.map((d) => ({ ...d, text: read(d.file) }));
}
