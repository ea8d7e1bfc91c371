// Imports a file: Claimdesk JSON or W3C annotations (validated whole, applied in one transaction),
// or a text (.txt): a corrected text of a corpus document, or a new document in the library.
import { anchor } from '../../../core/anchoring';
import { UNPLACED_DOC_ID, parseImportFile, planNativeImport, resolveW3CImport } from '../../../core/formats';
import { countWords, grouped, plural, sha256Hex, titleFromText, type CorpusDocument } from '../../../core/model';
import { readAllAnnotations } from '../../db/reads';
import { fillStoredTexts } from '../../db/library-reads';
import type { OpenedFile } from '../../../core/ipc';
import type { ImportSource } from '../../platform';
import { readFileStrictUtf8 } from '../../platform/files';
import { nowIso } from '../../db/clock';
import type { ClaimdeskDb, DocTextRow } from '../../db/schema';
import { importAnnotations, putDocText, type CarriedDocument } from '../../db/writes';

export type ImportOutcome =
  | { ok: true; message: string }
  | { ok: false; message: string; cancelled?: boolean };

/** Stages an import goes through, for progress: reading and checking, then writing. */
export type ImportStage = 'reading' | 'checking' | 'placing' | 'writing';

export interface ImportOptions {
  /** The user confirmed that this .txt replaces the imported document of the same name. */
  replaceExisting?: boolean;
  /** Checked before anything is written: a cancelled import changes nothing. */
  isCancelled?: () => boolean;
}

/** The file types an import reads, for messages. */
export const READABLE_TYPES = 'Claimdesk JSON (.json), W3C Web Annotation (.json, .jsonld) and plain text (.txt)';

const CANCELLED: ImportOutcome = { ok: false, cancelled: true, message: 'Import cancelled. Nothing was changed.' };

/** An import's counts in words; `conflicts` says what became of them (the per-field merge keeps both values). */
export function describeMerge(r: { added: number; updated: number; unchanged: number; conflicts: number }, conflicts = 'kept yours'): string {
  return `${grouped(r.added)} added, ${grouped(r.updated)} updated, ${grouped(r.unchanged)} unchanged, ${plural(r.conflicts, 'conflict')} (${conflicts})`;
}

/** Imports what the user chose: text already read (Electron) or a file still to read strictly as UTF-8. */
export async function importSource(
  db: ClaimdeskDb,
  source: ImportSource,
  corpus: readonly CorpusDocument[],
  author: string,
  onStage: (stage: ImportStage) => void = () => {},
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const unsupported = unsupportedType(source.name);
  if (unsupported) return unsupported;
  let file: OpenedFile;
  if ('blob' in source) {
    onStage('reading');
    try {
      file = await readFileStrictUtf8(source.name, source.blob);
    } catch (e) {
      return { ok: false, message: `${source.name} was not imported: ${e instanceof Error ? e.message : String(e)} Nothing was changed.` };
    }
  } else file = source;
  return importFile(db, file, corpus, author, onStage, options);
}

/** A file type the app does not read, named as such (instead of a JSON parser's complaint). */
function unsupportedType(name: string): ImportOutcome | null {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  if (!ext || ['json', 'jsonld', 'txt'].includes(ext)) return null;
  return { ok: false, message: `${name} was not imported: .${ext} files are not a type Claimdesk reads. It reads ${READABLE_TYPES}. Nothing was changed.` };
}

