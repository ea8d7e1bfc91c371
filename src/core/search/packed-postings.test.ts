// PackedPostings stands in for the Map MiniSearch keeps per word: every read and change MiniSearch
// makes must give what the Map with the same postings gives.
import { describe, expect, it } from 'vitest';
import { PackedPostings } from './packed-postings';

/** Postings (short id, count) as a packed run of one array, and the Map they stand for. */
function both(pairs: Array<[number, number]>): { packed: PackedPostings; map: Map<number, number> } {
  const array = new Uint32Array([7, 7, ...pairs.flat(), 9, 9]); // other words' postings on either side
  return { packed: new PackedPostings(array, 2, 2 + pairs.length * 2), map: new Map(pairs) };
}

function expectSame(packed: PackedPostings, map: Map<number, number>): void {
  expect(packed.size).toBe(map.size);
  expect([...packed]).toEqual([...map]);
  expect([...packed.keys()]).toEqual([...map.keys()]);
  expect([...packed.values()]).toEqual([...map.values()]);
  expect(Object.fromEntries(packed as unknown as Map<number, number>)).toEqual(Object.fromEntries(map));
  const seen: Array<[number, number]> = [];
  packed.forEach((v, k) => seen.push([k, v]));
  expect(seen).toEqual([...map]);
  for (let k = 0; k <= Math.max(0, ...map.keys()) + 2; k++) {
    expect(packed.get(k), `get ${k}`).toBe(map.get(k));
    expect(packed.has(k)).toBe(map.has(k));
  }
}

describe('PackedPostings', () => {
  it('reads as the Map of the same postings: size, lookups (present, absent, out of range), iteration in order', () => {
    const { packed, map } = both([[1, 3], [4, 1], [5, 2], [9, 1], [20, 7]]);
    expect(packed.packed).toBe(true);
    expectSame(packed, map);
    // Iterating and then looking up the key just given (as MiniSearch's scoring does).
    for (const k of packed.keys()) expect(packed.get(k)).toBe(map.get(k));
  });

  it('takes later batches as more runs, and joins them when there are many, with nothing lost', () => {
    const { packed, map } = both([[0, 1], [2, 2]]);
    let next = 3;
    for (let run = 0; run < 12; run++) {
      const pairs: Array<[number, number]> = [[next, run + 1], [next + 2, 1]];
      next += 5;
      expect(packed.append(new Uint32Array(pairs.flat()), 0, 4)).toBe(true);
      for (const [k, v] of pairs) map.set(k, v);
      expectSame(packed, map);
    }
    expect(packed.arrays.length).toBeLessThanOrEqual(8);
    expect(packed.packed).toBe(true);
  });

  it('turns into a Map on the first change, which later reads and changes use', () => {
    const { packed, map } = both([[1, 3], [4, 1], [5, 2]]);
    packed.set(4, 9);
    map.set(4, 9);
    expect(packed.packed).toBe(false);
    expectSame(packed, map);
    packed.set(8, 1);
    map.set(8, 1);
    expect(packed.delete(1)).toBe(true);
    map.delete(1);
    expect(packed.delete(1)).toBe(false);
    expectSame(packed, map);
    // A Map's postings take no more runs: the caller sets each.
    expect(packed.append(new Uint32Array([10, 1]), 0, 2)).toBe(false);
  });

  it('lets entries be deleted while it is iterated, as MiniSearch\'s vacuum does: every posting is visited once', () => {
    const { packed, map } = both([[1, 3], [2, 1], [3, 2], [4, 1], [5, 5]]);
    const visited: number[] = [];
    for (const [k] of packed) {
      visited.push(k);
      if (k % 2 === 1) packed.delete(k);
    }
    for (const [k] of map) if (k % 2 === 1) map.delete(k);
    expect(visited).toEqual([1, 2, 3, 4, 5]);
    expectSame(packed, map);
  });
});
