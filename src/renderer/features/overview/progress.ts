// Progress figures from the desk's per-document counts (pure): how much of a document's work is done,
// and its translation's MQM result, as the overview and the library say them.
import { CLAIM_STATUSES, type ClaimStatus } from '../../../core/model';
import type { MqmWeights } from '../../../core/model/mqm';
import { emptyProgress, type DocumentProgress } from '../desk/desk-model';

export const DONE_STATUSES: readonly ClaimStatus[] = ['checked', 'published'];

/** Annotations checked or published, of all. */
export function doneOf(p: DocumentProgress): number {
  return DONE_STATUSES.reduce((n, s) => n + p.byStatus[s], 0);
}

/** The sum of many documents' counts (the overview's totals). */
export function totalProgress(list: readonly DocumentProgress[]): DocumentProgress {
  const t = emptyProgress('');
  for (const p of list) {
    t.total += p.total;
    t.claims += p.claims;
    t.translationErrors += p.translationErrors;
    t.orphans += p.orphans;
    for (const s of CLAIM_STATUSES) t.byStatus[s] += p.byStatus[s];
    for (const v of Object.keys(t.byVerdict) as Array<keyof typeof t.byVerdict>) t.byVerdict[v] += p.byVerdict[v];
    for (const s of Object.keys(t.severities) as Array<keyof typeof t.severities>) t.severities[s] += p.severities[s];
  }
  return t;
}

export type MqmResult = { kind: 'not-translation' } | { kind: 'not-reviewed'; perThousandWords: number } | { kind: 'scored'; perThousandWords: number; pass: boolean };

/** The translation's MQM result: penalty points per 1,000 words (core's formula), "not reviewed" until marked. */
export function mqmResultOf(p: DocumentProgress, isTranslation: boolean, words: number, reviewed: boolean, weights: Readonly<MqmWeights>, threshold: number): MqmResult {
  if (!isTranslation) return { kind: 'not-translation' };
  const penalty = p.severities.minor * weights.minor + p.severities.major * weights.major + p.severities.critical * weights.critical;
  const perThousandWords = (penalty * 1000) / Math.max(1, words);
  return reviewed ? { kind: 'scored', perThousandWords, pass: perThousandWords <= threshold } : { kind: 'not-reviewed', perThousandWords };
}

export function describeMqm(r: MqmResult): string {
  if (r.kind === 'not-translation') return '—';
  if (r.kind === 'not-reviewed') return 'Not reviewed';
  return `${r.perThousandWords.toFixed(1)} · ${r.pass ? 'Pass' : 'Fail'}`;
}
