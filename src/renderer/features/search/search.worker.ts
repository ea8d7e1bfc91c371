// The search worker: holds the library's search index off the window's thread and keeps it up to
// date. The window sends the whole list of documents (details and text hashes, no texts) and of
// annotations whenever either changes; only those that differ (new, gone, text hash or update time
// changed) are re-indexed. Texts are read from the app's database here; the window is asked only
// for the others (the corpus files). The index is saved (a few seconds after the last change) and
// loaded on the next start when the documents are the same, instead of being built again. Once the
// index is ready, the texts are folded in the background, so the first "all occurrences" is fast.
import { findOccurrences, findOccurrencesInCorpus, findSimilarPassages, SearchIndex, unpackCounted } from '../../../core/search';
import type { CountedText, SearchableDocument, SearchResults, SearchSteps } from '../../../core/search';
import type { CountRequest, CountResponse, IndexedAnnotation, IndexedDocument, SearchRequest, SearchResponse } from './search-protocol';
import { readStoredTexts } from './library-texts';
import { readSavedIndex, writeSavedIndex } from './saved-index';
import { writeSharedAnswer } from './shared-answer';

const SAVE_DELAY_MS = 3000;
// How long the worker waits for the window to send texts it asked for before going on without them.
const TEXTS_TIMEOUT_MS = 10_000;
// Milliseconds of folding per background step: a query arriving meanwhile waits at most about this long.
const FOLD_STEP_MS = 3;
// Background folding pauses this long after a query.
const FOLD_PAUSE_MS = 2000;
// A key press is answered with this many result documents (the panel's first screenful); more are
// listed when the panel asks ('more', as its results are scrolled), up to MAX_RESULTS.
const FIRST_RESULTS = 4;
const MAX_RESULTS = 50;
/** Of every HELPER_OF texts of a large build, the first HELPER_SHARE go to the helper (see indexDocuments). */
const HELPER_OF = 12;
const HELPER_SHARE = 5;
// Documents from which a build is shared with the helper thread (below that, starting it costs more).
const SHARE_FROM = 200;
// The saved index is loaded, and the documents that differ indexed, when at least this share of the
// documents (saved or listed, whichever are more) are as it has them; below, it is built again.
const REUSE_SHARE = 0.75;
// Candidates a step may check for a phrase (a phrase in none of them would otherwise check every one).
const EXAMINE_STEP = 150;

type FullDocument = SearchableDocument & { hash: string };

let index = new SearchIndex();
let docHashes = new Map<string, string>();
let annotationTimes = new Map<string, string>();
let started = false;
let restored = false;
/** Why the start restored or built (in the 'indexed' message, for the benchmark and debugging). */
let startNote = '';
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let savePending = false;
// Postings read per step of a save: 2,000 articles took 349 steps of 1.6 ms on average here (ADR 0017).
const SAVE_STEP_POSTINGS = 10_000;
const SAVE_STEP_WAIT_MS = 20;
/** A message is being handled (it may be waiting on the database, between its synchronous parts). */
let handling = false;
let foldTimer: ReturnType<typeof setTimeout> | undefined;
/** The newest query asked (set as its message arrives): older queries stop listing. */
let latestSearch = 0;
let lastQueryAt = -Infinity;
/** Memory shared with the window for first answers, where the page allows it (shared-answer.ts). */
let sharedAnswers: SharedArrayBuffer | null = null;

function post(m: SearchResponse): void {
  (self as unknown as Worker).postMessage(m);
}

// ---------- texts: from the database, else from the window ----------
let textsWaiting: { ids: Set<string>; resolve(docs: Map<string, FullDocument>): void } | null = null;

function askWindow(ids: string[]): Promise<Map<string, FullDocument>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(new Map()), TEXTS_TIMEOUT_MS);
    const finish = (docs: Map<string, FullDocument>) => {
      clearTimeout(timer);
      textsWaiting = null;
      resolve(docs);
    };
    textsWaiting = { ids: new Set(ids), resolve: finish };
    post({ type: 'need-texts', ids });
  });
}

