// Placing imported W3C / Hypothesis annotations on the library's documents: which document, where in
// it, what it says. Never a silent guess: a quote that could belong to several documents, or to one
// other than the document its target points to, goes to "Unplaced imports" with the candidates listed.
import { describe } from '../../anchoring/describe';
import { nextTextChange, toHistoryEntry, withTextChange } from '../../anchoring/reanchor';
import {
  MQM_DIMENSIONS,
  MQM_SUBTYPES,
  SEVERITIES,
  VERDICTS,
  createTranslationErrorData,
  type Annotation,
  type AnnotationKind,
  type AnnotationReply,
  type MqmDimension,
  type Severity,
  type TextPositionSelector,
  type TextQuoteSelector,
  type Verdict,
} from '../../model/annotation';
import { sha256Hex } from '../../model/hash';
import { idFromAnnotationIri } from '../iri';
import { createOffsetConverter, type OffsetConverter } from '../offsets';
import type { W3CAnnotationLike } from './parse';

/** docId of imported annotations whose document could not be decided. */
export const UNPLACED_DOC_ID = 'unplaced';

export type AnchorFn = (
  text: string,
  selectors: { quote: TextQuoteSelector; position: TextPositionSelector },
) => { status: 'anchored'; start: number; end: number; score: number; method: string } | { status: 'orphan'; bestScore: number };

export interface W3CCorpusDocument {
  id: string;
  title: string;
  file: string;
  hash: string;
  text: string;
  /** Where the document was published, when known: a target whose source is this URL points here. */
  url?: string | null;
}

export interface W3CImportReport {
  total: number;
  anchored: number;
  orphaned: number;
  unplaced: number;
  /** Annotations with no verdict (motivation only commenting, or a Hypothesis row without a verdict tag). */
  comments: number;
  /** Replies added to the thread of the annotation they answer. */
  replies: number;
  /** Annotations without an id, given one derived from their content. */
  idsDerived: number;
  /** Where each unplaced annotation pointed and which documents it could belong to, for a person to choose. */
  unplacedTargets: Array<{ id: string; source: string | null; title: string | null; candidates: Array<{ id: string; title: string }> }>;
}

export interface ResolveOptions {
  corpus: ReadonlyArray<W3CCorpusDocument>;
  anchor: AnchorFn;
  now: string;
  /** Author of annotations that name none. */
  author: string;
  /** Annotations already stored, by id: a reply to one of them joins its thread. */
  existing?: (id: string) => Annotation | undefined;
}

export function resolveW3CImport(
  items: ReadonlyArray<W3CAnnotationLike>,
  options: ResolveOptions,
): { annotations: Annotation[]; report: W3CImportReport } {
  const report: W3CImportReport = {
    total: items.length,
    anchored: 0,
    orphaned: 0,
    unplaced: 0,
    comments: 0,
    replies: 0,
    idsDerived: 0,
    unplacedTargets: [],
  };
  const converters = new Map<string, OffsetConverter>();
  const offsetsOf = (doc: W3CCorpusDocument): OffsetConverter => {
    let c = converters.get(doc.id);
    if (!c) converters.set(doc.id, (c = createOffsetConverter(doc.text)));
    return c;
  };
  const replies = items.filter((i) => i.references.length > 0);
  const annotations = new Map<string, Annotation>();
  for (const item of items) {
    if (item.references.length > 0) continue;
    const a = resolveOne(item, options, report, offsetsOf);
    annotations.set(a.id, a);
  }
  // Replies join the thread they answer (its root, or the nearest ancestor that is known), in this
  // file or already stored; a reply whose thread is nowhere is kept as a comment of its own.
  for (const item of replies) {
    const reply = toReply(item, options, report);
    const parentId = [...item.references].map(idFromAnnotationIri).find((id) => annotations.has(id) || options.existing?.(id));
    const parent = parentId === undefined ? undefined : (annotations.get(parentId) ?? options.existing?.(parentId));
    if (parent === undefined) {
      const a = resolveOne({ ...item, references: [] }, options, report, offsetsOf);
      annotations.set(a.id, a);
      continue;
    }
    report.replies++;
    const thread = (parent.replies ?? []).filter((r) => r.id !== reply.id);
    thread.push(reply);
    thread.sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.id < y.id ? -1 : 1));
    // A new reply to a stored annotation is a change to its thread: newer than the stored copy, so
    // merging keeps it. A parent from the same file keeps its own time (a round trip changes nothing).
    const stored = !annotations.has(parent.id);
    const isNew = !(parent.replies ?? []).some((r) => r.id === reply.id);
    const bump = stored && isNew && reply.updatedAt > parent.updatedAt;
    annotations.set(parent.id, { ...parent, replies: thread, updatedAt: bump ? reply.updatedAt : parent.updatedAt });
  }
  return { annotations: [...annotations.values()], report };
}

