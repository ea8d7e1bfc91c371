// Krippendorff's alpha for nominal data, with missing values: the coincidence-matrix computation of
// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability". Units with fewer than two values
// are not pairable and do not count.

/** One unit's values, one per coder; null where that coder gave none. */
export type Reliability<V> = ReadonlyArray<ReadonlyArray<V | null>>;

export interface AlphaResult {
  /** NaN when it is undefined: no pairable unit, or every value the same (no variation to agree on). */
  alpha: number;
  /** Pairable values (n..): the number of values in units that have at least two. */
  pairable: number;
  observedDisagreement: number;
  expectedDisagreement: number;
}

export function krippendorffAlphaNominal<V>(units: Reliability<V>): AlphaResult {
  const key = (v: V) => JSON.stringify(v);
  // o[c][k]: coincidences of values c and k within units, each pair weighted 1 / (m_u - 1).
  const o = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, w: number) => {
    let row = o.get(c);
    if (!row) o.set(c, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + w);
  };
  let n = 0;
  for (const unit of units) {
    const values = unit.filter((v): v is V => v !== null).map(key);
    const m = values.length;
    if (m < 2) continue;
    n += m;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) if (i !== j) add(values[i]!, values[j]!, 1 / (m - 1));
    }
  }
  const nc = new Map<string, number>();
  for (const [c, row] of o) nc.set(c, [...row.values()].reduce((s, x) => s + x, 0));
  let observed = 0;
  for (const [c, row] of o) for (const [k, w] of row) if (c !== k) observed += w;
  let expected = 0;
  for (const [c, a] of nc) for (const [k, b] of nc) if (c !== k) expected += a * b;
  const Do = n > 0 ? observed / n : NaN;
  const De = n > 1 ? expected / (n * (n - 1)) : NaN;
  return { alpha: De > 0 ? 1 - Do / De : NaN, pairable: n, observedDisagreement: Do, expectedDisagreement: De };
}
