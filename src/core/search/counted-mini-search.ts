// MiniSearch fed with words already counted per entry, and saved in a compact form. Profiling the
// build of a 36 MB library (ADR 0017) showed MiniSearch's `add` walking its radix tree once per word
// occurrence (~6 M walks); counting words in a hash map first and touching the tree once per distinct
// word of a batch builds the same index several times faster. Only MiniSearch's `protected` fields
// are used (the subclassing surface of the pinned 7.2.0); counted-mini-search.test.ts checks that
// the result scores exactly as MiniSearch's own `add` does, so an upgrade that changes them fails.
import MiniSearch from 'minisearch';
import type { Options } from 'minisearch';
import { TermDictionary } from './term-dictionary';
import { forEachPosting, PackedPostings } from './packed-postings';
import type { Postings } from './packed-postings';

// MiniSearch 7.2.0's default BM25 parameters and prefix weight (not exported), so termScores scores
// as its search does; counted-mini-search.test.ts compares the two, so an upgrade that changes them fails.
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;

/**
 * An entry: its id and the text of its (single) field, or that text's words already counted (on
 * another thread, see countTexts).
 */
export type TextEntry = { id: string; text: string } | { id: string; counted: CountedText };

/** A text's words counted: (word number, count) pairs, the numbers indexing `terms`. */
export interface CountedText {
  /** The words by number, shared by every text counted together. */
  terms: readonly string[];
  pairs: Uint32Array;
}

/**
 * Texts' words counted, as one thread hands them to another: the words once, joined by U+0000 (one
 * string clones at once; a million small ones took seconds), and per text (word number, count)
 * pairs in typed arrays, which move without copying.
 */
export interface CountedTexts {
  terms: string;
  texts: Uint32Array[];
}

/**
 * How often each word (by number) occurs in one text at a time, and which occur, in the order first
 * met: what addTexts and countTexts both keep per text. Counts are reset as they are handed over.
 */
class WordCounts {
  private counts = new Uint32Array(4096);
  private seen: number[] = [];
  /** One more occurrence of word t (the EachTermId callback). */
  readonly visit = (t: number): void => this.add(t, 1);

  add(t: number, n: number): void {
    if (t >= this.counts.length) {
      const bigger = new Uint32Array(Math.max(this.counts.length * 2, t + 1));
      bigger.set(this.counts);
      this.counts = bigger;
    }
    if (this.counts[t] === 0) this.seen.push(t);
    this.counts[t] = this.counts[t]! + n;
  }

  /** Distinct words of the text so far. */
  get distinct(): number {
    return this.seen.length;
  }

  /** Hands over each (word, count) of the text, in the order first met, and starts the next text. */
  drain(take: (t: number, n: number) => void): void {
    for (const t of this.seen) {
      take(t, this.counts[t]!);
      this.counts[t] = 0;
    }
    this.seen.length = 0;
  }
}

/** The words of each text counted, with one numbering of words for them all (see CountedTexts). */
export function countTexts(texts: readonly string[], eachTermId: EachTermId): CountedTexts {
  const dict = new TermDictionary();
  const words = new WordCounts();
  const out = texts.map((text) => {
    eachTermId(text, dict, words.visit);
    const pairs = new Uint32Array(words.distinct * 2);
    let k = 0;
    words.drain((t, n) => {
      pairs[k++] = t;
      pairs[k++] = n;
    });
    return pairs;
  });
  return { terms: dict.terms.join('\u0000'), texts: out };
}

/** CountedTexts back as one CountedText per text. */
export function unpackCounted(c: CountedTexts): CountedText[] {
  const terms = c.terms === '' ? [] : c.terms.split('\u0000');
  return c.texts.map((pairs) => ({ terms, pairs }));
}

/** Calls `visit` with the number in `dict` of each word of `text` the index should hold, in order. */
export type EachTermId = (text: string, dict: TermDictionary, visit: (id: number) => void) => void;

/**
 * The index as typed arrays and one string, which IndexedDB stores and loads without walking
 * millions of small objects (MiniSearch's own `toJSON` makes an object per word and document).
 */
export interface CompactMiniSearch {
  version: 2;
  ids: string[];
  /** Short id of each of `ids`. */
  shortIds: Uint32Array;
  /** Distinct words of each of `ids` (MiniSearch's field length). */
  fieldLengths: Uint32Array;
  nextId: number;
  averageFieldLength: number;
  /** The words, joined by U+0000 (never part of a word). */
  terms: string;
  /** Per word, in order: how many entries hold it, then (short id, count) for each. */
  postings: Uint32Array;
}

