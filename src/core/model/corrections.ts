// The corrected reading of a translation: each suggested correction put in place of the text it corrects.
import type { Annotation } from './annotation';

export interface CorrectedSegment {
  /** Offsets in the corrected text (UTF-16 units). */
  start: number;
  end: number;
  kind: 'original' | 'corrected';
  /** For corrected segments: the text it replaces. */
  original?: string;
  annotationId?: string;
}

export interface CorrectedReading {
  text: string;
  segments: CorrectedSegment[];
  /** Ids of corrections left out because an earlier (or longer) one covers the same text. */
  skipped: string[];
}

/**
 * Applies every non-orphan translation error's non-empty correction. Overlaps: the one that starts
 * earlier wins, then the longer, then the smaller id; the others are skipped. The input is not changed.
 */
export function applyCorrections(text: string, annotations: ReadonlyArray<Annotation>): CorrectedReading {
  const candidates = annotations
    .filter(
      (a) =>
        a.kind === 'translation-error' &&
        !a.orphan &&
        a.translation !== null &&
        a.translation.correction !== '' &&
        a.position.start >= 0 &&
        a.position.start <= a.position.end &&
        a.position.end <= text.length,
    )
    .sort(
      (a, b) =>
        a.position.start - b.position.start ||
        b.position.end - a.position.end ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const segments: CorrectedSegment[] = [];
  const skipped: string[] = [];
  let out = '';
  let cursor = 0; // in the original text
  let lastStart = -1;
  const pushOriginal = (to: number) => {
    if (to > cursor) {
      segments.push({ start: out.length, end: out.length + (to - cursor), kind: 'original' });
      out += text.slice(cursor, to);
      cursor = to;
    }
  };
  for (const a of candidates) {
    const { start, end } = a.position;
    // Overlapping an accepted range, or a second insertion at the same point.
    if (start < cursor || (start === lastStart && start === end)) {
      skipped.push(a.id);
      continue;
    }
    pushOriginal(start);
    const correction = a.translation!.correction;
    segments.push({
      start: out.length,
      end: out.length + correction.length,
      kind: 'corrected',
      original: text.slice(start, end),
      annotationId: a.id,
    });
    out += correction;
    cursor = end;
    lastStart = start;
  }
  pushOriginal(text.length);
  return { text: out, segments, skipped };
}
