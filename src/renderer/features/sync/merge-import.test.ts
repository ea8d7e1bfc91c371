// Issue 15's lost-work scenario, imported by file: Ben changed a claim from contested to contradicted
// with a note; Ana edited the same note; Ana imports Ben's Claimdesk JSON. Ben's verdict lands (only he
// changed it), both notes are kept as a visible conflict with both names, Ben's changes are recorded in
// his name and time in the history, and importing the same file again changes nothing.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { buildNativeExport, serializeNative } from '../../../core/formats';
import { createAnnotation, sha256Hex, type CorpusDocument } from '../../../core/model';
import { readDocAnnotations } from '../../db/reads';
import { ClaimdeskDb } from '../../db/schema';
import { writeAnnotations } from '../../db/writes';
import { DocumentSync } from './document-sync';
import { SyncStoreDb } from './local-doc-store';
import { importNativeMerged } from './merge-import';
import { SyncBridge } from './sync-bridge';

const TEXT = 'Unemployment fell to 4 percent in March, the ministry said.\n';
const DOC: CorpusDocument = { id: 'doc', file: 'doc.txt', title: 'Doc', text: TEXT, hash: sha256Hex(TEXT), publication: null, author: null, date: null, language: 'en', translation: null };
const ANA = { id: 'rev-ana', name: 'Ana' };
const BEN = { id: 'rev-ben', name: 'Ben' };

const claim = createAnnotation({
  id: 'c1',
  docId: 'doc',
  kind: 'claim',
  verdict: 'contested',
  quote: { type: 'TextQuoteSelector', exact: 'Unemployment fell', prefix: '', suffix: ' to 4 percent' },
  position: { type: 'TextPositionSelector', start: 0, end: 17 },
  docHash: DOC.hash,
  author: 'Ana',
  now: '2026-11-30T09:00:00.000Z',
});

describe('importNativeMerged', () => {
  it('keeps both notes as a conflict, takes Ben’s verdict in his name, and a second import changes nothing', async () => {
    const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
    const db = new ClaimdeskDb('merge-import', factory);
    await db.open();
    const store = new SyncStoreDb('merge-import-sync', factory);
    // Ana's profile: the claim, made while its document was open (the bridge records it), then her note.
    await writeAnnotations(db, [{ type: 'put', annotation: claim }]);
    const open = await DocumentSync.open({ db: store, textHash: DOC.hash, reviewer: ANA });
    const bridge = await SyncBridge.open({ db, store, sync: open, docId: 'doc' });
    await bridge.close();
    await open.close();
    await writeAnnotations(db, [{ type: 'patch', patch: { id: 'c1', set: { note: 'Ana: the ONS says 4.2' } } }], { now: '2026-11-30T10:00:00.000Z' });

    // Ben's file: his copy of the claim with his verdict and note.
    const bens = { ...claim, verdict: 'contradicted' as const, note: 'Ben: ONS table 3 says 4.4', updatedAt: '2026-11-30T10:05:00.000Z' };
    const file = { name: 'ben.json', content: serializeNative(buildNativeExport({ appVersion: 't', now: '2026-11-30T10:06:00.000Z', documents: [], annotations: [bens], reviewers: [BEN] })) };
    const outcome = await importNativeMerged({ db, store, file, library: [DOC], me: ANA, open: null });
    expect(outcome).toMatchObject({ ok: true, conflicts: 1 });
    expect(outcome!.message).toContain('0 added, 0 updated, 0 unchanged, 1 conflict (both values kept, see Conflicts)');

    const [stored] = await readDocAnnotations(db, 'doc');
    expect(stored!.verdict).toBe('contradicted');

    const sync = await DocumentSync.open({ db: store, textHash: DOC.hash, reviewer: ANA });
    try {
      const [conflict] = sync.read().conflicts;
      expect(conflict!.field).toBe('note');
      expect(conflict!.entries.map((e) => [e.by.name, e.value, e.at])).toEqual([
        ['Ben', 'Ben: ONS table 3 says 4.4', '2026-11-30T10:05:00.000Z'],
        ['Ana', 'Ana: the ONS says 4.2', '2026-11-30T10:00:00.000Z'],
      ]);
      // Ben's entries name Ana as the one who brought them in: a sync server takes them from her.
      expect(conflict!.entries.find((e) => e.by.id === BEN.id)!.relayedBy).toEqual(ANA);
      const verdictHistory = sync.history('c1').filter((h) => h.entry.field === 'verdict').map((h) => [h.entry.by.name, h.entry.value]);
      expect(verdictHistory).toEqual([
        ['Ana', 'contested'],
        ['Ben', 'contradicted'],
      ]);
    } finally {
      await sync.close();
    }

    // The same file again: nothing new.
    const again = await importNativeMerged({ db, store, file, library: [DOC], me: ANA, open: null });
    expect(again!.message).toContain('0 added, 0 updated, 1 unchanged, 0 conflicts');

    // A later file with one more claim, and the library as the window holds it (texts still in the
    // database, text ''): only the text the file's annotations sit on is read, and the new claim is
    // placed on it (checked against that text), not made an orphan.
    const c2 = { ...claim, id: 'c2', quote: { ...claim.quote, exact: 'the ministry said', prefix: 'in March, ', suffix: '.' }, position: { ...claim.position, start: 41, end: 58 } };
    const later = { name: 'ben-2.json', content: serializeNative(buildNativeExport({ appVersion: 't', now: '2026-11-30T11:00:00.000Z', documents: [], annotations: [bens, c2], reviewers: [BEN] })) };
    const OTHER: CorpusDocument = { ...DOC, id: 'other', file: 'other.txt', text: '', hash: 'f'.repeat(64) };
    const asked: string[] = [];
    const textsFor = async (docs: readonly CorpusDocument[]) => {
      asked.push(...docs.map((d) => d.id));
      return docs.map((d) => (d.id === 'doc' ? DOC : d));
    };
    const third = await importNativeMerged({ db, store, file: later, library: [{ ...DOC, text: '' }, OTHER], textsFor, me: ANA, open: null });
    expect(asked).toEqual(['doc']);
    expect(third!.message).toContain('1 added');
    const added = (await readDocAnnotations(db, 'doc')).find((a) => a.id === 'c2');
    expect(added).toMatchObject({ orphan: false, quote: { exact: 'the ministry said' } });
  });
});
