// Importing another reviewer's Claimdesk JSON with the same per-field merge as live sync (issue 15):
// each document's annotations go through that document's merge state. A new annotation keeps its
// author as creator; a known one adds an entry per field whose value is new here, in the file
// reviewer's name and time (core/merge/plain-import.ts incomingFieldEntries), so their verdict lands
// where only they changed it and a note both changed stays a visible conflict with both values. The
// merged values then reach the store through the bridge, compare-and-set.
import { UNPLACED_DOC_ID, parseImportFile, planNativeImport } from '../../../core/formats';
import { isReviewer, type Reviewer } from '../../../core/merge/entries';
import { allEntries, baseOf, indexEntries, type AnnotationBase } from '../../../core/merge/merge';
import { incomingFieldEntries } from '../../../core/merge/plain-import';
import type { OpenedFile } from '../../../core/ipc';
import { plural, reviewerId, type Annotation, type CorpusDocument } from '../../../core/model';
import { nowIso } from '../../db/clock';
import { readStoredIds } from '../../db/reads';
import type { ClaimdeskDb } from '../../db/schema';
import { importAnnotations, type CarriedDocument } from '../../db/writes';
import { describeMerge } from '../import/import';
import { DocumentSync } from './document-sync';
import type { SyncStoreDb } from './local-doc-store';
import { SyncBridge } from './sync-bridge';

export interface OpenDocumentMerge {
  docId: string;
  sync: DocumentSync;
  bridge: SyncBridge;
}

export interface MergeImportOptions {
  db: ClaimdeskDb;
  store: SyncStoreDb;
  file: OpenedFile;
  /** The library; an entry whose text is still in the database has `text: ''` (state/documents). */
  library: readonly CorpusDocument[];
  /** Fills in the texts of these documents (only those the file's annotations sit on are asked for). */
  textsFor?: (documents: readonly CorpusDocument[]) => Promise<CorpusDocument[]>;
  me: Reviewer;
  /** The window's open document, whose merge state is already in memory (never opened twice). */
  open: OpenDocumentMerge | null;
  /** Told which documents' merge states the import wrote to, so background sync sends them on. */
  onTouched?: (docIds: string[]) => void;
}

export type MergeImportOutcome = { ok: true; message: string; conflicts: number } | { ok: false; message: string };

const HASH = /^[0-9a-f]{64}$/;

/**
 * Files larger than this are merged whole-record in the import worker as before: parsing and merging
 * them here would hold the window (bulk imports of 100,000 annotations must not freeze it; ADR 0020).
 */
export const MERGE_IMPORT_MAX_CHARS = 4_000_000;

/**
 * Null when the file is not Claimdesk JSON, is larger than MERGE_IMPORT_MAX_CHARS, or holds no
 * annotation stored here (nothing to merge): the caller imports it the usual way.
 */
