// Checking a Claimdesk JSON file against what anchoring depends on before it is applied: documents the
// library lacks are added with their text, a quote that does not match its position on a matching text
// is re-anchored by quote (or becomes an orphan), offsets that split a character are never shown, and
// an annotation whose document is nowhere goes to "Unplaced imports" instead of hiding. Pure.
import { anchor } from '../anchoring/anchor';
import { describe } from '../anchoring/describe';
import { splitsSurrogatePair } from '../anchoring/offsets';
import { toHistoryEntry } from '../anchoring/reanchor';
import type { Annotation } from '../model/annotation';
import { sha256Hex } from '../model/hash';
import type { NativeDocument, NativeExport } from './native';
import { fail, ok, type ParseResult } from './result';
import { UNPLACED_DOC_ID } from './w3c/resolve';

export interface LibraryDocument {
  id: string;
  hash: string;
  text: string;
}

export interface NativeImportPlan {
  /** The file's annotations, repaired where they could not be shown as they are. */
  annotations: Annotation[];
  /** Documents of the file that the library does not have, with their text and details. */
  documentsToAdd: Array<NativeDocument & { text: string }>;
  /** One line per repair, for the import message and the log. */
  repairs: string[];
}

/** True when the stored selectors can be shown as they are on `text`. */
function fitsText(a: Annotation, text: string): boolean {
  const { start, end } = a.position;
  return (
    end <= text.length &&
    !splitsSurrogatePair(text, start) &&
    !splitsSurrogatePair(text, end) &&
    text.slice(start, end) === a.quote.exact
  );
}

export function planNativeImport(x: NativeExport, library: ReadonlyArray<LibraryDocument>, now: string): ParseResult<NativeImportPlan> {
  const repairs: string[] = [];
  const libraryIds = new Set(library.map((d) => d.id));
  const texts = new Map(library.map((d) => [d.hash, d.text]));
  const documentsToAdd: NativeImportPlan['documentsToAdd'] = [];
  for (const d of x.documents) {
    if (d.text === undefined) continue;
    // A text that is not what its hash says would anchor annotations on words that were never there.
    if (sha256Hex(d.text) !== d.hash) return fail(`document ${JSON.stringify(d.id)}: its text does not match its hash`);
    texts.set(d.hash, d.text);
    if (!libraryIds.has(d.id)) documentsToAdd.push({ ...d, text: d.text });
    else if (!library.some((l) => l.id === d.id && l.hash === d.hash)) {
      repairs.push(`document ${JSON.stringify(d.id)}: the library has another version of its text, which is kept; its annotations re-anchor on it`);
    }
  }
  const known = new Set([...libraryIds, ...documentsToAdd.map((d) => d.id), UNPLACED_DOC_ID]);
  const annotations = x.annotations.map((a): Annotation => {
    if (!known.has(a.docId)) {
      repairs.push(`${a.id}: its document ${JSON.stringify(a.docId)} is neither in the file nor in the library; kept under Unplaced imports`);
      return { ...a, docId: UNPLACED_DOC_ID, orphan: true, candidates: [a.docId] };
    }
    const text = a.orphan ? undefined : texts.get(a.docHash);
    if (text === undefined || fitsText(a, text)) return a;
    // The text it claims to sit on is here, but the words at its position are not its quote.
    const found = anchor(text, { quote: a.quote, position: a.position });
    if (found.status === 'orphan') {
      repairs.push(`${a.id}: its quote is not at its position and could not be found again; kept as an orphan`);
      return { ...a, orphan: true };
    }
    repairs.push(`${a.id}: its quote was not at its position; re-anchored by its quote`);
    return { ...a, ...describe(text, found), orphan: false, history: [...a.history, toHistoryEntry(a, now)] };
  });
  return ok({ annotations, documentsToAdd, repairs });
}
