// Builds the content of each export format from the workspace (pure; runs in a worker for big exports).
import type { Annotation, CorpusDocument } from '../../../core/model';
import {
  buildClaimReviews,
  buildCsv,
  buildNativeExport,
  buildReportModel,
  buildW3CCollection,
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

export function buildExport(input: ExportInput): ExportOutput {
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
