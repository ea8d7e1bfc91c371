// Named transactional writes for imported documents, their details and the trash (issue 13). Overlays
// (details, trash state, origin) live in the meta table under `document:<id>`, texts in docTexts, so no
// schema version is needed (see docs/adr/0015). Each function is one read-write transaction: all or
// nothing, and each records the change through writes.ts's recordChange (one place for lastChangeAt).
import type { DocumentOverlay, EditableDetails, ImportedDocument } from '../../core/documents';
import { AnnotationStore } from './layout';
import { readDocTextSummaries } from './library-reads';
import type { ClaimdeskDb } from './schema';
import { recordChange } from './writes';

export const OVERLAY_PREFIX = 'document:';
const overlayKey = (docId: string) => `${OVERLAY_PREFIX}${docId}`;

export async function readOverlays(db: ClaimdeskDb): Promise<DocumentOverlay[]> {
  const rows = await db.meta.where('key').startsWith(OVERLAY_PREFIX).toArray();
  return rows.map((r) => r.value as DocumentOverlay);
}


async function getOverlay(db: ClaimdeskDb, docId: string): Promise<DocumentOverlay> {
  return ((await db.meta.get(overlayKey(docId)))?.value as DocumentOverlay | undefined) ?? { docId };
}

export interface AddReport {
  added: ImportedDocument[];
  /** Same text as a document already in the library (or the trash), or as another file of the batch. */
  duplicates: Array<{ name: string; existingTitle: string; inTrash: boolean }>;
}

/**
 * Adds imported documents in one transaction: every new one lands or none does. A document whose
 * text (sha256) is already in the library, in the trash, in the corpus or earlier in the batch adds nothing.
 */
export async function addImportedDocuments(
  db: ClaimdeskDb,
  documents: readonly ImportedDocument[],
  existing: ReadonlyArray<{ hash: string; title: string; trashedAt: string | null }>,
  now: string,
): Promise<AddReport> {
  return db.transaction('rw', db.docTexts, db.meta, async () => {
    const known = new Map(existing.map((d) => [d.hash, d]));
    // The stored texts' hashes from their text-less summaries: reading every text (tens of MB with a
    // large library) on the window's thread to compare hashes froze it before each add.
    for (const row of await readDocTextSummaries(db)) if (!known.has(row.hash)) known.set(row.hash, { hash: row.hash, title: row.title, trashedAt: null });
    const report: AddReport = { added: [], duplicates: [] };
    for (const d of documents) {
      const same = known.get(d.hash);
      if (same) {
        report.duplicates.push({ name: d.original.name, existingTitle: same.title, inTrash: !!same.trashedAt });
        continue;
      }
      known.set(d.hash, { hash: d.hash, title: d.details.title, trashedAt: null });
      await db.docTexts.put({ id: d.id, file: d.original.name, title: d.details.title, text: d.text, hash: d.hash, importedAt: now, words: d.words });
      const overlay: DocumentOverlay = {
        docId: d.id,
        details: { ...d.details, translation: null },
        origin: { ...d.original, method: d.method, encoding: d.encoding, importedAt: now },
      };
      await db.meta.put({ key: overlayKey(d.id), value: overlay });
      report.added.push(d);
    }
    if (report.added.length) await recordChange(db, now);
    return report;
  });
}

/** Saves edited details. Only the overlay changes: the text, its hash and the annotations stay as they are. */
export async function saveDocumentDetails(db: ClaimdeskDb, docId: string, details: EditableDetails, now: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const o = await getOverlay(db, docId);
    await db.meta.put({ key: overlayKey(docId), value: { ...o, details } satisfies DocumentOverlay });
    await recordChange(db, now);
  });
}

/** Moves a document (and so its annotations, which stay attached to it) to the trash. */
export async function moveToTrash(db: ClaimdeskDb, docId: string, now: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const o = await getOverlay(db, docId);
    await db.meta.put({ key: overlayKey(docId), value: { ...o, trashedAt: now } satisfies DocumentOverlay });
    await recordChange(db, now);
  });
}

export async function restoreFromTrash(db: ClaimdeskDb, docId: string, now: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const o = await getOverlay(db, docId);
    await db.meta.put({ key: overlayKey(docId), value: { ...o, trashedAt: null } satisfies DocumentOverlay });
    await recordChange(db, now);
  });
}

/**
 * Deletes an imported document for good: its text, details and annotations, in one transaction.
 * Only after a second confirmation in the trash; corpus documents stay in the corpus folder.
 */
export async function deleteImportedForever(db: ClaimdeskDb, docId: string, now: string): Promise<void> {
  await db.transaction('rw', [db.docTexts, db.meta, db.buckets, db.docStats, db.locator], async () => {
    const o = await getOverlay(db, docId);
    if (!o.trashedAt) throw new Error('Only a document in the trash can be deleted for good.');
    // Through the store, so the locator forgets these ids too; then whatever rows are left of the document.
    const rows = await db.buckets.where('docId').equals(docId).toArray();
    const store = new AnnotationStore(db);
    const ids = rows.flatMap((r) => r.items.map((a) => a.id));
    await store.locate(ids);
    for (const id of ids) if (store.get(id)?.docId === docId) store.remove(id);
    await store.flush();
    await db.buckets.where('docId').equals(docId).delete();
    await db.docStats.delete(docId);
    await db.docTexts.delete(docId);
    await db.meta.delete(overlayKey(docId));
    await recordChange(db, now);
  });
}
