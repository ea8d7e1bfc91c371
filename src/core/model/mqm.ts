// MQM scoring of a translated document: severity-weighted error points per 1,000 words against a threshold.
import type { Annotation, Severity } from './annotation';

export type MqmWeights = Record<Severity, number>;

/** MQM-Core's usual weights. */
export const DEFAULT_MQM_WEIGHTS: Readonly<MqmWeights> = { minor: 1, major: 5, critical: 25 };

/**
 * Pass when at most 10 penalty points per 1,000 words: the common "99 out of 100" MQM pass mark
 * (1 point per 100 words), i.e. ten minor errors, or two major ones, per thousand words.
 */
export const DEFAULT_MQM_THRESHOLD = 10;

/** The formula in words, for the given weights and threshold. */
export function describeMqmFormula(
  weights: Readonly<MqmWeights> = DEFAULT_MQM_WEIGHTS,
  threshold: number = DEFAULT_MQM_THRESHOLD,
): string {
  return (
    `MQM penalty = ${weights.minor} × minor + ${weights.major} × major + ${weights.critical} × critical ` +
    'translation errors (orphaned ones included); score = penalty × 1,000 ÷ word count; ' +
    `the translation passes when the score is at most ${threshold} points per 1,000 words.`
  );
}

/** The formula with the default weights and threshold, as the UI and README show it. */
export const MQM_FORMULA_TEXT = describeMqmFormula();

export interface MqmScore {
  penalty: number;
  /** Penalty points per 1,000 words (unrounded). */
  perThousandWords: number;
  pass: boolean;
  counts: Record<Severity, number>;
}

/**
 * Scores the translation errors among `errors` (claims are ignored). Orphaned errors count: the error
 * was observed even if the text has since moved. A word count below 1 is taken as 1.
 */
export function scoreMqm(
  errors: ReadonlyArray<Annotation>,
  wordCount: number,
  weights: Readonly<MqmWeights> = DEFAULT_MQM_WEIGHTS,
  threshold: number = DEFAULT_MQM_THRESHOLD,
): MqmScore {
  const counts: Record<Severity, number> = { minor: 0, major: 0, critical: 0 };
  let penalty = 0;
  for (const a of errors) {
    if (a.kind !== 'translation-error' || !a.translation) continue;
    counts[a.translation.severity]++;
    penalty += weights[a.translation.severity];
  }
  const perThousandWords = (penalty * 1000) / Math.max(1, wordCount);
  return { penalty, perThousandWords, pass: perThousandWords <= threshold, counts };
}
