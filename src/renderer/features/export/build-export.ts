// Builds the content of each export format from the workspace (pure; runs in a worker for big exports).
import type { Annotation, CorpusDocument } from '../../../core/model';
import {
  buildClaimReviews,
  describeClaimReviewExport,
  serializeClaimReviews,
  type ClaimReviewOrganisation,
  buildCsv,
  buildNativeExport,
  buildReportModel,
  buildW3CCollection,
  parseImportFile,
  renderReportHtml,
  renderReportMarkdown,
  repairDatabase,
  serializeNative,
  type DocumentReviewMark,
  type NativeExport,
  verifyNativeExport,
} from '../../../core/formats';
import { collectReviewers } from '../../../core/model/reviewer';
import type { ExportKind } from '../../../core/ipc';
import type { MqmWeights } from '../../../core/model/mqm';
import { plural } from '../../../core/model';

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
  /** ClaimReview's organisation (Settings); without it no claim has a published address. */
  organisation?: ClaimReviewOrganisation | null;
  reviewerUrl?: string;
}

export interface ExportOutput {
  suggestedName: string;
  kind: ExportKind;
  content: string;
  /** What the export left out and why, for the result message (ClaimReview). */
  summary?: string;
}

/**
 * Builds an export and, for the formats Claimdesk reads back, reads it back with the importer first:
 * a file the app could not import again is never written (that would be a bug to report, not a
 * silently bad file).
 */
export function buildExport(input: ExportInput): ExportOutput {
  const { parts, ...out } = buildExportParts(input);
  return { ...out, content: parts.length === 1 ? parts[0]! : parts.join('') };
}

/**
 * The same export as pieces of text to stream into a file or a Blob (their concatenation is exactly
 * buildExport's content): a 100,000-annotation Claimdesk JSON is never one 90 MB string (issue 17).
 */
export function buildExportParts(input: ExportInput): Omit<ExportOutput, 'content'> & { parts: string[] } {
  const out = buildExportContent(input);
  if (input.format === 'native' || input.format === 'w3c') checkReadsBack(input, out.parts);
  return out;
}

/** Up to this many annotations the whole file is read back; above it, see checkReadsBack. */
export const FULL_READBACK_MAX = 5000;
const SAMPLE = 2000;

/**
 * Reads an export back with the importer. Reading back 100,000 annotations costs ~9 s (76 MB parsed and
 * validated), ten times the export itself, so above FULL_READBACK_MAX the rules that depend on the whole
 * file (unique ids, non-empty document ids) are checked over every annotation, and the importer reads a
 * file built the same way from an even sample of 2,000 of them.
 */
function checkReadsBack(input: ExportInput, parts: string[]): void {
  const fail = (why: string) => {
    throw new Error(`Claimdesk made a ${input.format === 'native' ? 'Claimdesk JSON' : 'W3C'} file it cannot read back (${why}); this is a bug, please report it`);
  };
  const read = (text: string) => {
    const back = parseImportFile(text);
    if (!back.ok) fail(back.error);
    else if (back.value.kind !== input.format) fail(`read as ${back.value.kind}`);
  };
  if (input.annotations.length <= FULL_READBACK_MAX) return read(parts.join(''));
  const seen = new Set<string>();
  for (const a of input.annotations) {
    if (seen.has(a.id)) fail(`duplicate id ${JSON.stringify(a.id)}`);
    seen.add(a.id);
    if (a.docId === '') fail(`annotation ${a.id} has an empty document id`);
  }
  const step = input.annotations.length / SAMPLE;
  const sample = Array.from({ length: SAMPLE }, (_, i) => input.annotations[Math.floor(i * step)]!);
  read(buildExportContent({ ...input, annotations: sample }).parts.join(''));
}

/** Annotations serialised per piece: one JSON.stringify per 2,000 (per-annotation calls cost 10x more). */
const PIECE = 2000;

/**
 * serializeNative(x) in pieces: the file without its annotations, split where the annotations go, and
 * the annotations PIECE at a time, each piece serialised by serializeNative itself (so fields from a
 * newer version and the indentation are exactly the one-string file's) and cut out of its wrapper.
 */
