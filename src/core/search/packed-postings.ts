// One word's postings in MiniSearch's index (entry short id → count) kept as runs of a shared typed
// array instead of a Map. Building the index of 2,000 articles put ~3.5 M postings into ~300 k Maps
// one `set` at a time, on one thread: 0.8–1.1 ms per article, most of the build (ADR 0017). Packed,
// a batch's postings are one array, regrouped by word, and each word gets a view of its part; a
// saved index's postings are used as loaded, without being copied into Maps at all.
//
// MiniSearch itself reads and changes these through the part of Map it uses (`get`, `size`,
// iteration, `keys`, `set`, `delete`; `has` and `forEach` are here as a Map has them), so it goes on
// working with them unchanged: reads are served from the runs, and the first change turns the
// postings into a real Map (`materialize`), which every later read and change then uses. Runs hold
// postings in order of short id, as MiniSearch gives them, so a lookup is a binary search, and
// iteration is in the order a Map would give.

/** Runs a word may be made of before they are joined into one (each batch of a build adds one). */
const MAX_RUNS = 8;

export class PackedPostings {
  /**
   * Runs: postings `(short id, count)` in `arrays[r]` from `froms[r]` (inclusive) to `tos[r]`, in
   * pairs; read directly only where every posting is read in a hot loop (query scoring), and only
   * while `packed`. Empty once materialized.
   */
  arrays: Uint32Array[];
  froms: number[];
  tos: number[];
  private count: number;
  /** The postings as a Map once they have been changed; the runs are then no longer read. */
  private map: Map<number, number> | null = null;
  /** The last key iteration gave and its count, so MiniSearch's `get` right after is not a search. */
  private lastKey = -1;
  private lastValue = 0;

  constructor(array: Uint32Array, from: number, to: number) {
    this.arrays = [array];
    this.froms = [from];
    this.tos = [to];
    this.count = (to - from) >> 1;
  }

  /** Whether these postings are still runs of typed arrays (not yet changed one by one). */
  get packed(): boolean {
    return this.map === null;
  }

  get size(): number {
    return this.map ? this.map.size : this.count;
  }

  /**
   * Adds a run of postings whose short ids are all above those held (a later batch of the same
   * build). Returns false when they are no longer runs (the caller then sets each).
   */
  append(array: Uint32Array, from: number, to: number): boolean {
    if (this.map) return false;
    if (to <= from) return true;
    this.arrays.push(array);
    this.froms.push(from);
    this.tos.push(to);
    this.count += (to - from) >> 1;
    if (this.arrays.length > MAX_RUNS) this.join();
    return true;
  }

  /** All runs copied into one. */
  private join(): void {
    const all = new Uint32Array(this.count * 2);
    let at = 0;
    for (let r = 0; r < this.arrays.length; r++) {
      all.set(this.arrays[r]!.subarray(this.froms[r], this.tos[r]), at);
      at += this.tos[r]! - this.froms[r]!;
    }
    this.arrays = [all];
    this.froms = [0];
    this.tos = [all.length];
  }

  get(key: number): number | undefined {
    if (this.map) return this.map.get(key);
    if (key === this.lastKey) return this.lastValue;
    for (let r = this.arrays.length - 1; r >= 0; r--) {
      const a = this.arrays[r]!;
      const from = this.froms[r]!;
      if (from >= this.tos[r]! || a[from]! > key) continue;
      let lo = 0;
      let hi = ((this.tos[r]! - from) >> 1) - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const k = a[from + 2 * mid]!;
        if (k === key) return a[from + 2 * mid + 1];
        if (k < key) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    }
    return undefined;
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, value: number): this {
    this.materialize().set(key, value);
    return this;
  }

  delete(key: number): boolean {
    return this.materialize().delete(key);
  }

  /** The postings as a Map, made once, in the same order; every later read and change uses it. */
  materialize(): Map<number, number> {
    if (this.map) return this.map;
    const map = new Map<number, number>();
    this.eachPacked((short, freq) => map.set(short, freq));
    this.map = map;
    this.arrays = [];
    this.froms = [];
    this.tos = [];
    return map;
  }

  /**
   * Calls `each(short, count)` for every posting, in order: the fast way to read them all (no
   * iterator objects), used by the index's own scoring and saving.
   */
  forEachPosting(each: (short: number, freq: number) => void): void {
    if (this.map) {
      for (const [short, freq] of this.map) each(short, freq);
      return;
    }
    this.eachPacked(each);
  }

  private eachPacked(each: (short: number, freq: number) => void): void {
    const { arrays, froms, tos } = this;
    for (let r = 0; r < arrays.length; r++) {
      const a = arrays[r]!;
      for (let j = froms[r]!, end = tos[r]!; j < end; j += 2) each(a[j]!, a[j + 1]!);
    }
  }

  forEach(each: (value: number, key: number, map: this) => void): void {
    this.forEachPosting((short, freq) => each(freq, short, this));
  }

  *entries(): IterableIterator<[number, number]> {
    if (this.map) {
      yield* this.map.entries();
      return;
    }
    // The runs in hand when iteration starts: a change meanwhile goes to the Map, not to these.
    const { arrays, froms, tos } = this;
    for (let r = 0; r < arrays.length; r++) {
      const a = arrays[r]!;
      for (let j = froms[r]!, end = tos[r]!; j < end; j += 2) {
        this.lastKey = a[j]!;
        this.lastValue = a[j + 1]!;
        yield [a[j]!, a[j + 1]!];
      }
    }
  }

  *keys(): IterableIterator<number> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<number> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[number, number]> {
    return this.entries();
  }
}

/** A word's postings as MiniSearch holds them: a Map, or packed runs that serve as one. */
export type Postings = Map<number, number> | PackedPostings;

/** Calls `each(short, count)` for every posting of a word, packed or not. */
export function forEachPosting(postings: Postings, each: (short: number, freq: number) => void): void {
  if (postings instanceof PackedPostings) postings.forEachPosting(each);
  else for (const [short, freq] of postings) each(short, freq);
}
