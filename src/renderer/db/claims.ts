// Reads for linked claims: the appearances of a claim, wherever they are stored. Each bucket row lists
// the claims of its items in a multi-entry index (`claimIds`, schema version 3), so only the rows that
// hold an appearance are read, whatever the size of the store.
import type { Annotation } from '../../core/model';
import type { ClaimdeskDb } from './schema';

/** Every appearance of the claim (all annotations with this claim id), in storage order. */
export async function readClaimAppearances(db: ClaimdeskDb, claimId: string): Promise<Annotation[]> {
  if (claimId === '') return [];
  const rows = await db.buckets.where('claimIds').equals(claimId).toArray();
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return rows.flatMap((r) => r.items.filter((a) => a.claimId === claimId));
}