/** The listed documents with their texts, for those whose text is needed (new or changed). */
async function withTexts(docs: IndexedDocument[], needed: (d: IndexedDocument) => boolean): Promise<FullDocument[]> {
  const out: FullDocument[] = [];
  const lacking = docs.filter((d) => d.text === undefined && needed(d));
  const stored = await readStoredTexts(lacking.map((d) => d.id));
  const fromWindow = lacking.filter((d) => stored.get(d.id)?.hash !== d.hash).map((d) => d.id);
  const sent = fromWindow.length ? await askWindow(fromWindow) : new Map<string, FullDocument>();
  for (const d of docs) {
    if (!needed(d)) continue;
    if (d.text !== undefined) out.push(d as FullDocument);
    else if (stored.get(d.id)?.hash === d.hash) out.push({ ...d, text: stored.get(d.id)!.text });
    else if (sent.get(d.id)?.hash === d.hash) out.push(sent.get(d.id)!);
    // Otherwise no text to be had now: the document stays as it was indexed until the next list.
  }
  return out;
}

// ---------- index ----------
/**
 * The documents whose texts are as the saved index has them, when they are enough of the library for
 * the saved index to serve (REUSE_SHARE): the others are then indexed (new or changed) or dropped
 * (removed) as after any change, instead of building the whole index again. Null when too few.
 */
function savedStillFits(saved: Array<[string, string]>, docs: FullDocument[]): FullDocument[] | null {
  const want = new Map(saved);
  const same = docs.filter((d) => want.get(d.id) === d.hash);
  return same.length > 0 && same.length >= REUSE_SHARE * Math.max(saved.length, docs.length) ? same : null;
}

