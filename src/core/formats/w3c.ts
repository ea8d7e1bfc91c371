// W3C Web Annotation (JSON-LD) export and import; offsets in code points outside, UTF-16 inside.
//
// Mapping (documented in docs/adr/0008-exchange-formats.md):
// - id: urn:uuid:<id> for UUIDs, absolute IRIs as they are, else urn:claimdesk:annotation:<percent-encoded id>.
// - motivation: 'editing' for a translation error with a correction, else 'assessing'.
// - bodies: verdict as a tagging TextualBody ('sourced'...), MQM as tagging bodies 'mqm:<dimension>[/<subtype>]'
//   and 'mqm-severity:<severity>', the note as 'commenting', the correction as 'editing', each source as a
//   'linking' SpecificResource (source = url; dc:title; claimdesk:accessed; its quote as a TextQuoteSelector).
// - target: source urn:sha256:<hash of the text the selectors were made against>, dc:title, claimdesk:file,
//   claimdesk:docId, selectors TextQuote + TextPosition (code points). When that text is not at hand (a stale
//   orphan), the TextPositionSelector is left out and claimdesk:utf16Position keeps the app's offsets.
// - extensions in https://claimdesk.app/ns# (prefix claimdesk): kind, orphan, history (history positions stay
//   in UTF-16 units of the text named by each entry's docHash, which may no longer exist to convert against).
import { z } from 'zod';
import {
  ANNOTATION_KINDS,
  CONTEXT_LENGTH,
  MQM_DIMENSIONS,
  MQM_SUBTYPES,
  SEVERITIES,
  VERDICTS,
  createTranslationErrorData,
  type AnchorHistoryEntry,
  type Annotation,
  type AnnotationKind,
  type MqmDimension,
  type Severity,
  type Source,
  type TextPositionSelector,
  type TextQuoteSelector,
  type Verdict,
} from '../model/annotation';
import { sha256Hex } from '../model/hash';
import { describeIssues, historyEntrySchema } from './annotation-schema';
import { formatPath, parseJsonText } from './json-text';
import { compareForExport, describeJsonType } from './native';
import { createOffsetConverter, type OffsetConverter } from './offsets';
import { fail, ok, type ParseResult } from './result';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const CLAIMDESK_NS = 'https://claimdesk.app/ns#';
/** docId of imported annotations whose document is not in the corpus. */
export const UNPLACED_DOC_ID = 'unplaced';

// ---------------------------------------------------------------- output types

export interface W3CTextualBody {
  type: 'TextualBody';
  purpose: 'tagging' | 'commenting' | 'editing';
  value: string;
  format: 'text/plain';
}

export interface W3CLinkBody {
  type: 'SpecificResource';
  purpose: 'linking';
  source: string;
  'dc:title': string;
  /** The url exactly as typed, when it is not an absolute IRI and `source` had to be a placeholder. */
  'claimdesk:url'?: string;
  'claimdesk:accessed': string;
  selector?: { type: 'TextQuoteSelector'; exact: string };
}

export interface W3CTarget {
  source: string;
  'dc:title'?: string;
  'claimdesk:file'?: string;
  'claimdesk:docId': string;
  'claimdesk:utf16Position'?: { start: number; end: number };
  selector: Array<TextQuoteSelector | TextPositionSelector>;
}

export interface W3CAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'assessing' | 'editing';
  creator: { type: 'Person'; name: string };
  created: string;
  modified: string;
  generated: string;
  generator: { type: 'Software'; name: string };
  body: Array<W3CTextualBody | W3CLinkBody>;
  target: W3CTarget;
  'claimdesk:kind': AnnotationKind;
  'claimdesk:orphan': boolean;
  'claimdesk:history': AnchorHistoryEntry[];
}

export interface W3CAnnotationCollection {
  '@context': [typeof W3C_CONTEXT, { claimdesk: typeof CLAIMDESK_NS }];
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: W3CAnnotation[] };
}

export interface W3CDocumentInput {
  id: string;
  title: string;
  hash: string;
  file: string;
  text: string;
}

