// Reads for linked claims: the appearances of a claim, wherever they are stored. A linked claim's
// appearances may sit in any document, so these scan every bucket; they run only for linked
// annotations (an edit of a shared field, the panel of a linked claim), never per keystroke of a note.
import { workflowOf, type Annotation } from '../../core/model';
import type { ClaimdeskDb } from './schema';

/** Every appearance of the claim (all annotations with this claim id), in storage order. */
export async function readClaimAppearances(db: ClaimdeskDb, claimId: string): Promise<Annotation[]> {
  if (claimId === '') return [];
  const out: Annotation[] = [];
  await db.buckets.each((row) => {
    for (const a of row.items) if (a.claimId === claimId) out.push(a);
  });
  return out;
}

/** The record with this id and the other appearances of its claim (none when it is not linked). */
export async function readWithAppearances(db: ClaimdeskDb, id: string): Promise<{ self: Annotation | null; others: Annotation[] }> {
  let self: Annotation | null = null;
  const byClaim = new Map<string, Annotation[]>();
  await db.buckets.each((row) => {
    for (const a of row.items) {
      if (a.id === id) self = a;
      const claimId = workflowOf(a).claimId;
      if (claimId !== '') {
        let list = byClaim.get(claimId);
        if (!list) byClaim.set(claimId, (list = []));
        list.push(a);
      }
    }
  });
  const found = self as Annotation | null;
  if (!found || !workflowOf(found).claimId) return { self: found, others: [] };
  return { self: found, others: (byClaim.get(workflowOf(found).claimId) ?? []).filter((a) => a.id !== id) };
}
