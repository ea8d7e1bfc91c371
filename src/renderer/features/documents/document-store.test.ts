// The document writes on fake-indexeddb: the same content twice adds nothing; a failure mid-import
// leaves nothing half-added; details edits never change the text or the annotations; trash round trip.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { applyOverlays, editableDetailsOf } from '../../../core/documents';
import { createAnnotation } from '../../../core/model';
import { ClaimdeskDb } from '../../db/schema';
import { installTextSummaries } from '../../db/library-reads';
import { readDocAnnotations } from '../../db/reads';
import { applyChange } from '../../db/writes';
import { addImportedDocuments, deleteImportedForever, moveToTrash, readOverlays, restoreFromTrash, saveDocumentDetails } from './document-store';
import { readDocumentFile } from './readers/read-document';

const NOW = '2026-11-30T17:00:00.000Z';
const DIR = resolve(__dirname, '../../../../e2e/fixtures/documents');
let n = 0;
const openDb = () => new ClaimdeskDb(`docs-test-${n++}`, { indexedDB: new IDBFactory(), IDBKeyRange });

async function imported(name: string) {
  const r = await readDocumentFile({ name, type: '', bytes: new Uint8Array(readFileSync(resolve(DIR, name))) });
  if (!r.ok) throw new Error(r.refusal.reason);
  return r.document;
}

describe('document store', () => {
  it('adds documents once: the same text again (another name, or twice in one batch) adds nothing', async () => {
    const db = openDb();
    const md = await imported('notes.md');
    const zh = await imported('harbour-zh.txt');
    const first = await addImportedDocuments(db, [md, zh, md], [], NOW);
    expect(first.added.map((d) => d.original.name)).toEqual(['notes.md', 'harbour-zh.txt']);
    expect(first.duplicates).toEqual([{ name: 'notes.md', existingTitle: 'Notes on the ferry fares', inTrash: false }]);
    const again = await addImportedDocuments(db, [{ ...md, original: { ...md.original, name: 'renamed.md' } }], [], NOW);
    expect(again.added).toEqual([]);
    expect(await db.docTexts.count()).toBe(2);
    const [overlay] = (await readOverlays(db)).filter((o) => o.docId === md.id);
    expect(overlay!.origin).toMatchObject({ name: 'notes.md', method: 'markdown-it tokens (markdown)', size: md.original.size, sha256: md.original.sha256 });
  });

  it('finds a stored duplicate from the texts’ summaries, without reading a single stored text', async () => {
    const db = openDb();
    installTextSummaries(db);
    // Once counting, any read of docTexts that returns rows (and so their texts) is counted.
    let counting = false;
    let textRowsRead = 0;
    const count = (n: number) => {
      if (counting) textRowsRead += n;
    };
    db.use({
      stack: 'dbcore',
      name: 'count-text-reads',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name);
          if (name !== 'docTexts') return t;
          return {
            ...t,
            get: (req) => t.get(req).then((r) => (count(r ? 1 : 0), r)),
            getMany: (req) => t.getMany(req).then((r) => (count(r.filter(Boolean).length), r)),
            query: (req) => t.query(req).then((r) => (count(req.values ? r.result.length : 0), r)),
            openCursor: (req) => t.openCursor(req).then((c) => (count(c && req.values ? 1 : 0), c)),
          };
        },
      }),
    });
    const md = await imported('notes.md');
    const zh = await imported('harbour-zh.txt');
    await addImportedDocuments(db, [md], [], NOW);
    counting = true;
    const report = await addImportedDocuments(db, [{ ...md, original: { ...md.original, name: 'copy.md' } }, zh], [], NOW);
    expect(report.duplicates).toEqual([{ name: 'copy.md', existingTitle: 'Notes on the ferry fares', inTrash: false }]);
    expect(report.added.map((d) => d.original.name)).toEqual(['harbour-zh.txt']);
    expect(textRowsRead).toBe(0);
  });

  it('a failure during the import leaves nothing added', async () => {
    const db = openDb();
    const md = await imported('notes.md');
    const broken = { ...(await imported('harbour-zh.txt')), text: undefined as unknown as string, id: undefined as unknown as string };
    await expect(addImportedDocuments(db, [md, broken], [], NOW)).rejects.toThrow();
    expect(await db.docTexts.count()).toBe(0);
    expect(await readOverlays(db)).toEqual([]);
  });

  it('editing details changes neither the text nor the annotations; trash, restore, delete for good', async () => {
    const db = openDb();
    const zh = await imported('harbour-zh.txt');
    await addImportedDocuments(db, [zh], [], NOW);
    const a = createAnnotation({
      id: 'a1', docId: zh.id, kind: 'claim', verdict: 'contested', quote: { type: 'TextQuoteSelector', exact: '防洪墙', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 0, end: 3 }, docHash: zh.hash, author: 'T', now: NOW,
    });
    await applyChange(db, { put: [a], remove: [] });
    const row = await db.docTexts.get(zh.id);
    const doc = { id: zh.id, file: row!.file, title: row!.title, text: row!.text, hash: row!.hash, publication: null, author: null, date: null, language: 'und', translation: null };
    await saveDocumentDetails(db, zh.id, { ...editableDetailsOf(doc), title: '港口防洪墙', language: 'zh', publication: 'Harbour Daily' }, NOW);
    const [shown] = applyOverlays([doc], await readOverlays(db));
    expect(shown).toMatchObject({ title: '港口防洪墙', language: 'zh', publication: 'Harbour Daily', text: zh.text, hash: zh.hash });
    expect((await db.docTexts.get(zh.id))!.text).toBe(zh.text);
    expect(await readDocAnnotations(db, zh.id)).toEqual([a]);

    await expect(deleteImportedForever(db, zh.id, NOW)).rejects.toThrow(/Only a document in the trash/);
    await moveToTrash(db, zh.id, NOW);
    expect(applyOverlays([doc], await readOverlays(db))[0]!.trashedAt).toBe(NOW);
    expect(await readDocAnnotations(db, zh.id)).toEqual([a]);
    await restoreFromTrash(db, zh.id, NOW);
    expect(applyOverlays([doc], await readOverlays(db))[0]!.trashedAt).toBeNull();
    await moveToTrash(db, zh.id, NOW);
    await deleteImportedForever(db, zh.id, NOW);
    expect(await db.docTexts.get(zh.id)).toBeUndefined();
    expect(await readDocAnnotations(db, zh.id)).toEqual([]);
    expect(await db.docStats.get(zh.id)).toBeUndefined();
  });
});
