// Reading the store again as if another window had just written to it. Dexie tells the other windows
// about a write when the writing window sees its transaction complete; a window that closes right
// after writing (its typing saved on its way out) may not live to see that, and the others kept
// showing what was there before (CI under load: a note closed mid-sentence stayed cut in the other
// window). A window that notices another one gone calls this.
import { Dexie, RangeSet } from 'dexie';
import type { ClaimdeskDb } from './schema';

// The DOM event Dexie 4.4 handles as "changed in another window" (dexie.mjs,
// STORAGE_MUTATED_DOM_EVENT_NAME): every live query whose data it names reads again, its cached
// result dropped; Dexie.on('storagemutated') listeners (the annotation watch) hear it too.
const DEXIE_MUTATED_ELSEWHERE = 'x-storagemutated-1';

export function rereadStore(db: Pick<ClaimdeskDb, 'name'>): void {
  if (typeof dispatchEvent !== 'function' || typeof CustomEvent !== 'function') return;
  const detail = { all: true, [`idb://${db.name}/buckets/`]: new RangeSet(Dexie.minKey, Dexie.maxKey) };
  dispatchEvent(new CustomEvent(DEXIE_MUTATED_ELSEWHERE, { detail }));
}
