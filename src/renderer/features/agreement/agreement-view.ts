// What the Agreement screen shows for the open document: its reviewers (the authors of its placed claims
// and translation errors), the measure for the ones chosen (core/agreement), figures in words, each
// disagreement as a line a person reads and the annotation it opens, and the CSV file names.
import { measureAgreement, type AgreementReport, type Disagreement } from '../../../core/agreement';
import type { Annotation } from '../../../core/model/annotation';
import { reviewerId } from '../../../core/model/reviewer';

export interface DocumentReviewer {
  name: string;
  /** Placed claims and translation errors by this reviewer (what agreement compares). */
  count: number;
}

/** Annotations agreement compares: claims and translation errors with a place in the text. */
function compared(a: Annotation): boolean {
  return !a.orphan && (a.kind === 'claim' || a.kind === 'translation-error') && a.position.end > a.position.start;
}

/** The document's reviewers, by name: everyone who placed a claim or translation error in it. */
export function reviewersOf(annotations: readonly Annotation[]): DocumentReviewer[] {
  const counts = new Map<string, number>();
  for (const a of annotations) if (compared(a)) counts.set(a.author, (counts.get(a.author) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((x, y) => x.name.localeCompare(y.name));
}

/** The agreement between the chosen reviewers (in the order given), or null when fewer than two are chosen. */
export function measureFor(annotations: readonly Annotation[], names: readonly string[]): AgreementReport | null {
  if (names.length < 2) return null;
  return measureAgreement(
    names.map((name) => ({
      reviewer: { id: reviewerId(name), name: name.trim() === '' ? 'Unnamed' : name },
      annotations: annotations.filter((a) => a.author === name && compared(a)),
    })),
  );
}

/** The sentence shown when the document has fewer than two reviewers. */
export function tooFewReviewers(reviewers: readonly DocumentReviewer[]): string {
  const who = reviewers.length === 0 ? 'nobody has' : `only ${reviewers[0]!.name || 'an unnamed editor'} has`;
  return `Agreement needs annotations by at least two reviewers on this document; ${who} annotated it.`;
}

/** A figure with three decimals, or "not defined" (no unit to compare, or no variation in the values). */
export function describeFigure(x: number): string {
  return Number.isNaN(x) ? 'not defined' : x.toFixed(3);
}

const ASPECT_WORDS: Record<Disagreement['aspect'], string> = {
  marked: 'not marked by everyone',
  verdict: 'verdict differs',
  category: 'MQM category differs',
  severity: 'MQM severity differs',
};

/** One disagreement in words: what differs, where, and each reviewer's value. */
export function describeDisagreement(d: Disagreement, report: AgreementReport): string {
  const quote = d.unit.quote.length > 80 ? `${d.unit.quote.slice(0, 79)}…` : d.unit.quote;
  const values = report.reviewers.map((r, i) => `${r.name}: ${d.values[i] || 'not marked'}`).join('; ');
  return `${ASPECT_WORDS[d.aspect]} on “${quote}” (${values})`;
}

/** The annotation a disagreement opens in the reader: the first chosen reviewer's mark there. */
export function annotationToOpen(d: Disagreement): string {
  return d.unit.marks.find((m) => m !== null)!.id;
}

/** File names for the CSV exports: the document's id and the day. */
export function agreementFileName(docId: string, what: 'units' | 'summary', now: Date): string {
  const safe = docId.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);
  return `claimdesk-agreement-${what}-${safe}-${now.toISOString().slice(0, 10)}.csv`;
}
