// The review report: a model built from the database (summary first, then each document), rendered as
// one self-contained HTML file that prints its own marks, or as Markdown that is safe in any renderer.
import type { Annotation, Severity, Source, Verdict } from '../model/annotation';
import { compareByTextOrder, describeStatus, SEVERITIES, workflowOf } from '../model/annotation';
import { groupClaims } from '../model/claims';
import { grouped, plural } from '../model/plural';
import { describeTextOrigin, type TextOrigin } from './text-origin';
import { countWords, type TranslationInfo } from '../model/document';
import { describeMqmFormula, scoreMqm, type MqmScore, type MqmWeights } from '../model/mqm';

export interface ReportDocumentInput {
  id: string;
  title: string;
  text: string;
  publication?: string | null;
  author?: string | null;
  date?: string | null;
  translation: TranslationInfo | null;
  /** documents (issue 13): where the text came from, named beside the details. */
  textOrigin?: TextOrigin | null;
}

/** The editor's statement that a document's review is complete: only then does its MQM result count. */
export interface DocumentReviewMark {
  docId: string;
  /** ISO time. */
  reviewedAt: string;
  reviewer: string;
}

/** Another annotation sharing words with this one, by its report number. */
export interface ReportRelation {
  /** contains: the other lies inside this one; inside: this one lies inside the other. */
  kind: 'same' | 'contains' | 'inside' | 'overlaps';
  number: number;
  label: string;
}

export interface ReportClaim {
  /** The annotation's number, used everywhere in the report (#n). */
  number: number;
  id: string;
  verdict: Verdict;
  verdictLabel: string;
  quote: string;
  /** The sentence(s) holding the quote, split around it. */
  context: { before: string; quote: string; after: string };
  /** Paragraph number in the document (non-empty paragraphs, from 1); null when it cannot be placed. */
  paragraph: number | null;
  note: string;
  sources: Source[];
  author: string;
  relations: ReportRelation[];
  /** The workflow status, as a person reads it ("To check", "Published"…). */
  status: string;
  /** Set when the claim is one appearance of a linked claim: its wording and the other appearances' numbers. */
  linked: { wording: string; others: number[] } | null;
}

export interface ReportTranslationError {
  number: number;
  id: string;
  quote: string;
  paragraph: number | null;
  /** Readable: "Locale conventions / Name format". */
  category: string;
  /** Readable: "Major". */
  severity: string;
  correction: string;
  note: string;
  author: string;
  relations: ReportRelation[];
}

export interface ReportOrphan {
  number: number;
  id: string;
  label: string;
  quote: string;
  note: string;
  author: string;
}

export type MqmStatus = 'pass' | 'fail' | 'not-reviewed';

export interface ReportDocument {
  id: string;
  title: string;
  publication: string | null;
  author: string | null;
  date: string | null;
  translation: TranslationInfo | null;
  /** "translated from Chinese (machine translation)", or '' for an original. */
  translationLabel: string;
  /** documents (issue 13): "Text from lakes-report.pdf (…) by pdf.js text layer (pdf), imported …", or null. */
  textOrigin: string | null;
  wordCount: number;
  counts: { sourced: number; contested: number; contradicted: number; translationErrors: number; orphans: number };
  /** Set for translated documents and for any document with translation errors. */
  mqm: MqmScore | null;
  /** Pass or Fail only once the document is marked reviewed; null where there is no MQM score. */
  mqmStatus: MqmStatus | null;
  review: DocumentReviewMark | null;
  claims: ReportClaim[];
  translationErrors: ReportTranslationError[];
  orphans: ReportOrphan[];
}

export interface ReportAttentionItem {
  number: number;
  verdict: Verdict;
  verdictLabel: string;
  docId: string;
  docTitle: string;
  paragraph: number | null;
  quote: string;
}

export interface ReportTranslationStatus {
  docId: string;
  title: string;
  translationLabel: string;
  wordCount: number;
  score: MqmScore;
  status: MqmStatus;
  review: DocumentReviewMark | null;
}

/** One thing left to do: a sentence, and the numbers of the annotations it concerns (listed after it). */
export interface ReportTodo {
  text: string;
  numbers: number[];
}

export interface ReportSummary {
  totals: {
    documents: number;
    documentsAnnotated: number;
    claims: number;
    sourced: number;
    contested: number;
    contradicted: number;
    translationErrors: number;
    severities: Record<Severity, number>;
    orphans: number;
    unplaced: number;
  };
  /** Contradicted claims, then contested ones, each in report order. */
  attention: ReportAttentionItem[];
  /** Every scored document: failing first, then not reviewed, then passing. */
  translations: ReportTranslationStatus[];
  /** What is left to do; empty when nothing is. */
  todo: ReportTodo[];
}

export interface ReportModel {
  title: string;
  /** Everyone who made an annotation in the report (or the person preparing it when there is none). */
  reviewers: string[];
  /** Whether several people worked: only then is each annotation's author shown. */
  severalReviewers: boolean;
  /** The person the report was made by. */
  preparedBy: string;
  generatedAt: string;
  mqm: { weights: MqmWeights; threshold: number; formula: string };
  summary: ReportSummary;
  documents: ReportDocument[];
  /** Annotations whose document is not among the documents reported. */
  unplaced: ReportOrphan[];
  /** Each linked claim once, listing its appearances (their numbers are the ones used in the documents). */
  linkedClaims: ReportLinkedClaim[];
}

export interface ReportLinkedClaim {
  claimId: string;
  wording: string;
  /** Kind of the appearances: "Contested claim", "Translation error"… */
  label: string;
  status: string;
  sources: Source[];
  appearances: Array<{ number: number; docTitle: string; paragraph: number | null; quote: string; note: string }>;
}

const VERDICT_LABEL: Record<Verdict, string> = { sourced: 'Sourced', contested: 'Contested', contradicted: 'Contradicted' };
const MAX_CONTEXT = 300;
const CONTEXT_WINDOW = MAX_CONTEXT + 40;
/** Overlaps named per annotation; beyond that, how many more. */
const MAX_RELATIONS = 8;
const MAX_SUMMARY_QUOTE = 160;
const MAX_LISTED_TITLES = 10;

function capitalise(s: string): string {
  return s ? `${s[0]!.toUpperCase()}${s.slice(1)}` : s;
}

/** An MQM id as the editor's menus show it: "locale-conventions" -> "Locale conventions". */
export function readableMqmName(id: string): string {
  return capitalise(id.replace(/-/g, ' '));
}

function readableCategory(a: Annotation): string {
  const t = a.translation;
  if (!t) return '';
  return t.subtype ? `${readableMqmName(t.dimension)} / ${readableMqmName(t.subtype)}` : readableMqmName(t.dimension);
}

let languageNames: Intl.DisplayNames | null | undefined;

/** "zh" -> "Chinese"; "und" (undetermined) -> "an unknown language"; a code no one knows stays as it is. */
export function languageName(code: string): string {
  const c = code.trim();
  if (!c || c.toLowerCase() === 'und') return 'an unknown language';
  if (languageNames === undefined) {
    try {
      languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
    } catch {
      languageNames = null;
    }
  }
  try {
    return languageNames?.of(c) ?? c;
  } catch {
    return c; // not a well-formed language tag
  }
}