// ---------------------------------------------------------------- build

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;
const ID_PREFIX = 'urn:claimdesk:annotation:';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function annotationIri(id: string): string {
  if (UUID.test(id)) return `urn:uuid:${id}`;
  if (ABSOLUTE_IRI.test(id) && !id.startsWith('urn:uuid:') && !id.startsWith(ID_PREFIX)) return id;
  return ID_PREFIX + encodeURIComponent(id.replace(LONE_SURROGATE, '\ufffd'));
}

export function idFromAnnotationIri(iri: string): string {
  if (iri.startsWith('urn:uuid:')) return iri.slice('urn:uuid:'.length);
  if (iri.startsWith(ID_PREFIX)) {
    try {
      return decodeURIComponent(iri.slice(ID_PREFIX.length));
    } catch {
      return iri.slice(ID_PREFIX.length);
    }
  }
  return iri;
}

export function mqmTag(dimension: MqmDimension, subtype: string): string {
  return subtype ? `mqm:${dimension}/${subtype}` : `mqm:${dimension}`;
}

const PLACEHOLDER_SOURCE = 'urn:claimdesk:source:unresolved';

export function buildW3CCollection(input: {
  documents: ReadonlyArray<W3CDocumentInput>;
  annotations: ReadonlyArray<Annotation>;
  now: string;
  generator: { name: string; version: string };
}): W3CAnnotationCollection {
  const byId = new Map(input.documents.map((d) => [d.id, d]));
  const converters = new Map<string, OffsetConverter>();
  const converterFor = (hash: string): OffsetConverter | undefined => {
    const doc = input.documents.find((d) => d.hash === hash);
    if (!doc) return undefined;
    let c = converters.get(hash);
    if (!c) converters.set(hash, (c = createOffsetConverter(doc.text)));
    return c;
  };
  const generator = { type: 'Software' as const, name: `${input.generator.name} ${input.generator.version}` };
  const sorted = [...input.annotations].sort(compareForExport);
  const items = sorted.map((a) => buildW3CAnnotation(a, byId.get(a.docId), converterFor(a.docHash), input.now, generator));
  const id = `urn:claimdesk:export:${sha256Hex(`${input.now}\n${sorted.map((a) => a.id).join('\n')}`).slice(0, 32)}`;
  return {
    '@context': [W3C_CONTEXT, { claimdesk: CLAIMDESK_NS }],
    id,
    type: 'AnnotationCollection',
    label: 'Claimdesk annotations',
    total: items.length,
    first: { id: `${id}#page-1`, type: 'AnnotationPage', startIndex: 0, items },
  };
}

function buildW3CAnnotation(
  a: Annotation,
  doc: W3CDocumentInput | undefined,
  offsets: OffsetConverter | undefined,
  now: string,
  generator: { type: 'Software'; name: string },
): W3CAnnotation {
  const body: Array<W3CTextualBody | W3CLinkBody> = [];
  const tag = (value: string) => body.push({ type: 'TextualBody', purpose: 'tagging', value, format: 'text/plain' });
  if (a.verdict !== null) tag(a.verdict);
  if (a.translation) {
    tag(mqmTag(a.translation.dimension, a.translation.subtype));
    tag(`mqm-severity:${a.translation.severity}`);
  }
  if (a.note) body.push({ type: 'TextualBody', purpose: 'commenting', value: a.note, format: 'text/plain' });
  if (a.translation?.correction) {
    body.push({ type: 'TextualBody', purpose: 'editing', value: a.translation.correction, format: 'text/plain' });
  }
  for (const s of a.sources) {
    const link: W3CLinkBody = {
      type: 'SpecificResource',
      purpose: 'linking',
      source: ABSOLUTE_IRI.test(s.url) ? s.url : PLACEHOLDER_SOURCE,
      'dc:title': s.title,
      'claimdesk:accessed': s.accessed,
    };
    if (!ABSOLUTE_IRI.test(s.url)) link['claimdesk:url'] = s.url;
    if (s.quote) link.selector = { type: 'TextQuoteSelector', exact: s.quote };
    body.push(link);
  }
  const target: W3CTarget = {
    source: a.docHash ? `urn:sha256:${a.docHash}` : `urn:claimdesk:document:${encodeURIComponent(a.docId.replace(LONE_SURROGATE, '\ufffd'))}`,
    'claimdesk:docId': a.docId,
    selector: [{ type: 'TextQuoteSelector', exact: a.quote.exact, prefix: a.quote.prefix, suffix: a.quote.suffix }],
  };
  if (doc) {
    target['dc:title'] = doc.title;
    target['claimdesk:file'] = doc.file;
  }
  if (offsets !== undefined) {
    target.selector.push({
      type: 'TextPositionSelector',
      start: offsets.toCodePoints(a.position.start),
      end: offsets.toCodePoints(a.position.end),
    });
  } else {
    target['claimdesk:utf16Position'] = { start: a.position.start, end: a.position.end };
  }
  return {
    id: annotationIri(a.id),
    type: 'Annotation',
    motivation: a.translation?.correction ? 'editing' : 'assessing',
    creator: { type: 'Person', name: a.author },
    created: a.createdAt,
    modified: a.updatedAt,
    generated: now,
    generator,
    body,
    target,
    'claimdesk:kind': a.kind,
    'claimdesk:orphan': a.orphan,
    'claimdesk:history': a.history,
  };
}

