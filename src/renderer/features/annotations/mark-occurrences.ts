// "All occurrences", confirmed: the occurrences a person ticked become one linked claim, or translation
// errors that share category, severity and correction (linked, so a fix made once applies to all). An
// occurrence already marked the same way at exactly those words joins the link instead of being marked
// twice. Pure: the caller writes the result in one transaction.
import { describe as describeRange } from '../../../core/anchoring';
import {
  createAnnotation,
  sharedValuesOf,
  type Annotation,
  type AnnotationPatch,
  type CorpusDocument,
  type TranslationErrorData,
  type Verdict,
} from '../../../core/model';

export interface OccurrencePlace {
  docId: string;
  start: number;
  end: number;
}

export type OccurrenceMark = { kind: 'claim'; verdict: Verdict } | { kind: 'translation-error'; translation: TranslationErrorData };

export interface OccurrencePlan {
  created: Annotation[];
  /** Existing annotations on exactly those words, joined to the link. */
  joined: AnnotationPatch[];
  /** Places whose document text is not at hand (not loaded): left out, and said. */
  skipped: OccurrencePlace[];
}

export function planOccurrenceMarks(input: {
  places: readonly OccurrencePlace[];
  documents: readonly Pick<CorpusDocument, 'id' | 'text' | 'hash'>[];
  existing: readonly Annotation[];
  mark: OccurrenceMark;
  wording: string;
  author: string;
  now: string;
  newId(): string;
}): OccurrencePlan {
  const { places, documents, existing, mark, wording, author, now, newId } = input;
  const claimId = places.length > 1 ? newId() : '';
  const created: Annotation[] = [];
  const joined: AnnotationPatch[] = [];
  const skipped: OccurrencePlace[] = [];
  for (const p of places) {
    const doc = documents.find((d) => d.id === p.docId);
    if (!doc || !doc.text) {
      skipped.push(p);
      continue;
    }
    const same = existing.find((a) => a.docId === p.docId && !a.orphan && a.kind === mark.kind && a.position.start === p.start && a.position.end === p.end);
    const shared = {
      kind: mark.kind,
      verdict: mark.kind === 'claim' ? mark.verdict : null,
      translation: mark.kind === 'translation-error' ? mark.translation : null,
      ...(claimId ? { claimId, claimWording: wording } : {}),
    };
    if (same) {
      // It keeps its own note; the mark's values (and the link) are set on it.
      joined.push({ id: same.id, set: shared });
      continue;
    }
    const { quote, position } = describeRange(doc.text, { start: p.start, end: p.end });
    const a = createAnnotation({
      id: newId(),
      docId: doc.id,
      kind: mark.kind,
      verdict: mark.kind === 'claim' ? mark.verdict : null,
      translation: mark.kind === 'translation-error' ? mark.translation : null,
      quote,
      position,
      docHash: doc.hash,
      author,
      now,
    });
    created.push(claimId ? { ...a, claimId, claimWording: wording } : a);
  }
  // Every appearance of a linked claim holds the same shared values: joined ones take the new ones'.
  if (claimId && created.length && joined.length) {
    const values = sharedValuesOf(created[0]!);
    for (const j of joined) j.set = { ...values, claimId, claimWording: wording };
  }
  return { created, joined, skipped };
}