export async function importFile(
  db: ClaimdeskDb,
  file: OpenedFile,
  corpus: readonly CorpusDocument[],
  author: string,
  onStage: (stage: ImportStage) => void = () => {},
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const unsupported = unsupportedType(file.name);
  if (unsupported) return unsupported;
  if (/\.txt$/i.test(file.name)) return importText(db, file, corpus, options);
  onStage('checking');
  const parsed = parseImportFile(file.content);
  if (!parsed.ok) return { ok: false, message: `${file.name} was not imported: ${parsed.error}. Nothing was changed.` };
  try {
    if (parsed.value.kind === 'native') {
      // formats helper (issue 10): checked against what anchoring depends on before anything is written;
      // documents the library lacks arrive with their text (bundled corpus documents never come from a file).
      // Checked against the texts its annotations sit on: only those are read (issue 17).
      const onHashes = new Set(parsed.value.value.annotations.map((a) => a.docHash));
      const library = await fillStoredTexts(db, corpus, (d) => onHashes.has(d.hash));
      const checked = planNativeImport(parsed.value.value, library, nowIso());
      if (!checked.ok) return { ok: false, message: `${file.name} was not imported: ${checked.error}. Nothing was changed.` };
      if (options.isCancelled?.()) return CANCELLED;
      onStage('writing');
      const carried: CarriedDocument[] = checked.value.documentsToAdd.filter((d) => !corpus.some((c) => c.id === d.id));
      const report = await importAnnotations(db, checked.value.annotations, carried);
      const docs = carried.length;
      const repaired = checked.value.repairs.length;
      return {
        ok: true,
        message: `Imported ${file.name}: ${describeMerge(report)}${docs ? `; ${plural(docs, 'document')} added` : ''}${repaired ? `; ${grouped(repaired)} repaired (${checked.value.repairs.slice(0, 3).join('; ')})` : ''}.`,
      };
    }
    onStage('placing');
    // formats helper (issue 12): a reply to an annotation already stored joins its thread.
    const stored = new Map((await readAllAnnotations(db)).map((a) => [a.id, a]));
    // A W3C target is looked for across the whole library: every text is read.
    const library = await fillStoredTexts(db, corpus);
    const resolved = resolveW3CImport(parsed.value.value, { corpus: library, anchor, now: nowIso(), author, existing: (id) => stored.get(id) });
    if (options.isCancelled?.()) return CANCELLED;
    onStage('writing');
    const report = await importAnnotations(db, resolved.annotations);
    const r = resolved.report;
    const extra = `${r.comments ? `, ${plural(r.comments, 'comment')} (no verdict)` : ''}${r.replies ? `, ${plural(r.replies, 'reply', 'replies')} added to their thread` : ''}`;
    return {
      ok: true,
      message: `Imported ${file.name}: ${plural(r.total, 'annotation')} — ${r.anchored} anchored, ${r.orphaned} orphaned, ${r.unplaced} could not be placed (kept under “Unplaced imports”)${extra}; ${describeMerge(report)}.`,
    };
  } catch (e) {
    return { ok: false, message: `${file.name} was not imported: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.` };
  }
}

/**
 * The document id an imported text gets: its file name without `.txt` (so the same file added in two
 * profiles is the same document, and exports line up), never empty and never an id the app reserves.
 */
export function importedTextId(fileName: string): string {
  const stem = fileName.replace(/\.txt$/i, '').trim();
  if (stem === '') return 'untitled-text';
  if (stem === UNPLACED_DOC_ID || stem === 'untitled-text') return `${stem}-text`;
  return stem;
}

/**
 * A .txt whose name matches a corpus file replaces that document's text (restorable); another .txt
 * adds a document, or, when the user confirmed it, replaces the imported document of the same name
 * (restorable too). An empty text is refused.
 */
async function importText(db: ClaimdeskDb, file: OpenedFile, corpus: readonly CorpusDocument[], options: ImportOptions): Promise<ImportOutcome> {
  const text = file.content.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, message: `${file.name || 'The file'} was not imported: it holds no text. Nothing was changed.` };
  const stem = file.name.replace(/\.txt$/i, '');
  const match = corpus.find((d) => d.file === file.name || d.id === stem);
  const hash = sha256Hex(text);
  if (match && match.hash === hash) return { ok: true, message: `${file.name} is identical to the text already open; nothing changed.` };
  const id = match?.id ?? importedTextId(file.name);
  const existing = match ? undefined : await db.docTexts.get(id);
  if (existing && existing.hash === hash) return { ok: true, message: `${file.name} is identical to the text already in the library; nothing changed.` };
  if (existing && !options.replaceExisting) {
    return { ok: false, message: `${file.name} was not imported: a text of that name (“${existing.title}”) is already in the library. Import it again and confirm to replace it. Nothing was changed.` };
  }
  if (options.isCancelled?.()) return CANCELLED;
  const row: DocTextRow = {
    id,
    file: file.name,
    title: match?.title ?? titleFromText(text, file.name || 'Untitled text'),
    text,
    hash,
    importedAt: nowIso(),
    words: countWords(text),
  };
  await putDocText(db, row);
  return {
    ok: true,
    message: match
      ? `Replaced the text of “${match.title}” with ${file.name}. Its annotations are re-anchored when it opens.`
      : existing
        ? `Replaced the text of “${existing.title}” with ${file.name}. Its annotations are re-anchored when it opens; “Restore the previous text” undoes it.`
        : `Added ${file.name} to the library.`,
  };
}
