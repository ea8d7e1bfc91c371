// Reads for linked claims: the appearances of a claim, wherever they are stored. A linked claim's
// appearances may sit in any document, so this reads every annotation (through reads.ts, so it follows
// whatever the storage layout is); it runs only for linked annotations (an edit of a shared field, the
// panel of a linked claim), never per keystroke of a note.
import type { Annotation } from '../../core/model';
import { readAllAnnotations } from './reads';
import type { ClaimdeskDb } from './schema';

/** Every appearance of the claim (all annotations with this claim id), in storage order. */
export async function readClaimAppearances(db: ClaimdeskDb, claimId: string): Promise<Annotation[]> {
  if (claimId === '') return [];
  return (await readAllAnnotations(db)).filter((a) => a.claimId === claimId);
}
