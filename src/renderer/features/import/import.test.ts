// Importing texts and files: names that cannot collide, a replacement that asks first and can be
// undone, an empty text refused, unsupported types named; the exporter never writes a file its own importer
// would refuse (rows it would refuse are repaired in the file); a database holding duplicates or misplaced rows is repaired on open.
import { buildNativeExport, parseImportFile, serializeNative } from '../../../core/formats';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createAnnotation, sha256Hex, type Annotation, type CorpusDocument } from '../../../core/model';
import { readAllAnnotations } from '../../db/reads';
import { repairDatabase } from '../../db/repair';
import { ClaimdeskDb, bucketKey, bucketOf } from '../../db/schema';
import { restoreDocText } from '../../db/writes';
import { buildExport } from '../export/build-export';
import { importFile } from './import';

const TEXT = 'Officials in Tashkent confirmed the figures on Monday.';
const DOC: CorpusDocument = { id: 'doc', file: 'doc.txt', title: 'Doc', text: TEXT, hash: sha256Hex(TEXT), publication: null, author: null, date: null, language: 'en', translation: null };
let n = 0;
async function freshDb() {
  const db = new ClaimdeskDb(`import-${n++}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  return db;
}
function claim(id: string, docId = 'doc', updatedAt = '2026-01-01T00:00:00.000Z'): Annotation {
  return {
    ...createAnnotation({ id, docId, kind: 'claim', verdict: 'sourced', author: 't', now: '2026-01-01T00:00:00.000Z', docHash: DOC.hash, quote: { type: 'TextQuoteSelector', exact: 'Officials', prefix: '', suffix: ' in' }, position: { type: 'TextPositionSelector', start: 0, end: 9 } }),
    updatedAt,
  };
}

describe('.txt import naming', () => {
  it('gives every text an id that cannot collide, asks before replacing, and the replacement can be undone', async () => {
    const db = await freshDb();
    const empty = await importFile(db, { name: '.txt', content: 'A text whose file has no name.' }, [DOC], 't');
    const unplaced = await importFile(db, { name: 'unplaced.txt', content: 'A text named like the unplaced list.' }, [DOC], 't');
    expect([empty.ok, unplaced.ok]).toEqual([true, true]);
    const ids = (await db.docTexts.toArray()).map((d) => d.id).sort();
    expect(ids).toEqual(['unplaced-text', 'untitled-text']);
    expect(ids.every((id) => id !== '' && id !== 'unplaced')).toBe(true);

    expect((await importFile(db, { name: 'notes.txt', content: 'First notes.' }, [DOC], 't')).ok).toBe(true);
    const again = await importFile(db, { name: 'notes.txt', content: 'Second notes.' }, [DOC], 't');
    expect(again).toMatchObject({ ok: false });
    expect(again.message).toContain('already in the library');
    expect((await db.docTexts.get('notes'))!.text).toBe('First notes.');
    const confirmed = await importFile(db, { name: 'notes.txt', content: 'Second notes.' }, [DOC], 't', () => {}, { replaceExisting: true });
    expect(confirmed.ok).toBe(true);
    expect((await db.docTexts.get('notes'))!.text).toBe('Second notes.');
    expect(await restoreDocText(db, 'notes')).toBe('previous');
    expect((await db.docTexts.get('notes'))!.text).toBe('First notes.');
    db.close();
  });

  it('refuses an empty text, and names a type it does not read', async () => {
    const db = await freshDb();
    const blank = await importFile(db, { name: 'doc.txt', content: '\uFEFF  \n' }, [DOC], 't');
    expect(blank).toMatchObject({ ok: false });
    expect(blank.message).toContain('holds no text');
    const md = await importFile(db, { name: 'notes.md', content: '# Heading' }, [DOC], 't');
    expect(md.message).toContain('.md files are not a type Claimdesk reads');
    expect(md.message).toContain('plain text (.txt)');
    expect(await db.docTexts.count()).toBe(0);
    db.close();
  });
});

describe('exports that always re-import', () => {
  it('the exporter never writes a Claimdesk JSON its importer would refuse: stored rows it would refuse are repaired in the file, and said', () => {
    const input = { documents: [DOC], now: '2026-02-01T00:00:00.000Z', appVersion: 't', reviewer: 'r', reviewed: [], mqm: { weights: { minor: 1, major: 5, critical: 25 }, threshold: 10 } };
    const out = buildExport({ ...input, format: 'native', annotations: [claim('a'), claim('a')] });
    const back = parseImportFile(out.content);
    expect(back.ok && back.value.kind === 'native' && back.value.value.annotations.map((x) => x.id)).toEqual(['a']);
    expect(out.summary).toMatch(/1 problem in the stored data repaired/);
    expect(buildExport({ ...input, format: 'native', annotations: [claim('a')] }).summary).toBeUndefined();
  });

  it('a database holding a duplicate, a misplaced row and an empty document id is repaired on open, with a log', async () => {
    const db = await freshDb();
    const a = claim('dup');
    const newer = { ...claim('dup', 'other', '2026-03-01T00:00:00.000Z'), note: 'newer copy' };
    const lost = claim('lost', '');
    await db.buckets.bulkPut([
      { key: bucketKey('doc', bucketOf('dup')), docId: 'doc', bucket: bucketOf('dup'), items: [a] },
      { key: bucketKey('other', bucketOf('dup')), docId: 'other', bucket: bucketOf('dup'), items: [newer] },
      { key: bucketKey('doc', 99), docId: 'doc', bucket: 99, items: [lost] },
    ]);
    await db.docTexts.put({ id: '', file: '.txt', title: 'Nameless', text: 'x', hash: sha256Hex('x'), importedAt: '2026-01-01T00:00:00.000Z' });
    const log = await repairDatabase(db);
    console.log(`repair on open: ${log.join('; ')}`);
    expect(log.length).toBeGreaterThanOrEqual(3);
    const all = await readAllAnnotations(db);
    expect(all.map((x) => x.id).sort()).toEqual(['dup', 'lost']);
    expect(all.find((x) => x.id === 'dup')!.note).toBe('newer copy');
    expect(all.find((x) => x.id === 'lost')!.docId).toBe('untitled-text');
    expect(await db.docTexts.get('')).toBeUndefined();
    expect((await db.meta.get('repairLog'))!.value).toHaveLength(log.length);
    expect(await repairDatabase(db)).toEqual([]); // nothing left to repair
    db.close();
  });
});

describe('texts read by the import itself', () => {
  it('checks a Claimdesk JSON against a stored text the library list holds only as a summary (text empty)', async () => {
    const db = await freshDb();
    // An imported document: its text is in the database; the window's list has text '' for it.
    expect((await importFile(db, { name: 'tashkent.txt', content: TEXT }, [DOC], 't')).ok).toBe(true);
    const summary: CorpusDocument = { ...DOC, id: 'tashkent', file: 'tashkent.txt', text: '' };
    // A claim whose position is off by two: the import finds its quote again in the stored text.
    const moved = { ...claim('c-moved', 'tashkent'), position: { type: 'TextPositionSelector' as const, start: 2, end: 11 } };
    const native = { name: 'c.json', content: serializeNative(buildNativeExport({ appVersion: 't', now: '2026-01-02T00:00:00.000Z', documents: [], annotations: [moved] })) };
    const outcome = await importFile(db, native, [DOC, summary], 't');
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.message).toContain('re-anchored by its quote');
    const [stored] = (await readAllAnnotations(db)).filter((a) => a.id === 'c-moved');
    expect(stored).toMatchObject({ orphan: false, position: { start: 0, end: 9 } });
  });
});
