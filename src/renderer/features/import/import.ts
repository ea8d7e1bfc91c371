// Imports a file: Claimdesk JSON or W3C annotations (validated whole, applied in one transaction),
// or a corrected text of a document (.txt), which re-anchors that document's annotations when it opens.
import { anchor } from '../../../core/anchoring';
import { parseImportFile, planMerge, planNativeImport, resolveW3CImport, type NativeImportPlan } from '../../../core/formats';
import { countWords, sha256Hex, titleFromText, type Annotation, type CorpusDocument } from '../../../core/model';
import type { OpenedFile } from '../../../core/ipc';
import type { ImportSource } from '../../platform';
import { readFileStrictUtf8 } from '../../platform/files';
import type { ClaimdeskDb } from '../../db/schema';
import { bulkPutAnnotations, readAllAnnotations } from '../../db/writes';
import { nowIso } from '../../state/workspace';

export type ImportOutcome =
  | { ok: true; message: string }
  | { ok: false; message: string };

function describeMerge(r: { added: number; updated: number; unchanged: number; conflicts: number }): string {
  return `${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.conflicts} conflict${r.conflicts === 1 ? '' : 's'} (kept yours)`;
}

async function applyAnnotations(db: ClaimdeskDb, incoming: Annotation[], documents: NativeImportPlan['documentsToAdd'] = []) {
  return db.transaction('rw', [db.buckets, db.docStats, db.meta, db.docTexts], async () => {
    // formats helper (issue 10): documents the library lacks arrive with their text, in the same transaction.
    for (const d of documents) {
      if (await db.docTexts.get(d.id)) continue;
      await db.docTexts.put({ id: d.id, file: d.file, title: d.title, text: d.text, hash: d.hash, importedAt: nowIso(), words: countWords(d.text) });
    }
    const existing = await readAllAnnotations(db);
    const plan = planMerge(existing, incoming);
    await bulkPutAnnotations(db, plan.put);
    if (plan.put.length || documents.length) await db.meta.put({ key: 'lastChangeAt', value: nowIso() });
    return plan.report;
  });
}

/** Imports what the user chose: text already read (Electron) or a file still to read strictly as UTF-8. */
export async function importSource(
  db: ClaimdeskDb,
  source: ImportSource,
  corpus: readonly CorpusDocument[],
  author: string,
  onStage: (stage: ImportStage) => void = () => {},
): Promise<ImportOutcome> {
  let file: OpenedFile;
  if ('blob' in source) {
    onStage('reading');
    try {
      file = await readFileStrictUtf8(source.name, source.blob);
    } catch (e) {
      return { ok: false, message: `${source.name} was not imported: ${e instanceof Error ? e.message : String(e)} Nothing was changed.` };
    }
  } else file = source;
  return importFile(db, file, corpus, author, onStage);
}

/** Stages an import goes through, for progress: reading and checking, then writing. */
export type ImportStage = 'reading' | 'checking' | 'placing' | 'writing';

export async function importFile(
  db: ClaimdeskDb,
  file: OpenedFile,
  corpus: readonly CorpusDocument[],
  author: string,
  onStage: (stage: ImportStage) => void = () => {},
): Promise<ImportOutcome> {
  if (/\.txt$/i.test(file.name)) return importText(db, file, corpus);
  onStage('checking');
  const parsed = parseImportFile(file.content);
  if (!parsed.ok) return { ok: false, message: `${file.name} was not imported: ${parsed.error}. Nothing was changed.` };
  try {
    if (parsed.value.kind === 'native') {
      // formats helper (issue 10): checked against what anchoring depends on before anything is written.
      const checked = planNativeImport(parsed.value.value, corpus, nowIso());
      if (!checked.ok) return { ok: false, message: `${file.name} was not imported: ${checked.error}. Nothing was changed.` };
      onStage('writing');
      const report = await applyAnnotations(db, checked.value.annotations, checked.value.documentsToAdd);
      const docs = checked.value.documentsToAdd.length;
      const repaired = checked.value.repairs.length;
      return {
        ok: true,
        message: `Imported ${file.name}: ${describeMerge(report)}${docs ? `; ${docs} document${docs === 1 ? '' : 's'} added` : ''}${repaired ? `; ${repaired} repaired (${checked.value.repairs.slice(0, 3).join('; ')})` : ''}.`,
      };
    }
    onStage('placing');
    // formats helper (issue 12): a reply to an annotation already stored joins its thread.
    const stored = new Map((await readAllAnnotations(db)).map((a) => [a.id, a]));
    const resolved = resolveW3CImport(parsed.value.value, { corpus, anchor, now: nowIso(), author, existing: (id) => stored.get(id) });
    onStage('writing');
    const report = await applyAnnotations(db, resolved.annotations);
    const r = resolved.report;
    const extra = `${r.comments ? `, ${r.comments} comment${r.comments === 1 ? '' : 's'} (no verdict)` : ''}${r.replies ? `, ${r.replies} repl${r.replies === 1 ? 'y' : 'ies'} added to their thread` : ''}`;
    return {
      ok: true,
      message: `Imported ${file.name}: ${r.total} annotations — ${r.anchored} anchored, ${r.orphaned} orphaned, ${r.unplaced} could not be placed (kept under “Unplaced imports”)${extra}; ${describeMerge(report)}.`,
    };
  } catch (e) {
    return { ok: false, message: `${file.name} was not imported: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.` };
  }
}

/** A .txt whose name matches a corpus file replaces that document's text; any other .txt adds a document. */
async function importText(db: ClaimdeskDb, file: OpenedFile, corpus: readonly CorpusDocument[]): Promise<ImportOutcome> {
  const text = file.content.replace(/^\uFEFF/, '');
  const stem = file.name.replace(/\.txt$/i, '');
  const match = corpus.find((d) => d.file === file.name || d.id === stem);
  const hash = sha256Hex(text);
  if (match && match.hash === hash) return { ok: true, message: `${file.name} is identical to the text already open; nothing changed.` };
  await db.docTexts.put({ id: match?.id ?? stem, file: file.name, title: match?.title ?? titleFromText(text, file.name), text, hash, importedAt: nowIso(), words: countWords(text) });
  return {
    ok: true,
    message: match
      ? `Replaced the text of “${match.title}” with ${file.name}. Its annotations are re-anchored when it opens.`
      : `Added ${file.name} to the library.`,
  };
}
