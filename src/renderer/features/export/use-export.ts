// The Export command: builds the file in the bulk worker (validated by the importer for the formats
// Claimdesk reads back) and hands it to the platform to save, or to print for the PDF report.
import { useCallback } from 'react';
import { UNPLACED_DOC_ID, textOriginOf } from '../../../core/formats';
import type { LibraryDocument } from '../../../core/documents';
import { plural, type CorpusDocument } from '../../../core/model';
import { platform } from '../../platform';
import { nowIso } from '../../db/clock';
import { setMeta } from '../../db/writes';
import { readReviewMarks } from '../../db/review-marks';
import type { Settings } from '../../state/settings';
import { useStores } from '../../state/stores';
import { withTexts } from '../../state/documents';
import { runExport, type BulkProgress } from '../bulk/bulk-client';
import { EXPORT_FORMATS, type ExportFormatId } from './build-export';
import type { ExportOnly } from '../filters/export-scope';

/** A document with its text origin for the exporters (absent for corpus files and documents without a stored origin). */
function withTextOrigin<T extends CorpusDocument>(d: T): T {
  const origin = textOriginOf((d as Partial<LibraryDocument>).origin);
  return origin ? { ...d, textOrigin: origin } : d;
}

export function useExportCommand(documents: readonly CorpusDocument[], author: string, settings: Settings) {
  const { db, drafts } = useStores();
  return useCallback(
    async (format: ExportFormatId, onProgress: (p: BulkProgress) => void, only?: ExportOnly): Promise<string> => {
      performance.mark('cd:export-stage', { detail: { stage: 'start' } });
      await drafts.flushAll(); // what is typed is in the file
      const asBlob = platform.exportsAsBlob && format !== 'report-pdf';
      const { out, blob, count } = await runExport(
        db,
        {
          format,
          // documents (issue 13/17): texts are read from the database for the export, not kept in the list.
          // Each imported document states where its text came from (its stored origin; core/formats/text-origin.ts).
          documents: (await withTexts(db, documents.filter((d) => d.id !== UNPLACED_DOC_ID && d.hash !== ''))).map(withTextOrigin),
          now: nowIso(),
          appVersion: __APP_VERSION__,
          reviewer: author,
          reviewed: await readReviewMarks(db), // the report shows MQM Pass/Fail only for documents marked reviewed
          mqm: { weights: settings.mqmWeights, threshold: settings.mqmThreshold },
          // formats helper (issue 12): ClaimReview's organisation and reviewer page.
          organisation: settings.organisation,
          reviewerUrl: settings.reviewerUrl,
        },
        asBlob,
        (p) => {
          performance.mark('cd:export-stage', { detail: { stage: p.stage } }); // the benchmark times each stage
          onProgress(p);
        },
        only,
      );
      const label = EXPORT_FORMATS.find((f) => f.id === format)!.label;
      const result = format === 'report-pdf' ? await platform.print({ suggestedName: out.suggestedName, html: out.content }) : await platform.saveExport({ ...out, blob });
      performance.mark('cd:export-done', { detail: { format, annotations: count } });
      if (!result.saved) return `${label} export cancelled.`;
      if (format === 'native') await setMeta(db, 'lastExportAt', nowIso());
      return `${label}: ${plural(count, 'annotation')} exported${result.path ? ` to ${result.path}` : ''}.${out.summary ? ` ${out.summary}` : ''}`;
    },
    [db, drafts, documents, author, settings],
  );
}
