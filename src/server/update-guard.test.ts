// The guard on incoming updates, message by message: a reviewer's own new entries pass; garbage bytes,
// an update with missing dependencies, a deletion of stored data, a forged author and an oversized
// message are refused, and the document is never touched by a check.
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAnnotation } from '../core/model/annotation';
import { createdState, deletedEntry, patchEntries } from '../core/merge/merge';
import { makeEntry } from '../core/merge/entries';
import { entriesMap, readDoc, writeToDoc } from '../core/merge/ydoc';
import { guardMessage, RefusedUpdate } from './update-guard';

const ANA = { id: 'rev-ana', name: 'Ana' };
const BEN = { id: 'rev-ben', name: 'Ben' };
const NAME = `doc:${'a'.repeat(64)}`;
const OPTIONS = { maxUpdateBytes: 64 * 1024 };

/** A Hocuspocus sync message (type 0, y-protocols update 2) carrying a Yjs update. */
function message(update: Uint8Array, syncType = 2): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, NAME);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  const claim = createAnnotation({
    id: 'x1',
    docId: 'd',
    kind: 'claim',
    quote: { type: 'TextQuoteSelector', exact: 'q', prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start: 0, end: 1 },
    docHash: 'a'.repeat(64),
    author: 'Ana',
    now: '2026-11-30T09:00:00.000Z',
  });
  writeToDoc(doc, [createdState(claim, ANA).base], []);
  writeToDoc(doc, [], patchEntries(readDoc(doc).state, { id: 'x1', set: { note: 'stored' } }, ANA, '2026-11-30T09:30:00.000Z'));
  return doc;
}

/** What a client holding the server's state would send after writing with `write`. */
function clientUpdate(server: Y.Doc, write: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  write(client);
  return Y.encodeStateAsUpdate(client, before);
}

function refusal(doc: Y.Doc, msg: Uint8Array, who = BEN): string | null {
  try {
    guardMessage(doc, msg, who, OPTIONS);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(RefusedUpdate);
    return (e as RefusedUpdate).why;
  }
}

describe('guardMessage', () => {
  it('lets a reviewer add entries in their own name', () => {
    const doc = serverDoc();
    const update = clientUpdate(doc, (c) => writeToDoc(c, [], patchEntries(readDoc(c).state, { id: 'x1', set: { verdict: 'sourced' } }, BEN, '2026-11-30T10:00:00.000Z')));
    expect(refusal(doc, message(update))).toBeNull();
  });

  it('takes an entry in another’s name only when the sender is named as relaying it, and takes a delete', () => {
    const doc = serverDoc();
    const CLEO = { id: 'rev-cleo', name: 'Cleo' };
    const relayed = (relayedBy: typeof BEN) => (c: Y.Doc) =>
      writeToDoc(c, [], patchEntries(readDoc(c).state, { id: 'x1', set: { note: 'from Ana’s file' } }, ANA, '2026-11-30T10:00:00.000Z').map(({ id: _id, ...e }) => makeEntry({ ...e, relayedBy })));
    expect(refusal(doc, message(clientUpdate(doc, relayed(BEN))))).toBeNull();
    expect(refusal(doc, message(clientUpdate(doc, relayed(CLEO))))).toMatch(/in the name of rev-ana/);
    expect(refusal(doc, message(clientUpdate(doc, (c) => writeToDoc(c, [], [deletedEntry(readDoc(c).state, 'x1', true, BEN, '2026-11-30T10:00:00.000Z')]))))).toBeNull();
  });

  it('refuses garbage, missing dependencies, deletions, forged authors and oversized messages, leaving the doc as it was', () => {
    const doc = serverDoc();
    const before = Y.encodeStateAsUpdate(doc);
    const random = new Uint8Array(200).map((_, i) => (i * 73 + 11) % 256);
    expect(refusal(doc, random)).toMatch(/malformed/);
    expect(refusal(doc, message(random))).toMatch(/malformed|does not apply/);
    // An update whose first change the server never received: it would wait and apply unchecked later.
    const other = new Y.Doc();
    Y.applyUpdate(other, before);
    writeToDoc(other, [], patchEntries(readDoc(other).state, { id: 'x1', set: { verdict: 'sourced' } }, BEN, '2026-11-30T10:00:00.000Z'));
    const mid = Y.encodeStateVector(other);
    writeToDoc(other, [], patchEntries(readDoc(other).state, { id: 'x1', set: { verdict: 'contested' } }, BEN, '2026-11-30T10:01:00.000Z'));
    expect(refusal(doc, message(Y.encodeStateAsUpdate(other, mid)))).toMatch(/depends on changes/);
    // Deleting a stored entry.
    const storedKey = [...entriesMap(doc).keys()][0]!;
    expect(refusal(doc, message(clientUpdate(doc, (c) => entriesMap(c).delete(storedKey))))).toMatch(/changes or deletes/);
    // An entry in Ana's name sent by Ben.
    expect(refusal(doc, message(clientUpdate(doc, (c) => writeToDoc(c, [], patchEntries(readDoc(c).state, { id: 'x1', set: { note: 'forged' } }, ANA, '2026-11-30T10:00:00.000Z')))))).toMatch(/in the name of rev-ana/);
    // Over the size limit.
    expect(refusal(doc, message(clientUpdate(doc, (c) => c.getMap('junk').set('k', 'x'.repeat(70_000)))))).toMatch(/limit/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('checks a second message against the first one let through, before either is applied', () => {
    const doc = serverDoc();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    for (const [i, verdict] of (['sourced', 'contested', 'contradicted'] as const).entries()) {
      writeToDoc(client, [], patchEntries(readDoc(client).state, { id: 'x1', set: { verdict } }, BEN, `2026-11-30T10:0${i}:00.000Z`));
    }
    // Hocuspocus runs every message's hook before applying the first.
    for (const u of updates) expect(refusal(doc, message(u))).toBeNull();
    for (const u of updates) Y.applyUpdate(doc, u);
    expect(readDoc(doc).state.entries.size).toBe(4);
  });

  it('lets sync step 1 (a state vector, no data) through untouched', () => {
    const doc = serverDoc();
    const e = encoding.createEncoder();
    encoding.writeVarString(e, NAME);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
    expect(refusal(doc, encoding.toUint8Array(e))).toBeNull();
  });
});
