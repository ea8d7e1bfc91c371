// Claimdesk's own export format: versioned JSON holding the documents (with the text of every one an
// annotation refers to), every annotation, the reviewers and the MQM settings used. Forward compatible
// within a major version: fields this version does not know are read, kept and written back; only a
// newer major version is refused. Described field by field in docs/claimdesk-json.md; its JSON Schema,
// generated from the zod schema below, is committed as docs/schema/claimdesk-export.schema.json.
import { z } from 'zod';
import type { Annotation } from '../model/annotation';
import { canonicalTextOrigin, textOriginSchema, type TextOrigin } from './text-origin';
import type { TranslationInfo } from '../model/document';
import type { MqmWeights } from '../model/mqm';
import type { Reviewer } from '../model/reviewer';
import { annotationSchema, describeIssues, hexHash } from './annotation-schema';
import { formatPath, parseJsonText } from './json-text';
import { fail, ok, type ParseResult } from './result';

/** The major version this app writes and reads; a file with a larger one is refused. */
export const NATIVE_FORMAT_VERSION = 1;

export interface NativeDocumentRef {
  id: string;
  title: string;
  hash: string;
  file: string;
}

/** A document as the file carries it: its identity, and for documents annotations refer to, its text and details. */
export interface NativeDocument extends NativeDocumentRef {
  text?: string;
  publication?: string | null;
  author?: string | null;
  date?: string | null;
  language?: string;
  translation?: TranslationInfo | null;
  url?: string | null;
  /** documents (issue 13): where the text came from (file, reader, encoding, import time); see text-origin.ts. */
  textOrigin?: TextOrigin;
  /** Fields a newer Claimdesk wrote that this version does not know. */
  extensions?: Record<string, unknown>;
}

export interface NativeMqmSettings {
  weights: MqmWeights;
  threshold: number;
}

export interface NativeExport {
  format: 'claimdesk';
  version: 1;
  appVersion: string;
  exportedAt: string;
  /** Everyone who wrote an annotation or reply in the file, plus the exporting editor. */
  reviewers?: Reviewer[];
  /** The MQM weights and threshold the scores were computed with. */
  mqm?: NativeMqmSettings;
  documents: NativeDocument[];
  annotations: Annotation[];
  /** Top-level fields a newer Claimdesk wrote that this version does not know. */
  extensions?: Record<string, unknown>;
}

/** A document handed to the exporter: identity, and optionally its text and details. */
export type NativeDocumentInput = NativeDocumentRef & Partial<Omit<NativeDocument, keyof NativeDocumentRef>>;