class GrowingUint32 {
  array: Uint32Array;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.array = new Uint32Array(Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.length === this.array.length) {
      const bigger = new Uint32Array(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = v;
  }
  /** Pushes `from.subarray(start, end)`, copied at once. */
  pushRun(from: Uint32Array, start: number, end: number): void {
    const need = this.length + end - start;
    if (need > this.array.length) {
      const bigger = new Uint32Array(Math.max(need, this.array.length * 2));
      bigger.set(this.array.subarray(0, this.length));
      this.array = bigger;
    }
    this.array.set(from.subarray(start, end), this.length);
    this.length = need;
  }
  /** The values pushed: the array itself when it is exactly full, else a copy of its used part. */
  toArray(): Uint32Array {
    return this.length === this.array.length ? this.array : this.array.slice(0, this.length);
  }
}

export class CountedMiniSearch<T = unknown> extends MiniSearch<T> {
  constructor(options: Options<T>) {
    if (options.fields.length !== 1) throw new Error('CountedMiniSearch: exactly one field');
    super(options);
  }

  /**
   * Adds entries: the same index as `add` with the same words, in the same order of ids. Each word
   * gets a number once; per entry its words are counted in a typed array, and each word's postings
   * go into MiniSearch's map in one step at the end, so the radix tree is walked once per distinct
   * word of the batch instead of once per occurrence.
   */
  addTexts(entries: Iterable<TextEntry>, eachTermId: EachTermId): void {
    // Nothing added ever: the radix tree is empty, and no word needs looking up in it. (Not
    // `_index.size`, which walks the whole tree after any change: every document or annotation added
    // to a large index paid for that walk; see setWordCount.)
    const fresh = this._nextId === 0;
    const dict = new TermDictionary();
    const terms = dict.terms;
    const words = new WordCounts();
    // (word, count) of every entry, entry after entry; regrouped by word at the end. Typed arrays:
    // one small array per word made the collection twice as slow (allocation and GC).
    const pairs = new GrowingUint32();
    const shorts: number[] = [];
    const entryEnds: number[] = [];
    const avg = this._avgFieldLength;
    const take = (t: number, n: number): void => {
      pairs.push(t);
      pairs.push(n);
    };
    const mapped = new Map<readonly string[], Int32Array>();
    for (const e of entries) {
      if (this._idToShortId.has(e.id)) throw new Error(`CountedMiniSearch: duplicate ID ${e.id}`);
      if ('counted' in e) {
        // The other thread's word numbers, mapped to this batch's once per word. Its pairs already
        // hold each word of the text once: they go straight to the batch's pairs.
        const { terms: theirs, pairs: counted } = e.counted;
        let map = mapped.get(theirs);
        if (!map) mapped.set(theirs, (map = new Int32Array(theirs.length).fill(-1)));
        for (let k = 0; k < counted.length; k += 2) {
          const w = counted[k]!;
          let t = map[w]!;
          if (t === -1) map[w] = t = dict.idOf(theirs[w]!);
          pairs.push(t);
          pairs.push(counted[k + 1]!);
        }
      } else eachTermId(e.text, dict, words.visit);
      const short = this._nextId++;
      this._idToShortId.set(e.id, short);
      this._documentIds.set(short, e.id);
      this._documentCount += 1;
      const length = 'counted' in e ? e.counted.pairs.length / 2 : words.distinct;
      this._fieldLength.set(short, [length]);
      // The running mean exactly as MiniSearch's addFieldLength computes it, so scores are identical.
      const count = this._documentCount - 1;
      avg[0] = ((avg[0] || 0) * count + length) / (count + 1);
      words.drain(take);
      shorts.push(short);
      entryEnds.push(pairs.length);
    }
    // Regroup by word (a counting sort), then one map per word, in order of short id as add() makes it.
    const p = pairs.array;
    const start = new Uint32Array(terms.length + 1);
    for (let k = 0; k < pairs.length; k += 2) start[p[k]! + 1]! += 2;
    for (let t = 0; t < terms.length; t++) start[t + 1]! += start[t]!;
    const fill = start.slice(0, terms.length);
    const byTerm = new Uint32Array(pairs.length);
    let k = 0;
    for (let i = 0; i < shorts.length; i++) {
      const short = shorts[i]!;
      for (const end = entryEnds[i]!; k < end; k += 2) {
        const at = fill[p[k]!]!;
        byTerm[at] = short;
        byTerm[at + 1] = p[k + 1]!;
        fill[p[k]!] = at + 2;
      }
    }
    // Each word's postings are a view of its part of byTerm (packed-postings.ts), not a Map filled
    // one posting at a time: that was most of a large build. A word already held gets the part as
    // one more run (or, once changed one by one, each posting set in its Map).
    const known = fresh ? 0 : knownWordCount(this._index);
    let added = 0;
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      const from = start[t]!;
      const to = start[t + 1]!;
      const data = fresh ? undefined : this._index.get(term);
      const field = data?.get(0) as Postings | undefined;
      if (!field) {
        const packed = new PackedPostings(byTerm, from, to) as unknown as Map<number, number>;
        if (data) data.set(0, packed);
        else {
          this._index.set(term, new Map([[0, packed]]));
          added++;
        }
      } else if (!(field instanceof PackedPostings && field.append(byTerm, from, to))) {
        for (let j = from; j < to; j += 2) field.set(byTerm[j]!, byTerm[j + 1]!);
      }
    }
    if (known !== undefined) setWordCount(this._index, known + added);
  }

