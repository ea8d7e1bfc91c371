// A query's first answer passed through shared memory, so the window can wait for it inside the
// handler of the key (a short, bounded wait) and draw it in the same frame as the key itself. A
// message takes a task of its own on the window's thread, and while the window draws the key that
// task waits: the results then came a frame after the key (ADR 0017). Shared memory needs a page that
// is cross-origin isolated (COOP and COEP headers); where it is not, answers come as messages only.
//
// Layout: Int32 [0] the id of the query whose answer is written (0: none yet), Int32 [1] its length
// in bytes; the answer, JSON in UTF-8, from byte 8. The worker writes the bytes and the length first
// and the id last (Atomics.store), so an id seen by the window always has its bytes in place.

const HEADER_BYTES = 8;
/** Room for a first screenful: four documents of five snippets are ~10 kB; a larger answer is only posted. */
export const SHARED_ANSWER_BYTES = 256 * 1024;

/** Shared memory for answers, or null where the page cannot share memory with its workers. */
export function createSharedAnswers(): SharedArrayBuffer | null {
  if (typeof SharedArrayBuffer === 'undefined' || !(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) return null;
  try {
    return new SharedArrayBuffer(HEADER_BYTES + SHARED_ANSWER_BYTES);
  } catch {
    return null;
  }
}

/**
 * The worker's side: writes the answer to query `id`. False when it does not fit or cannot be written;
 * never throws (the answer is posted anyway, and a failure here must not hold it up).
 */
export function writeSharedAnswer(buffer: SharedArrayBuffer, id: number, answer: unknown): boolean {
  try {
    const header = new Int32Array(buffer, 0, 2);
    // TextEncoder does not write to shared memory either: encoded, then copied.
    const encoded = new TextEncoder().encode(JSON.stringify(answer));
    if (encoded.length > buffer.byteLength - HEADER_BYTES) return false;
    new Uint8Array(buffer, HEADER_BYTES, encoded.length).set(encoded);
    Atomics.store(header, 1, encoded.length);
    Atomics.store(header, 0, id);
    return true;
  } catch {
    return false;
  }
}

/**
 * The window's side: waits until the answer to query `id` is written or `waitMs` have passed, and
 * returns it (parsed) or null. The wait holds the window's thread, so it is kept short by the caller.
 */
export function waitForSharedAnswer<T>(buffer: SharedArrayBuffer, id: number, waitMs: number): T | null {
  const header = new Int32Array(buffer, 0, 2);
  const until = performance.now() + waitMs;
  for (let written = Atomics.load(header, 0); written !== id; written = Atomics.load(header, 0)) {
    // A newer query's id means this one will not be written.
    if (written > id || performance.now() >= until) return null;
  }
  try {
    const length = Atomics.load(header, 1);
    // TextDecoder does not read shared memory: a copy first.
    const copy = new Uint8Array(length);
    copy.set(new Uint8Array(buffer, HEADER_BYTES, length));
    return JSON.parse(new TextDecoder().decode(copy)) as T;
  } catch {
    return null; // the message brings it
  }
}