// ---------------------------------------------------------------- parse

/** One annotation read from any W3C producer, normalised; positions are in code points as W3C counts. */
export interface W3CAnnotationLike {
  /** The annotation's IRI as given, or null. */
  id: string | null;
  motivations: string[];
  creator: string | null;
  created: string | null;
  modified: string | null;
  target: {
    source: string | null;
    title: string | null;
    file: string | null;
    docId: string | null;
    quote: { exact: string; prefix: string; suffix: string } | null;
    /** TextPositionSelector, in code points. */
    position: { start: number; end: number } | null;
    /** claimdesk:utf16Position, in UTF-16 units (written when the text was unknown at export). */
    utf16Position: { start: number; end: number } | null;
  };
  tags: string[];
  comments: string[];
  edits: string[];
  links: Source[];
  /** Claimdesk extensions; null when absent (other tools). */
  kind: AnnotationKind | null;
  orphan: boolean | null;
  history: AnchorHistoryEntry[] | null;
}

class W3CFormatError extends Error {}

function reject(path: ReadonlyArray<PropertyKey>, problem: string): never {
  throw new W3CFormatError(`${formatPath(path)}: ${problem}`);
}

type Obj = Record<string, unknown>;
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** Own properties only: a file's "constructor" or "__proto__" key is data, never the prototype's. */
function own(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}
function asList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}
function typesOf(o: Obj): string[] {
  return asList(own(o, 'type') ?? own(o, '@type')).filter((t): t is string => typeof t === 'string');
}
function hasType(o: Obj, name: string): boolean {
  return typesOf(o).some((t) => t === name || t === `oa:${name}`);
}
function optString(o: Obj, key: string, path: ReadonlyArray<PropertyKey>): string | null {
  const v = own(o, key);
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') reject([...path, key], `expected a string, found ${describeJsonType(v)}`);
  return v;
}
function nonNegativeInt(v: unknown, path: ReadonlyArray<PropertyKey>): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    reject(path, `expected a non-negative integer, found ${typeof v === 'number' ? String(v) : describeJsonType(v)}`);
  }
  return v;
}
function range(o: unknown, path: ReadonlyArray<PropertyKey>): { start: number; end: number } {
  if (!isObj(o)) reject(path, `expected an object with start and end, found ${describeJsonType(o)}`);
  const start = nonNegativeInt(own(o, 'start'), [...path, 'start']);
  const end = nonNegativeInt(own(o, 'end'), [...path, 'end']);
  if (start > end) reject([...path, 'end'], `start (${start}) is after end (${end})`);
  return { start, end };
}

const isoTime = z.iso.datetime({ offset: true });
function time(o: Obj, key: string, path: ReadonlyArray<PropertyKey>): string | null {
  const v = optString(o, key, path);
  if (v === null) return null;
  if (isoTime.safeParse(v).success) return v;
  const t = v.length < 100 ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(t)) reject([...path, key], `not a date-time: ${JSON.stringify(v.slice(0, 40))}`);
  return new Date(t).toISOString();
}