function derivedId(item: W3CAnnotationLike, report: W3CImportReport): string {
  if (item.id !== null && item.id !== '') return idFromAnnotationIri(item.id);
  report.idsDerived++;
  // Same content, same id: importing the same file twice does not duplicate.
  return `w3c-${sha256Hex(JSON.stringify({ ...item, id: null })).slice(0, 32)}`;
}

/** Non-empty texts joined by one blank line: an empty body never starts a note with blank lines. */
function joinTexts(texts: readonly string[]): string {
  return texts.map((t) => t.trim()).filter((t) => t !== '').join('\n\n');
}

function toReply(item: W3CAnnotationLike, options: ResolveOptions, report: W3CImportReport): AnnotationReply {
  const createdAt = item.created ?? options.now;
  return {
    id: derivedId(item, report),
    author: item.creator ?? options.author,
    text: joinTexts([...item.comments, ...(item.tags.length ? [`Tags: ${item.tags.join(', ')}`] : [])]),
    createdAt,
    updatedAt: item.modified ?? createdAt,
  };
}

type AnchorOutcome = { start: number; end: number } | null;

function safeAnchor(anchor: AnchorFn, text: string, quote: TextQuoteSelector, position: TextPositionSelector): AnchorOutcome {
  try {
    const r = anchor(text, { quote, position });
    if (r.status !== 'anchored') return null;
    const valid = Number.isInteger(r.start) && Number.isInteger(r.end) && 0 <= r.start && r.start <= r.end && r.end <= text.length;
    return valid ? { start: r.start, end: r.end } : null;
  } catch {
    // An anchoring failure is an orphan, not a failed import.
    return null;
  }
}

function sha256FromSource(source: string | null): string | null {
  const m = source === null ? null : /^urn:sha256:([0-9a-fA-F]{64})$/.exec(source);
  return m ? m[1]!.toLowerCase() : null;
}

function lastPathSegment(source: string | null): string | null {
  if (source === null || source.startsWith('urn:')) return null;
  const path = source.split(/[?#]/)[0]!.replace(/\/+$/, '');
  const segment = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment) || null;
  } catch {
    return segment || null;
  }
}

