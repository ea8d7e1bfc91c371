// Builds the content of each export format from the workspace (pure; runs in a worker for big exports).
import type { Annotation, CorpusDocument } from '../../../core/model';
import {
  buildClaimReviews,
  buildCsv,
  buildNativeExport,
  buildReportModel,
  buildW3CCollection,
  parseImportFile,
  renderReportHtml,
  renderReportMarkdown,
  serializeNative,
  type DocumentReviewMark,
} from '../../../core/formats';
import type { ExportKind } from '../../../core/ipc';
import type { MqmWeights } from '../../../core/model/mqm';

export const EXPORT_FORMATS = [
  { id: 'native', label: 'Claimdesk JSON' },
  { id: 'w3c', label: 'W3C Web Annotation' },
  { id: 'claimreview', label: 'ClaimReview' },
  { id: 'csv', label: 'CSV' },
  { id: 'report-html', label: 'Report (HTML)' },
  { id: 'report-md', label: 'Report (Markdown)' },
  { id: 'report-pdf', label: 'Report (PDF)' },
] as const;
export type ExportFormatId = (typeof EXPORT_FORMATS)[number]['id'];

export interface ExportInput {
  format: ExportFormatId;
  documents: CorpusDocument[];
  annotations: Annotation[];
  now: string;
  appVersion: string;
  reviewer: string;
  /** Documents the editor marked reviewed (the report shows MQM Pass/Fail only for those). */
  reviewed: DocumentReviewMark[];
  mqm: { weights: MqmWeights; threshold: number };
}

export interface ExportOutput {
  suggestedName: string;
  kind: ExportKind;
  content: string;
}

/**
 * Builds an export and, for the formats Claimdesk reads back, reads it back with the importer first:
 * a file the app could not import again is never written (that would be a bug to report, not a
 * silently bad file).
 */
export function buildExport(input: ExportInput): ExportOutput {
  const out = buildExportContent(input);
  if (input.format === 'native' || input.format === 'w3c') {
    const back = parseImportFile(out.content);
    if (!back.ok || back.value.kind !== input.format) {
      throw new Error(`Claimdesk made a ${input.format === 'native' ? 'Claimdesk JSON' : 'W3C'} file it cannot read back (${back.ok ? `read as ${back.value.kind}` : back.error}); this is a bug, please report it`);
    }
  }
  return out;
}

function buildExportContent(input: ExportInput): ExportOutput {
  const { documents, annotations, now } = input;
  const day = now.slice(0, 10);
  const report = () =>
    buildReportModel({ documents, annotations, reviewer: input.reviewer, reviewed: input.reviewed, now, mqm: input.mqm });
  switch (input.format) {
    case 'native':
      return {
        suggestedName: `claimdesk-${day}.json`,
        kind: 'json',
        content: serializeNative(
          buildNativeExport({ appVersion: input.appVersion, now, documents: documents.map(({ id, title, hash, file }) => ({ id, title, hash, file })), annotations }),
        ),
      };
    case 'w3c':
      return {
        suggestedName: `claimdesk-annotations-${day}.jsonld`,
        kind: 'jsonld',
        content: `${JSON.stringify(buildW3CCollection({ documents, annotations, now, generator: { name: 'Claimdesk', version: input.appVersion } }), null, 2)}\n`,
      };
    case 'claimreview':
      return {
        suggestedName: `claimdesk-claimreview-${day}.jsonld`,
        kind: 'jsonld',
        content: `${JSON.stringify(buildClaimReviews({ documents, annotations, now, publisher: input.reviewer || undefined }), null, 2)}\n`,
      };
    case 'csv':
      return { suggestedName: `claimdesk-${day}.csv`, kind: 'csv', content: buildCsv({ documents, annotations }) };
    case 'report-html':
    case 'report-pdf':
      return { suggestedName: `claimdesk-report-${day}.${input.format === 'report-pdf' ? 'pdf' : 'html'}`, kind: 'html', content: renderReportHtml(report()) };
    case 'report-md':
      return { suggestedName: `claimdesk-report-${day}.md`, kind: 'md', content: renderReportMarkdown(report()) };
  }
}