export async function importNativeMerged(options: MergeImportOptions): Promise<MergeImportOutcome | null> {
  const { db, store, file, me, open } = options;
  if (file.content.length > MERGE_IMPORT_MAX_CHARS) return null;
  const parsed = parseImportFile(file.content);
  if (!parsed.ok) return { ok: false, message: `${file.name} was not imported: ${parsed.error}. Nothing was changed.` };
  if (parsed.value.kind !== 'native') return null;
  const native = parsed.value.value;
  // The file's annotations are checked against the texts they sit on: only those are read (issue 17).
  const onHashes = new Set(native.annotations.map((a) => a.docHash));
  const read = options.textsFor ? await options.textsFor(options.library.filter((d) => onHashes.has(d.hash))) : [];
  const withText = new Map(read.map((d) => [d.id, d]));
  const library = options.library.map((d) => withText.get(d.id) ?? d);
  const checked = planNativeImport(native, library, nowIso());
  if (!checked.ok) return { ok: false, message: `${file.name} was not imported: ${checked.error}. Nothing was changed.` };
  const listed = (native.reviewers ?? []).filter((r) => isReviewer({ id: r.id, name: r.name }));
  const authorOf = (a: Annotation): Reviewer => {
    // A file from one reviewer names them; otherwise each annotation's author is the best knowledge.
    if (listed.length === 1) return { id: listed[0]!.id, name: listed[0]!.name };
    const name = (a.author || 'Unknown reviewer').slice(0, 200);
    return { id: reviewerId(name), name };
  };
  const carried: CarriedDocument[] = checked.value.documentsToAdd.filter((d) => !library.some((c) => c.id === d.id));
  const hashOf = new Map<string, string>([...library.map((d) => [d.id, d.hash] as [string, string]), ...checked.value.documentsToAdd.map((d) => [d.id, d.hash] as [string, string])]);
  // Only the file's ids are looked up (the locator), never every annotation of the store (issue 17).
  const stored = await readStoredIds(db, checked.value.annotations.map((a) => a.id));
  if (!checked.value.annotations.some((a) => stored.has(a.id))) return null;

  const groups = new Map<string, Annotation[]>();
  const plain: Annotation[] = [];
  for (const a of checked.value.annotations) {
    const hash = hashOf.get(a.docId);
    if (a.docId === UNPLACED_DOC_ID || !hash || !HASH.test(hash)) plain.push(a);
    else groups.set(a.docId, [...(groups.get(a.docId) ?? []), a]);
  }

  const handles: Array<OpenDocumentMerge & { temporary: boolean }> = [];
  let added = 0;
  const changed = new Set<string>();
  const fresh: Annotation[] = [];
  try {
    for (const [docId, list] of groups) {
      const h =
        open && open.docId === docId
          ? { ...open, temporary: false }
          : await (async () => {
              const sync = await DocumentSync.open({ db: store, textHash: hashOf.get(docId)!, reviewer: me });
              return { docId, sync, bridge: await SyncBridge.open({ db, store, sync, docId }), temporary: true };
            })();
      handles.push(h);
      // The merge state first takes in everything stored here, so the file is compared with it.
      await h.bridge.idle();
      await h.bridge.reconcile();
      const index = indexEntries(allEntries(h.sync.snapshot()));
      const bases: AnnotationBase[] = [];
      const entries = [];
      for (const a of list) {
        const by = authorOf(a);
        if (stored.has(a.id)) {
          // In the file reviewer's name, relayed by the importer: a sync server takes it from them (ADR 0022).
          const more = incomingFieldEntries(index, a, by, HASH_TIME.test(a.updatedAt) ? a.updatedAt : nowIso(), me);
          if (more.length) changed.add(a.id);
          entries.push(...more);
        } else {
          bases.push(baseOf(a, by, me));
          fresh.push(a);
        }
      }
      h.sync.add(bases, entries);
    }
    // New annotations and the documents the file carries land in one transaction, as any import.
    const report = await importAnnotations(db, [...fresh, ...plain], carried);
    added = report.added;
    let conflicts = 0;
    const inConflict = new Set<string>();
    for (const h of handles) {
      await h.bridge.reconcile();
      const ids = new Set(groups.get(h.docId)!.map((a) => a.id));
      for (const c of h.bridge.view().conflicts) {
        if (!ids.has(c.annotationId) || !changed.has(c.annotationId)) continue;
        conflicts++;
        inConflict.add(c.annotationId);
      }
    }
    options.onTouched?.([...groups.keys()]);
    const known = checked.value.annotations.filter((a) => stored.has(a.id)).length;
    const updated = [...changed].filter((id) => !inConflict.has(id)).length;
    const unchanged = known - changed.size;
    const docs = carried.length;
    return {
      ok: true,
      conflicts,
      message: `Imported ${file.name}: ${describeMerge({ added, updated, unchanged, conflicts }, 'both values kept, see Conflicts')}${docs ? `; ${plural(docs, 'document')} added` : ''}.`,
    };
  } finally {
    for (const h of handles) {
      if (!h.temporary) continue;
      await h.bridge.close();
      await h.sync.close();
    }
  }
}

const HASH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
