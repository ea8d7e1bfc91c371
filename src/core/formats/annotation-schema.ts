// zod schemas of the stored annotation model, shared by the native and W3C parsers. Nested values
// ignore fields they do not know (a newer minor version may add some); the annotation itself keeps
// them (native.ts moves them into `extensions` and writes them back).
import { z } from 'zod';
import { ANNOTATION_KINDS, CLAIM_STATUSES, MQM_DIMENSIONS, MQM_SUBTYPES, SEVERITIES, VERDICTS } from '../model/annotation';
import { formatPath } from './json-text';
import { plural } from '../model';

const isoTime = z.iso.datetime({ offset: true });
const nonNegativeInt = z.number().int().nonnegative();
export const hexHash = z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 in lowercase hex');

export const textQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
});

export const textPositionSelectorSchema = z
  .object({ type: z.literal('TextPositionSelector'), start: nonNegativeInt, end: nonNegativeInt })
  .refine((p) => p.start <= p.end, { message: 'start must not be after end', path: ['end'] });

export const sourceSchema = z.object({
  url: z.string(),
  title: z.string(),
  accessed: z.union([z.literal(''), z.iso.date()]),
  quote: z.string(),
});

export const translationSchema = z
  .object({
    dimension: z.enum(MQM_DIMENSIONS),
    subtype: z.string(),
    severity: z.enum(SEVERITIES),
    correction: z.string(),
  })
  .refine((t) => t.subtype === '' || MQM_SUBTYPES[t.dimension].includes(t.subtype), {
    message: 'subtype is not one of the subtypes of its dimension',
    path: ['subtype'],
  });

export const historyEntrySchema = z.object({
  quote: textQuoteSelectorSchema,
  position: textPositionSelectorSchema,
  docHash: z.union([z.literal(''), hexHash]),
  replacedAt: isoTime,
});

export const replySchema = z.object({
  id: z.string().min(1),
  author: z.string(),
  text: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const textChangeSchema = z.object({ before: z.string(), after: z.string(), at: isoTime });

export const annotationSchema = z
  .looseObject({
    id: z.string().min(1),
    docId: z.string().min(1),
    kind: z.enum(ANNOTATION_KINDS),
    verdict: z.enum(VERDICTS).nullable(),
    translation: translationSchema.nullable(),
    quote: textQuoteSelectorSchema,
    position: textPositionSelectorSchema,
    docHash: z.union([z.literal(''), hexHash]),
    orphan: z.boolean(),
    note: z.string(),
    sources: z.array(sourceSchema),
    author: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
    history: z.array(historyEntrySchema),
    replies: z.array(replySchema).optional(),
    textChanged: textChangeSchema.optional(),
    candidates: z.array(z.string()).optional(),
    publishedUrl: z.string().optional(),
    // Workflow and link (absent: to-check, unassigned, no due date, unlinked).
    status: z.enum(CLAIM_STATUSES).optional().describe('Workflow status; absent means to-check'),
    assignee: z.string().optional().describe("Assigned reviewer's id (urn:claimdesk:reviewer:…), or ''"),
    due: z.union([z.literal(''), z.iso.date()]).optional().describe("Due date (YYYY-MM-DD), or ''"),
    claimId: z.string().optional().describe("The linked claim this is an appearance of; '' or absent when unlinked"),
    claimWording: z.string().optional().describe("The linked claim's canonical wording, the same on every appearance"),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'comment') {
      if (a.verdict !== null) ctx.addIssue({ code: 'custom', path: ['verdict'], message: 'a comment has no verdict (expected null)' });
      if (a.translation !== null) ctx.addIssue({ code: 'custom', path: ['translation'], message: 'a comment has no translation data (expected null)' });
    } else if (a.kind === 'claim') {
      if (a.verdict === null) ctx.addIssue({ code: 'custom', path: ['verdict'], message: 'a claim needs a verdict' });
      if (a.translation !== null)
        ctx.addIssue({ code: 'custom', path: ['translation'], message: 'a claim has no translation data (expected null)' });
    } else {
      if (a.verdict !== null)
        ctx.addIssue({ code: 'custom', path: ['verdict'], message: 'a translation error has no verdict (expected null)' });
      if (a.translation === null)
        ctx.addIssue({ code: 'custom', path: ['translation'], message: 'a translation error needs translation data' });
    }
  });

/** The first few zod issues as "path: problem; path: problem (and N more)". */
export function describeIssues(issues: ReadonlyArray<z.core.$ZodIssue>, max = 4): string {
  const parts = issues.slice(0, max).map((issue) => {
    const message = issue.message.replace(/^Invalid input: /, '');
    return `${formatPath(issue.path)}: ${message}`;
  });
  const more = issues.length > max ? ` (and ${plural(issues.length - max, 'more problem')})` : '';
  return parts.join('; ') + more;
}