  /** The short id MiniSearch gave an entry (its number in the index), or undefined. */
  shortIdOf(id: string): number | undefined {
    return this._idToShortId.get(id);
  }

  /** One more than the largest short id given so far: arrays indexed by short id need this length. */
  get shortIdLimit(): number {
    return this._nextId;
  }

  /**
   * One query term scored as MiniSearch's `search` scores it (BM25 with the library's default
   * parameters; with `prefix`, each longer word that starts with it too, weighted down by its extra
   * length as MiniSearch weights a prefix match), added into `scores` by short id (zero for
   * every entry when called) and multiplied by `boost(short)`. Returns the short ids of the live entries holding it, each once. It touches no
   * object per entry: the search worker ranks a key press with it (see SearchIndex.searchInSteps).
   */
  termScores(term: string, prefix: boolean, boost: (short: number) => number, scores: Float64Array): number[] {
    const { k, b, d } = BM25;
    const avg = this._avgFieldLength[0] ?? 0;
    const total = this._documentCount;
    const touched: number[] = [];
    const add = (word: string, weight: number, field: Postings): void => {
      const live = this._documentIds;
      // Entries discarded but not yet vacuumed still have postings: they count for nothing.
      let matching = 0;
      const score = (short: number, freq: number, idf: number): void => {
        const length = this._fieldLength.get(short)![0]!;
        const raw = idf * (d + (freq * (k + 1)) / (freq + k * (1 - b + (b * length) / avg)));
        // Every score is above 0: an entry at 0 is met for the first time.
        if (scores[short] === 0) touched.push(short);
        scores[short] = scores[short]! + weight * boost(short) * raw;
      };
      if (field instanceof PackedPostings && field.packed) {
        // Read straight from the runs: a key press scores every posting of its words.
        const { arrays, froms, tos } = field;
        for (let r = 0; r < arrays.length; r++) for (let j = froms[r]!, a = arrays[r]!, end = tos[r]!; j < end; j += 2) if (live.has(a[j]!)) matching++;
        const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
        for (let r = 0; r < arrays.length; r++)
          for (let j = froms[r]!, a = arrays[r]!, end = tos[r]!; j < end; j += 2) if (live.has(a[j]!)) score(a[j]!, a[j + 1]!, idf);
        return;
      }
      const map = field as Map<number, number>;
      for (const short of map.keys()) if (live.has(short)) matching++;
      const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
      for (const [short, freq] of map) if (live.has(short)) score(short, freq, idf);
    };
    const exact = this._index.get(term)?.get(0);
    if (exact) add(term, 1, exact);
    if (prefix) {
      for (const [word, data] of this._index.atPrefix(term)) {
        const distance = word.length - term.length;
        const field = data.get(0);
        if (distance === 0 || !field) continue;
        add(word, (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * distance), field);
      }
    }
    return touched;
  }

  /** The live entries in compact form; discarded entries (not yet vacuumed) are left out. */
  toCompact(): CompactMiniSearch {
    return this.compactInSteps().step(Infinity)!;
  }

