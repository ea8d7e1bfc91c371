// Repairing a database that somehow holds rows its own importer would refuse (issue 10, point 5): the
// same id stored twice (an id that moved between documents), a document with a blank id (a file named
// just ".txt"), annotations whose document is gone. Run before exporting and on open, so no export or
// backup is ever written broken; every repair is logged. Pure; a valid database comes back unchanged.
import type { Annotation } from '../model/annotation';
import { sha256Hex } from '../model/hash';
import { deepEqual } from './merge';
import type { NativeDocumentInput } from './native';
import { UNPLACED_DOC_ID } from './w3c/resolve';

export interface RepairedDatabase<D extends NativeDocumentInput> {
  documents: D[];
  annotations: Annotation[];
  /** One line per repair, for the log. Empty when nothing needed repairing. */
  log: string[];
}

export function repairDatabase<D extends NativeDocumentInput>(input: {
  documents: ReadonlyArray<D>;
  annotations: ReadonlyArray<Annotation>;
}): RepairedDatabase<D> {
  const log: string[] = [];
  // 1. Blank document ids get one derived from the text's hash; their annotations follow (by hash).
  const renamed = new Map<string, string>();
  const taken = new Set(input.documents.map((d) => d.id));
  const documents = input.documents.map((d) => {
    if (d.id.trim() !== '') return d;
    let id = `imported-${d.hash.slice(0, 12)}`;
    for (let n = 2; taken.has(id); n++) id = `imported-${d.hash.slice(0, 12)}-${n}`;
    taken.add(id);
    renamed.set(d.hash, id);
    log.push(`document with a blank id (${JSON.stringify(d.file)}) renamed ${JSON.stringify(id)}`);
    return { ...d, id };
  });
  const docIds = new Set(documents.map((d) => d.id));
  let annotations = input.annotations.map((a) => {
    if (a.docId.trim() !== '') return a;
    const id = renamed.get(a.docHash) ?? [...renamed.values()][0];
    if (id === undefined) return a;
    log.push(`${a.id}: moved from the blank document id to ${JSON.stringify(id)}`);
    return { ...a, docId: id };
  });
  // 2. One row per id: the newest keeps the id; an older copy that differs is kept under a new id.
  const byId = new Map<string, Annotation[]>();
  for (const a of annotations) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
  if ([...byId.values()].some((copies) => copies.length > 1)) {
    annotations = [];
    for (const [id, copies] of byId) {
      if (copies.length === 1) {
        annotations.push(copies[0]!);
        continue;
      }
      const sorted = [...copies].sort((x, y) => (x.updatedAt < y.updatedAt ? 1 : x.updatedAt > y.updatedAt ? -1 : Number(docIds.has(y.docId)) - Number(docIds.has(x.docId))));
      annotations.push(sorted[0]!);
      const kept: Annotation[] = [sorted[0]!];
      for (const copy of sorted.slice(1)) {
        if (kept.some((k) => deepEqual({ ...k, docId: '' }, { ...copy, docId: '' }))) {
          log.push(`${id}: an identical copy in ${JSON.stringify(copy.docId)} removed`);
          continue;
        }
        const newId = `${id}~copy-${sha256Hex(JSON.stringify(copy)).slice(0, 8)}`;
        log.push(`${id}: an older, different copy in ${JSON.stringify(copy.docId)} kept as ${JSON.stringify(newId)}`);
        kept.push(copy);
        annotations.push({ ...copy, id: newId });
      }
    }
  }
  // 3. Annotations whose document is gone are shown under Unplaced imports, not hidden.
  annotations = annotations.map((a) => {
    if (a.docId === UNPLACED_DOC_ID || docIds.has(a.docId)) return a;
    log.push(`${a.id}: its document ${JSON.stringify(a.docId)} is gone; moved to Unplaced imports`);
    return { ...a, docId: UNPLACED_DOC_ID, orphan: true, candidates: [...new Set([...(a.candidates ?? []), a.docId])] };
  });
  return log.length ? { documents, annotations, log } : { documents: [...input.documents], annotations: [...input.annotations], log };
}
