// Reading annotations from any W3C Web Annotation producer, and from Hypothesis's own API (a single
// annotation, a search response {total, rows}, an array of rows) and its JSON-LD form, into one
// normalised shape. Positions stay in code points here; resolve converts them against the text.
import { z } from 'zod';
import { ANNOTATION_KINDS, CLAIM_STATUSES, isClaimStatus, type AnchorHistoryEntry, type AnnotationKind, type ClaimStatus, type Source } from '../../model/annotation';
import { describeIssues, historyEntrySchema } from '../annotation-schema';
import { ABSOLUTE_IRI } from '../iri';
import { formatPath, parseJsonText } from '../json-text';
import { describeJsonType } from '../native';
import { fail, ok, type ParseResult } from '../result';
import { W3C_CONTEXT } from './build';

/** One annotation read from any W3C producer, normalised; positions are in code points as W3C counts. */
export interface W3CAnnotationLike {
  /** The annotation's IRI as given (Hypothesis API ids made into their https://hypothes.is/a/ form), or null. */
  id: string | null;
  motivations: string[];
  creator: string | null;
  created: string | null;
  modified: string | null;
  /**
   * The annotations this one answers, thread root first (Hypothesis `references`; a W3C 'replying'
   * annotation's target). Empty for an annotation that is not a reply.
   */
  references: string[];
  /** True for a row of Hypothesis's own API (not its JSON-LD form). */
  hypothesis: boolean;
  target: {
    source: string | null;
    title: string | null;
    file: string | null;
    docId: string | null;
    quote: { exact: string; prefix: string; suffix: string } | null;
    /** TextPositionSelector, in code points. */
    position: { start: number; end: number } | null;
    /** claimdesk:utf16Position, in UTF-16 units (written when code points could not say it). */
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
  textChanged: { before: string; after: string; at: string } | null;
  candidates: string[] | null;
  publishedUrl: string | null;
  /** Workflow and link (docs/adr/0018); null when absent. */
  workflow: { status: ClaimStatus | null; assignee: string | null; due: string | null; claimId: string | null; claimWording: string | null };
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
function workflowStatus(o: Obj, path: ReadonlyArray<PropertyKey>): ClaimStatus | null {
  const v = optString(o, 'claimdesk:status', path);
  if (v === null) return null;
  if (!isClaimStatus(v)) reject([...path, 'claimdesk:status'], `expected one of ${CLAIM_STATUSES.join(', ')}, found "${v.slice(0, 40)}"`);
  return v;
}
function workflowDue(o: Obj, path: ReadonlyArray<PropertyKey>): string | null {
  const v = optString(o, 'claimdesk:due', path);
  if (v !== null && v !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) reject([...path, 'claimdesk:due'], `expected a date (YYYY-MM-DD) or "", found "${v.slice(0, 40)}"`);
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

/** A row of Hypothesis's API: no `type`, a `target` list, and its own `user`/`uri`/`updated` fields. */
function isHypothesisRow(o: Obj): boolean {
  return typesOf(o).length === 0 && own(o, 'target') !== undefined && (own(o, 'user') !== undefined || own(o, 'uri') !== undefined);
}

/** A Hypothesis search response: {"total": n, "rows": [...]}. */
function isHypothesisSearch(o: Obj): boolean {
  return Array.isArray(own(o, 'rows')) && typeof own(o, 'total') === 'number';
}

/** The annotations found in a parsed JSON value: a collection, a page, one annotation, an array, or Hypothesis's API shapes. */
export function validateW3C(data: unknown): ParseResult<W3CAnnotationLike[]> {
  try {
    const items = collectItems(data);
    const rowIris = new Map<string, string>();
    for (const { item } of items) {
      if (isObj(item) && isHypothesisRow(item) && typeof own(item, 'id') === 'string') rowIris.set(own(item, 'id') as string, hypothesisIri(item));
    }
    return ok(items.map(({ item, path }) => normaliseAnnotation(item, path, rowIris)));
  } catch (e) {
    if (e instanceof W3CFormatError) return fail(`not a valid W3C Web Annotation or Hypothesis file: ${e.message}`);
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
  if (isHypothesisSearch(data) || isHypothesisRow(data)) return true;
  return asList(own(data, '@context')).includes(W3C_CONTEXT);
}

function collectItems(data: unknown): Array<{ item: unknown; path: PropertyKey[] }> {
  if (Array.isArray(data)) return data.map((item, i) => ({ item, path: [i] }));
  if (!isObj(data)) reject([], `expected an annotation, a page, a collection or an array, found ${describeJsonType(data)}`);
  if (isHypothesisSearch(data)) return (own(data, 'rows') as unknown[]).map((item, i) => ({ item, path: ['rows', i] }));
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
  reject([], 'expected an Annotation, AnnotationPage or AnnotationCollection (no such "type"), or a Hypothesis annotation or search response');
}

function pageItems(page: Obj, path: PropertyKey[]): Array<{ item: unknown; path: PropertyKey[] }> {
  const items = own(page, 'items');
  if (!Array.isArray(items)) reject([...path, 'items'], `expected an array of annotations, found ${describeJsonType(items)}`);
  return items.map((item, i) => ({ item, path: [...path, 'items', i] }));
}

/**
 * The IRI Hypothesis gives an API row in its JSON-LD form (https://hypothes.is/a/<id>, from the row's
 * `links.html` when present), so the same annotation imported from either form has one id.
 */
function hypothesisIri(row: Obj): string {
  const id = own(row, 'id') as string;
  const links = own(row, 'links');
  const html = isObj(links) ? own(links, 'html') : undefined;
  if (typeof html === 'string' && /^https?:\/\/\S+\/a\/[^/\s]+$/.test(html) && html.endsWith(`/a/${id}`)) return html;
  return `https://hypothes.is/a/${encodeURIComponent(id)}`;
}

/** "acct:jane@hypothes.is" → "jane@hypothes.is"; a display name wins when the row gives one. */
function hypothesisAuthor(row: Obj): string | null {
  const info = own(row, 'user_info');
  const display = isObj(info) ? own(info, 'display_name') : undefined;
  if (typeof display === 'string' && display.trim() !== '') return display.trim();
  const user = own(row, 'user');
  return typeof user === 'string' ? user.replace(/^acct:/, '') : null;
}

function creatorName(value: unknown): string | null {
  const c = asList(value)[0];
  if (typeof c === 'string') return c.replace(/^acct:/, '');
  if (isObj(c)) {
    const name = own(c, 'name') ?? own(c, 'nickname') ?? own(c, 'id');
    return typeof name === 'string' ? name.replace(/^acct:/, '') : null;
  }
  return null;
}

function normaliseAnnotation(item: unknown, path: PropertyKey[], rowIris: ReadonlyMap<string, string>): W3CAnnotationLike {
  if (!isObj(item)) reject(path, `expected an annotation object, found ${describeJsonType(item)}`);
  const types = typesOf(item);
  if (types.length > 0 && !hasType(item, 'Annotation')) reject([...path, 'type'], `expected "Annotation", found ${JSON.stringify(types.join(', '))}`);
  const hypothesis = isHypothesisRow(item);
  const rawId = optString(item, 'id', path) ?? optString(item, '@id', path);
  const id = hypothesis && rawId !== null ? hypothesisIri(item) : rawId;
  const motivations = asList(own(item, 'motivation')).filter((m): m is string => typeof m === 'string');
  const creator = hypothesis ? hypothesisAuthor(item) : creatorName(own(item, 'creator'));
  const created = time(item, 'created', path);
  const modified = time(item, 'modified', path) ?? time(item, 'updated', path);
  const references: string[] = [];
  if (hypothesis) {
    for (const r of asList(own(item, 'references'))) {
      if (typeof r === 'string' && r !== '') references.push(rowIris.get(r) ?? `https://hypothes.is/a/${encodeURIComponent(r)}`);
    }
  }

  const rawTarget = own(item, 'target');
  if (rawTarget === undefined || rawTarget === null) reject([...path, 'target'], 'missing; an annotation needs a target');
  const targets = asList(rawTarget);
  // A W3C reply targets the annotation it answers.
  if (motivations.includes('replying') && typeof targets[0] === 'string') references.push(targets[0]);
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
    // Only top-level selectors describe the whole text; a TextPositionSelector refining an XPath
    // (h's JSON-LD form) counts inside one element and is not read as a document offset.
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
  } else if (t !== undefined) reject(targetPath, `expected a target object or IRI, found ${describeJsonType(t)}`);
  if (hypothesis) {
    target.source ??= optString(item, 'uri', path);
    const doc = own(item, 'document');
    const title = isObj(doc) ? asList(own(doc, 'title')).find((x): x is string => typeof x === 'string' && x.trim() !== '') : undefined;
    target.title ??= title ?? null;
  }

  const tags: string[] = [];
  const comments: string[] = [];
  const edits: string[] = [];
  const links: Source[] = [];
  const bodyValue = own(item, 'bodyValue');
  if (typeof bodyValue === 'string') comments.push(bodyValue);
  // Hypothesis's own API rows keep the note in `text` and the tags in `tags`, beside a W3C-style target.
  const hypothesisText = own(item, 'text');
  if (typeof hypothesisText === 'string') comments.push(hypothesisText);
  for (const tag of asList(own(item, 'tags'))) if (typeof tag === 'string') tags.push(tag);
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
  const changed = own(item, 'claimdesk:textChanged');
  let textChanged: W3CAnnotationLike['textChanged'] = null;
  if (isObj(changed)) {
    const p = [...path, 'claimdesk:textChanged'];
    const before = optString(changed, 'claimdesk:before', p);
    const after = optString(changed, 'claimdesk:after', p);
    const at = time(changed, 'claimdesk:at', p);
    if (before !== null && after !== null && at !== null) textChanged = { before, after, at };
  }
  const rawCandidates = own(item, 'claimdesk:candidates');
  const candidates = Array.isArray(rawCandidates) ? rawCandidates.filter((c): c is string => typeof c === 'string') : null;
  return {
    id,
    motivations,
    creator,
    created,
    modified,
    references,
    hypothesis,
    target,
    tags,
    comments,
    edits,
    links,
    kind,
    orphan: typeof orphanValue === 'boolean' ? orphanValue : null,
    history,
    textChanged,
    candidates,
    publishedUrl: optString(item, 'claimdesk:publishedUrl', path),
    workflow: {
      status: workflowStatus(item, path),
      assignee: optString(item, 'claimdesk:assignee', path),
      due: workflowDue(item, path),
      claimId: optString(item, 'claimdesk:claimId', path),
      claimWording: optString(item, 'claimdesk:claimWording', path),
    },
  };
}
