// The Import command: pick files (several in the desktop app), and send each where it is read:
// annotation files (.json, .jsonld) and UTF-8 .txt to the bulk worker's import (asking before a .txt
// replaces an imported document of the same name; progress in the status line and a Cancel button until
// writing starts: the import then lands whole, or, cancelled, changes nothing); documents (HTML, PDF,
// DOCX, Markdown, and .txt that is not UTF-8) to the same readers and review as a drop.
import { useCallback } from 'react';
import { UNPLACED_DOC_ID } from '../../../core/formats';
import type { CorpusDocument } from '../../../core/model';
import { platform, type ImportSource } from '../../platform';
import { describeSaveError } from '../../db/storage-errors';
import type { DocTextSummary } from '../../db/library-reads';
import { useStores } from '../../state/stores';
import { runImport } from '../bulk/bulk-client';
import { requestDocumentReview } from '../documents/document-requests';
import { importedTextId } from './import';
import type { OpenedFile } from '../../../core/ipc';
import { readFileStrictUtf8 } from '../../platform/files';
import { sortPicked } from './route-import';

/**
 * sync (issue 15): Claimdesk JSON goes through the per-field merge (features/sync/merge-import.ts);
 * null from it means the file is not Claimdesk JSON and is imported the usual way.
 */
export type MergeImport = (file: OpenedFile) => Promise<{ ok: boolean; message: string } | null>;

export function useImportCommand(corpus: readonly CorpusDocument[] | null, documents: readonly CorpusDocument[], docTexts: readonly DocTextSummary[], author: string, mergeImport?: MergeImport): () => Promise<void> {
  const { db, notices } = useStores();

  const importOne = useCallback(
    async (file: ImportSource) => {
      const name = file.name;
      let replaceExisting = false;
      if (/\.txt$/i.test(name)) {
        const stem = name.replace(/\.txt$/i, '');
        const inCorpus = corpus?.some((d) => d.file === name || d.id === stem);
        const existing = !inCorpus ? docTexts.find((t) => t.id === importedTextId(name)) : undefined;
        if (existing) {
          replaceExisting = window.confirm(
            `“${existing.title}” (${existing.file}) is already in the library.\n\nReplace its text with this ${name}? Its annotations follow their words to the new text, and “Restore the previous text” undoes the replacement.`,
          );
          if (!replaceExisting) {
            notices.status(`${name} was not imported; nothing was changed.`);
            return;
          }
        }
      }
      notices.status(`Importing ${name}…`);
      if (mergeImport && /\.json$/i.test(name)) {
        // sync (issue 15): the annotation-JSON import merges per field, in the window that holds the merge state.
        let merged: Awaited<ReturnType<MergeImport>> = null;
        // A file that cannot be read as UTF-8 goes on to the usual import, which says why it is refused.
        const opened = 'blob' in file ? await readFileStrictUtf8(name, file.blob).catch(() => null) : file;
        if (opened) {
          try {
            merged = await mergeImport(opened);
          } catch (e) {
            merged = { ok: false, message: `${name} was not imported. ${describeSaveError('it', e)}` };
          }
        }
        if (merged) {
          performance.mark('cd:import-done', { detail: { ok: merged.ok } });
          if (merged.ok) notices.status(merged.message);
          else {
            notices.status('');
            notices.alert(merged.message);
          }
          return;
        }
      }
      // Annotations are placed against the texts, which the import reads from the database itself
      // (only those it needs: the list holds none, and is not sent with every text).
      const job = runImport(db, file, documents.filter((d) => d.id !== UNPLACED_DOC_ID && d.hash !== ''), author, (p) => {
        performance.mark('cd:import-stage', { detail: { stage: p.stage } }); // the benchmark times each stage
        notices.status(`Importing ${name}: ${p.stage}…`);
        if (p.stage === 'writing') notices.job({ label: name, stage: p.stage, cancel: null });
      }, { replaceExisting });
      notices.job({ label: name, stage: 'reading', cancel: () => void job.cancel() });
      const outcome = await job.done.catch((e: unknown) => ({ ok: false as const, message: `${name} was not imported. ${describeSaveError('it', e)}` }));
      notices.job(null);
      performance.mark('cd:import-done', { detail: { ok: outcome.ok } });
      if (outcome.ok) notices.status(outcome.message);
      else if ('cancelled' in outcome && outcome.cancelled) notices.status(outcome.message);
      else {
        notices.status('');
        notices.alert(outcome.message);
      }
    },
    [db, notices, corpus, documents, docTexts, author, mergeImport],
  );

  return useCallback(async () => {
    notices.dismissAlert();
    let picked;
    try {
      picked = await platform.pickImport();
    } catch (e) {
      notices.alert(`Could not read the file: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);
      return;
    }
    if (!picked || picked.length === 0) return;
    const { refused, documents: documentsToRead, imports: annotationFiles } = await sortPicked(picked);
    if (refused.length) notices.alert(`Not imported — ${refused.join('; ')}.`);
    if (documentsToRead.length && !requestDocumentReview(documentsToRead)) notices.alert('The documents could not be read here: the library is not shown. Nothing was added.');
    // One after another: each may ask a question and each lands whole.
    for (const file of annotationFiles) await importOne(file);
  }, [notices, importOne]);
}