  /**
   * The compact form made a part at a time: each `step(postings)` goes through words until it has
   * read about that many postings, and returns the compact form once it is whole (null before). Made
   * over several tasks, so that a large index's save does not hold up queries (2,000 articles took
   * 0.5 s in Node at once). The index must not change between steps: whoever steps checks that
   * (SearchIndex.saveInSteps).
   */
  compactInSteps(): { step(postings: number): CompactMiniSearch | null } {
    const ids: string[] = [];
    const shortIds = new Uint32Array(this._documentIds.size);
    const fieldLengths = new Uint32Array(this._documentIds.size);
    // An entry's field length is its number of distinct words, so the live postings number their
    // sum: the array is made once at its size (growing it copied tens of MB, 90 ms in one step).
    let live = 0;
    for (const [short, id] of this._documentIds) {
      shortIds[ids.length] = short;
      fieldLengths[ids.length] = this._fieldLength.get(short)?.[0] ?? 0;
      live += fieldLengths[ids.length]!;
      ids.push(id as string);
    }
    const terms: string[] = [];
    // Per word its count, then (short id, count) per live entry holding it.
    const postings = new GrowingUint32(this._index.size + 2 * live);
    const words = this._index.entries();
    // Nothing discarded since the last vacuum (MiniSearch counts discards as dirt until one has gone
    // through every word): every posting is live, and packed runs are copied whole.
    const clean = this._dirtCount === 0;
    let done = false;
    return {
      step: (budget: number): CompactMiniSearch | null => {
        if (done) throw new Error('CountedMiniSearch: compact form already made');
        for (let read = 0; ; ) {
          if (read >= budget) return null;
          const next = words.next();
          if (next.done) break;
          const [term, data] = next.value;
          const field = data.get(0);
          if (!field) continue;
          read += field.size + 1;
          if (clean && field instanceof PackedPostings && field.packed) {
            postings.push(field.size);
            for (let r = 0; r < field.arrays.length; r++) postings.pushRun(field.arrays[r]!, field.froms[r]!, field.tos[r]!);
            terms.push(term);
            continue;
          }
          const at = postings.length;
          postings.push(0);
          let n = 0;
          forEachPosting(field as Postings, (short, freq) => {
            if (!this._documentIds.has(short)) return;
            postings.push(short);
            postings.push(freq);
            n++;
          });
          if (n === 0) postings.length = at;
          else {
            postings.array[at] = n;
            terms.push(term);
          }
        }
        done = true;
        return {
          version: 2,
          ids,
          shortIds,
          fieldLengths,
          nextId: this._nextId,
          averageFieldLength: this._avgFieldLength[0] ?? 0,
          terms: terms.join('\u0000'),
          postings: postings.toArray(),
        };
      },
    };
  }

  /** An index from its compact form (see toCompact), with the options it was built with. */
  static fromCompact<T>(c: CompactMiniSearch, options: Options<T>): CountedMiniSearch<T> {
    const mini = new CountedMiniSearch<T>(options);
    for (let i = 0; i < c.ids.length; i++) {
      const short = c.shortIds[i]!;
      mini._idToShortId.set(c.ids[i], short);
      mini._documentIds.set(short, c.ids[i]);
      mini._fieldLength.set(short, [c.fieldLengths[i]!]);
    }
    mini._documentCount = c.ids.length;
    mini._nextId = c.nextId;
    mini._avgFieldLength = [c.averageFieldLength];
    const terms = c.terms === '' ? [] : c.terms.split('\u0000');
    const p = c.postings;
    let at = 0;
    // Each word's postings are used where they were loaded (packed-postings.ts), not copied into Maps.
    for (const term of terms) {
      const n = p[at++]!;
      const field = new PackedPostings(p, at, at + 2 * n) as unknown as Map<number, number>;
      at += 2 * n;
      mini._index.set(term, new Map([[0, field]]));
    }
    setWordCount(mini._index, terms.length);
    return mini;
  }
}

// MiniSearch's word tree (SearchableMap) counts its words by walking every one of them, and forgets
// the count at each `set` or `delete`: the save needs the count (compactInSteps), and after a build or
// a document added it walked 50,000-300,000 words in one step (40-170 ms in Node). The index's own
// additions keep the count known: it is set after a load, and moved on by the words a batch adds.
// MiniSearch's own changes (its `add`, a `remove`, a vacuum) forget it, and the next save counts again.
type CountedTree = { _size?: number };

/** The tree's number of words if it is known without walking it. */
function knownWordCount(tree: object): number | undefined {
  return (tree as CountedTree)._size;
}

function setWordCount(tree: object, n: number): void {
  (tree as CountedTree)._size = n;
}
