// Inter-annotator agreement on one document that two or more reviewers checked independently: which
// spans they both marked, where they agree on the verdict (claims) or the MQM category and severity
// (translation errors), Krippendorff's alpha (nominal) and span-level F1, and the list of disagreements.
import type { Annotation, AnnotationKind } from '../model/annotation';
import type { Reviewer } from '../merge/entries';
import { krippendorffAlphaNominal, type AlphaResult } from './alpha';

export interface ReviewerWork {
  reviewer: Reviewer;
  /** That reviewer's annotations of the document. Orphans are left out: their place is unknown. */
  annotations: ReadonlyArray<Annotation>;
}

/** A place in the text that at least one reviewer marked: overlapping marks of one kind form one unit. */
export interface AgreementUnit {
  index: number;
  kind: AnnotationKind;
  start: number;
  end: number;
  /** The text of the earliest mark in the unit, for a person to recognise it. */
  quote: string;
  /** One per reviewer, in the order given; null where that reviewer marked nothing here. */
  marks: Array<Annotation | null>;
}

export type DisagreementAspect = 'marked' | 'verdict' | 'category' | 'severity';

export interface Disagreement {
  unit: AgreementUnit;
  aspect: DisagreementAspect;
  /** Each reviewer's value for the aspect ('' where the reviewer did not mark the span). */
  values: string[];
}

export interface AspectAgreement {
  /** Units that at least two reviewers marked, and of those how many agree on the aspect. */
  compared: number;
  agreed: number;
  alpha: AlphaResult;
}

export interface PairF1 {
  a: number;
  b: number;
  /** Same start and end. */
  exact: number;
  /** Overlapping, one to one. */
  overlap: number;
}

export interface AgreementReport {
  reviewers: Reviewer[];
  units: AgreementUnit[];
  /** Units every reviewer marked. */
  markedByAll: number;
  verdict: AspectAgreement;
  category: AspectAgreement;
  severity: AspectAgreement;
  spanF1: { exact: number; overlap: number; pairs: PairF1[] };
  disagreements: Disagreement[];
}

const overlaps = (a: Annotation, b: Annotation) => a.position.start < b.position.end && b.position.start < a.position.end;
const overlapLength = (a: Annotation, b: Annotation) => Math.min(a.position.end, b.position.end) - Math.max(a.position.start, b.position.start);
const length = (a: Annotation) => a.position.end - a.position.start;

function usable(work: ReviewerWork, kind: AnnotationKind): Annotation[] {
  return work.annotations.filter((a) => !a.orphan && a.kind === kind && a.position.end > a.position.start);
}

/** Units of one kind: connected groups of marks by different reviewers that overlap. */
function buildUnits(works: ReadonlyArray<ReviewerWork>, kind: AnnotationKind): Omit<AgreementUnit, 'index'>[] {
  const items = works.flatMap((w, r) => usable(w, kind).map((a) => ({ a, r })));
  items.sort((x, y) => x.a.position.start - y.a.position.start || x.a.position.end - y.a.position.end || (x.a.id < y.a.id ? -1 : 1));
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length && items[j]!.a.position.start < items[i]!.a.position.end; j++) {
      if (items[i]!.r !== items[j]!.r && overlaps(items[i]!.a, items[j]!.a)) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, typeof items>();
  items.forEach((it, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(it);
    else groups.set(root, [it]);
  });
  return [...groups.values()].map((g) => {
    const start = Math.min(...g.map((x) => x.a.position.start));
    const end = Math.max(...g.map((x) => x.a.position.end));
    // A reviewer with two marks in one unit (a claim split in two) is represented by the longest.
    const marks = works.map((_, r) =>
      g.filter((x) => x.r === r).map((x) => x.a).sort((p, q) => length(q) - length(p) || (p.id < q.id ? -1 : 1))[0] ?? null,
    );
    return { kind, start, end, quote: g[0]!.a.quote.exact, marks };
  });
}

function category(a: Annotation | null): string | null {
  if (!a?.translation) return null;
  return a.translation.subtype ? `${a.translation.dimension}/${a.translation.subtype}` : a.translation.dimension;
}

function aspectValue(a: Annotation | null, aspect: Exclude<DisagreementAspect, 'marked'>): string | null {
  if (!a) return null;
  if (aspect === 'verdict') return a.verdict;
  if (aspect === 'category') return category(a);
  return a.translation?.severity ?? null;
}

