// Word counts by text hash: counting a 2 MB text takes tens of milliseconds, so each text is counted once.
import { countWords, type CorpusDocument } from '../../core/model';

const counts = new Map<string, number>();

export function wordsOf(d: Pick<CorpusDocument, 'hash' | 'text'>): number {
  let n = counts.get(d.hash);
  if (n === undefined) counts.set(d.hash, (n = countWords(d.text)));
  return n;
}

/** Records a count already known (kept with an imported text), so it is never recounted. */
export function rememberWords(hash: string, words: number | undefined): void {
  if (words !== undefined) counts.set(hash, words);
}
