// Accepting a similar passage (issue 14): the passage becomes another appearance of the selected claim.
// Words already annotated at exactly that place are linked as they are (Workspace.link brings their own
// claim along); otherwise a new annotation is made there the way confirmed occurrences are made
// (planOccurrenceMarks: quote, prefix, suffix and position) and linked with the claim, so it takes the
// claim's shared values and keeps its own quote and an empty note. Pure: the caller writes the plan in
// one transaction (one undo step).
import {
  applyPatch,
  createTranslationErrorData,
  linkProblem,
  planLink,
  workflowOf,
  type Annotation,
  type AnnotationPatch,
  type CorpusDocument,
} from '../../../core/model';
import { planOccurrenceMarks, type OccurrencePlace } from '../annotations/mark-occurrences';

export type AcceptPlan =
  /** The passage's words are already this annotation: link it with the claim. */
  | { type: 'link-existing'; existing: Annotation }
  /** A new annotation on the passage, already holding the claim's shared values, and the claim's own patches. */
  | { type: 'create'; created: Annotation; patches: AnnotationPatch[] }
  | { type: 'refused'; reason: string };

/** The annotation at exactly this place, if any; one of the claim's kind first. */
export function annotationAt(place: OccurrencePlace, annotations: Iterable<Annotation>, kind?: Annotation['kind']): Annotation | undefined {
  let found: Annotation | undefined;
  for (const a of annotations) {
    if (a.docId !== place.docId || a.orphan || a.position.start !== place.start || a.position.end !== place.end) continue;
    if (a.kind === kind) return a;
    found ??= a;
  }
  return found;
}

/** True when the place is already an appearance of the claim (or the claim itself). */
export function isLinkedPlace(claim: Annotation, place: OccurrencePlace, annotations: Iterable<Annotation>): boolean {
  const claimId = workflowOf(claim).claimId;
  for (const a of annotations) {
    if (a.docId !== place.docId || a.orphan || a.position.start !== place.start || a.position.end !== place.end) continue;
    if (a.id === claim.id || (claimId !== '' && workflowOf(a).claimId === claimId)) return true;
  }
  return false;
}

export function planAcceptSimilar(input: {
  claim: Annotation;
  place: OccurrencePlace;
  /** The passage's document, with its text. */
  doc: Pick<CorpusDocument, 'id' | 'text' | 'hash'> | undefined;
  /** The annotations of the passage's document as stored now. */
  existing: readonly Annotation[];
  author: string;
  now: string;
  newId(): string;
}): AcceptPlan {
  const { claim, place, doc, existing, author, now, newId } = input;
  if (claim.orphan) return { type: 'refused', reason: 'the selected annotation is not anchored in its text' };
  const there = annotationAt(place, existing, claim.kind);
  if (there) {
    if (there.id === claim.id) return { type: 'refused', reason: 'that passage is the selected annotation itself' };
    const claimId = workflowOf(claim).claimId;
    if (claimId !== '' && workflowOf(there).claimId === claimId) return { type: 'refused', reason: 'that passage is already linked to this claim' };
    const problem = linkProblem([claim, there]);
    return problem ? { type: 'refused', reason: problem } : { type: 'link-existing', existing: there };
  }
  // A new appearance has the claim's kind, so only the claim's own kind can stand in the way.
  const problem = linkProblem([claim, { ...claim, id: '' }]);
  if (problem) return { type: 'refused', reason: problem };
  if (!doc || doc.id !== place.docId || !doc.text) return { type: 'refused', reason: 'the passage’s document is not at hand' };
  const mark = claim.kind === 'translation-error' ? { kind: 'translation-error' as const, translation: claim.translation ?? createTranslationErrorData() } : { kind: 'claim' as const, verdict: claim.verdict ?? 'contested' };
  const made = planOccurrenceMarks({ places: [place], documents: [doc], existing: [], mark, wording: claim.quote.exact, author, now, newId }).created[0];
  if (!made) return { type: 'refused', reason: 'the passage’s document is not at hand' };
  const patches = planLink([claim, made], claim, newId());
  const own = patches.find((p) => p.id === made.id)!;
  return { type: 'create', created: applyPatch(made, own, now), patches: patches.filter((p) => p.id !== made.id) };
}