function aspectAgreement(units: AgreementUnit[], aspect: Exclude<DisagreementAspect, 'marked'>): AspectAgreement {
  const rows = units.map((u) => u.marks.map((m) => aspectValue(m, aspect)));
  let compared = 0;
  let agreed = 0;
  for (const row of rows) {
    const present = row.filter((v) => v !== null);
    if (present.length < 2) continue;
    compared++;
    if (present.every((v) => v === present[0])) agreed++;
  }
  return { compared, agreed, alpha: krippendorffAlphaNominal(rows) };
}

/** One-to-one matches between two reviewers' marks of one kind: largest overlaps first. */
function matchCount(a: Annotation[], b: Annotation[], exact: boolean): number {
  if (exact) {
    const keys = new Map<string, number>();
    for (const x of a) keys.set(`${x.position.start}:${x.position.end}`, (keys.get(`${x.position.start}:${x.position.end}`) ?? 0) + 1);
    let m = 0;
    for (const y of b) {
      const k = `${y.position.start}:${y.position.end}`;
      const left = keys.get(k) ?? 0;
      if (left > 0) {
        m++;
        keys.set(k, left - 1);
      }
    }
    return m;
  }
  const pairs: Array<[number, number, number]> = [];
  a.forEach((x, i) => b.forEach((y, j) => overlaps(x, y) && pairs.push([overlapLength(x, y), i, j])));
  pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let m = 0;
  for (const [, i, j] of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    m++;
  }
  return m;
}

function f1(matches: number, total: number): number {
  return total === 0 ? NaN : (2 * matches) / total;
}

export function measureAgreement(works: ReadonlyArray<ReviewerWork>): AgreementReport {
  if (works.length < 2) throw new Error('agreement needs at least two reviewers');
  const units: AgreementUnit[] = [...buildUnits(works, 'claim'), ...buildUnits(works, 'translation-error')]
    .sort((x, y) => x.start - y.start || x.end - y.end || (x.kind < y.kind ? -1 : 1))
    .map((u, index) => ({ ...u, index }));
  const claims = units.filter((u) => u.kind === 'claim');
  const errors = units.filter((u) => u.kind === 'translation-error');

  const disagreements: Disagreement[] = [];
  for (const unit of units) {
    if (unit.marks.some((m) => m === null)) disagreements.push({ unit, aspect: 'marked', values: unit.marks.map((m) => (m ? 'marked' : '')) });
    const aspects = unit.kind === 'claim' ? (['verdict'] as const) : (['category', 'severity'] as const);
    for (const aspect of aspects) {
      const values = unit.marks.map((m) => aspectValue(m, aspect));
      const present = values.filter((v) => v !== null);
      if (present.length >= 2 && present.some((v) => v !== present[0])) disagreements.push({ unit, aspect, values: values.map((v) => v ?? '') });
    }
  }

  const pairs: PairF1[] = [];
  for (let a = 0; a < works.length; a++) {
    for (let b = a + 1; b < works.length; b++) {
      let exactMatches = 0;
      let overlapMatches = 0;
      let total = 0;
      for (const kind of ['claim', 'translation-error'] as const) {
        const x = usable(works[a]!, kind);
        const y = usable(works[b]!, kind);
        exactMatches += matchCount(x, y, true);
        overlapMatches += matchCount(x, y, false);
        total += x.length + y.length;
      }
      pairs.push({ a, b, exact: f1(exactMatches, total), overlap: f1(overlapMatches, total) });
    }
  }
  const mean = (xs: number[]) => {
    const defined = xs.filter((x) => !Number.isNaN(x));
    return defined.length ? defined.reduce((s, x) => s + x, 0) / defined.length : NaN;
  };

  return {
    reviewers: works.map((w) => w.reviewer),
    units,
    markedByAll: units.filter((u) => u.marks.every((m) => m !== null)).length,
    verdict: aspectAgreement(claims, 'verdict'),
    category: aspectAgreement(errors, 'category'),
    severity: aspectAgreement(errors, 'severity'),
    spanF1: { exact: mean(pairs.map((p) => p.exact)), overlap: mean(pairs.map((p) => p.overlap)), pairs },
    disagreements,
  };
}
