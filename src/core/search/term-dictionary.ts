// Numbers the distinct words of a batch of texts as they are first seen. A word found in a text is
// looked up by its characters where it stands (hashed while the scanner reads them), so a word seen
// before costs no new string: profiling the index build showed a Map lookup of a fresh slice per
// word occurrence (~6 M in a 36 MB library) as its largest single cost.

/** The hash of a word's UTF-16 units, as `TermDictionary` uses it (also computed inline by the scanner). */
export function hashStep(h: number, code: number): number {
  return (Math.imul(h, 0x01000193) ^ code) | 0;
}
export const HASH_SEED = 0x811c9dc5 | 0;

export class TermDictionary {
  /** The words, by number. */
  readonly terms: string[] = [];
  private hashes: number[] = [];
  /** Open addressing: number + 1 of the word in each slot, 0 when empty. */
  private slots = new Int32Array(1 << 15);
  private mask = (1 << 15) - 1;

  get size(): number {
    return this.terms.length;
  }

  /** The number of the word `text.slice(start, end)`, whose hash (hashStep from HASH_SEED) is `hash`. */
  idOfRange(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    let i = hash & this.mask;
    for (;;) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      const id = slot - 1;
      if (this.hashes[id] === hash) {
        const term = this.terms[id]!;
        if (term.length === length) {
          let j = 0;
          while (j < length && term.charCodeAt(j) === text.charCodeAt(start + j)) j++;
          if (j === length) return id;
        }
      }
      i = (i + 1) & this.mask;
    }
    return this.insert(text.slice(start, end), hash, i);
  }

  /** The number of a word given as a string. */
  idOf(term: string): number {
    let h = HASH_SEED;
    for (let j = 0; j < term.length; j++) h = hashStep(h, term.charCodeAt(j));
    return this.idOfRange(term, 0, term.length, h);
  }

  private insert(term: string, hash: number, slot: number): number {
    const id = this.terms.length;
    this.terms.push(term);
    this.hashes.push(hash);
    this.slots[slot] = id + 1;
    // Kept at most half full, so probes stay short.
    if (this.terms.length * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.terms.length; id++) {
      let i = this.hashes[id]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
