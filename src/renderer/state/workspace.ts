// Actions on the workspace: create, edit, delete and re-attach annotations, with undo, and
// re-anchoring when a document's text changed. Components call these; they never write the db directly.
import { describe as describeRange, reanchorAnnotation, attachOrphan } from '../../core/anchoring';
import { createAnnotation, type Annotation, type CorpusDocument } from '../../core/model';
import type { ClaimdeskDb } from '../db/schema';
import { applyChange, bulkPutAnnotations, type AnnotationChange } from '../db/writes';
import type { CreateRequest } from '../reader/Reader';
import type { TextRange } from '../reader/types';
import { UndoHistory } from './history';

const REANCHOR_SLICE_MS = 30;

export function nowIso(): string {
  return new Date().toISOString();
}

export function newId(): string {
  return crypto.randomUUID();
}

export class Workspace {
  readonly history: UndoHistory;

  constructor(readonly db: ClaimdeskDb) {
    this.history = new UndoHistory((change) => this.applyWithTime(change));
  }

  /** The annotations and the time of the change land together or not at all (undo and redo too). */
  private applyWithTime(change: AnnotationChange): Promise<Map<string, Annotation | null>> {
    const db = this.db;
    return db.transaction('rw', db.buckets, db.docStats, db.meta, async () => {
      const b = await applyChange(db, change);
      await db.meta.put({ key: 'lastChangeAt', value: nowIso() });
      return b;
    });
  }

  private async commit(label: string, next: Annotation[], removeIds: string[] = [], coalesceKey?: string): Promise<void> {
    // Only once the change has landed is there an undo step.
    const before = await this.applyWithTime({ put: next, remove: removeIds });
    const after = new Map<string, Annotation | null>();
    for (const id of removeIds) after.set(id, null);
    for (const a of next) after.set(a.id, a);
    this.history.record({ label, before, after, coalesceKey, at: Date.now() });
  }

  /** Makes the annotation for a selection (synchronously, so it can be shown before it is saved). */
  build(doc: CorpusDocument, request: CreateRequest, author: string): Annotation {
    const { quote, position } = describeRange(doc.text, request.range);
    return createAnnotation({
      id: newId(),
      docId: doc.id,
      kind: request.kind,
      verdict: request.verdict,
      quote,
      position,
      docHash: doc.hash,
      author,
      now: nowIso(),
    });
  }

  async add(a: Annotation): Promise<void> {
    await this.commit(`Create ${a.kind === 'claim' ? 'claim' : 'translation error'}`, [a]);
  }

  /** Saves an edited annotation; edits to one field of one annotation in quick succession undo as one step. */
  async update(next: Annotation, field: string): Promise<void> {
    await this.commit('Edit annotation', [{ ...next, updatedAt: nowIso() }], [], `${next.id}:${field}`);
  }

  async remove(a: Annotation): Promise<void> {
    await this.commit(a.orphan ? 'Delete orphan' : 'Delete annotation', [], [a.id]);
  }

  async reattach(a: Annotation, doc: CorpusDocument, range: TextRange): Promise<void> {
    await this.commit('Re-attach orphan', [attachOrphan(a, doc.text, doc.hash, range, nowIso())]);
  }

  /**
   * Re-anchors a document's annotations made against another text (or orphaned). Not an undo step:
   * it is the app keeping anchors true, and previous selectors stay in each annotation's history.
   */
  async reanchor(doc: CorpusDocument, annotations: readonly Annotation[]): Promise<{ moved: number; orphaned: number }> {
    const stale = annotations.filter((a) => a.docId === doc.id && a.docHash !== doc.hash);
    if (stale.length === 0) return { moved: 0, orphaned: 0 };
    const now = nowIso();
    const changed: Annotation[] = [];
    let moved = 0;
    let orphaned = 0;
    // Fuzzy matching over a long text can take a while: work in slices of ~30 ms and let the window
    // breathe in between, so it never freezes.
    let sliceStart = performance.now();
    for (const a of stale) {
      if (performance.now() - sliceStart > REANCHOR_SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = performance.now();
      }
      const r = reanchorAnnotation(a, doc.text, doc.hash, now);
      if (r.outcome === 'unchanged' || (r.outcome === 'orphaned' && a.orphan)) continue;
      if (r.outcome === 'moved') moved++;
      else orphaned++;
      changed.push(r.annotation);
    }
    // Same document, same ids: the bulk path rewrites whole buckets in one transaction.
    if (changed.length) await bulkPutAnnotations(this.db, changed);
    return { moved, orphaned };
  }
}
