// Merging imported annotations into the local store: by id, newer wins, conflicts keep the local copy.
import type { Annotation } from '../model/annotation';

export interface MergeReport {
  added: number;
  updated: number;
  unchanged: number;
  conflicts: number;
}

export interface MergePlan {
  /** Annotations to write (added and updated ones), in incoming order. */
  put: Annotation[];
  report: MergeReport;
  /** Ids where both sides changed and the local copy was kept. */
  conflictIds: string[];
}

export function planMerge(existing: ReadonlyArray<Annotation>, incoming: ReadonlyArray<Annotation>): MergePlan {
  const current = new Map(existing.map((a) => [a.id, a]));
  const put = new Map<string, Annotation>();
  const report: MergeReport = { added: 0, updated: 0, unchanged: 0, conflicts: 0 };
  const conflictIds: string[] = [];
  for (const a of incoming) {
    const local = current.get(a.id);
    if (!local) report.added++;
    else if (deepEqual(local, a)) {
      report.unchanged++;
      continue;
    } else if (compareTimes(a.updatedAt, local.updatedAt) > 0) report.updated++;
    else {
      // Local is newer, or both claim the same time with different content: never overwrite silently.
      report.conflicts++;
      conflictIds.push(a.id);
      continue;
    }
    current.set(a.id, a);
    put.set(a.id, a);
  }
  return { put: [...put.values()], report, conflictIds };
}

function compareTimes(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a < b ? -1 : a > b ? 1 : 0;
  return ta - tb;
}

/** Structural equality of JSON-like values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
