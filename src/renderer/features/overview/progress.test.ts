// The overview's figures: totals add up the documents, progress counts checked and published, and
// a translation reads "Not reviewed" until it is marked, then its MQM score and Pass or Fail.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MQM_WEIGHTS } from '../../../core/model/mqm';
import { emptyProgress } from '../desk/desk-model';
import { describeMqm, doneOf, mqmResultOf, totalProgress } from './progress';

describe('overview figures', () => {
  const a = { ...emptyProgress('a'), total: 4, claims: 3, translationErrors: 1, orphans: 1 };
  a.byStatus = { 'to-check': 1, 'in-progress': 1, checked: 1, published: 1, 'needs-second-look': 0 };
  a.byVerdict = { sourced: 1, contested: 1, contradicted: 1 };
  a.severities = { minor: 0, major: 1, critical: 0 };
  const b = { ...emptyProgress('b'), total: 2, claims: 2 };
  b.byStatus = { 'to-check': 0, 'in-progress': 0, checked: 0, published: 2, 'needs-second-look': 0 };
  b.byVerdict = { sourced: 2, contested: 0, contradicted: 0 };

  it('totals and progress', () => {
    const t = totalProgress([a, b]);
    expect(t.total).toBe(6);
    expect(t.byStatus.published).toBe(3);
    expect(t.byVerdict.sourced).toBe(3);
    expect(t.orphans).toBe(1);
    expect(doneOf(a)).toBe(2);
    expect(doneOf(t)).toBe(4);
  });

  it('MQM: not reviewed until marked; then the score per 1,000 words and Pass or Fail', () => {
    expect(describeMqm(mqmResultOf(a, false, 1000, true, DEFAULT_MQM_WEIGHTS, 10))).toBe('—');
    expect(describeMqm(mqmResultOf(a, true, 1000, false, DEFAULT_MQM_WEIGHTS, 10))).toBe('Not reviewed');
    expect(describeMqm(mqmResultOf(a, true, 1000, true, DEFAULT_MQM_WEIGHTS, 10))).toBe('5.0 · Pass');
    expect(describeMqm(mqmResultOf(a, true, 400, true, DEFAULT_MQM_WEIGHTS, 10))).toBe('12.5 · Fail');
  });
});