/** Orders annotations by document, then position (start, then end), then id: stable across exports. */
export function compareForExport(a: Annotation, b: Annotation): number {
  return (
    cmp(a.docId, b.docId) ||
    a.position.start - b.position.start ||
    a.position.end - b.position.end ||
    cmp(a.id, b.id)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ANNOTATION_KEYS = [
  'id', 'docId', 'kind', 'verdict', 'translation', 'quote', 'position', 'docHash', 'orphan', 'note', 'sources',
  'author', 'createdAt', 'updatedAt', 'history', 'replies', 'textChanged', 'candidates', 'publishedUrl',
  'status', 'assignee', 'due', 'claimId', 'claimWording',
] as const;
const DOCUMENT_KEYS = ['id', 'title', 'hash', 'file', 'text', 'publication', 'author', 'date', 'language', 'translation', 'url', 'textOrigin'] as const;
const TOP_KEYS = ['format', 'version', 'appVersion', 'exportedAt', 'reviewers', 'mqm', 'documents', 'annotations'] as const;

export function buildNativeExport(input: {
  appVersion: string;
  now: string;
  documents: ReadonlyArray<NativeDocumentInput>;
  annotations: ReadonlyArray<Annotation>;
  reviewers?: ReadonlyArray<Reviewer>;
  mqm?: NativeMqmSettings;
  /** Carry the text of every document an annotation refers to (default true): the file re-imports anywhere. */
  withTexts?: boolean;
}): NativeExport {
  const withTexts = input.withTexts ?? true;
  const referenced = new Set(input.annotations.map((a) => a.docId));
  // Keys in the order the schema lists them, so a file read back serialises to the same bytes.
  const out: NativeExport = { format: 'claimdesk', version: 1, appVersion: input.appVersion, exportedAt: input.now, documents: [], annotations: [] };
  delete (out as Partial<NativeExport>).documents;
  delete (out as Partial<NativeExport>).annotations;
  if (input.reviewers) out.reviewers = [...input.reviewers].map((r) => ({ id: r.id, name: r.name })).sort((a, b) => cmp(a.id, b.id));
  if (input.mqm) {
    const w = input.mqm.weights;
    out.mqm = { weights: { minor: w.minor, major: w.major, critical: w.critical }, threshold: input.mqm.threshold };
  }
  out.documents = input.documents.map((d) => canonicalDocument(d, withTexts && referenced.has(d.id))).sort((a, b) => cmp(a.id, b.id));
  out.annotations = input.annotations.map(canonicalAnnotation).sort(compareForExport);
  return out;
}

function canonicalDocument(d: NativeDocumentInput, withText: boolean): NativeDocument {
  const out: NativeDocument = { id: d.id, title: d.title, hash: d.hash, file: d.file };
  if (withText && d.text !== undefined) {
    out.text = d.text;
    if (d.publication !== undefined) out.publication = d.publication;
    if (d.author !== undefined) out.author = d.author;
    if (d.date !== undefined) out.date = d.date;
    if (d.language !== undefined) out.language = d.language;
    if (d.translation !== undefined) out.translation = d.translation ? { from: d.translation.from, method: d.translation.method } : null;
    if (d.url !== undefined) out.url = d.url;
  }
  if (d.textOrigin) out.textOrigin = canonicalTextOrigin(d.textOrigin);
  if (d.extensions) out.extensions = { ...d.extensions };
  return out;
}

/**
 * A copy with exactly the model's fields in a fixed order: stray properties a store may add (which a
 * strict re-import would refuse) are dropped, fields kept from a newer file (`extensions`) are kept,
 * and equal annotations serialise to equal bytes.
 */
export function canonicalAnnotation(a: Annotation): Annotation {
  const out: Annotation = {
    id: a.id,
    docId: a.docId,
    kind: a.kind,
    verdict: a.verdict,
    translation: a.translation
      ? { dimension: a.translation.dimension, subtype: a.translation.subtype, severity: a.translation.severity, correction: a.translation.correction }
      : null,
    quote: { type: 'TextQuoteSelector', exact: a.quote.exact, prefix: a.quote.prefix, suffix: a.quote.suffix },
    position: { type: 'TextPositionSelector', start: a.position.start, end: a.position.end },
    docHash: a.docHash,
    orphan: a.orphan,
    note: a.note,
    sources: a.sources.map((s) => ({ url: s.url, title: s.title, accessed: s.accessed, quote: s.quote })),
    author: a.author,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    history: a.history.map((h) => ({
      quote: { type: 'TextQuoteSelector', exact: h.quote.exact, prefix: h.quote.prefix, suffix: h.quote.suffix },
      position: { type: 'TextPositionSelector', start: h.position.start, end: h.position.end },
      docHash: h.docHash,
      replacedAt: h.replacedAt,
    })),
  };
  if (a.replies) out.replies = a.replies.map((r) => ({ id: r.id, author: r.author, text: r.text, createdAt: r.createdAt, updatedAt: r.updatedAt }));
  if (a.textChanged) out.textChanged = { before: a.textChanged.before, after: a.textChanged.after, at: a.textChanged.at };
  if (a.candidates) out.candidates = [...a.candidates];
  if (a.publishedUrl !== undefined) out.publishedUrl = a.publishedUrl;
  // Workflow and link fields are written when the record holds them (absent means their defaults), so a
  // file round-trips to the very record it came from.
  if (a.status !== undefined) out.status = a.status;
  if (a.assignee !== undefined) out.assignee = a.assignee;
  if (a.due !== undefined) out.due = a.due;
  if (a.claimId !== undefined) out.claimId = a.claimId;
  if (a.claimWording !== undefined) out.claimWording = a.claimWording;
  if (a.extensions && Object.keys(a.extensions).length) out.extensions = { ...a.extensions };
  return out;
}

/** The file's JSON: fields kept from a newer version go back where they were read, beside the known ones. */
export function serializeNative(x: NativeExport): string {
  const spread = <T extends { extensions?: Record<string, unknown> }>(o: T) => {
    const { extensions, ...known } = o;
    return extensions ? { ...known, ...withoutKnown(extensions, Object.keys(known)) } : known;
  };
  const file = {
    ...spread(x),
    documents: x.documents.map(spread),
    annotations: x.annotations.map(spread),
  };
  // Top-level extensions must come after the known fields, so rebuild in order.
  return `${JSON.stringify(file, null, 2)}\n`;
}

function withoutKnown(extra: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(extra)) if (!known.includes(k) && !FORBIDDEN_KEYS.has(k)) out[k] = v;
  return out;
}

// ---------------------------------------------------------------- schema

const nativeDocumentSchema = z.looseObject({
  id: z.string().min(1).refine((id) => id.trim() !== '', 'a document id cannot be blank'),
  title: z.string(),
  hash: hexHash,
  file: z.string(),
  text: z.string().optional(),
  publication: z.string().nullable().optional(),
  author: z.string().nullable().optional(),
  date: z.string().nullable().optional(),
  language: z.string().optional(),
  translation: z.object({ from: z.string(), method: z.enum(['machine', 'human', 'unknown']) }).nullable().optional(),
  url: z.string().nullable().optional(),
  textOrigin: textOriginSchema.optional(),
});

const reviewerSchema = z.object({ id: z.string().min(1), name: z.string() });
const mqmSchema = z.object({
  weights: z.object({ minor: z.number().nonnegative(), major: z.number().nonnegative(), critical: z.number().nonnegative() }),
  threshold: z.number().nonnegative(),
});

/** The file as zod validates it (and as its JSON Schema is generated). */
export const nativeExportSchema = z
  .looseObject({
    format: z.literal('claimdesk'),
    version: z.number().int().min(1).max(NATIVE_FORMAT_VERSION),
    appVersion: z.string(),
    exportedAt: z.iso.datetime({ offset: true }),
    reviewers: z.array(reviewerSchema).optional(),
    mqm: mqmSchema.optional(),
    documents: z.array(nativeDocumentSchema),
    annotations: z.array(annotationSchema),
  })
  .superRefine((x, ctx) => {
    const seen = new Set<string>();
    x.annotations.forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: ['annotations', i, 'id'], message: `duplicate id ${JSON.stringify(a.id)}` });
      seen.add(a.id);
    });
    const docs = new Set<string>();
    x.documents.forEach((d, i) => {
      if (docs.has(d.id)) ctx.addIssue({ code: 'custom', path: ['documents', i, 'id'], message: `duplicate document id ${JSON.stringify(d.id)}` });
      if (d.id === 'unplaced') ctx.addIssue({ code: 'custom', path: ['documents', i, 'id'], message: '"unplaced" is reserved for unplaced imports' });
      docs.add(d.id);
    });
  });

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keys that could reach an object's prototype are refused wherever they appear. Iterative, so a file
 * nested 100,000 deep is reported by the schema, not by a stack overflow here.
 */