/** "translated from Chinese (machine translation)"; '' for a document that is not a translation. */
export function describeTranslation(t: TranslationInfo | null): string {
  if (!t) return '';
  const method = t.method === 'machine' ? ' (machine translation)' : t.method === 'human' ? ' (human translation)' : '';
  return `translated from ${languageName(t.from)}${method}`;
}

function labelOf(a: Annotation): string {
  return a.kind === 'claim' ? `${VERDICT_LABEL[a.verdict ?? 'contested']} claim` : 'Translation error';
}

/** The sentence(s) around [start, end) inside its paragraph, trimmed to a readable length. */
export function sentenceAround(text: string, start: number, end: number): { before: string; quote: string; after: string } {
  // Only a window either side is read: a paragraph can be megabytes long, and a longer context is cut anyway.
  const lo = Math.max(0, start - CONTEXT_WINDOW);
  const hi = Math.min(text.length, end + CONTEXT_WINDOW);
  const paraStart = lo + text.slice(lo, start).lastIndexOf('\n') + 1;
  const nl = text.slice(end, hi).indexOf('\n');
  const paraEnd = nl < 0 ? hi : end + nl;
  const head = text.slice(paraStart, start);
  let from = paraStart;
  for (const m of head.matchAll(/[.!?。！？…]["'”’)\]]*\s+|[。！？]/g)) from = paraStart + m.index + m[0].length;
  const tail = text.slice(end, paraEnd);
  const m = /[.!?。！？…]["'”’)\]]*(?=\s|$)|[。！？]/.exec(tail);
  const to = m ? end + m.index + m[0].length : paraEnd;
  let before = text.slice(from, start);
  let after = text.slice(end, to);
  if (before.length > MAX_CONTEXT) before = `…${before.slice(before.length - MAX_CONTEXT)}`;
  if (after.length > MAX_CONTEXT) after = `${after.slice(0, MAX_CONTEXT)}…`;
  return { before, quote: text.slice(start, end), after };
}

/** Where the annotation's words are in the text: its position when it still holds the quote, else the quote's first occurrence. */
function locate(text: string, a: Annotation): { start: number; end: number } | null {
  const { start, end } = a.position;
  if (end <= text.length && start < end && text.slice(start, end) === a.quote.exact) return { start, end };
  const at = a.quote.exact ? text.indexOf(a.quote.exact) : -1;
  return at >= 0 ? { start: at, end: at + a.quote.exact.length } : null;
}

/** Start offsets of the non-empty paragraphs (lines), for paragraph numbers as a reader counts them. */
function paragraphIndex(text: string): number[] {
  const starts: number[] = [];
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    if (text.slice(from, end).trim() !== '') starts.push(from);
    if (nl < 0) return starts;
    from = nl + 1;
  }
}

function paragraphOf(starts: readonly number[], offset: number): number | null {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : found + 1;
}

interface Placed {
  a: Annotation;
  number: number;
  range: { start: number; end: number };
  relations: ReportRelation[];
}

/** Fills each placed annotation's relations with every other one that shares words with it. */
function relate(placed: Placed[]): void {
  const byStart = [...placed].sort((x, y) => x.range.start - y.range.start || y.range.end - x.range.end || x.number - y.number);
  for (let i = 0; i < byStart.length; i++) {
    const x = byStart[i]!;
    for (let j = i + 1; j < byStart.length; j++) {
      const y = byStart[j]!;
      if (y.range.start >= x.range.end) break;
      const same = x.range.start === y.range.start && x.range.end === y.range.end;
      const xHoldsY = x.range.start <= y.range.start && y.range.end <= x.range.end;
      x.relations.push({ kind: same ? 'same' : xHoldsY ? 'contains' : 'overlaps', number: y.number, label: labelOf(y.a).toLowerCase() });
      y.relations.push({ kind: same ? 'same' : xHoldsY ? 'inside' : 'overlaps', number: x.number, label: labelOf(x.a).toLowerCase() });
    }
  }
  for (const p of placed) p.relations.sort((r, s) => r.number - s.number);
}

function shorten(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1).trimEnd()}…` : one;
}

function listTitles(titles: string[]): string {
  const shown = titles.slice(0, MAX_LISTED_TITLES).join('; ');
  return titles.length > MAX_LISTED_TITLES ? `${shown}; and ${titles.length - MAX_LISTED_TITLES} more` : shown;
}

export function buildReportModel(input: {
  documents: ReadonlyArray<ReportDocumentInput>;
  annotations: ReadonlyArray<Annotation>;
  /** The person making the report. */
  reviewer: string;
  /** Documents the editor marked reviewed. */
  reviewed: ReadonlyArray<DocumentReviewMark>;
  now: string;
  mqm: { weights: MqmWeights; threshold: number };
}): ReportModel {
  const docIds = new Set(input.documents.map((d) => d.id));
  const reviewMarks = new Map(input.reviewed.map((m) => [m.docId, m]));
  const byDoc = new Map<string, Annotation[]>();
  for (const a of input.annotations) {
    const list = byDoc.get(a.docId);
    if (list) list.push(a);
    else byDoc.set(a.docId, [a]);
  }
  let next = 1;
  const orphanEntry = (a: Annotation): ReportOrphan => ({ number: next++, id: a.id, label: labelOf(a), quote: a.quote.exact, note: a.note, author: a.author });

  const documents = input.documents.map((d): ReportDocument => {
    const own = (byDoc.get(d.id) ?? []).slice().sort(compareByTextOrder);
    const claims = own.filter((a) => a.kind === 'claim');
    const errors = own.filter((a) => a.kind === 'translation-error');
    const wordCount = countWords(d.text);
    const paragraphs = paragraphIndex(d.text);
    // Numbers run through the report: a document's claims, then its translation errors, then its orphans.
    const placed: Placed[] = [];
    const place = (list: Annotation[]) =>
      list
        .filter((a) => !a.orphan)
        .map((a) => {
          const range = locate(d.text, a);
          const p: Placed = { a, number: next++, range: range ?? { start: 0, end: 0 }, relations: [] };
          if (range) placed.push(p);
          return { p, found: range !== null };
        });
    const placedClaims = place(claims);
    const placedErrors = place(errors);
    const orphans = own.filter((a) => a.orphan).map(orphanEntry);
    relate(placed);
    const mqm = d.translation !== null || errors.length > 0 ? scoreMqm(errors, wordCount, input.mqm.weights, input.mqm.threshold) : null;
    const review = reviewMarks.get(d.id) ?? null;
    return {
      id: d.id,
      title: d.title,
      publication: d.publication ?? null,
      author: d.author ?? null,
      date: d.date ?? null,
      translation: d.translation,
      translationLabel: describeTranslation(d.translation),
      textOrigin: d.textOrigin ? describeTextOrigin(d.textOrigin) : null,
      wordCount,
      counts: {
        sourced: claims.filter((a) => a.verdict === 'sourced').length,
        contested: claims.filter((a) => a.verdict === 'contested').length,
        contradicted: claims.filter((a) => a.verdict === 'contradicted').length,
        translationErrors: errors.length,
        orphans: orphans.length,
      },
      mqm,
      mqmStatus: mqm ? (review ? (mqm.pass ? 'pass' : 'fail') : 'not-reviewed') : null,
      review,
      claims: placedClaims.map(({ p, found }) => {
        const verdict = p.a.verdict ?? 'contested';
        return {
          number: p.number,
          id: p.a.id,
          verdict,
          verdictLabel: VERDICT_LABEL[verdict],
          quote: p.a.quote.exact,
          context: found ? sentenceAround(d.text, p.range.start, p.range.end) : { before: '', quote: p.a.quote.exact, after: '' },
          paragraph: found ? paragraphOf(paragraphs, p.range.start) : null,
          note: p.a.note,
          sources: p.a.sources.map((s) => ({ ...s })),
          author: p.a.author,
          relations: p.relations,
          status: describeStatus(p.a.status),
          linked: null,
        };
      }),
      translationErrors: placedErrors.map(({ p, found }) => ({
        number: p.number,
        id: p.a.id,
        quote: p.a.quote.exact,
        paragraph: found ? paragraphOf(paragraphs, p.range.start) : null,
        category: readableCategory(p.a),
        severity: capitalise(p.a.translation?.severity ?? ''),
        correction: p.a.translation?.correction ?? '',
        note: p.a.note,
        author: p.a.author,
        relations: p.relations,
      })),
      orphans,
    };
  });
  const unplaced = input.annotations.filter((a) => !docIds.has(a.docId)).map(orphanEntry);
  const linkedClaims = linkClaims(documents, input.annotations);

  const authors = new Set<string>();
  for (const a of input.annotations) if (a.author.trim()) authors.add(a.author.trim());
  const reviewers = authors.size ? [...authors].sort((x, y) => x.localeCompare(y, 'en')) : input.reviewer.trim() ? [input.reviewer.trim()] : [];

  return {
    title: 'Claimdesk review report',
    reviewers,
    severalReviewers: reviewers.length > 1,
    preparedBy: input.reviewer,
    generatedAt: input.now,
    mqm: { ...input.mqm, formula: describeMqmFormula(input.mqm.weights, input.mqm.threshold) },
    summary: summarise(documents, unplaced, input.mqm.threshold),
    documents,
    unplaced,
    linkedClaims,
  };
}

/**
 * One entry per linked claim, its appearances in report order (numbers as in the documents); each claim
 * entry in a document names the claim and its other appearances.
 */
function linkClaims(documents: ReportDocument[], annotations: ReadonlyArray<Annotation>): ReportLinkedClaim[] {
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const entries: Array<{ number: number; docTitle: string; paragraph: number | null; quote: string; note: string; a: Annotation; claim?: ReportClaim }> = [];
  for (const d of documents) {
    for (const c of d.claims) entries.push({ number: c.number, docTitle: d.title, paragraph: c.paragraph, quote: c.quote, note: c.note, a: byId.get(c.id)!, claim: c });
    for (const e of d.translationErrors) entries.push({ number: e.number, docTitle: d.title, paragraph: e.paragraph, quote: e.quote, note: e.note, a: byId.get(e.id)! });
    for (const o of d.orphans) entries.push({ number: o.number, docTitle: d.title, paragraph: null, quote: o.quote, note: o.note, a: byId.get(o.id)! });
  }
  const groups = groupClaims(entries.filter((e) => e.a && workflowOf(e.a).claimId !== '').map((e) => e.a));
  const entryOf = new Map(entries.map((e) => [e.a?.id, e]));
  const out: ReportLinkedClaim[] = [];
  for (const g of groups) {
    if (!g.linked || g.appearances.length < 2) continue;
    const first = g.appearances[0]!;
    const list = g.appearances.map((a) => entryOf.get(a.id)!);
    const wording = workflowOf(first).claimWording || first.quote.exact;
    for (const e of list) if (e.claim) e.claim.linked = { wording, others: list.filter((x) => x !== e).map((x) => x.number) };
    out.push({
      claimId: g.key,
      wording,
      label: labelOf(first),
      status: describeStatus(first.status),
      sources: first.sources.map((x) => ({ ...x })),
      appearances: list.map(({ number, docTitle, paragraph, quote, note }) => ({ number, docTitle, paragraph, quote, note })),
    });
  }
  return out;
}

function summarise(documents: ReadonlyArray<ReportDocument>, unplaced: ReadonlyArray<ReportOrphan>, threshold: number): ReportSummary {
  const severities: Record<Severity, number> = { minor: 0, major: 0, critical: 0 };
  const totals = { documents: documents.length, documentsAnnotated: 0, claims: 0, sourced: 0, contested: 0, contradicted: 0, translationErrors: 0, severities, orphans: 0, unplaced: unplaced.length };
  for (const d of documents) {
    const c = d.counts;
    if (c.sourced + c.contested + c.contradicted + c.translationErrors > 0) totals.documentsAnnotated++;
    totals.sourced += c.sourced;
    totals.contested += c.contested;
    totals.contradicted += c.contradicted;
    totals.translationErrors += c.translationErrors;
    totals.orphans += c.orphans;
    if (d.mqm) for (const s of SEVERITIES) severities[s] += d.mqm.counts[s];
  }
  totals.claims = totals.sourced + totals.contested + totals.contradicted;

  const attention: ReportAttentionItem[] = [];
  for (const verdict of ['contradicted', 'contested'] as const) {
    for (const d of documents) {
      for (const c of d.claims) {
        if (c.verdict !== verdict) continue;
        attention.push({ number: c.number, verdict, verdictLabel: c.verdictLabel, docId: d.id, docTitle: d.title, paragraph: c.paragraph, quote: c.quote });
      }
    }
  }

  const order: Record<MqmStatus, number> = { fail: 0, 'not-reviewed': 1, pass: 2 };
  const translations = documents
    .filter((d): d is ReportDocument & { mqm: MqmScore; mqmStatus: MqmStatus } => d.mqm !== null && d.mqmStatus !== null)
    .map((d) => ({ docId: d.id, title: d.title, translationLabel: d.translationLabel, wordCount: d.wordCount, score: d.mqm, status: d.mqmStatus, review: d.review }))
    .sort((x, y) => order[x.status] - order[y.status]);

  const todo: ReportTodo[] = [];
  const unreviewed = translations.filter((t) => t.status === 'not-reviewed');
  if (unreviewed.length) {
    const over = unreviewed.filter((t) => !t.score.pass).length;
    todo.push({
      text:
        `Finish the review of ${plural(unreviewed.length, 'translation')} (“Not reviewed” above) and mark ${unreviewed.length === 1 ? 'it' : 'each'} reviewed` +
        (over ? `; ${over === unreviewed.length && over > 1 ? 'all' : over} ${over === 1 ? 'is' : 'are'} already over the threshold of ${threshold} points per 1,000 words.` : '.'),
      numbers: [],
    });
  }
  const contested = attention.filter((a) => a.verdict === 'contested');
  if (contested.length) todo.push({ text: `Settle ${plural(contested.length, 'contested claim')} with a source that decides ${contested.length === 1 ? 'it' : 'them'}`, numbers: contested.map((c) => c.number) });
  const unsourced = documents.flatMap((d) => d.claims.filter((c) => c.verdict !== 'contested' && c.sources.length === 0));
  if (unsourced.length) todo.push({ text: `Add a source to ${plural(unsourced.length, 'sourced or contradicted claim')} that ${unsourced.length === 1 ? 'has' : 'have'} none`, numbers: unsourced.map((c) => c.number) });
  const orphans = documents.flatMap((d) => d.orphans);
  if (orphans.length) todo.push({ text: `Re-attach ${plural(orphans.length, 'orphan')} whose words are no longer found in the text`, numbers: orphans.map((o) => o.number) });
  if (unplaced.length) todo.push({ text: `Place ${plural(unplaced.length, 'imported annotation')} whose document is not in the library`, numbers: unplaced.map((o) => o.number) });
  const untouched = documents.filter((d) => d.claims.length + d.translationErrors.length + d.orphans.length === 0 && d.mqm === null);
  if (untouched.length) todo.push({ text: `${plural(untouched.length, 'document has', 'documents have')} no annotations yet: ${listTitles(untouched.map((d) => d.title))}.`, numbers: [] });
  return { totals, attention, translations, todo };
}

/** "MQM: 1 minor, 1 major, 1 critical; penalty 31; 7.3 points per 1,000 words (4,211 words): PASS (threshold 10)." */
export function describeMqmResult(m: MqmScore, wordCount: number, threshold: number, status: MqmStatus): string {
  const result =
    status === 'not-reviewed'
      ? `NOT REVIEWED (threshold ${threshold}; ${m.pass ? 'within' : 'over'} it so far)`
      : `${status === 'pass' ? 'PASS' : 'FAIL'} (threshold ${threshold})`;
  return (
    `MQM: ${m.counts.minor} minor, ${m.counts.major} major, ${m.counts.critical} critical; penalty ${m.penalty}; ` +
    `${m.perThousandWords.toFixed(1)} points per 1,000 words (${grouped(wordCount)} words): ${result}.`
  );
}

const STATUS_WORD: Record<MqmStatus, string> = { pass: 'Pass', fail: 'Fail', 'not-reviewed': 'Not reviewed' };

function countsSentence(c: ReportDocument['counts']): string {
  return (
    `Claims: ${c.sourced} sourced, ${c.contested} contested, ${c.contradicted} contradicted. ` +
    `Translation errors: ${c.translationErrors}. Orphans: ${c.orphans}.`
  );
}

function reviewSentence(d: ReportDocument): string {
  if (!d.mqm) return '';
  return d.review
    ? `Marked reviewed by ${d.review.reviewer || 'an unnamed editor'} on ${d.review.reviewedAt.slice(0, 10)}.`
    : 'Not yet marked reviewed by the editor: the result is not final.';
}

function relationsSentence(relations: ReadonlyArray<ReportRelation>): string {
  if (relations.length === 0) return '';
  const words: Record<ReportRelation['kind'], string> = { same: 'marks the same words as', contains: 'contains', inside: 'lies inside', overlaps: 'overlaps' };
  const parts = relations.slice(0, MAX_RELATIONS).map((r) => `${words[r.kind]} #${r.number} (${r.label})`);
  if (relations.length > MAX_RELATIONS) parts.push(`and shares words with ${plural(relations.length - MAX_RELATIONS, 'more annotation')}`);
  return `${capitalise(parts.join('; '))}.`;
}

function byline(model: ReportModel): { reviewers: string; prepared: string } {
  const names = model.reviewers.length ? model.reviewers : ['an unnamed editor'];
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
  const prepared = model.preparedBy.trim() && !model.reviewers.includes(model.preparedBy.trim()) ? model.preparedBy.trim() : '';
  return { reviewers: list, prepared };
}

const LEGEND_INTRO = 'Each annotation has a number (#1, #2, …) used throughout this report; ¶ is the paragraph number in its document.';
const DETAIL_INTRO = 'The documents in detail: their claims and translation errors in the order of the text.';

/** The totals as one row: the kinds as column heads, the counts below. */
function totalsRow(t: ReportSummary['totals']): { head: string[]; row: string[] } {
  const cells: Array<[string, number | string]> = [
    ['Claims', t.claims],
    ['Contradicted', t.contradicted],
    ['Contested', t.contested],
    ['Sourced', t.sourced],
    ['Translation errors', t.translationErrors],
    ['Orphans', t.orphans],
    ['Not placed', t.unplaced],
    ['Documents annotated', `${t.documentsAnnotated} of ${t.documents}`],
  ];
  return { head: cells.map((c) => c[0]), row: cells.map((c) => `${c[1]}`) };
}

function severitySentence(t: ReportSummary['totals']): string {
  const s = t.severities;
  return `Translation errors by severity: ${s.critical} critical, ${s.major} major, ${s.minor} minor. Orphans are annotations whose words are no longer found in the text; they are counted under their kind too.`;
}

const TRANSLATION_HEAD = ['Document', 'Translation', 'Critical / major / minor', 'Score per 1,000 words', 'Result'];

/** Documents with annotations, or marked reviewed, get a detail section; the others are in the summary only. */
function reportedDocuments(model: ReportModel): ReportDocument[] {
  return model.documents.filter((d) => d.claims.length + d.translationErrors.length + d.orphans.length > 0 || d.review !== null);
}

function docMeta(d: ReportDocument): string[] {
  return [d.publication, d.author, d.date, d.translationLabel, d.textOrigin].filter((x): x is string => !!x);
}

function paragraphText(p: number | null): string {
  return p === null ? '¶ ?' : `¶ ${p}`;
}

// ---------------------------------------------------------------- HTML

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlLines(s: string): string {
  return escapeHtml(s).replace(/\r?\n/g, '<br>\n');
}

const HTTP_URL = /^https?:\/\/[^\s"'<>]+$/i;

/**
 * The report's look, scoped to `.cd-report` so the app can print the same markup under the same rules
 * (src/renderer/styles/print.css holds a copy; a test keeps the two equal). Marks are underlines in
 * the reader's styles (sourced solid, contested dashed, contradicted wavy, translation errors dotted)
 * and bold, so they survive printing in black and white with backgrounds off.
 */
export const REPORT_CSS = `
.cd-report { font: 15px/1.5 Georgia, "Times New Roman", serif; color: #111; max-width: 52rem; margin: 0 auto; }
.cd-report h1, .cd-report h2, .cd-report h3, .cd-report h4 { font-family: system-ui, sans-serif; line-height: 1.25; break-after: avoid; page-break-after: avoid; }
.cd-report h1 { font-size: 1.6rem; margin: 0 0 0.4rem; }
.cd-report h2 { font-size: 1.3rem; margin: 1.6rem 0 0.4rem; }
.cd-report h3 { font-size: 1.05rem; margin: 1.2rem 0 0.3rem; }
.cd-report h4 { font-size: 0.95rem; margin: 0 0 0.2rem; }
.cd-report p { margin: 0.3rem 0; }
.cd-report .report-head { border-bottom: 2px solid #111; padding-bottom: 0.4rem; margin-bottom: 0.6rem; }
.cd-report .meta, .cd-report .counts, .cd-report .formula, .cd-report .legend, .cd-report .review { color: #333; font-size: 0.9rem; }
.cd-report .num { font-family: system-ui, sans-serif; font-weight: 700; white-space: nowrap; }
.cd-report .where { font-family: system-ui, sans-serif; font-weight: 400; color: #333; white-space: nowrap; }
.cd-report .claim { border-left: 4px solid #555; padding: 0.2rem 0 0.2rem 0.75rem; margin: 0.9rem 0; break-inside: avoid; page-break-inside: avoid; }
.cd-report .claim.sourced { border-left-style: solid; border-left-color: #1a6b34; }
.cd-report .claim.contested { border-left-style: dashed; border-left-color: #7a5300; }
.cd-report .claim.contradicted { border-left-style: double; border-left-width: 6px; border-left-color: #9c1f16; }
.cd-report blockquote { margin: 0.3rem 0; }
.cd-report mark, .cd-report .mark { color: inherit; background: transparent; font-weight: 700; text-decoration-line: underline; text-decoration-thickness: 2px; text-underline-offset: 0.22em; text-decoration-skip-ink: none; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.cd-report .mark.sourced { text-decoration-style: solid; text-decoration-color: #14532d; background: #e4f2e7; }
.cd-report .mark.contested { text-decoration-style: dashed; text-decoration-color: #5c3d00; background: #fbf0d2; }
.cd-report .mark.contradicted { text-decoration-style: wavy; text-decoration-thickness: 1.5px; text-decoration-color: #7f1810; background: #f9e0dd; }
.cd-report .mark.translation { text-decoration-style: dotted; text-decoration-thickness: 3px; text-decoration-color: #3f2373; background: #ede5f8; }
.cd-report .relations, .cd-report .by { font-size: 0.9rem; color: #333; }
.cd-report table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.4rem 0; }
.cd-report th, .cd-report td { border: 1px solid #999; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
.cd-report td.n, .cd-report th.n { text-align: right; }
.cd-report table.totals th { font-weight: 400; font-size: 0.85rem; }
.cd-report table.totals td { font-weight: 700; }
.cd-report .status-fail { font-weight: 700; }
.cd-report .status-not-reviewed { font-style: italic; }
.cd-report ul { padding-left: 1.3rem; }
.cd-report a { color: #0b4f9c; }
.cd-report .details-start { break-before: page; page-break-before: always; }
@media print {
  .cd-report { max-width: none; font-size: 11pt; }
  .cd-report a { color: inherit; text-decoration: none; }
  .cd-report tr, .cd-report li { break-inside: avoid; page-break-inside: avoid; }
}
`;

/** The standalone file's page: the report CSS plus the page around it. */
const PAGE_CSS = `
body { margin: 2rem 1rem; background: #fff; }
@page { margin: 16mm 15mm; }
@media print { body { margin: 0; } }
`;

function sourceHtml(s: Source): string {
  const label = escapeHtml(s.title || s.url || 'untitled source');
  const link = HTTP_URL.test(s.url)
    ? `<a href="${escapeHtml(s.url)}" rel="noopener noreferrer">${label}</a>`
    : `${label}${s.url && s.title ? ` (${escapeHtml(s.url)})` : ''}`;
  const accessed = s.accessed ? `, accessed ${escapeHtml(s.accessed)}` : '';
  const quote = s.quote ? ` — “${htmlLines(s.quote)}”` : '';
  return `<li>${link}${accessed}${quote}</li>`;
}

/** A reference to an annotation by its number (plain text: the report links nowhere but to sources). */
function ref(n: number): string {
  return `<span class="num">#${n}</span>`;
}

function refsHtml(s: string): string {
  return escapeHtml(s).replace(/#(\d+)/g, (_, n: string) => ref(Number(n)));
}

/** Appends many lines: push(...lines) would overflow the call stack for reports of 100,000 annotations. */
function pushAll(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}

function table(head: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const th = head.map((h, i) => `<th${numeric.has(i) ? ' class="n"' : ''} scope="col">${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function summaryHtml(model: ReportModel): string[] {
  const s = model.summary;
  const out: string[] = ['<section class="summary" aria-labelledby="report-summary">', '<h2 id="report-summary">Summary</h2>'];
  const totals = totalsRow(s.totals);
  out.push(
    '<h3>Totals</h3>',
    table(totals.head, [totals.row], new Set(totals.head.map((_, i) => i))).replace('<table>', '<table class="totals">'),
    `<p class="meta">${escapeHtml(severitySentence(s.totals))}</p>`,
  );

  out.push('<h3>Contradicted and contested claims</h3>');
  if (s.attention.length === 0) out.push('<p>None.</p>');
  else
    out.push(
      table(
        ['#', 'Verdict', 'Document', '¶', 'Claim'],
        s.attention.map((a) => [
          ref(a.number),
          escapeHtml(a.verdictLabel),
          escapeHtml(a.docTitle),
          a.paragraph === null ? '?' : `${a.paragraph}`,
          `<span class="mark ${a.verdict}">${escapeHtml(shorten(a.quote, MAX_SUMMARY_QUOTE))}</span>`,
        ]),
        new Set([3]),
      ),
    );

  out.push('<h3>Translations (MQM)</h3>', `<p class="formula">${escapeHtml(model.mqm.formula)}</p>`);
  if (s.translations.length === 0) out.push('<p>No translations in this report.</p>');
  else {
    const failing = s.translations.filter((t) => t.status === 'fail');
    out.push(
      `<p>${failing.length ? `${escapeHtml(plural(failing.length, 'translation fails', 'translations fail'))} MQM: ${escapeHtml(listTitles(failing.map((t) => t.title)))}.` : 'No reviewed translation fails MQM.'}</p>`,
      table(
        TRANSLATION_HEAD,
        s.translations.map((t) => [
          escapeHtml(t.title),
          escapeHtml(t.translationLabel || 'not marked as a translation'),
          `${t.score.counts.critical} / ${t.score.counts.major} / ${t.score.counts.minor}`,
          t.score.perThousandWords.toFixed(1),
          `<span class="status-${t.status}">${STATUS_WORD[t.status]}</span>`,
        ]),
        new Set([2, 3]),
      ),
    );
  }

  out.push('<h3>Left to do</h3>');
  if (s.todo.length === 0) out.push('<p>Nothing: every translation is marked reviewed, every claim has its sources, and every annotation is placed.</p>');
  else pushAll(out, ['<ul class="todo">', ...s.todo.map((t) => `<li>${escapeHtml(t.text)}${t.numbers.length ? `: ${t.numbers.map(ref).join(', ')}.` : ''}</li>`), '</ul>']);
  out.push('</section>');
  return out;
}

function claimHtml(c: ReportClaim, several: boolean): string[] {
  const out = [
    `<article class="claim ${c.verdict}">`,
    `<h4 class="claim-head"><span class="num">#${c.number}</span> <span class="verdict">${escapeHtml(c.verdictLabel)} claim</span> <span class="where">${paragraphText(c.paragraph)}</span></h4>`,
    `<blockquote>${htmlLines(c.context.before)}<mark class="mark ${c.verdict}">${htmlLines(c.context.quote)}</mark>${htmlLines(c.context.after)}</blockquote>`,
  ];
  out.push(`<p class="status">Status: ${escapeHtml(c.status)}</p>`);
  if (c.linked) out.push(`<p class="linked">${refsHtml(linkedSentence(c.linked))}</p>`);
  if (c.note) out.push(`<p class="note">${htmlLines(c.note)}</p>`);
  if (c.sources.length) out.push(`<ul class="sources">${c.sources.map(sourceHtml).join('')}</ul>`);
  const rel = relationsSentence(c.relations);
  if (rel) out.push(`<p class="relations">${refsHtml(rel)}</p>`);
  if (several && c.author) out.push(`<p class="by">Checked by ${escapeHtml(c.author)}</p>`);
  out.push('</article>');
  return out;
}

function linkedSentence(l: { wording: string; others: number[] }): string {
  return `One appearance of the linked claim “${shorten(l.wording, MAX_SUMMARY_QUOTE)}”; also ${l.others.map((n) => `#${n}`).join(', ')}.`;
}

function linkedClaimsHtml(model: ReportModel): string[] {
  if (model.linkedClaims.length === 0) return [];
  const out = ['<section class="linked-claims">', '<h2>Linked claims</h2>'];
  for (const l of model.linkedClaims) {
    out.push(
      `<article class="linked-claim"><h3>${escapeHtml(l.label)}: “${htmlLines(l.wording)}” · ${escapeHtml(l.status)} · ${plural(l.appearances.length, 'appearance')}</h3>`,
      '<ul>',
      ...l.appearances.map((x) => `<li>${ref(x.number)} ${escapeHtml(x.docTitle)}, ${escapeHtml(paragraphText(x.paragraph))}: “${htmlLines(x.quote)}”${x.note ? ` — ${htmlLines(x.note)}` : ''}</li>`),
      '</ul>',
    );
    if (l.sources.length) out.push(`<ul class="sources">${l.sources.map(sourceHtml).join('')}</ul>`);
    out.push('</article>');
  }
  out.push('</section>');
  return out;
}

function orphanListHtml(heading: string, orphans: ReadonlyArray<ReportOrphan>, several: boolean): string[] {
  return [
    `<h3>${escapeHtml(heading)}</h3>`,
    '<ul class="orphans">',
    ...orphans.map(
      (o) =>
        `<li><span class="num">#${o.number}</span> <strong>${escapeHtml(o.label)}</strong>: “${htmlLines(o.quote)}”` +
        `${o.note ? `<br>\n${htmlLines(o.note)}` : ''}${several && o.author ? ` <span class="by">(by ${escapeHtml(o.author)})</span>` : ''}</li>`,
    ),
    '</ul>',
  ];
}

function documentHtml(d: ReportDocument, model: ReportModel, first: boolean): string[] {
  const several = model.severalReviewers;
  const out = [`<section class="document${first ? ' details-start' : ''}" aria-labelledby="report-doc-${escapeHtml(d.id)}">`, `<h2 id="report-doc-${escapeHtml(d.id)}">${escapeHtml(d.title)}</h2>`];
  const meta = docMeta(d);
  if (meta.length) out.push(`<p class="meta">${meta.map(escapeHtml).join(' · ')}</p>`);
  out.push(`<p class="counts">${escapeHtml(countsSentence(d.counts))}</p>`);
  if (d.mqm && d.mqmStatus) {
    out.push(
      `<p class="mqm status-${d.mqmStatus}">${escapeHtml(describeMqmResult(d.mqm, d.wordCount, model.mqm.threshold, d.mqmStatus))}</p>`,
      `<p class="review">${escapeHtml(reviewSentence(d))}</p>`,
    );
  }
  if (d.claims.length) {
    out.push('<h3>Claims</h3>');
    for (const c of d.claims) pushAll(out, [...claimHtml(c, several)]);
  }
  if (d.translationErrors.length) {
    const head = ['#', '¶', 'Quote', 'Category', 'Severity', 'Correction', 'Note'];
    if (several) head.push('By');
    out.push(
      '<h3>Translation errors</h3>',
      table(
        head,
        d.translationErrors.map((e) => {
          const rel = relationsSentence(e.relations);
          const row = [
            ref(e.number),
            e.paragraph === null ? '?' : `${e.paragraph}`,
            `<span class="mark translation">${htmlLines(e.quote)}</span>`,
            escapeHtml(e.category),
            escapeHtml(e.severity),
            htmlLines(e.correction),
            `${htmlLines(e.note)}${rel ? `${e.note ? '<br>\n' : ''}<span class="relations">${refsHtml(rel)}</span>` : ''}`,
          ];
          if (several) row.push(escapeHtml(e.author));
          return row;
        }),
        new Set([1]),
      ),
    );
  }
  if (d.orphans.length) pushAll(out, [...orphanListHtml('Orphans (no longer found in the text)', d.orphans, several)]);
  out.push('</section>');
  return out;
}

export function renderReportHtml(model: ReportModel): string {
  const { reviewers, prepared } = byline(model);
  const day = model.generatedAt.slice(0, 10);
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${PAGE_CSS}${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<div class="cd-report">',
    '<header class="report-head">',
    `<h1>${escapeHtml(model.title)}</h1>`,
    `<p class="byline">${model.reviewers.length > 1 ? 'Reviewers' : 'Reviewer'}: <strong>${escapeHtml(reviewers)}</strong> · Date: <time datetime="${escapeHtml(model.generatedAt)}">${escapeHtml(day)}</time>` +
      `${prepared ? ` · Report prepared by ${escapeHtml(prepared)}` : ''}</p>`,
    `<p class="legend">${escapeHtml(LEGEND_INTRO)} Marks: <span class="mark sourced">sourced</span> solid underline, <span class="mark contested">contested</span> dashed, ` +
      '<span class="mark contradicted">contradicted</span> wavy, <span class="mark translation">translation error</span> dotted.</p>',
    '</header>',
    ...summaryHtml(model),
    ...linkedClaimsHtml(model),
  ];
  const docs = reportedDocuments(model);
  docs.forEach((d, i) => pushAll(out, [...documentHtml(d, model, i === 0)]));
  if (model.unplaced.length) {
    pushAll(out, [
      `<section class="document${docs.length === 0 ? ' details-start' : ''}">`,
      ...orphanListHtml('Not placed in any document', model.unplaced, model.severalReviewers),
      '</section>',
    ]);
  }
  out.push('</div>', '</body>', '</html>', '');
  return out.join('\n');
}

// ---------------------------------------------------------------- Markdown
//
// Written to read well as plain text and to stay inert in the renderers people use (CommonMark, GFM,
// marked, markdown-it with HTML and linkify on): `<` and `>` become `&lt;` `&gt;` and an `&` that would
// start a character reference becomes `&amp;`, so no raw HTML can form; URLs and e-mail addresses in
// user text go into code spans, so no renderer turns them into links; other syntax characters are
// backslash-escaped only where they could act as syntax. See docs/adr/0013-review-report.md.

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const ALNUM = /[\p{L}\p{N}]/u;
/**
 * What GFM (marked) and linkify-it turn into links: scheme URLs, www., //host, mailto: and e-mail addresses
 * (any word with text either side of an @: linkify-it's idea of an address is wide), wherever they start
 * (marked finds a URL even in the middle of a word). Bare domain names are left as text: linkify-it's
 * fuzzy mode links them to http(s) only, and code-spanning every "Kun.uz" would spoil the reading. A `\` ends
 * the span: a table cell cannot hold `\|` inside a code span.
 */
const LINKISH = /(?:[a-z][a-z0-9+.-]*:\/\/[^\s<\\]*|www\.[^\s<\\]*|(?<![\p{L}\p{N}:/])\/\/[^\s</\\][^\s<\\]*|mailto:[^\s<\\]*|[^\s<>\\]+@[^\s<>\\]+)/giu;

/** A cheap test first: the full pattern is slow on long text without any link in it. */
const MAYBE_LINK = /\/\/|www\.|mailto:|@/i;

function trimLinkTail(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (c === undefined) break;
    if (/[?!.,:;*_~'"]/.test(c)) end--;
    else if (c === ')' && (url.slice(0, end).match(/\(/g)?.length ?? 0) < (url.slice(0, end).match(/\)/g)?.length ?? 0)) end--;
    else break;
  }
  return url.slice(0, end);
}

function codeSpan(s: string, cell: boolean): string {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  const body = cell ? s.replace(/\|/g, '\\|') : s;
  return `${fence}${pad}${body}${pad}${fence}`;
}

const MARKDOWN_SPECIAL = /[\\<>&`*[|_~]/;

function escapeRun(run: string, tildes: boolean): string {
  if (!MARKDOWN_SPECIAL.test(run)) return run;
  let out = '';
  for (let i = 0; i < run.length; i++) {
    const c = run[i]!;
    const prev = run[i - 1];
    const next = run[i + 1];
    switch (c) {
      case '\\':
        out += next === undefined || ASCII_PUNCT.test(next) ? '\\\\' : '\\';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '&':
        out += /^&#?[a-z0-9]+;/i.test(run.slice(i)) ? '&amp;' : '&';
        break;
      case '`':
      case '*':
      case '[':
      case '|':
        out += `\\${c}`;
        break;
      case '_':
        out += prev !== undefined && next !== undefined && ALNUM.test(prev) && ALNUM.test(next) ? '_' : '\\_';
        break;
      case '~':
        out += tildes ? '\\~' : '~';
        break;
      default:
        out += c;
    }
  }
  return out;
}

/**
 * Whether the `~` in a line could strike text through: a `~` that can open (text follows it) with a
 * `~` after it that can close (text before it). "~300 to ~400" cannot; "5~10 and 20~30" can.
 */
function tildesCanPair(s: string): boolean {
  const open = s.search(/~(?=[^\s~])/);
  return open >= 0 && /[^\s~]~/.test(s.slice(open + 1));
}

/**
 * User text for inside a Markdown line: inert and readable. `tildes` says whether the line's `~` could
 * pair up (computed from `s` when not given); `cell` whether it sits in a table cell.
 */
export function escapeMarkdownInline(s: string, options: { tildes?: boolean; cell?: boolean } = {}): string {
  const tildes = options.tildes ?? tildesCanPair(s);
  if (!MAYBE_LINK.test(s)) return escapeRun(s, tildes);
  // Links that touch are one code span: two spans side by side would read as one odd fence.
  const links: Array<{ start: number; end: number }> = [];
  for (const m of s.matchAll(LINKISH)) {
    const link = trimLinkTail(m[0]);
    if (!link) continue;
    const prev = links.at(-1);
    if (prev && prev.end === m.index) prev.end = m.index + link.length;
    else links.push({ start: m.index, end: m.index + link.length });
  }
  let out = '';
  let last = 0;
  for (const { start, end } of links) {
    out += escapeRun(s.slice(last, start), tildes) + codeSpan(s.slice(start, end), options.cell ?? false);
    last = end;
  }
  return out + escapeRun(s.slice(last), tildes);
}

/** Escapes what would start a block at the start of a line. */
function guardLineStart(line: string): string {
  // A fence: escape the whole run, since one escaped ~ before raw ones could close a strikethrough.
  if (/^~{3}/.test(line)) return line.replace(/^~+/, (run) => '\\~'.repeat(run.length));
  const ordered = /^(\d{1,9})([.)])(?=\s|$)/.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  // Heading, list item, setext underline, thematic break, or a one-column table's delimiter row (marked).
  if (/^#|^[-+=](?=\s|$)|^=+\s*$|^:?-+:?\s*$|^(?:-[ \t]*){3,}$/.test(line)) return `\\${line}`;
  return line;
}

/** One line of user text that starts a Markdown line; leading spaces dropped (four would start code). */
export function escapeMarkdownLine(line: string, tildes?: boolean): string {
  return guardLineStart(escapeMarkdownInline(line.trimStart(), { tildes }));
}

/** Several lines of user text as one paragraph with hard line breaks (a ~ pair can span them). */
export function escapeMarkdownLines(s: string): string {
  const tildes = tildesCanPair(s);
  return s
    .split(/\r?\n/)
    .map((line) => escapeMarkdownLine(line, tildes))
    .join('  \n');
}

/** One line of user text (line breaks become spaces), e.g. after a list marker or in a sentence. */
function oneLine(s: string): string {
  return s.includes('\n') ? s.replace(/\s*\r?\n\s*/g, ' ') : s;
}

function mdText(s: string, tildes?: boolean): string {
  return escapeMarkdownInline(oneLine(s), { tildes });
}

function mdCell(s: string): string {
  return escapeMarkdownInline(oneLine(s), { cell: true });
}

function mdHeading(level: number, s: string): string {
  // A trailing run of # would be read as the heading's closing sequence and dropped.
  const text = mdText(s).trim().replace(/(^|\s)(#+)$/, '$1\\$2');
  return `${'#'.repeat(level)} ${text}`;
}

function mdTable(head: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (numeric.has(i) ? '---:' : '---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function sourceMarkdown(s: Source): string {
  const label = mdText(s.title || s.url || 'untitled source').replace(/]/g, '\\]');
  const link = HTTP_URL.test(s.url) && !/[()\s\\]/.test(s.url) ? `[${label}](${s.url})` : `${label}${s.url && s.title ? ` (${mdText(s.url)})` : ''}`;
  const accessed = s.accessed ? `, accessed ${mdText(s.accessed)}` : '';
  const quote = s.quote ? ` — “${mdText(s.quote)}”` : '';
  return `- ${link}${accessed}${quote}`;
}

/** The quote in bold between its context; spaces at the quote's edges go outside the ** so the bold holds. */
function contextMarkdown(c: ReportClaim['context']): string {
  const all = `${c.before}${c.quote}${c.after}`.replace(/\s*\r?\n\s*/g, ' ');
  const tildes = tildesCanPair(all);
  const one = (s: string) => s.replace(/\s*\r?\n\s*/g, ' ');
  const lead = /^\s*/.exec(c.quote)![0];
  const trail = /\s*$/.exec(c.quote)![0];
  const core = c.quote.trim();
  const quote = core ? `${lead ? ' ' : ''}**${mdText(core, tildes)}**${trail ? ' ' : ''}` : '';
  return guardLineStart(`${escapeMarkdownInline(one(c.before).trimStart(), { tildes })}${quote}${escapeMarkdownInline(one(c.after), { tildes })}`);
}

function orphanListMarkdown(heading: string, orphans: ReadonlyArray<ReportOrphan>, several: boolean): string[] {
  return [
    `### ${heading}`,
    '',
    ...orphans.map(
      (o) => `- #${o.number} **${mdText(o.label)}**: “${mdText(o.quote)}”${o.note ? ` — ${mdText(o.note)}` : ''}${several && o.author ? ` (by ${mdText(o.author)})` : ''}`,
    ),
    '',
  ];
}

function summaryMarkdown(model: ReportModel): string[] {
  const s = model.summary;
  const out: string[] = ['## Summary', '', '### Totals', ''];
  const totals = totalsRow(s.totals);
  pushAll(out, [...mdTable(totals.head, [totals.row], new Set(totals.head.map((_, i) => i))), '', severitySentence(s.totals), '']);
  out.push('### Contradicted and contested claims', '');
  if (s.attention.length === 0) out.push('None.', '');
  else
    pushAll(out, [
      ...mdTable(
        ['#', 'Verdict', 'Document', '¶', 'Claim'],
        s.attention.map((a) => [`#${a.number}`, a.verdictLabel, mdCell(a.docTitle), a.paragraph === null ? '?' : `${a.paragraph}`, `“${mdCell(shorten(a.quote, MAX_SUMMARY_QUOTE))}”`]),
        new Set([3]),
      ),
      '',
    ]);
  out.push('### Translations (MQM)', '', mdText(model.mqm.formula), '');
  if (s.translations.length === 0) out.push('No translations in this report.', '');
  else {
    const failing = s.translations.filter((t) => t.status === 'fail');
    pushAll(out, [
      failing.length ? `${plural(failing.length, 'translation fails', 'translations fail')} MQM: ${mdText(listTitles(failing.map((t) => t.title)))}.` : 'No reviewed translation fails MQM.',
      '',
      ...mdTable(
        TRANSLATION_HEAD,
        s.translations.map((t) => [
          mdCell(t.title),
          mdCell(t.translationLabel || 'not marked as a translation'),
          `${t.score.counts.critical} / ${t.score.counts.major} / ${t.score.counts.minor}`,
          t.score.perThousandWords.toFixed(1),
          t.status === 'fail' ? '**Fail**' : STATUS_WORD[t.status],
        ]),
        new Set([2, 3]),
      ),
      '',
    ]);
  }
  out.push('### Left to do', '');
  if (s.todo.length === 0) out.push('Nothing: every translation is marked reviewed, every claim has its sources, and every annotation is placed.', '');
  else pushAll(out, [...s.todo.map((t) => `- ${mdText(t.text)}${t.numbers.length ? `: ${t.numbers.map((n) => `#${n}`).join(', ')}.` : ''}`), '']);
  return out;
}

function documentMarkdown(d: ReportDocument, model: ReportModel): string[] {
  const several = model.severalReviewers;
  const out: string[] = [mdHeading(2, d.title), ''];
  const meta = docMeta(d);
  if (meta.length) out.push(guardLineStart(meta.map((m) => mdText(m)).join(' · ')), '');
  out.push(countsSentence(d.counts), '');
  if (d.mqm && d.mqmStatus) out.push(describeMqmResult(d.mqm, d.wordCount, model.mqm.threshold, d.mqmStatus), '', mdText(reviewSentence(d)), '');
  if (d.claims.length) {
    out.push('### Claims', '');
    for (const c of d.claims) {
      out.push(`#### ${c.verdictLabel} claim #${c.number} · ${paragraphText(c.paragraph)}`, '');
      out.push(`> ${contextMarkdown(c.context)}`, '');
      out.push(`Status: ${mdText(c.status)}`, '');
      if (c.linked) out.push(mdText(linkedSentence(c.linked)), '');
      if (c.note) out.push(escapeMarkdownLines(c.note), '');
      if (c.sources.length) pushAll(out, [...c.sources.map(sourceMarkdown), '']);
      const rel = relationsSentence(c.relations);
      if (rel) out.push(rel, '');
      if (several && c.author) out.push(`Checked by ${mdText(c.author)}`, '');
    }
  }
  if (d.translationErrors.length) {
    const head = ['#', '¶', 'Quote', 'Category', 'Severity', 'Correction', 'Note'];
    if (several) head.push('By');
    pushAll(out, [
      '### Translation errors',
      '',
      ...mdTable(
        head,
        d.translationErrors.map((e) => {
          const rel = relationsSentence(e.relations);
          const row = [`#${e.number}`, e.paragraph === null ? '?' : `${e.paragraph}`, mdCell(e.quote), mdCell(e.category), mdCell(e.severity), mdCell(e.correction), mdCell([e.note, rel].filter(Boolean).join(' '))];
          if (several) row.push(mdCell(e.author));
          return row;
        }),
        new Set([1]),
      ),
      '',
    ]);
  }
  if (d.orphans.length) pushAll(out, [...orphanListMarkdown('Orphans (no longer found in the text)', d.orphans, several)]);
  return out;
}

function linkedClaimsMarkdown(model: ReportModel): string[] {
  if (model.linkedClaims.length === 0) return [];
  const out = [mdHeading(2, 'Linked claims'), ''];
  for (const l of model.linkedClaims) {
    out.push(mdHeading(3, `${l.label}: “${oneLine(l.wording)}” · ${l.status} · ${plural(l.appearances.length, 'appearance')}`), '');
    for (const x of l.appearances) out.push(`- #${x.number} ${mdText(x.docTitle)}, ${paragraphText(x.paragraph)}: “${mdText(oneLine(x.quote))}”${x.note ? ` — ${mdText(oneLine(x.note))}` : ''}`);
    out.push('');
    if (l.sources.length) pushAll(out, [...l.sources.map(sourceMarkdown), '']);
  }
  return out;
}

export function renderReportMarkdown(model: ReportModel): string {
  const { reviewers, prepared } = byline(model);
  const out: string[] = [
    `# ${model.title}`,
    '',
    `${model.reviewers.length > 1 ? 'Reviewers' : 'Reviewer'}: **${mdText(reviewers)}** · Date: ${model.generatedAt.slice(0, 10)}${prepared ? ` · Report prepared by ${mdText(prepared)}` : ''}`,
    '',
    `${LEGEND_INTRO} Quoted words are in **bold**.`,
    '',
    ...summaryMarkdown(model),
    ...linkedClaimsMarkdown(model),
  ];
  const docs = reportedDocuments(model);
  if (docs.length) out.push('---', '', DETAIL_INTRO, '');
  for (const d of docs) pushAll(out, [...documentMarkdown(d, model)]);
  if (model.unplaced.length) pushAll(out, [...orphanListMarkdown('Not placed in any document', model.unplaced, model.severalReviewers)]);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
