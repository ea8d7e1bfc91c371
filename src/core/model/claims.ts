// Linked claims: several annotations (in one or many documents) that are appearances of one claim.
// They share a claim id and the claim's values (verdict, status, sources, wording, assignee, due; for
// translation errors the MQM data), copied onto every appearance; each keeps its own quote, note and
// selectors. Linking, unlinking and editing a shared value are field patches over every appearance,
// written in one transaction (see docs/adr/0018-claim-workflow-and-linked-claims.md).
import { workflowOf, type Annotation } from './annotation';
import { editableValuesOf, type AnnotationPatch, type EditableField, type EditableValues } from './edit';

/** The fields every appearance of a linked claim holds the same value of. */
export const LINKED_FIELDS = ['kind', 'verdict', 'translation', 'status', 'assignee', 'due', 'sources', 'claimWording'] as const satisfies readonly EditableField[];
export type LinkedField = (typeof LINKED_FIELDS)[number];

export function isLinkedField(field: string): field is LinkedField {
  return (LINKED_FIELDS as readonly string[]).includes(field);
}

export function isLinked(a: Annotation): boolean {
  return workflowOf(a).claimId !== '';
}

/** The shared values of an annotation, as its appearances hold them. */
export function sharedValuesOf(a: Annotation): Pick<EditableValues, LinkedField> {
  const v = editableValuesOf(a);
  return Object.fromEntries(LINKED_FIELDS.map((f) => [f, v[f]])) as Pick<EditableValues, LinkedField>;
}

/** The linked fields a patch sets, with their values: what the other appearances must receive. */
export function linkedPart(set: Partial<EditableValues>): Partial<EditableValues> {
  return Object.fromEntries(Object.entries(set).filter(([f]) => isLinkedField(f))) as Partial<EditableValues>;
}

/** The other appearances of `a`'s claim among `all` (none when `a` is not linked). */
export function appearancesOf(a: Annotation, all: Iterable<Annotation>): Annotation[] {
  const claimId = workflowOf(a).claimId;
  if (claimId === '') return [];
  const out: Annotation[] = [];
  for (const x of all) if (x.id !== a.id && workflowOf(x).claimId === claimId) out.push(x);
  return out;
}

/** Why these annotations cannot be one claim, or null when they can. */
export function linkProblem(members: readonly Annotation[]): string | null {
  if (members.length < 2) return 'choose at least two passages to link';
  const kinds = new Set(members.map((m) => m.kind));
  if (kinds.size > 1) return 'a claim and a translation error cannot be linked (they record different things)';
  if (kinds.has('comment')) return 'comments cannot be linked; turn them into claims first';
  return null;
}

/**
 * The patches that make `members` appearances of one claim: each takes the claim id, the wording and
 * `leader`'s shared values; nothing else of it changes (quote, note, selectors stay its own). Members
 * already linked to other claims are moved into this one, so pass their whole groups to move them
 * together. The claim id is the leader's own when it is already linked, else `newClaimId`.
 */
export function planLink(members: readonly Annotation[], leader: Annotation, newClaimId: string, wording?: string): AnnotationPatch[] {
  const problem = linkProblem(members.some((m) => m.id === leader.id) ? members : [leader, ...members]);
  if (problem) throw new Error(`planLink: ${problem}`);
  const claimId = workflowOf(leader).claimId || newClaimId;
  const shared = sharedValuesOf(leader);
  const claimWording = wording ?? (shared.claimWording || leader.quote.exact);
  const all = members.some((m) => m.id === leader.id) ? members : [leader, ...members];
  return all.map((m) => ({ id: m.id, set: { ...shared, claimWording, claimId } }));
}

/**
 * The patches that take `a` out of its claim: its claim id is cleared and it keeps a copy of the shared
 * values. When only one appearance would be left, that one is unlinked too (a claim of one is no link).
 */
export function planUnlink(a: Annotation, others: readonly Annotation[]): AnnotationPatch[] {
  if (!isLinked(a)) return [];
  const patches: AnnotationPatch[] = [{ id: a.id, set: { claimId: '' } }];
  if (others.length === 1) patches.push({ id: others[0]!.id, set: { claimId: '' } });
  return patches;
}

/** The shared fields whose values differ between appearances (after a merge of edits made apart). */
export function divergentFields(appearances: readonly Annotation[]): LinkedField[] {
  if (appearances.length < 2) return [];
  const values = appearances.map(sharedValuesOf);
  return LINKED_FIELDS.filter((f) => values.some((v) => JSON.stringify(v[f]) !== JSON.stringify(values[0]![f])));
}

/** One claim as exports see it: its appearances in a stable order (by document, then text order). */
export interface ClaimGroup {
  /** The shared claim id, or the annotation's own id for an unlinked one. */
  key: string;
  linked: boolean;
  appearances: Annotation[];
}

/**
 * Groups annotations into claims: linked appearances together (in the order first met, each group
 * ordered as given), every unlinked annotation its own group. Order follows the first appearance.
 */
export function groupClaims(annotations: readonly Annotation[]): ClaimGroup[] {
  const groups: ClaimGroup[] = [];
  const byClaim = new Map<string, ClaimGroup>();
  for (const a of annotations) {
    const claimId = workflowOf(a).claimId;
    if (claimId === '') {
      groups.push({ key: a.id, linked: false, appearances: [a] });
      continue;
    }
    let g = byClaim.get(claimId);
    if (!g) {
      g = { key: claimId, linked: true, appearances: [] };
      byClaim.set(claimId, g);
      groups.push(g);
    }
    g.appearances.push(a);
  }
  return groups;
}