/** A URL compared loosely: scheme, "www." and a trailing slash or fragment do not make it another page. */
function sameUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.trim().replace(/#.*$/, '').replace(/^https?:\/\/(www\.)?/i, '').replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

function resolveOne(
  item: W3CAnnotationLike,
  options: ResolveOptions,
  report: W3CImportReport,
  offsetsOf: (doc: W3CCorpusDocument) => OffsetConverter,
): Annotation {
  const { corpus, anchor, now } = options;
  const sourceHash = sha256FromSource(item.target.source);
  const quote: TextQuoteSelector = {
    type: 'TextQuoteSelector',
    exact: item.target.quote?.exact ?? '',
    prefix: item.target.quote?.prefix ?? '',
    suffix: item.target.quote?.suffix ?? '',
  };
  // UTF-16 offsets as given: the app's own offsets win; code points are converted with the doc's text.
  const givenPosition = (doc: W3CCorpusDocument | null): TextPositionSelector | null => {
    const u = item.target.utf16Position;
    if (u) return { type: 'TextPositionSelector', start: u.start, end: u.end };
    const p = item.target.position;
    if (!p) return null;
    if (doc === null) return { type: 'TextPositionSelector', start: p.start, end: p.end };
    const c = offsetsOf(doc);
    return { type: 'TextPositionSelector', start: c.toUtf16(p.start), end: c.toUtf16(p.end) };
  };
  const zero: TextPositionSelector = { type: 'TextPositionSelector', start: 0, end: 0 };
  const anchorIn = (d: W3CCorpusDocument): AnchorOutcome =>
    quote.exact === '' ? null : safeAnchor(anchor, d.text, quote, givenPosition(d) ?? zero);

  // 1. Which document. The text's own hash, or our own export's doc id or file name, decide it.
  // A URL, a file-like path or a title only point to a document: if the quote does not anchor there
  // but fits another, a person chooses.
  let doc: W3CCorpusDocument | undefined = sourceHash ? corpus.find((d) => d.hash === sourceHash) : undefined;
  doc ??= item.target.docId ? corpus.find((d) => d.id === item.target.docId) : undefined;
  doc ??= item.target.file ? corpus.find((d) => d.file === item.target.file) : undefined;
  let anchored: AnchorOutcome = null;
  let candidates: W3CCorpusDocument[] = [];
  if (doc) anchored = anchorIn(doc);
  else {
    const source = item.target.source;
    const segment = lastPathSegment(source);
    let pointed = source ? corpus.find((d) => d.url && sameUrl(d.url, source)) : undefined;
    pointed ??= segment ? corpus.find((d) => d.file === segment) : undefined;
    pointed ??= item.target.title ? corpus.find((d) => d.title.trim() === item.target.title!.trim()) : undefined;
    const pointedHit = pointed ? anchorIn(pointed) : null;
    if (pointed && pointedHit) {
      doc = pointed;
      anchored = pointedHit;
    } else if (quote.exact !== '') {
      // Every document the words fit: anchoring there, or the exact words occurring at all (a quote
      // found three times in its own article anchors nowhere there, yet that article is a candidate).
      const fits = corpus
        .filter((d) => d !== pointed)
        .map((d) => ({ d, hit: anchorIn(d) }))
        .filter((x) => x.hit !== null || x.d.text.includes(quote.exact));
      if (pointed) {
        // Its own document refused it: orphan there unless the words fit elsewhere too.
        if (fits.length === 0) doc = pointed;
        else candidates = [pointed, ...fits.map((x) => x.d)];
      } else if (fits.length === 1) {
        doc = fits[0]!.d;
        anchored = fits[0]!.hit;
      } else candidates = fits.map((x) => x.d);
    } else if (pointed) doc = pointed;
  }

  // 2. What it says. No verdict means no claim: a comment, never a claim with an invented verdict.
  const recognised = new Set<number>();
  const findTag = (test: (t: string) => boolean) => {
    const i = item.tags.findIndex((t, k) => !recognised.has(k) && test(t));
    if (i >= 0) recognised.add(i);
    return i >= 0 ? item.tags[i]! : null;
  };
  const mqm = findTag((t) => /^mqm:/i.test(t));
  const severityTag = findTag((t) => /^mqm-severity:/i.test(t));
  const verdictTag = item.kind === null || item.kind === 'claim' ? findTag((t) => (VERDICTS as readonly string[]).includes(t.toLowerCase())) : null;
  const kind: AnnotationKind =
    item.kind ??
    (mqm !== null || severityTag !== null || item.motivations.includes('editing') ? 'translation-error' : verdictTag !== null ? 'claim' : 'comment');
  let verdict: Verdict | null = null;
  let translation: Annotation['translation'] = null;
  if (kind === 'claim') verdict = (verdictTag?.toLowerCase() as Verdict | undefined) ?? 'contested';
  else if (kind === 'translation-error') {
    const [dimension, subtype] = (mqm?.slice(4).toLowerCase() ?? '').split('/');
    const dim = (MQM_DIMENSIONS as readonly string[]).includes(dimension ?? '') ? (dimension as MqmDimension) : null;
    const sev = severityTag?.slice('mqm-severity:'.length).toLowerCase() ?? '';
    translation = createTranslationErrorData({
      dimension: dim ?? 'accuracy',
      subtype: dim ? (subtype && MQM_SUBTYPES[dim].includes(subtype) ? subtype : '') : 'mistranslation',
      severity: (SEVERITIES as readonly string[]).includes(sev) ? (sev as Severity) : 'major',
      correction: item.edits.join('\n'),
    });
  } else report.comments++;
  const otherTags = item.tags.filter((_, k) => !recognised.has(k));
  // Tags the app has no field for are kept, readable, at the end of the note.
  const note = joinTexts([...item.comments, ...(otherTags.length ? [`Tags: ${otherTags.join(', ')}`] : [])]);

  const id = derivedId(item, report);
  const createdAt = item.created ?? now;
  const base: Omit<Annotation, 'docId' | 'quote' | 'position' | 'docHash' | 'orphan'> = {
    id,
    kind,
    verdict,
    translation,
    note,
    sources: item.links.map((l) => ({ ...l })),
    author: item.creator ?? options.author,
    createdAt,
    updatedAt: item.modified ?? createdAt,
    history: item.history ? item.history.map((h) => ({ ...h })) : [],
  };
  if (item.textChanged) base.textChanged = { ...item.textChanged };
  if (item.publishedUrl) base.publishedUrl = item.publishedUrl;
  const wf = item.workflow;
  if (wf.status !== null) base.status = wf.status;
  if (wf.assignee !== null) base.assignee = wf.assignee;
  if (wf.due !== null) base.due = wf.due;
  if (wf.claimId !== null) base.claimId = wf.claimId;
  if (wf.claimWording !== null) base.claimWording = wf.claimWording;

  // 3. Where it sits.
  if (!doc) {
    report.unplaced++;
    report.unplacedTargets.push({
      id,
      source: item.target.source,
      title: item.target.title,
      candidates: candidates.map((d) => ({ id: d.id, title: d.title })),
    });
    const out: Annotation = { ...base, docId: UNPLACED_DOC_ID, quote, position: givenPosition(null) ?? zero, docHash: sourceHash ?? '', orphan: true };
    const ids = candidates.length ? candidates.map((d) => d.id) : (item.candidates ?? []);
    if (ids.length) out.candidates = ids;
    return out;
  }
  const given = givenPosition(doc);
  if (!anchored) {
    report.orphaned++;
    return { ...base, docId: doc.id, quote, position: given ?? zero, docHash: sourceHash ?? '', orphan: true };
  }
  report.anchored++;
  const same =
    given !== null && given.start === anchored.start && given.end === anchored.end && doc.text.slice(anchored.start, anchored.end) === quote.exact;
  if (same) {
    // Our own export keeps its context as written; a context-less quote gains the text's context.
    const q = quote.prefix === '' && quote.suffix === '' && item.kind === null ? describe(doc.text, anchored).quote : quote;
    return { ...base, docId: doc.id, quote: q, position: given, docHash: doc.hash, orphan: false };
  }
  // Anchoring moved it: describe the new place, keep the old selectors in the history (when there
  // were any), and mark it when the words themselves changed.
  const described = describe(doc.text, anchored);
  const history = given !== null ? [...base.history, toHistoryEntry({ quote, position: given, docHash: sourceHash ?? '' }, now)] : base.history;
  const moved: Annotation = { ...base, history, docId: doc.id, ...described, docHash: doc.hash, orphan: false };
  return quote.exact === '' ? moved : withTextChange(moved, nextTextChange({ quote, textChanged: base.textChanged }, described.quote.exact, now));
}