export function serializeNativeParts(x: NativeExport): string[] {
  if (x.annotations.length === 0) return [serializeNative(x)];
  const open = '\n  "annotations": [\n';
  const skeleton = serializeNative({ ...x, annotations: [] });
  // Top-level keys are the only ones indented by exactly two spaces.
  const at = skeleton.indexOf('\n  "annotations": []');
  if (at < 0) return [serializeNative(x)];
  const parts: string[] = [`${skeleton.slice(0, at)}${open}`];
  const wrapper = { format: x.format, version: x.version, appVersion: x.appVersion, exportedAt: x.exportedAt, documents: [] } as Omit<NativeExport, 'annotations'>;
  for (let i = 0; i < x.annotations.length; i += PIECE) {
    const text = serializeNative({ ...wrapper, annotations: x.annotations.slice(i, i + PIECE) } as NativeExport);
    const body = text.slice(text.indexOf(open) + open.length, text.lastIndexOf('\n  ]'));
    parts.push(i ? `,\n${body}` : body);
  }
  parts.push(`\n  ]${skeleton.slice(at + '\n  "annotations": []'.length)}`);
  return parts;
}

function buildExportContent(input: ExportInput): Omit<ExportOutput, 'content'> & { parts: string[] } {
  const { documents, annotations, now } = input;
  const day = now.slice(0, 10);
  const report = () =>
    buildReportModel({ documents, annotations, reviewer: input.reviewer, reviewed: input.reviewed, now, mqm: input.mqm });
  switch (input.format) {
    case 'native': {
      // formats helper (issue 10/12): documents travel with their text, the reviewers and MQM settings
      // too, and the file is checked with the importer before it is written.
      // Rows the importer would refuse (an id stored twice, a blank document id) are repaired first.
      const repaired = repairDatabase({ documents, annotations });
      const x = buildNativeExport({
        appVersion: input.appVersion,
        now,
        documents: repaired.documents,
        annotations: repaired.annotations,
        reviewers: collectReviewers(repaired.annotations, input.reviewer ? [input.reviewer] : []),
        mqm: input.mqm,
      });
      const summary = repaired.log.length ? `${plural(repaired.log.length, 'problem')} in the stored data repaired in the file: ${repaired.log.slice(0, 3).join('; ')}.` : undefined;
      // Above FULL_READBACK_MAX the full round trip (parse, validate, serialise again: several seconds at
      // 100,000) is done on an even sample built the same way, by checkReadsBack; below it, on the file.
      if (annotations.length > FULL_READBACK_MAX) return { suggestedName: `claimdesk-${day}.json`, kind: 'json', parts: serializeNativeParts(x), summary };
      const checked = verifyNativeExport(x);
      if (!checked.ok) throw new Error(`the Claimdesk JSON export failed its own check (${checked.error}); nothing was written. Please report this bug.`);
      return { suggestedName: `claimdesk-${day}.json`, kind: 'json', parts: [checked.value], summary };
    }
    case 'w3c':
      return {
        suggestedName: `claimdesk-annotations-${day}.jsonld`,
        kind: 'jsonld',
        parts: [`${JSON.stringify(buildW3CCollection({ documents, annotations, now, generator: { name: 'Claimdesk', version: input.appVersion } }), null, 2)}\n`],
      };
    case 'claimreview': {
      const out = buildClaimReviews({
        documents,
        annotations,
        now,
        organisation: input.organisation ?? null,
        reviewer: input.reviewer ? { name: input.reviewer, url: input.reviewerUrl ?? '' } : undefined,
      });
      const missing = out.missingUrl.length ? ` Without a published URL: ${out.missingUrl.map((m) => `“${m.quote.slice(0, 40)}”`).join(', ')}.` : '';
      // workflow helper (issue 12/14): the claims skipped for their status, by name (the first ten).
      const held = out.notPublishable.length
        ? ` Not checked or published yet: ${out.notPublishable.slice(0, 10).map((m) => `“${m.quote.slice(0, 40)}” (${m.status})`).join(', ')}${out.notPublishable.length > 10 ? ` and ${out.notPublishable.length - 10} more` : ''}.`
        : '';
      return {
        suggestedName: `claimdesk-claimreview-${day}.jsonld`,
        kind: 'jsonld',
        parts: [serializeClaimReviews(out.document)],
        summary: `${describeClaimReviewExport(out)}.${missing}${held}`,
      };
    }
    case 'csv':
      return { suggestedName: `claimdesk-${day}.csv`, kind: 'csv', parts: [buildCsv({ documents, annotations })] };
    case 'report-html':
    case 'report-pdf':
      return { suggestedName: `claimdesk-report-${day}.${input.format === 'report-pdf' ? 'pdf' : 'html'}`, kind: 'html', parts: [renderReportHtml(report())] };
    case 'report-md':
      return { suggestedName: `claimdesk-report-${day}.md`, kind: 'md', parts: [renderReportMarkdown(report())] };
  }
}
