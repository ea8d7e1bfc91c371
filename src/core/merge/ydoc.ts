// The merge state inside a Yjs document, one Y.Doc per document (named by its content hash). Two flat
// top-level maps keyed by unique ids, `annotations` (bases) and `entries` (field entries), and nothing
// else: a Y.Map keeps one of two concurrent writes to a key, so no key is ever written by two people
// with different values (entry ids are content hashes, annotation ids are random), and nested shared
// types, whose concurrent creation also drops one side, are never used.
import * as Y from 'yjs';
import type { AnnotationBase, MergeState } from './merge';
import { defaultValueOf, EDITABLE_FIELDS, isEditableField } from '../model/edit';
import { entryProblem, isFieldValue, isReviewer, type FieldEntry } from './entries';

export const BASES_MAP = 'annotations';
export const ENTRIES_MAP = 'entries';
export const SHARED_NAMES: readonly string[] = [BASES_MAP, ENTRIES_MAP];

const DOC_NAME = /^doc:[0-9a-f]{64}$/;

/** The sync name of a document's Y.Doc: its content hash, so every reviewer's copy of a text meets. */
export function docNameFor(contentHash: string): string {
  const name = `doc:${contentHash}`;
  if (!DOC_NAME.test(name)) throw new Error('a content hash is 64 hex digits');
  return name;
}

/**
 * The desk's change feed: a document with no content, through which the server tells every connected
 * client which document just changed (a stateless message `{"changed": "doc:<hash>"}`), so documents
 * nobody has open sync in the background without polling (ADR 0022).
 */
export const FEED_DOC_NAME = 'desk:feed';

export function isDocName(value: unknown): value is string {
  return typeof value === 'string' && DOC_NAME.test(value);
}

export function basesMap(doc: Y.Doc): Y.Map<AnnotationBase> {
  return doc.getMap<AnnotationBase>(BASES_MAP);
}

export function entriesMap(doc: Y.Doc): Y.Map<FieldEntry> {
  return doc.getMap<FieldEntry>(ENTRIES_MAP);
}

/** Why a value is not a well-formed annotation base, or null when it is. */
export function baseProblem(value: unknown, key?: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const b = value as Record<string, unknown>;
  const keys = ['id', 'docId', 'quote', 'position', 'docHash', 'orphan', 'createdAt', 'createdBy', 'history', 'initial', 'relayedBy'];
  const extra = Object.keys(b).filter((k) => !keys.includes(k));
  if (extra.length) return `unknown key ${extra[0]!.slice(0, 40)}`;
  if (typeof b.id !== 'string' || b.id.length === 0 || b.id.length > 128) return 'bad id';
  if (key !== undefined && key !== b.id) return 'key is not the id';
  if (typeof b.docId !== 'string' || b.docId.length > 512) return 'bad docId';
  const q = b.quote as Record<string, unknown> | null;
  if (!q || q.type !== 'TextQuoteSelector' || typeof q.exact !== 'string' || q.exact.length > 100_000 || typeof q.prefix !== 'string' || typeof q.suffix !== 'string') return 'bad quote';
  const p = b.position as Record<string, unknown> | null;
  if (!p || p.type !== 'TextPositionSelector' || !Number.isInteger(p.start) || !Number.isInteger(p.end) || (p.start as number) < 0 || (p.end as number) < (p.start as number)) return 'bad position';
  if (typeof b.docHash !== 'string' || !/^[0-9a-f]{64}$/.test(b.docHash)) return 'bad docHash';
  if (typeof b.orphan !== 'boolean') return 'bad orphan';
  if (typeof b.createdAt !== 'string' || b.createdAt.length > 40) return 'bad createdAt';
  if (!isReviewer(b.createdBy)) return 'bad createdBy';
  if (b.relayedBy !== undefined && !isReviewer(b.relayedBy)) return 'bad relayedBy';
  if (!Array.isArray(b.history) || b.history.length > 100) return 'bad history';
  const initial = b.initial as Record<string, unknown> | null;
  if (typeof initial !== 'object' || initial === null || Object.keys(initial).some((k) => !isEditableField(k))) return 'bad initial values';
  // Bases written before the workflow fields existed lack them (their defaults apply); every other field is required.
  for (const f of EDITABLE_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(initial, f) && defaultValueOf(f) !== undefined) continue;
    if (!isFieldValue(f, initial[f])) return `bad initial ${f}`;
  }
  return null;
}

/** Writes bases and entries that the doc lacks, in one transaction; present keys are never rewritten. */
export function writeToDoc(doc: Y.Doc, bases: Iterable<AnnotationBase>, entries: Iterable<FieldEntry>, origin: unknown = null): number {
  let written = 0;
  doc.transact(() => {
    const bm = basesMap(doc);
    const em = entriesMap(doc);
    for (const b of bases) {
      if (!bm.has(b.id)) {
        bm.set(b.id, b);
        written++;
      }
    }
    for (const e of entries) {
      if (!em.has(e.id)) {
        em.set(e.id, e);
        written++;
      }
    }
  }, origin);
  return written;
}

export interface DocReadResult {
  state: MergeState;
  /** Keys whose values were not well formed: left out of the state, never "repaired". */
  rejected: string[];
}

/** The merge state a Y.Doc holds, with anything malformed set aside. */
export function readDoc(doc: Y.Doc): DocReadResult {
  const bases = new Map<string, AnnotationBase>();
  const entries = new Map<string, FieldEntry>();
  const rejected: string[] = [];
  basesMap(doc).forEach((value, key) => {
    if (baseProblem(value, key) === null) bases.set(key, value);
    else rejected.push(`${BASES_MAP}/${key}`);
  });
  entriesMap(doc).forEach((value, key) => {
    if (entryProblem(value) === null && value.id === key) entries.set(key, value);
    else rejected.push(`${ENTRIES_MAP}/${key}`);
  });
  return { state: { bases, entries }, rejected };
}
