// Claimdesk's own export format: versioned JSON holding the documents' identities and every annotation.
import { z } from 'zod';
import type { Annotation } from '../model/annotation';
import { annotationSchema, describeIssues, hexHash } from './annotation-schema';
import { parseJsonText } from './json-text';
import { fail, ok, type ParseResult } from './result';

export const NATIVE_FORMAT_VERSION = 1;

export interface NativeDocumentRef {
  id: string;
  title: string;
  hash: string;
  file: string;
}

export interface NativeExport {
  format: 'claimdesk';
  version: 1;
  appVersion: string;
  exportedAt: string;
  documents: NativeDocumentRef[];
  annotations: Annotation[];
}

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

export function buildNativeExport(input: {
  appVersion: string;
  now: string;
  documents: ReadonlyArray<NativeDocumentRef>;
  annotations: ReadonlyArray<Annotation>;
}): NativeExport {
  return {
    format: 'claimdesk',
    version: 1,
    appVersion: input.appVersion,
    exportedAt: input.now,
    // Only the identity of each document travels; texts stay in the corpus.
    documents: input.documents
      .map((d) => ({ id: d.id, title: d.title, hash: d.hash, file: d.file }))
      .sort((a, b) => cmp(a.id, b.id)),
    annotations: input.annotations.map(canonicalAnnotation).sort(compareForExport),
  };
}

/**
 * A copy with exactly the model's fields in a fixed order: stray properties a store may add (which a
 * strict re-import would refuse) are dropped, and equal annotations serialise to equal bytes.
 */
export function canonicalAnnotation(a: Annotation): Annotation {
  return {
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
}

export function serializeNative(x: NativeExport): string {
  return `${JSON.stringify(x, null, 2)}\n`;
}

const nativeExportSchema = z
  .strictObject({
    format: z.literal('claimdesk'),
    version: z.literal(1),
    appVersion: z.string(),
    exportedAt: z.iso.datetime({ offset: true }),
    documents: z.array(
      z.strictObject({ id: z.string().min(1), title: z.string(), hash: hexHash, file: z.string() }),
    ),
    annotations: z.array(annotationSchema),
  })
  .superRefine((x, ctx) => {
    const seen = new Set<string>();
    x.annotations.forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: ['annotations', i, 'id'], message: `duplicate id ${JSON.stringify(a.id)}` });
      seen.add(a.id);
    });
  });

/** Validates a parsed JSON value as a native export (version checked first, then the whole file). */
export function validateNative(data: unknown): ParseResult<NativeExport> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(`not a Claimdesk export: expected a JSON object, found ${describeJsonType(data)}`);
  }
  const version = Object.hasOwn(data, 'version') ? (data as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > NATIVE_FORMAT_VERSION) {
    return fail(`made by a newer Claimdesk (version ${version}); this app reads version ${NATIVE_FORMAT_VERSION}`);
  }
  const parsed = nativeExportSchema.safeParse(data);
  if (!parsed.success) return fail(`not a valid Claimdesk export: ${describeIssues(parsed.error.issues)}`);
  return ok(parsed.data as NativeExport);
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

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
