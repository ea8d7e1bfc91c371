// How well the text around a candidate match agrees with the stored prefix and suffix (0..1).

/** Extra text units compared beyond the context's length, so insertions near the quote still align. */
const SLACK = 8;

/**
 * Edit distance between `pattern` and the part of `text` that touches the quote: the alignment is
 * pinned at the quote side (the end of `text` for a prefix, the start for a suffix) and may stop
 * anywhere on the far side, because the stored context was cut at an arbitrary length.
 */
function anchoredDistance(pattern: string, text: string, pinnedAtEnd: boolean): number {
  const m = pattern.length;
  const n = text.length;
  const p = (i: number) => pattern.charCodeAt(pinnedAtEnd ? m - 1 - i : i);
  const t = (j: number) => text.charCodeAt(pinnedAtEnd ? n - 1 - j : j);
  // row[j]: distance between the first i pattern units and the first j text units (from the pinned side).
  let row = new Array<number>(n + 1);
  let next = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= m; i++) {
    next[0] = i;
    const pi = p(i - 1);
    for (let j = 1; j <= n; j++) {
      const substitution = row[j - 1]! + (pi === t(j - 1) ? 0 : 1);
      next[j] = Math.min(substitution, row[j]! + 1, next[j - 1]! + 1);
    }
    [row, next] = [next, row];
  }
  let best = m;
  for (let j = 0; j <= n; j++) if (row[j]! < best) best = row[j]!;
  return best;
}

function isBlank(text: string): boolean {
  return /^[\s\uFEFF]*$/.test(text);
}

/** Similarity of the text before `start` to `prefix`. */
export function prefixSimilarity(text: string, start: number, prefix: string): number {
  if (prefix.length === 0) {
    // The quote opened the document. Still doing so is full agreement; not doing so only weakly
    // disagrees, since text may simply have been inserted at the top.
    return isBlank(text.slice(Math.max(0, start - SLACK), start)) && start <= SLACK ? 1 : 0.5;
  }
  if (text.endsWith(prefix, start)) return 1;
  const before = text.slice(Math.max(0, start - prefix.length - SLACK), start);
  return Math.max(0, 1 - anchoredDistance(prefix, before, true) / prefix.length);
}

/** Similarity of the text after `end` to `suffix`. */
export function suffixSimilarity(text: string, end: number, suffix: string): number {
  if (suffix.length === 0) {
    return isBlank(text.slice(end, end + SLACK)) && end >= text.length - SLACK ? 1 : 0.5;
  }
  if (text.startsWith(suffix, end)) return 1;
  const after = text.slice(end, end + suffix.length + SLACK);
  return Math.max(0, 1 - anchoredDistance(suffix, after, false) / suffix.length);
}