/** The annotations found in a parsed JSON value: a collection, a page, one annotation or an array. */
export function validateW3C(data: unknown): ParseResult<W3CAnnotationLike[]> {
  try {
    return ok(collectItems(data).map(({ item, path }) => normaliseAnnotation(item, path)));
  } catch (e) {
    if (e instanceof W3CFormatError) return fail(`not a valid W3C Web Annotation file: ${e.message}`);
    return fail(`could not read the W3C annotations: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function parseW3C(text: string): ParseResult<W3CAnnotationLike[]> {
  try {
    const json = parseJsonText(text);
    return json.ok ? validateW3C(json.value) : json;
  } catch (e) {
    return fail(`could not read the W3C annotations: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** True when a parsed value has one of the shapes parseW3C accepts at its top level. */
export function looksLikeW3C(data: unknown): boolean {
  if (Array.isArray(data)) return data.length > 0 && data.every((x) => isObj(x) && (hasType(x, 'Annotation') || own(x, 'target') !== undefined));
  if (!isObj(data)) return false;
  if (hasType(data, 'Annotation') || hasType(data, 'AnnotationPage') || hasType(data, 'AnnotationCollection')) return true;
  return asList(own(data, '@context')).includes(W3C_CONTEXT);
}

function collectItems(data: unknown): Array<{ item: unknown; path: PropertyKey[] }> {
  if (Array.isArray(data)) return data.map((item, i) => ({ item, path: [i] }));
  if (!isObj(data)) reject([], `expected an annotation, a page, a collection or an array, found ${describeJsonType(data)}`);
  if (hasType(data, 'AnnotationCollection')) {
    const first = own(data, 'first');
    if (first === undefined && Array.isArray(own(data, 'items'))) return pageItems(data, []);
    if (!isObj(first)) {
      reject(['first'], 'the collection\'s first page is not embedded (expected an AnnotationPage object with items)');
    }
    const out: Array<{ item: unknown; path: PropertyKey[] }> = [];
    let page: unknown = first;
    const path: PropertyKey[] = ['first'];
    // Pages chain through embedded `next` objects; an IRI there would mean annotations we cannot read.
    for (let n = 0; isObj(page); n++) {
      if (n > 100_000) reject(path, 'too many pages');
      out.push(...pageItems(page, path));
      const next = own(page, 'next');
      if (typeof next === 'string') reject([...path, 'next'], 'the next page is not embedded; only embedded pages can be imported');
      page = next;
      path.push('next');
      if (next !== undefined && next !== null && !isObj(next)) reject(path, `expected a page object, found ${describeJsonType(next)}`);
    }
    return out;
  }
  if (hasType(data, 'AnnotationPage')) return pageItems(data, []);
  if (hasType(data, 'Annotation') || own(data, 'target') !== undefined) return [{ item: data, path: [] }];
  reject([], 'expected an Annotation, AnnotationPage or AnnotationCollection (no such "type")');
}

function pageItems(page: Obj, path: PropertyKey[]): Array<{ item: unknown; path: PropertyKey[] }> {
  const items = own(page, 'items');
  if (!Array.isArray(items)) reject([...path, 'items'], `expected an array of annotations, found ${describeJsonType(items)}`);
  return items.map((item, i) => ({ item, path: [...path, 'items', i] }));
}

function normaliseAnnotation(item: unknown, path: PropertyKey[]): W3CAnnotationLike {
  if (!isObj(item)) reject(path, `expected an annotation object, found ${describeJsonType(item)}`);
  const types = typesOf(item);
  if (types.length > 0 && !hasType(item, 'Annotation')) reject([...path, 'type'], `expected "Annotation", found ${JSON.stringify(types.join(', '))}`);
  const id = optString(item, 'id', path) ?? optString(item, '@id', path);
  const motivations = asList(own(item, 'motivation')).filter((m): m is string => typeof m === 'string');
  const creatorValue = asList(own(item, 'creator'))[0];
  let creator: string | null = null;
  if (typeof creatorValue === 'string') creator = creatorValue;
  else if (isObj(creatorValue)) {
    const name = own(creatorValue, 'name') ?? own(creatorValue, 'nickname') ?? own(creatorValue, 'id');
    creator = typeof name === 'string' ? name : null;
  }
  const created = time(item, 'created', path);
  const modified = time(item, 'modified', path);

  const rawTarget = own(item, 'target');
  if (rawTarget === undefined || rawTarget === null) reject([...path, 'target'], 'missing; an annotation needs a target');
  const targets = asList(rawTarget);
  // Several targets: the first that carries selectors (Hypothesis sends one); otherwise the first.
  let targetIndex = targets.findIndex((t) => isObj(t) && own(t, 'selector') !== undefined);
  if (targetIndex < 0) targetIndex = 0;
  const t = targets[targetIndex];
  const targetPath: PropertyKey[] = Array.isArray(rawTarget) ? [...path, 'target', targetIndex] : [...path, 'target'];
  const target: W3CAnnotationLike['target'] = {
    source: null,
    title: null,
    file: null,
    docId: null,
    quote: null,
    position: null,
    utf16Position: null,
  };
  if (typeof t === 'string') target.source = t;
  else if (isObj(t)) {
    target.source = optString(t, 'source', targetPath) ?? optString(t, 'id', targetPath);
    target.title = optString(t, 'dc:title', targetPath) ?? optString(t, 'title', targetPath);
    target.file = optString(t, 'claimdesk:file', targetPath);
    target.docId = optString(t, 'claimdesk:docId', targetPath);
    const u = own(t, 'claimdesk:utf16Position');
    if (u !== undefined) target.utf16Position = range(u, [...targetPath, 'claimdesk:utf16Position']);
    const selectors = asList(own(t, 'selector'));
    const selectorPath = (i: number): PropertyKey[] => (Array.isArray(own(t, 'selector')) ? [...targetPath, 'selector', i] : [...targetPath, 'selector']);
    selectors.forEach((s, i) => {
      if (!isObj(s)) return;
      if (hasType(s, 'TextQuoteSelector') && target.quote === null) {
        const p = selectorPath(i);
        const exact = own(s, 'exact');
        if (typeof exact !== 'string') reject([...p, 'exact'], `expected a string, found ${describeJsonType(exact)}`);
        target.quote = { exact, prefix: optString(s, 'prefix', p) ?? '', suffix: optString(s, 'suffix', p) ?? '' };
      } else if (hasType(s, 'TextPositionSelector') && target.position === null) {
        target.position = range(s, selectorPath(i));
      }
    });
  } else reject(targetPath, `expected a target object or IRI, found ${describeJsonType(t)}`);

  const tags: string[] = [];
  const comments: string[] = [];
  const edits: string[] = [];
  const links: Source[] = [];
  const bodyValue = own(item, 'bodyValue');
  if (typeof bodyValue === 'string') comments.push(bodyValue);
  // Hypothesis's own API rows keep the note in `text` and the tags in `tags`, beside a W3C-style target.
  const hypothesisText = own(item, 'text');
  if (typeof hypothesisText === 'string' && hypothesisText !== '') comments.push(hypothesisText);
  for (const t of asList(own(item, 'tags'))) if (typeof t === 'string') tags.push(t);
  const rawBody = own(item, 'body');
  asList(rawBody).forEach((b, i) => {
    const bodyPath: PropertyKey[] = Array.isArray(rawBody) ? [...path, 'body', i] : [...path, 'body'];
    if (typeof b === 'string') {
      // A bare string body is an IRI in the model; some tools put plain text there.
      if (ABSOLUTE_IRI.test(b)) links.push({ url: b, title: '', accessed: '', quote: '' });
      else comments.push(b);
      return;
    }
    if (!isObj(b)) return;
    const purpose = asList(own(b, 'purpose')).find((p): p is string => typeof p === 'string') ?? null;
    const value = own(b, 'value');
    if (typeof value === 'string' && (hasType(b, 'TextualBody') || typesOf(b).length === 0)) {
      if (purpose === 'tagging' || purpose === 'classifying' || purpose === 'identifying') tags.push(value);
      else if (purpose === 'editing') edits.push(value);
      else comments.push(value);
      return;
    }
    const url = optString(b, 'claimdesk:url', bodyPath) ?? optString(b, 'source', bodyPath) ?? optString(b, 'id', bodyPath);
    if (url === null) return;
    const accessed = optString(b, 'claimdesk:accessed', bodyPath) ?? '';
    const quoteSelector = asList(own(b, 'selector')).find((s) => isObj(s) && hasType(s, 'TextQuoteSelector'));
    const quote = isObj(quoteSelector) && typeof own(quoteSelector, 'exact') === 'string' ? (own(quoteSelector, 'exact') as string) : '';
    links.push({
      url,
      title: optString(b, 'dc:title', bodyPath) ?? optString(b, 'title', bodyPath) ?? '',
      accessed: /^\d{4}-\d{2}-\d{2}$/.test(accessed) ? accessed : '',
      quote,
    });
  });

  const kindValue = own(item, 'claimdesk:kind');
  const kind = (ANNOTATION_KINDS as readonly unknown[]).includes(kindValue) ? (kindValue as AnnotationKind) : null;
  const orphanValue = own(item, 'claimdesk:orphan');
  const rawHistory = own(item, 'claimdesk:history');
  let history: AnchorHistoryEntry[] | null = null;
  if (rawHistory !== undefined) {
    const parsed = z.array(historyEntrySchema).safeParse(rawHistory);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      reject([...path, 'claimdesk:history', ...(issue?.path ?? [])], describeIssues(parsed.error.issues.slice(0, 1)).replace(/^[^:]*: /, ''));
    }
    history = parsed.data as AnchorHistoryEntry[];
  }
  return {
    id,
    motivations,
    creator,
    created,
    modified,
    target,
    tags,
    comments,
    edits,
    links,
    kind,
    orphan: typeof orphanValue === 'boolean' ? orphanValue : null,
    history,
  };
}

// ---------------------------------------------------------------- resolve against the corpus

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
}

export interface W3CImportReport {
  total: number;
  anchored: number;
  orphaned: number;
  unplaced: number;
  /** Claims that carried no verdict tag and were given 'contested'. */
  verdictDefaulted: number;
  /** Annotations without an id, given one derived from their content. */
  idsDerived: number;
  /** Where each unplaced annotation pointed, so the person importing can see what is missing. */
  unplacedTargets: Array<{ id: string; source: string | null; title: string | null }>;
}

export function resolveW3CImport(
  items: ReadonlyArray<W3CAnnotationLike>,
  options: { corpus: ReadonlyArray<W3CCorpusDocument>; anchor: AnchorFn; now: string; author: string },
): { annotations: Annotation[]; report: W3CImportReport } {
  const report: W3CImportReport = {
    total: items.length,
    anchored: 0,
    orphaned: 0,
    unplaced: 0,
    verdictDefaulted: 0,
    idsDerived: 0,
    unplacedTargets: [],
  };
  const converters = new Map<string, OffsetConverter>();
  const offsetsOf = (doc: W3CCorpusDocument): OffsetConverter => {
    let c = converters.get(doc.id);
    if (!c) converters.set(doc.id, (c = createOffsetConverter(doc.text)));
    return c;
  };
  const annotations = items.map((item) => resolveOne(item, options, report, offsetsOf));
  return { annotations, report };
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

function resolveOne(
  item: W3CAnnotationLike,
  options: { corpus: ReadonlyArray<W3CCorpusDocument>; anchor: AnchorFn; now: string; author: string },
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

  // 1. Which document: by content hash, then our doc id, file name or title, then by the quote alone.
  let doc = sourceHash ? corpus.find((d) => d.hash === sourceHash) : undefined;
  const segment = lastPathSegment(item.target.source);
  doc ??= item.target.docId ? corpus.find((d) => d.id === item.target.docId) : undefined;
  doc ??= item.target.file ? corpus.find((d) => d.file === item.target.file) : undefined;
  doc ??= segment ? corpus.find((d) => d.file === segment) : undefined;
  doc ??= item.target.title ? corpus.find((d) => d.title.trim() === item.target.title!.trim()) : undefined;
  let anchored: AnchorOutcome = null;
  if (doc) {
    if (quote.exact !== '') anchored = safeAnchor(anchor, doc.text, quote, givenPosition(doc) ?? zero);
  } else if (quote.exact !== '') {
    const hits = corpus
      .map((d) => ({ d, hit: safeAnchor(anchor, d.text, quote, givenPosition(d) ?? zero) }))
      .filter((x) => x.hit !== null);
    // Only an unambiguous match places it; two documents quoting the same words stay unplaced.
    if (hits.length === 1) {
      doc = hits[0]!.d;
      anchored = hits[0]!.hit;
    }
  }

  // 2. What it says.
  const recognised = new Set<number>();
  const findTag = (test: (t: string) => boolean) => {
    const i = item.tags.findIndex((t, k) => !recognised.has(k) && test(t));
    if (i >= 0) recognised.add(i);
    return i >= 0 ? item.tags[i]! : null;
  };
  const mqm = findTag((t) => /^mqm:/i.test(t));
  const severityTag = findTag((t) => /^mqm-severity:/i.test(t));
  const kind: AnnotationKind =
    item.kind ?? (mqm !== null || severityTag !== null || item.motivations.includes('editing') ? 'translation-error' : 'claim');
  let verdict: Verdict | null = null;
  let translation: Annotation['translation'] = null;
  if (kind === 'claim') {
    const v = findTag((t) => (VERDICTS as readonly string[]).includes(t.toLowerCase()));
    if (v !== null) verdict = v.toLowerCase() as Verdict;
    else {
      verdict = 'contested';
      report.verdictDefaulted++;
    }
  } else {
    const [dimension, subtype] = (mqm?.slice(4).toLowerCase() ?? '').split('/');
    const dim = (MQM_DIMENSIONS as readonly string[]).includes(dimension ?? '') ? (dimension as MqmDimension) : null;
    const sev = severityTag?.slice('mqm-severity:'.length).toLowerCase() ?? '';
    translation = createTranslationErrorData({
      dimension: dim ?? 'accuracy',
      subtype: dim ? (subtype && MQM_SUBTYPES[dim].includes(subtype) ? subtype : '') : 'mistranslation',
      severity: (SEVERITIES as readonly string[]).includes(sev) ? (sev as Severity) : 'major',
      correction: item.edits.join('\n'),
    });
  }
  const otherTags = item.tags.filter((_, k) => !recognised.has(k));
  // Tags the app has no field for are kept, readable, at the end of the note.
  const note = [...item.comments, ...(otherTags.length ? [`Tags: ${otherTags.join(', ')}`] : [])].join('\n\n');

  let id: string;
  if (item.id !== null && item.id !== '') id = idFromAnnotationIri(item.id);
  else {
    // Same content, same id: importing the same file twice does not duplicate.
    id = `w3c-${sha256Hex(JSON.stringify({ ...item, id: null })).slice(0, 32)}`;
    report.idsDerived++;
  }
  const createdAt = item.created ?? now;
  const base = {
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

  // 3. Where it sits.
  if (!doc) {
    report.unplaced++;
    report.unplacedTargets.push({ id, source: item.target.source, title: item.target.title });
    return { ...base, docId: UNPLACED_DOC_ID, quote, position: givenPosition(null) ?? zero, docHash: sourceHash ?? '', orphan: true };
  }
  const given = givenPosition(doc);
  if (!anchored) {
    report.orphaned++;
    return { ...base, docId: doc.id, quote, position: given ?? zero, docHash: sourceHash ?? '', orphan: true };
  }
  report.anchored++;
  const same =
    given !== null && given.start === anchored.start && given.end === anchored.end && doc.text.slice(anchored.start, anchored.end) === quote.exact;
  if (same) return { ...base, docId: doc.id, quote, position: given, docHash: doc.hash, orphan: false };
  // Anchoring moved it: describe the new place, and keep the old selectors in the history.
  const history =
    given !== null ? [...base.history, { quote, position: given, docHash: sourceHash ?? '', replacedAt: now }] : base.history;
  return {
    ...base,
    history,
    docId: doc.id,
    quote: describeQuote(doc.text, anchored.start, anchored.end),
    position: { type: 'TextPositionSelector', start: anchored.start, end: anchored.end },
    docHash: doc.hash,
    orphan: false,
  };
}

/** TextQuote for a range, with CONTEXT_LENGTH units of context that never split a surrogate pair. */
export function describeQuote(text: string, start: number, end: number): TextQuoteSelector {
  let from = Math.max(0, start - CONTEXT_LENGTH);
  if (from > 0 && /[\udc00-\udfff]/.test(text[from] ?? '')) from--;
  let to = Math.min(text.length, end + CONTEXT_LENGTH);
  if (to < text.length && /[\udc00-\udfff]/.test(text[to] ?? '')) to++;
  return { type: 'TextQuoteSelector', exact: text.slice(start, end), prefix: text.slice(from, start), suffix: text.slice(end, to) };
}
