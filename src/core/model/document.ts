// Documents of the corpus: the text the reader shows and the metadata the library lists.

export interface TranslationInfo {
  /** BCP 47 code of the original language, e.g. "zh". */
  from: string;
  method: 'machine' | 'human' | 'unknown';
}

export interface DocumentMeta {
  /** Stable id; for corpus files, the file name without its extension. */
  id: string;
  /** File name in the corpus folder (or of the imported file). */
  file: string;
  title: string;
  publication: string | null;
  author: string | null;
  /** ISO date or year, when known. */
  date: string | null;
  /** BCP 47 code of the text as shown, e.g. "en". */
  language: string;
  translation: TranslationInfo | null;
  /** Where the document was published (http or https), when known: ClaimReview's appearance. */
  url?: string | null;
}

export interface CorpusDocument extends DocumentMeta {
  text: string;
  /** sha256 (hex) of the text's UTF-8 bytes. */
  hash: string;
}

/** A manifest entry as written in corpus/manifest.json. */
export type ManifestEntry = DocumentMeta;

export interface Manifest {
  version: 1;
  documents: ManifestEntry[];
}

/** The paragraphs the reader shows: one per line of the file, text unchanged. */
export function splitParagraphs(text: string): string[] {
  return text.split('\n');
}

/** Start offset (UTF-16) of each paragraph in the text; paragraphs are separated by one '\n'. */
export function paragraphStarts(paragraphs: readonly string[]): number[] {
  const starts = new Array<number>(paragraphs.length);
  let offset = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    starts[i] = offset;
    offset += paragraphs[i]!.length + 1;
  }
  return starts;
}

const WORD = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;
const HAN = /\p{Script=Han}/gu;
const HAN_ANY = /\p{Script=Han}/u;

/** Words as a reader counts them; each Han character counts as one word. */
export function countWords(text: string): number {
  // Without Han characters every match is one word: counted without the per-word Han test (2x faster).
  if (!HAN_ANY.test(text)) {
    const re = new RegExp(WORD);
    let n = 0;
    while (re.exec(text)) n++;
    return n;
  }
  let count = 0;
  for (const m of text.matchAll(WORD)) {
    const han = m[0].match(HAN);
    count += han ? han.length + (m[0].replace(HAN, ' ').trim() ? m[0].replace(HAN, ' ').trim().split(/\s+/).length : 0) : 1;
  }
  return count;
}

/** A title for a file without a manifest entry: its first non-empty line, trimmed to 120 characters. */
export function titleFromText(text: string, fallback: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  if (!line) return fallback;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** Builds the corpus from files and the manifest; files without an entry still open. */
export function buildCorpus(
  files: ReadonlyArray<{ file: string; text: string }>,
  manifest: Manifest | null,
  hash: (text: string) => string,
): CorpusDocument[] {
  const byFile = new Map((manifest?.documents ?? []).map((d) => [d.file, d]));
  return [...files]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map(({ file, text }) => {
      const entry = byFile.get(file);
      const id = file.replace(/\.[^.]+$/, '');
      const meta: DocumentMeta = entry ?? {
        id,
        file,
        title: titleFromText(text, file),
        publication: null,
        author: null,
        date: null,
        language: 'und',
        translation: null,
      };
      return { ...meta, text, hash: hash(text) };
    });
}
