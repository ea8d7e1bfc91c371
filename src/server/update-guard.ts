// Checks every Yjs update a connection sends before Hocuspocus applies it: a malformed message, an
// update larger than the limit, a shared type or field the app does not have, an entry whose id does not
// match its content, a change to something already stored, or an entry written in another reviewer's
// name is refused, and the document is left exactly as it was.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { canonicalJson, entryProblem, type Reviewer } from '../core/merge/entries';
import { BASES_MAP, ENTRIES_MAP, SHARED_NAMES, baseProblem } from '../core/merge/ydoc';

/** Hocuspocus message types that carry Yjs sync messages (Sync, SyncReply). */
const SYNC_MESSAGES = new Set([0, 4]);
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

export class RefusedUpdate extends Error {
  constructor(readonly why: string) {
    super(`refused: ${why}`);
  }
}

/** The Yjs update inside a Hocuspocus message, or null when the message carries none. */
export function updateInMessage(message: Uint8Array): Uint8Array | null {
  const d = decoding.createDecoder(message);
  decoding.readVarString(d);
  const type = decoding.readVarUint(d);
  if (!SYNC_MESSAGES.has(type)) return null;
  const syncType = decoding.readVarUint(d);
  if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) return null;
  return decoding.readVarUint8Array(d);
}

function valueProblem(map: string, key: string, value: unknown, author: Reviewer): string | null {
  if (map === ENTRIES_MAP) {
    const p = entryProblem(value);
    if (p) return `entry ${key.slice(0, 16)}: ${p}`;
    const e = value as { id: string; by: Reviewer; relayedBy?: Reviewer };
    if (e.id !== key) return 'entry stored under another id';
    // Another's entry only as relayed by the sender, who is then named on it (a file import; ADR 0022).
    if (e.by.id !== author.id && e.relayedBy?.id !== author.id) return `entry in the name of ${e.by.id}, sent by ${author.id}`;
    return null;
  }
  const p = baseProblem(value, key);
  if (p) return `annotation ${key.slice(0, 40)}: ${p}`;
  const b = value as { createdBy: Reviewer; relayedBy?: Reviewer };
  if (b.createdBy.id !== author.id && b.relayedBy?.id !== author.id) return 'annotation created in another reviewer’s name';
  return null;
}

function currentValue(doc: Y.Doc, map: string, key: string): unknown {
  return doc.share.has(map) ? doc.getMap(map).get(key) : undefined;
}

/**
 * The common case, checked without touching the document: an update that only adds new keys to the two
 * maps (what `writeToDoc` produces). Returns null when the update is outside that case and needs the
 * full check.
 */
function quickCheck(doc: Y.Doc, update: Uint8Array, author: Reviewer): string | null | 'full' {
  const { structs, ds } = Y.decodeUpdate(update);
  if (ds.clients.size > 0) return 'full';
  // Each client's changes must continue from what the server has: a gap would leave them pending, to be
  // applied later, unchecked against the document as it is then.
  const known = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of acceptedUpTo.get(doc) ?? []) if (clock > (known.get(client) ?? 0)) known.set(client, clock);
  const firstClock = new Map<number, number>();
  for (const s of structs) if (!firstClock.has(s.id.client) || s.id.clock < firstClock.get(s.id.client)!) firstClock.set(s.id.client, s.id.clock);
  for (const [client, clock] of firstClock) if (clock > (known.get(client) ?? 0)) return 'update depends on changes the server does not have';
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    if (!(s instanceof Y.Item)) return 'full';
    // A decoded update names a top-level parent by its name (Yjs's types only list the integrated forms).
    const parent = s.parent as unknown;
    const key = s.parentSub;
    if (typeof parent !== 'string' || key === null) return 'full';
    if (!SHARED_NAMES.includes(parent)) return `unknown shared type ${parent.slice(0, 40)}`;
    if (!(s.content instanceof Y.ContentAny) || s.content.arr.length !== 1) return `non-JSON value in ${parent}`;
    const value: unknown = s.content.arr[0];
    const existing = currentValue(doc, parent, key);
    if (existing !== undefined) {
      // The same immutable value arriving again is harmless; a different one would replace stored data.
      if (canonicalJson(existing) !== canonicalJson(value)) return `rewrites ${parent}/${key.slice(0, 40)}`;
      continue;
    }
    const p = valueProblem(parent, key, value, author);
    if (p) return p;
  }
  return null;
}

/**
 * Per document, how far each client's changes reach in messages that passed the guard. Hocuspocus runs
 * the hooks of several messages from one connection before applying the first, so the next message is
 * checked against the document plus what was already let through, not the document alone.
 */
const acceptedUpTo = new WeakMap<Y.Doc, Map<number, number>>();

function recordAccepted(doc: Y.Doc, update: Uint8Array): void {
  let m = acceptedUpTo.get(doc);
  if (!m) acceptedUpTo.set(doc, (m = new Map()));
  for (const s of Y.decodeUpdate(update).structs) {
    const end = s.id.clock + s.length;
    if (end > (m.get(s.id.client) ?? 0)) m.set(s.id.client, end);
  }
}

function snapshotMaps(doc: Y.Doc): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const name of SHARED_NAMES) {
    const m = new Map<string, string>();
    if (doc.share.has(name)) doc.getMap(name).forEach((v, k) => m.set(k, v instanceof Y.AbstractType ? '\u0000type' : canonicalJson(v)));
    out.set(name, m);
  }
  return out;
}

/** Applies the update to a copy and compares: nothing stored may change or vanish; new keys must be valid. */
function fullCheck(doc: Y.Doc, update: Uint8Array, author: Reviewer): string | null {
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = snapshotMaps(copy);
  try {
    Y.applyUpdate(copy, update);
  } catch {
    return 'update does not apply';
  }
  if (copy.store.pendingStructs || copy.store.pendingDs) return 'update depends on changes the server does not have';
  for (const name of copy.share.keys()) if (!SHARED_NAMES.includes(name)) return `unknown shared type ${name.slice(0, 40)}`;
  const after = snapshotMaps(copy);
  for (const name of SHARED_NAMES) {
    const was = before.get(name)!;
    const now = after.get(name)!;
    for (const [k, v] of was) if (now.get(k) !== v) return `changes or deletes ${name}/${k.slice(0, 40)}`;
    for (const [k] of now) {
      if (was.has(k)) continue;
      const p = valueProblem(name, k, copy.getMap(name).get(k), author);
      if (p) return p;
    }
  }
  copy.destroy();
  return null;
}

export interface GuardOptions {
  maxUpdateBytes: number;
}

/** Throws RefusedUpdate when a message must not be applied to `doc`. */
export function guardMessage(doc: Y.Doc, message: Uint8Array, author: Reviewer, options: GuardOptions): void {
  if (message.byteLength > options.maxUpdateBytes) throw new RefusedUpdate(`message of ${message.byteLength} bytes (limit ${options.maxUpdateBytes})`);
  let update: Uint8Array | null;
  try {
    update = updateInMessage(message);
  } catch {
    throw new RefusedUpdate('malformed message');
  }
  if (!update) return;
  let quick: string | null | 'full';
  try {
    quick = quickCheck(doc, update, author);
  } catch {
    throw new RefusedUpdate('malformed update');
  }
  const problem = quick === 'full' ? fullCheck(doc, update, author) : quick;
  if (problem) throw new RefusedUpdate(problem);
  recordAccepted(doc, update);
}

export { BASES_MAP, ENTRIES_MAP };
