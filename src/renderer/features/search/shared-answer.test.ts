// The first answer of a query through shared memory: written by the worker, waited for by the window.
import { describe, expect, it } from 'vitest';
import { createSharedAnswers, SHARED_ANSWER_BYTES, waitForSharedAnswer, writeSharedAnswer } from './shared-answer';

const buffer = () => new SharedArrayBuffer(8 + SHARED_ANSWER_BYTES);

describe('shared search answers', () => {
  it('the window gets the answer written for its query, accents and Chinese intact', () => {
    const b = buffer();
    const answer = { results: { groups: [{ title: 'Ташкент — 卡米洛夫 “Kamilov”', hits: [] }] }, ms: 1.5, final: true };
    expect(writeSharedAnswer(b, 7, answer)).toBe(true);
    expect(waitForSharedAnswer(b, 7, 5)).toEqual(answer);
  });

  it('an older query’s answer is not taken for a newer one; the wait gives up after its time', () => {
    const b = buffer();
    writeSharedAnswer(b, 3, { n: 3 });
    const t0 = performance.now();
    expect(waitForSharedAnswer(b, 4, 20)).toBeNull();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(19);
    // A newer query's answer already there: this one will never come, no waiting.
    writeSharedAnswer(b, 5, { n: 5 });
    const t1 = performance.now();
    expect(waitForSharedAnswer(b, 4, 1000)).toBeNull();
    expect(performance.now() - t1).toBeLessThan(100);
  });

  it('an answer too large for the shared memory is refused (it is still posted), leaving the last one in place', () => {
    const b = buffer();
    writeSharedAnswer(b, 1, { n: 1 });
    expect(writeSharedAnswer(b, 2, { text: 'x'.repeat(SHARED_ANSWER_BYTES) })).toBe(false);
    expect(waitForSharedAnswer(b, 2, 5)).toBeNull();
    expect(waitForSharedAnswer(b, 1, 5)).toEqual({ n: 1 });
  });

  it('no shared memory where the page is not cross-origin isolated', () => {
    expect((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated).toBeFalsy();
    expect(createSharedAnswers()).toBeNull();
  });
});
