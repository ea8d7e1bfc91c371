// Files for the "Add documents" review that arrive from elsewhere than the library's own button or a
// drop: File › Import… (main reads them as bytes) hands its documents here, and the mounted
// ImportDocuments reads them with the same readers and shows the same review.
import type { FileInput } from './documents-client';

type Listener = (files: FileInput[]) => void;
const listeners = new Set<Listener>();

/** Hands files to the review; false when no library is mounted to take them. */
export function requestDocumentReview(files: FileInput[]): boolean {
  const listener = [...listeners].at(-1);
  if (!listener || files.length === 0) return false;
  listener(files);
  return true;
}

/** The review's subscription (the newest subscriber takes the files); returns the unsubscribe function. */
export function onDocumentReviewRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
