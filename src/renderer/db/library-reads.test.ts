// The library's text-less reads: every docTexts write keeps its summary in the same transaction (added,
// replaced, restored, deleted for good), a database written without summaries is summarized on read,
// and texts are read only when asked for.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createImportedDocument } from '../../core/documents';
import { sha256Hex } from '../../core/model';
import { addImportedDocuments, deleteImportedForever, moveToTrash } from './document-writes';
import { SUMMARY_PREFIX, installTextSummaries, readDocText, readDocTextSummaries, readDocTextsByIds } from './library-reads';
import { ClaimdeskDb } from './schema';
import { putDocText, restoreDocText } from './writes';

let n = 0;
async function freshDb(summaries = true): Promise<{ db: ClaimdeskDb; factory: IDBFactory; name: string }> {
  const factory = new IDBFactory();
  const name = `library-reads-${n++}`;
  const db = new ClaimdeskDb(name, { indexedDB: factory, IDBKeyRange });
  if (summaries) installTextSummaries(db);
  await db.open();
  return { db, factory, name };
}

const NOW = '2026-11-30T12:00:00.000Z';

function imported(text: string, name: string) {
  return createImportedDocument({
    kind: 'text',
    file: { name, type: 'text/plain', size: text.length, sha256: sha256Hex(text) },
    extracted: { paragraphs: text.split('\n'), details: { title: name.replace(/\.txt$/, ''), publication: 'Lake Review', author: null, date: null, language: 'en', url: null }, encoding: 'utf-8' },
  });
}

describe('text summaries', () => {
  it('are written with each docTexts write and removed with it, and hold no text', async () => {
    const { db } = await freshDb();
    const a = imported('Ferry fares rise.\nThe board met.', 'fares.txt');
    await addImportedDocuments(db, [a], [], NOW);
    // Written by the import's own transaction (not by a later read).
    expect((await db.meta.get(`${SUMMARY_PREFIX}${a.id}`))?.value).toMatchObject({ id: a.id, hash: a.hash, words: a.words });
    let list = await readDocTextSummaries(db);
    expect(list).toEqual([{ id: a.id, file: 'fares.txt', title: 'fares', hash: a.hash, importedAt: NOW, words: a.words }]);
    const stored = await db.meta.get(`${SUMMARY_PREFIX}${a.id}`);
    expect(JSON.stringify(stored)).not.toContain('Ferry fares rise');

    // A .txt replacing a corpus document's text, then restored: the summary follows both writes.
    await putDocText(db, { id: 'corpus-1', file: 'corpus-1.txt', title: 'One', text: 'Corrected words here.', hash: 'h1', importedAt: NOW, words: 3 });
    await putDocText(db, { id: 'corpus-1', file: 'corpus-1b.txt', title: 'One', text: 'Corrected again.', hash: 'h2', importedAt: NOW, words: 2 });
    expect((await db.meta.get(`${SUMMARY_PREFIX}corpus-1`))?.value).toMatchObject({ hash: 'h2' });
    list = await readDocTextSummaries(db);
    expect(list.find((s) => s.id === 'corpus-1')).toMatchObject({ hash: 'h2', file: 'corpus-1b.txt', previous: { file: 'corpus-1.txt' } });
    await restoreDocText(db, 'corpus-1');
    expect((await readDocTextSummaries(db)).find((s) => s.id === 'corpus-1')).toMatchObject({ hash: 'h1', file: 'corpus-1.txt' });

    await moveToTrash(db, a.id, NOW);
    await deleteImportedForever(db, a.id, NOW);
    list = await readDocTextSummaries(db);
    expect(list.map((s) => s.id)).toEqual(['corpus-1']);
    expect(await db.meta.get(`${SUMMARY_PREFIX}${a.id}`)).toBeUndefined();
    // Texts only when asked.
    expect((await readDocText(db, 'corpus-1'))?.text).toBe('Corrected words here.');
    expect([...(await readDocTextsByIds(db, ['corpus-1', 'gone'])).keys()]).toEqual(['corpus-1']);
  });

  it('a database written without summaries (an older version) is summarized on read, and the summaries are saved', async () => {
    const { db, factory, name } = await freshDb(false);
    for (let i = 0; i < 120; i++) await db.docTexts.put({ id: `d${i}`, file: `d${i}.txt`, title: `Doc ${i}`, text: `Words of document ${i}.`, hash: `h${i}`, importedAt: NOW });
    db.close();
    const again = new ClaimdeskDb(name, { indexedDB: factory, IDBKeyRange });
    installTextSummaries(again);
    const list = await readDocTextSummaries(again);
    expect(list).toHaveLength(120);
    expect(list.find((s) => s.id === 'd7')).toEqual({ id: 'd7', file: 'd7.txt', title: 'Doc 7', hash: 'h7', importedAt: NOW, words: 4 });
    await new Promise((r) => setTimeout(r, 50));
    expect(await again.meta.where('key').startsWith(SUMMARY_PREFIX).count()).toBe(120);
  });
});
