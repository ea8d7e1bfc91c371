// countWords' fast path (text without Han characters) counts exactly what the general path counts.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countWords } from './document';

/** The general algorithm, as it was before the fast path. */
function reference(text: string): number {
  const WORD = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;
  const HAN = /\p{Script=Han}/gu;
  let count = 0;
  for (const m of text.matchAll(WORD)) {
    const han = m[0].match(HAN);
    count += han ? han.length + (m[0].replace(HAN, ' ').trim() ? m[0].replace(HAN, ' ').trim().split(/\s+/).length : 0) : 1;
  }
  return count;
}

describe('countWords', () => {
  it('counts the corpus, apostrophes, hyphens, numbers and Han text as the general algorithm does', () => {
    const dir = fileURLToPath(new URL('../../../corpus/', import.meta.url));
    const texts = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(dir, f), 'utf8'));
    texts.push("It's a well-known fact: 1,200 people — don’t count 3.5 twice", '', '   ', '国务院 announced 新的 policy 今天', 'Ünïcödé wörds ÅÄÖ 𝒜𝒷𝒸 emoji 😀 here');
    for (const t of texts) expect(countWords(t)).toBe(reference(t));
    expect(countWords("It's a well-known fact")).toBe(4);
  });
});
