// The annotation model: what a fact-checker records about a span of a document.
// Offsets here are UTF-16 code units (JavaScript string indices); formats convert at the edge.

export const VERDICTS = ['sourced', 'contested', 'contradicted'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * A claim carries a verdict, a translation error carries MQM data, a comment carries neither: a
 * highlight with a note (what other tools' "commenting" annotations are), which an editor can later
 * turn into a claim. Comments are never exported as ClaimReview.
 */
export const ANNOTATION_KINDS = ['claim', 'translation-error', 'comment'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** W3C TextQuoteSelector: the exact text plus up to 32 characters of context either side. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

/** W3C TextPositionSelector, in UTF-16 code units inside the app. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface Source {
  url: string;
  title: string;
  /** ISO date (YYYY-MM-DD) the source was consulted, or '' when unknown. */
  accessed: string;
  /** An optional passage quoted from the source. */
  quote: string;
}

export const MQM_DIMENSIONS = [
  'accuracy',
  'terminology',
  'linguistic-conventions',
  'style',
  'locale-conventions',
  'audience-appropriateness',
  'design-and-markup',
  'source-issue',
] as const;
export type MqmDimension = (typeof MQM_DIMENSIONS)[number];

/** Subtypes offered per dimension (MQM-Core). An empty list means the dimension has none. */
export const MQM_SUBTYPES: Record<MqmDimension, readonly string[]> = {
  accuracy: ['mistranslation', 'addition', 'omission', 'untranslated', 'over-translation', 'under-translation'],
  terminology: [],
  'linguistic-conventions': ['grammar', 'spelling', 'punctuation'],
  style: [],
  'locale-conventions': ['name-format', 'date-format', 'number-format'],
  'audience-appropriateness': [],
  'design-and-markup': [],
  'source-issue': [],
};

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface TranslationErrorData {
  dimension: MqmDimension;
  /** One of MQM_SUBTYPES[dimension], or '' when the dimension has none or it was not chosen. */
  subtype: string;
  severity: Severity;
  /** The suggested correction that replaces the quoted text; '' when none. */
  correction: string;
}

/** Selectors an annotation had before it was re-anchored to a changed text. */
export interface AnchorHistoryEntry {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  docHash: string;
  /** ISO time the entry was replaced. */
  replacedAt: string;
}

/** A reply in an annotation's thread (Hypothesis replies become these, not new highlights). */
export interface AnnotationReply {
  id: string;
  author: string;
  text: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
}

/**
 * Set when a re-anchor found the annotation on different words than it was made on: the annotation
 * followed an edit of the text, and a person should check that the verdict still holds.
 */
export interface TextChange {
  before: string;
  after: string;
  /** ISO time of the re-anchor. */
  at: string;
}

export interface Annotation {
  id: string;
  docId: string;
  kind: AnnotationKind;
  /** Set for claims, null for translation errors. */
  verdict: Verdict | null;
  /** Set for translation errors, null for claims. */
  translation: TranslationErrorData | null;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  /** sha256 (hex) of the document text the selectors were made against. */
  docHash: string;
  /** True when the last anchoring found no trustworthy place for it. Never deleted for that. */
  orphan: boolean;
  note: string;
  sources: Source[];
  author: string;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  history: AnchorHistoryEntry[];
  // Optional fields, absent on annotations that do not need them (files from before they existed
  // read unchanged).
  /** Replies to this annotation, oldest first. */
  replies?: AnnotationReply[];
  /** The quoted words changed on the last re-anchor; cleared when a person reviews it. */
  textChanged?: TextChange;
  /** For an unplaced import: the ids of the documents it could belong to, for a person to choose. */
  candidates?: string[];
  /** A claim's own published fact-check address (ClaimReview `url`), overriding Settings' base URL. */
  publishedUrl?: string;
  // Workflow and link (docs/adr/0018-claim-workflow-and-linked-claims.md); absent = WORKFLOW_DEFAULTS.
  status?: ClaimStatus;
  assignee?: string;
  due?: string;
  claimId?: string;
  claimWording?: string;
  /** Fields a newer Claimdesk wrote that this version does not know: kept and written back on export. */
  extensions?: Record<string, unknown>;
}

export const CONTEXT_LENGTH = 32;

/**
 * Where a claim is in the desk's work, in the order a claim usually moves. `needs-second-look` sends a
 * claim back for another reviewer. Only `checked` and `published` claims leave the app as ClaimReview.
 */
export const CLAIM_STATUSES = ['to-check', 'in-progress', 'checked', 'published', 'needs-second-look'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Readonly<Record<ClaimStatus, string>> = {
  'to-check': 'To check',
  'in-progress': 'In progress',
  checked: 'Checked',
  published: 'Published',
  'needs-second-look': 'Needs second look',
};
/** Statuses whose claims may be published as ClaimReview. */
export const PUBLISHABLE_STATUSES: readonly ClaimStatus[] = ['checked', 'published'];

/**
 * The workflow and link fields and their values when absent. They are optional on the stored record so
 * that annotations stored or exported before they existed read unchanged; read them through
 * `workflowOf` (or `editableValuesOf`), never as `a.status` directly.
 */
export interface WorkflowFields {
  status: ClaimStatus;
  /** The assigned reviewer's id (`reviewerId(name)`), or '' when nobody is assigned. */
  assignee: string;
  /** ISO date (YYYY-MM-DD) the check is due, or ''. */
  due: string;
  /** The linked claim this annotation is an appearance of; '' when unlinked. Appearances share it. */
  claimId: string;
  /** The claim's canonical wording, the same on every appearance of a linked claim ('' when none). */
  claimWording: string;
}
export const WORKFLOW_DEFAULTS: Readonly<WorkflowFields> = { status: 'to-check', assignee: '', due: '', claimId: '', claimWording: '' };
export const WORKFLOW_FIELDS = ['status', 'assignee', 'due', 'claimId', 'claimWording'] as const;

export function workflowOf(a: Partial<WorkflowFields>): WorkflowFields {
  return {
    status: a.status ?? WORKFLOW_DEFAULTS.status,
    assignee: a.assignee ?? '',
    due: a.due ?? '',
    claimId: a.claimId ?? '',
    claimWording: a.claimWording ?? '',
  };
}

export function statusOf(a: Partial<WorkflowFields>): ClaimStatus {
  return a.status ?? WORKFLOW_DEFAULTS.status;
}

export function isClaimStatus(value: unknown): value is ClaimStatus {
  return typeof value === 'string' && (CLAIM_STATUSES as readonly string[]).includes(value);
}

export function describeStatus(status: ClaimStatus | undefined): string {
  return CLAIM_STATUS_LABELS[status ?? WORKFLOW_DEFAULTS.status];
}

/** Whether an annotation may be published as ClaimReview: a claim whose status allows it. */
export function isPublishable(a: Pick<Annotation, 'kind'> & Partial<WorkflowFields>): boolean {
  return a.kind === 'claim' && PUBLISHABLE_STATUSES.includes(statusOf(a));
}

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && (VERDICTS as readonly string[]).includes(value);
}

export function isAnnotationKind(value: unknown): value is AnnotationKind {
  return typeof value === 'string' && (ANNOTATION_KINDS as readonly string[]).includes(value);
}

export function createSource(partial: Partial<Source> = {}): Source {
  return { url: partial.url ?? '', title: partial.title ?? '', accessed: partial.accessed ?? '', quote: partial.quote ?? '' };
}

export function createTranslationErrorData(partial: Partial<TranslationErrorData> = {}): TranslationErrorData {
  return {
    dimension: partial.dimension ?? 'accuracy',
    subtype: partial.subtype ?? 'mistranslation',
    severity: partial.severity ?? 'major',
    correction: partial.correction ?? '',
  };
}

export interface CreateAnnotationInput {
  id: string;
  docId: string;
  kind: AnnotationKind;
  verdict?: Verdict | null;
  translation?: TranslationErrorData | null;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  docHash: string;
  author: string;
  /** ISO time; injected so callers (and tests) control the clock. */
  now: string;
  note?: string;
  sources?: Source[];
}

export function createAnnotation(input: CreateAnnotationInput): Annotation {
  const isClaim = input.kind === 'claim';
  const isError = input.kind === 'translation-error';
  return {
    id: input.id,
    docId: input.docId,
    kind: input.kind,
    verdict: isClaim ? (input.verdict ?? 'contested') : null,
    translation: isError ? (input.translation ?? createTranslationErrorData()) : null,
    quote: input.quote,
    position: input.position,
    docHash: input.docHash,
    orphan: false,
    note: input.note ?? '',
    sources: input.sources ?? [],
    author: input.author,
    createdAt: input.now,
    updatedAt: input.now,
    history: [],
  };
}

/** Sorts annotations in reading order: by start, longer (enclosing) first, then by id for stability. */
export function compareByTextOrder(a: Annotation, b: Annotation): number {
  if (a.orphan !== b.orphan) return a.orphan ? 1 : -1;
  return a.position.start - b.position.start || b.position.end - a.position.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A label a person reads: "Contested claim", "Translation error", "Comment". */
export function describeKind(a: Pick<Annotation, 'kind' | 'verdict'>): string {
  if (a.kind === 'translation-error') return 'Translation error';
  if (a.kind === 'comment') return 'Comment';
  const v = a.verdict ?? 'contested';
  return `${v[0]!.toUpperCase()}${v.slice(1)} claim`;
}

/** Turns a comment into a claim with the given verdict (the note, sources and thread stay). */
export function commentToClaim(a: Annotation, verdict: Verdict, now: string): Annotation {
  if (a.kind !== 'comment') throw new Error(`commentToClaim: ${a.id} is a ${a.kind}, not a comment`);
  return { ...a, kind: 'claim', verdict, translation: null, updatedAt: now };
}
