// Reads for linked claims: the appearances of a claim, wherever they are stored. A linked claim's
// appearances may sit in any document, so these scan every bucket; they run only for linked
// annotations (an edit of a shared field, the panel of a linked claim), never per keystroke of a note.
import type { Annotation } from '../../core/model';
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
