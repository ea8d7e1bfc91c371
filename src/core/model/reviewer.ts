// Reviewers named in exports: a display name and an id that stays the same wherever the name is written.
import { sha256Hex } from './hash';

export interface Reviewer {
  /** urn:claimdesk:reviewer:<16 hex>, derived from the name so every export and device agrees on it. */
  id: string;
  name: string;
}

export function reviewerId(name: string): string {
  return `urn:claimdesk:reviewer:${sha256Hex(name.normalize('NFC').trim()).slice(0, 16)}`;
}

/** The distinct reviewers of a set of annotations (authors and repliers), plus any named, sorted by id. */
export function collectReviewers(
  annotations: ReadonlyArray<{ author: string; replies?: ReadonlyArray<{ author: string }> }>,
  also: readonly string[] = [],
): Reviewer[] {
  const names = new Set<string>(also.filter((n) => n.trim() !== ''));
  for (const a of annotations) {
    if (a.author.trim() !== '') names.add(a.author);
    for (const r of a.replies ?? []) if (r.author.trim() !== '') names.add(r.author);
  }
  return [...names].map((name) => ({ id: reviewerId(name), name })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