/** On the first list of documents: the saved index if it was built from exactly these texts. */
async function start(docs: FullDocument[]): Promise<void> {
  started = true;
  try {
    const saved = await readSavedIndex();
    const same = saved ? savedStillFits(saved.documents, docs) : null;
    const loaded = saved && same ? SearchIndex.load(saved.index, same) : null;
    const added = same ? docs.length - same.length : 0;
    const gone = same ? saved!.documents.length - same.length : 0;
    startNote = !saved
      ? 'no saved index'
      : !same
        ? `saved index of other documents (${saved.documents.length} saved, ${docs.length} listed)`
        : !loaded
          ? 'saved index of another version'
          : added || gone
            ? `restored; since it was saved, documents new or changed: ${added}, gone or changed: ${gone}`
            : 'restored';
    if (saved && same && loaded) {
      index = loaded;
      // The documents not loaded are new or changed: the sync that follows indexes them.
      docHashes = new Map(same.map((d) => [d.id, d.hash]));
      annotationTimes = new Map(saved.annotations);
      restored = true;
    }
  } catch (err) {
    // A saved index that cannot be read is rebuilt; it is only a cache.
    startNote = `saved index unreadable: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Saves a few seconds after the last change or query. The index's saved form is made a step at a
 * time (SAVE_STEP_POSTINGS), each step its own task, so a key pressed during a save is answered
 * after the current step (and, as any query does, puts the save off until 3 s after it): made at
 * once, a library of 2,000 articles held the worker up for 0.5 s in Node. A step waits while a
 * message is being handled; a change to the index since the first step starts the save again later.
 */
function scheduleSave(): void {
  clearTimeout(saveTimer);
  savePending = true;
  saveTimer = setTimeout(() => {
    const documents = [...docHashes];
    const annotations = [...annotationTimes];
    let t = performance.now();
    const saving = index.saveInSteps();
    let steps = 0;
    let ms = performance.now() - t;
    let longestStepMs = ms;
    // Which step was the longest (0: making the save's start), for the benchmark and debugging.
    let longestStepAt = 0;
    const step = () => {
      if (handling) {
        saveTimer = setTimeout(step, SAVE_STEP_WAIT_MS);
        return;
      }
      t = performance.now();
      const done = saving.step(SAVE_STEP_POSTINGS);
      const took = performance.now() - t;
      steps++;
      ms += took;
      if (took > longestStepMs) {
        longestStepMs = took;
        longestStepAt = steps;
      }
      // Changed meanwhile: saved later (a change also schedules it; MiniSearch vacuuming does not).
      if (done === 'changed') return scheduleSave();
      if (done === null) {
        saveTimer = setTimeout(step, 0);
        return;
      }
      savePending = false;
      void writeSavedIndex({ documents, annotations, index: done })
        .then((writeMs) => post({ type: 'saved', documents: documents.length, steps, ms: Math.round(ms), longestStepMs: Math.round(longestStepMs), longestStepAt, writeMs: Math.round(writeMs) }))
        .catch(() => undefined);
    };
    step();
  }, SAVE_DELAY_MS);
}

/**
 * Queries to run once the index is ready: a few of the library's own words typed a letter at a time,
 * and a phrase. V8 compiles a function fully only after it has run a while, so the first keys of a
 * session took several times as long as later ones; running these first means a person's
 * first key finds the search already compiled. Their results are thrown away. Once per worker: the
 * compiled code stays, so later changes to the library (every import) do not run them again.
 */
let warmedUp = false;
function warmUpQueries(): string[] {
  if (warmedUp) return [];
  warmedUp = true;
  const ids = index.documentIds();
  const doc = ids.length ? index.document(ids[ids.length >> 1]!) : undefined;
  const words = [...new Set(doc?.text.slice(0, 4000).match(/[\p{L}\p{N}]{4,}/gu) ?? [])].slice(0, 8);
  const typed = (q: string) => [...q].map((_, i) => q.slice(0, i + 1));
  return [...words.flatMap(typed), ...(words.length > 1 ? typed(`"${words[0]} ${words[1]}"`) : [])];
}

/**
 * Work done between messages once the index is ready: the warm-up queries, then folding the texts
 * a few documents at a time until all are folded. Both wait while someone types.
 */
function scheduleFolding(): void {
  clearTimeout(foldTimer);
  const warmUp = warmUpQueries();
  const ids = index.documentIds();
  let at = 0;
  const step = () => {
    // While someone types, this waits: a query folds the documents it reads itself.
    const sinceQuery = performance.now() - lastQueryAt;
    if (sinceQuery < FOLD_PAUSE_MS) {
      foldTimer = setTimeout(step, FOLD_PAUSE_MS - sinceQuery);
      return;
    }
    const q = warmUp.shift();
    if (q !== undefined) index.searchInSteps(q).results(FIRST_RESULTS, EXAMINE_STEP);
    else for (const until = performance.now() + FOLD_STEP_MS; at < ids.length && performance.now() < until; at++) index.foldedDocument(ids[at]!);
    if (at < ids.length) foldTimer = setTimeout(step, 0);
  };
  foldTimer = setTimeout(step, 0);
}

// ---------- a helper thread for large builds ----------
// A worker started from this one is set up by this worker's thread: started just before a long
// synchronous build, it could only boot once the build was over. So it is started while the texts
// are read (which waits on the database); if it has not said it is ready by then, the build waits for
// it, up to HELPER_BOOT_WAIT_MS (a short read, of small texts, can end before it has booted), and
// without it is done here.
const HELPER_BOOT_WAIT_MS = 1000;
let helper: { worker: Worker; ready: boolean; booted: Promise<void> } | null | undefined;
let helperAsks = 0;
const helperWaiting = new Map<number, (counted: CountedText[] | null) => void>();

/** Starts the word-counting helper (count.worker), once. */
function startHelper(): void {
  if (helper !== undefined) return;
  try {
    const worker = new Worker(new URL('./count.worker.ts', import.meta.url), { type: 'module', name: 'claimdesk-search-count' });
    let booted = () => {};
    const h = { worker, ready: false, booted: new Promise<void>((resolve) => (booted = resolve)) };
    const fail = () => {
      booted();
      // A helper that fails is not asked again: this worker counts everything itself.
      for (const done of helperWaiting.values()) done(null);
      helperWaiting.clear();
      worker.terminate();
      helper = null;
    };
    worker.onmessage = (e: MessageEvent<CountResponse>) => {
      const m = e.data;
      if ('ready' in m) {
        h.ready = true;
        booted();
      }
      else if ('error' in m) fail();
      else {
        helperWaiting.get(m.id)?.(unpackCounted(m.counted));
        helperWaiting.delete(m.id);
      }
    };
    worker.onerror = fail;
    helper = h;
  } catch {
    helper = null;
  }
}

/** The helper's counts of these texts, or null if it failed (the caller counts them). */
function countElsewhere(worker: Worker, texts: string[]): Promise<CountedText[] | null> {
  const id = ++helperAsks;
  return new Promise((resolve) => {
    helperWaiting.set(id, (counted) => resolve(counted && counted.length === texts.length ? counted : null));
    worker.postMessage({ id, texts } satisfies CountRequest);
  });
}

/**
 * Indexes new and changed documents. A large batch (a first start, a big import) is read by two
 * threads: the helper counts the words of most texts while this worker reads the rest, then
 * they go into the index with the helper's counts (ADR 0017).
 */
async function indexDocuments(changed: FullDocument[]): Promise<string> {
  const large = changed.length >= SHARE_FROM;
  const tBoot = performance.now();
  if (large && helper && !helper.ready) await Promise.race([helper.booted, new Promise((resolve) => setTimeout(resolve, HELPER_BOOT_WAIT_MS))]);
  const booting = msSince(tBoot);
  const t0 = performance.now();
  const worker = large && helper?.ready ? helper.worker : null;
  if (!worker) {
    index.setDocuments(changed);
    return `indexed ${msSince(t0)} ms${large ? ` (helper ${helper === null ? 'failed' : `not ready after ${booting} ms`})` : ''}`;
  }
  // Five in twelve to the helper. This worker also puts every count into the index, which the helper
  // does not, and the helper must first receive its texts: at one in two this worker waited for it
  // 0.4–0.6 s; at five in twelve 26–126 ms, and builds took 3.9–4.3 s instead of 4.3–5.2 s (ADR 0017).
  const there = changed.filter((_, i) => i % HELPER_OF < HELPER_SHARE);
  const counting = countElsewhere(worker, there.map((d) => d.text));
  const tSent = performance.now();
  index.setDocuments(changed.filter((_, i) => i % HELPER_OF >= HELPER_SHARE));
  const t1 = performance.now();
  const counted = await counting;
  const t2 = performance.now();
  index.setDocuments(there, counted ? new Map(there.map((d, i) => [d.id, counted[i]!])) : undefined);
  return `${booting ? `waited ${booting} ms for the helper to start, ` : ''}texts sent to the helper ${msSince(t0, tSent)} ms, own share ${msSince(tSent, t1)} ms, waited for the helper ${msSince(t1, t2)} ms, its counts added ${msSince(t2)} ms${counted ? '' : ' (helper failed: counted here)'}`;
}

/** Whole milliseconds from `from` to `to` (now). */
function msSince(from: number, to = performance.now()): number {
  return Math.round(to - from);
}

async function syncDocuments(listed: IndexedDocument[], docs: FullDocument[]): Promise<{ changed: boolean; stages: string }> {
  const changed = docs.filter((d) => docHashes.get(d.id) !== d.hash);
  const stages = changed.length ? await indexDocuments(changed) : '';
  for (const d of changed) docHashes.set(d.id, d.hash);
  const seen = new Set(listed.map((d) => d.id));
  let removed = false;
  for (const id of [...docHashes.keys()]) {
    if (seen.has(id)) continue;
    // Annotations of a removed document stay until the annotation list says they are gone.
    index.removeDocument(id, { keepAnnotations: true });
    docHashes.delete(id);
    removed = true;
  }
  return { changed: changed.length > 0 || removed, stages };
}

function syncAnnotations(items: IndexedAnnotation[]): boolean {
  const changed = items.filter((a) => annotationTimes.get(a.id) !== a.updatedAt);
  index.setAnnotations(changed);
  for (const a of changed) annotationTimes.set(a.id, a.updatedAt);
  const seen = new Set(items.map((a) => a.id));
  let removed = false;
  for (const id of [...annotationTimes.keys()]) {
    if (seen.has(id)) continue;
    index.removeAnnotation(id);
    annotationTimes.delete(id);
    removed = true;
  }
  return changed.length > 0 || removed;
}

/** Whether a list is complete: as long as it may be, or every candidate checked (none left uncounted). */
function listed(r: SearchResults, max: number): boolean {
  return r.groups.length >= max || r.totalDocuments === r.groups.length;
}

/** The newest query's listing, kept so that scrolling its results can ask for more ('more'). */
let current: { id: number; steps: SearchSteps } | null = null;

/**
 * Sends the query's first screenful. A phrase can need more than one step to find it: steps go on,
 * each its own task, until it is found or every candidate is checked, unless a newer query came.
 */
function sendFirstScreen(id: number, steps: SearchSteps, t0: number): void {
  let ms = 0;
  let from = t0;
  const step = () => {
    if (id !== latestSearch) return;
    const results = steps.results(FIRST_RESULTS, EXAMINE_STEP);
    ms += performance.now() - from;
    if (listed(results, FIRST_RESULTS)) {
      const final = listed(results, MAX_RESULTS);
      // The window may be waiting for it in the key's handler: shared memory first, then the message
      // (which the window drops if it took the answer from shared memory).
      if (sharedAnswers) writeSharedAnswer(sharedAnswers, id, { results, ms, final });
      post({ type: 'results', id, results, ms, final });
    }
    else
      setTimeout(() => {
        from = performance.now();
        step();
      }, 0);
  };
  step();
}

async function handle(m: SearchRequest): Promise<void> {
  const t0 = performance.now();
  try {
    if (m.type === 'documents' || m.type === 'annotations') {
      let changed: boolean;
      if (m.type === 'documents') {
        // A start needs every text (the saved index is checked against all of them); later, the changed ones.
        const first = !started;
        // A large list: the helper boots while the texts are read.
        if (m.docs.length >= SHARE_FROM) startHelper();
        const docs = await withTexts(m.docs, (d) => first || docHashes.get(d.id) !== d.hash);
        const read = msSince(t0);
        if (first) await start(docs);
        const synced = await syncDocuments(m.docs, docs);
        changed = synced.changed;
        // Where the time went, for the benchmark and debugging: texts read, then the indexing stages.
        if (first) startNote += `; texts read ${read} ms${synced.stages ? `; ${synced.stages}` : ''}`;
        if (changed || first) scheduleFolding();
      } else changed = syncAnnotations(m.items);
      if (changed) scheduleSave();
      post({ type: 'indexed', documents: docHashes.size, annotations: annotationTimes.size, restored, note: startNote, ms: performance.now() - t0 });
    } else if (m.type === 'search') {
      // Someone is typing: the save waits until they stop.
      if (savePending) scheduleSave();
      const steps = index.searchInSteps(m.query);
      current = { id: m.id, steps };
      // The first screenful goes at once; the rest of the list only when the results are scrolled to it.
      sendFirstScreen(m.id, steps, t0);
    } else if (m.type === 'more') {
      // Only the newest query is listed further; an older one's results are already gone from the panel.
      if (current?.id !== m.id) return;
      const results = current.steps.results(Math.min(MAX_RESULTS, m.n));
      post({ type: 'results', id: m.id, results, ms: performance.now() - t0, final: listed(results, MAX_RESULTS) });
    } else if (m.type === 'similar') {
      const passages = findSimilarPassages(index, m.claim, { limit: m.limit });
      post({ type: 'similar', id: m.id, passages, ms: performance.now() - t0 });
    } else if (m.type === 'occurrences') {
      // The worker's folded copies of the texts serve again for the next selection.
      const folded = (docId: string) => (m.options.exact ? null : index.foldedDocument(docId));
      const doc = m.docId === null ? null : index.document(m.docId);
      const occurrences =
        m.docId === null
          ? findOccurrencesInCorpus(index.documentIds().map((id) => index.document(id)!), m.phrase, m.options, folded)
          : doc
            ? findOccurrences(doc, m.phrase, m.options, folded(doc.id) ?? undefined)
            : [];
      post({ type: 'occurrences', id: m.id, occurrences, ms: performance.now() - t0 });
    }
  } catch (err) {
    post({ type: 'error', id: 'id' in m ? m.id : null, message: err instanceof Error ? err.message : String(err) });
  }
}

// One message at a time, in order: reading texts and the saved index is asynchronous. Texts the
// worker asked for are taken at once (the message that asked is still being handled).
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<SearchRequest>) => {
  const m = e.data;
  if (m.type === 'search') {
    latestSearch = m.id;
    lastQueryAt = performance.now();
  }
  if (m.type === 'shared') {
    sharedAnswers = m.buffer;
    return;
  }
  if (m.type === 'texts') {
    if (textsWaiting) textsWaiting.resolve(new Map(m.docs.filter((d) => textsWaiting!.ids.has(d.id)).map((d) => [d.id, d])));
    return;
  }
  queue = queue.then(async () => {
    handling = true;
    try {
      await handle(m);
    } finally {
      handling = false;
    }
  });
};
