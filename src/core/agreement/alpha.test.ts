// Krippendorff's alpha against his own worked examples (Krippendorff 2011, "Computing Krippendorff's
// Alpha-Reliability", Annenberg School for Communication, sections A and C).
import { describe, expect, it } from 'vitest';
import { krippendorffAlphaNominal } from './alpha';

describe('krippendorffAlphaNominal', () => {
  it('binary data, two observers, no missing data: alpha = 0.095', () => {
    const A = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const B = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const r = krippendorffAlphaNominal(A.map((a, i) => [a, B[i]!]));
    expect(r.alpha).toBeCloseTo(0.095, 3);
    expect(r.pairable).toBe(20);
  });

  it('nominal data, four observers, missing values: alpha = 0.743', () => {
    const _ = null;
    const observers = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const units = observers[0]!.map((_v, u) => observers.map((o) => o[u]!));
    const r = krippendorffAlphaNominal(units);
    // Unit 12 has one value only and is not pairable: 40 pairable values.
    expect(r.pairable).toBe(40);
    expect(r.alpha).toBeCloseTo(0.743, 3);
  });

  it('perfect agreement is 1, and no variation at all leaves alpha undefined', () => {
    expect(krippendorffAlphaNominal([['a', 'a'], ['b', 'b'], ['a', 'a', null]]).alpha).toBe(1);
    expect(krippendorffAlphaNominal([['a', 'a'], ['a', 'a']]).alpha).toBeNaN();
    expect(krippendorffAlphaNominal([['a', null]]).alpha).toBeNaN();
  });
});