function findForbiddenKey(root: unknown): string | null {
  type Frame = { value: unknown; parent: Frame | null; key: PropertyKey };
  const pathOf = (f: Frame | null): PropertyKey[] => {
    const keys: PropertyKey[] = [];
    for (let x = f; x && x.parent; x = x.parent) keys.push(x.key);
    return keys.reverse();
  };
  const stack: Frame[] = [{ value: root, parent: null, key: '' }];
  while (stack.length) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) if (typeof value[i] === 'object' && value[i] !== null) stack.push({ value: value[i], parent: frame, key: i });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const keys = Object.keys(value);
    const bad = keys.filter((k) => FORBIDDEN_KEYS.has(k));
    if (bad.length) return `${formatPath(pathOf(frame))}: Unrecognized key${bad.length > 1 ? 's' : ''}: ${bad.map((k) => JSON.stringify(k)).join(', ')}`;
    for (let i = keys.length - 1; i >= 0; i--) {
      const v = (value as Record<string, unknown>)[keys[i]!];
      if (typeof v === 'object' && v !== null) stack.push({ value: v, parent: frame, key: keys[i]! });
    }
  }
  return null;
}

/** Moves the fields a level does not know into `extensions` (a copy; the known fields untouched). */
function gatherExtensions<T extends object>(o: T, known: readonly string[]): T {
  const extra: Record<string, unknown> = {};
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (known.includes(k)) kept[k] = v;
    else extra[k] = v;
  }
  if (Object.keys(extra).length) kept.extensions = extra;
  return kept as T;
}

/** Validates a parsed JSON value as a native export (version checked first, then the whole file). */
export function validateNative(data: unknown): ParseResult<NativeExport> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(`not a Claimdesk export: expected a JSON object, found ${describeJsonType(data)}`);
  }
  const version = Object.hasOwn(data, 'version') ? (data as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && Number.isFinite(version) && Math.floor(version) > NATIVE_FORMAT_VERSION) {
    return fail(`made by a newer Claimdesk (version ${version}); this app reads version ${NATIVE_FORMAT_VERSION}`);
  }
  const forbidden = findForbiddenKey(data);
  if (forbidden) return fail(`not a valid Claimdesk export: ${forbidden}`);
  // A minor revision of this major version (1.2) reads as version 1.
  const normalised = typeof version === 'number' && Math.floor(version) === NATIVE_FORMAT_VERSION ? { ...data, version: NATIVE_FORMAT_VERSION } : data;
  const parsed = nativeExportSchema.safeParse(normalised);
  if (!parsed.success) return fail(`not a valid Claimdesk export: ${describeIssues(parsed.error.issues)}`);
  const top = gatherExtensions(parsed.data as unknown as NativeExport, TOP_KEYS);
  return ok({
    ...top,
    documents: top.documents.map((d) => gatherExtensions(d, DOCUMENT_KEYS)),
    annotations: top.annotations.map((a) => gatherExtensions(a, ANNOTATION_KEYS)),
  });
}

export function parseNative(text: string): ParseResult<NativeExport> {
  try {
    const json = parseJsonText(text);
    if (!json.ok) return json;
    return validateNative(json.value);
  } catch (e) {
    // Defence in depth: a parser reports, it never throws.
    return fail(`could not read the export: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * The exporter's own check before it writes: the text re-imports with this app's importer and gives
 * back exactly what was exported. A failure is a bug to report, never a file to write.
 */
export function verifyNativeExport(x: NativeExport): ParseResult<string> {
  const text = serializeNative(x);
  const back = parseNative(text);
  if (!back.ok) return fail(`the export does not re-import: ${back.error}`);
  if (serializeNative(back.value) !== text) return fail('the export re-imports differently from what was exported');
  return ok(text);
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
