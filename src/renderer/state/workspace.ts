// Actions on this window's workspace: create, edit (per field), delete and re-attach annotations, with
// this window's undo history, and re-anchoring when a document's text changed. Components call these;
// they never write the database directly. Every write goes through db/writes' one path.
import { describe as describeRange, reanchorAnnotation, attachOrphan, type TextRange } from '../../core/anchoring';
import {
  EDITABLE_FIELDS,
  createAnnotation,
  type Annotation,
  type AnnotationKind,
  type AnnotationPatch,
  type CorpusDocument,
  type EditableField,
  type Verdict,
  isLinkedField,
  linkProblem,
  linkedPart,
  planLink,
  planUnlink,
  sharedValuesOf,
  workflowOf,
} from '../../core/model';
import { readClaimAppearances } from '../db/claims';
import { newId, nowIso } from '../db/clock';
import { readDocAnnotations } from '../db/reads';
import type { ClaimdeskDb } from '../db/schema';
import { writeAnnotations, type AnnotationOp, type Conflict, type WriteResult } from '../db/writes';
import { withPaths } from './drafts';
import { UndoHistory, describeTarget } from './history';

export { newId, nowIso };

const REANCHOR_SLICE_MS = 30;
/** Re-anchoring passes over records changed while it computed before leaving them for the next open. */
const REANCHOR_PASSES = 3;

/** What the reader asks for when the user tags a selection. */
export interface CreateRequest {
  kind: AnnotationKind;
  verdict: Verdict | null;
  range: TextRange;
}

/** An edit that could not land, told to the user (the record was deleted or changed elsewhere). */
export class EditConflictError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(conflicts.some((c) => c.reason === 'deleted') ? 'it was deleted in another window' : 'it was changed in another window');
    this.name = 'EditConflictError';
  }
}

/** The editable field an editor input belongs to ('dimension', 'source-0-url' … map to their field). */
export function editableFieldOf(input: string): EditableField {
  if ((EDITABLE_FIELDS as readonly string[]).includes(input)) return input as EditableField;
  if (input.startsWith('source')) return 'sources';
  if (['dimension', 'subtype', 'severity', 'correction'].includes(input)) return 'translation';
  throw new Error(`unknown editor field ${input}`);
}

const FIELD_WORDS: Record<EditableField, string> = {
  kind: 'kind',
  verdict: 'verdict',
  translation: 'details',
  note: 'note',
  sources: 'sources',
  status: 'status',
  assignee: 'assignee',
  due: 'due date',
  claimId: 'link',
  claimWording: 'claim wording',
};

export class Workspace {
  readonly history: UndoHistory;

  /** `${id}|${updatedAt}` of the records this window wrote last: editors tell changes made elsewhere from their own. */
  private own = new Set<string>();

  private readonly clock: () => number;

  /** `clock` (ms) dates edits and undo steps; tests drive it, the app uses the real time. */
  constructor(readonly db: ClaimdeskDb, options: { clock?: () => number } = {}) {
    this.clock = options.clock ?? Date.now;
    this.history = new UndoHistory(
      async (steps) => this.noteOwn(await writeAnnotations(db, steps.map((transition) => ({ type: 'transition' as const, transition })), { now: this.now() })),
    );
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }

  private removedHere = new Set<string>();

  private noteOwn(r: WriteResult): WriteResult {
    for (const [id, a] of r.after) {
      if (a) this.own.add(`${a.id}|${a.updatedAt}`);
      else this.removedHere.add(id);
    }
    if (this.own.size > 2000) this.own = new Set([...this.own].slice(-1000));
    return r;
  }

  /** True when this window deleted the annotation (itself, or by undoing its creation). */
  deletedHere(id: string): boolean {
    return this.removedHere.has(id);
  }

  /** True when this record, as it is, was written by this window (not changed elsewhere since). */
  wroteThis(a: Annotation): boolean {
    return this.own.has(`${a.id}|${a.updatedAt}`);
  }

  /**
   * Writes; only once the change has landed whole is there an undo step. A change to a shared field of
   * a linked claim's appearance is copied to every other appearance inside the same transaction (and
   * undoes with it).
   */
  private async commit(label: (r: WriteResult) => string, ops: AnnotationOp[], coalesceKey?: string, mayShare = false): Promise<WriteResult> {
    const now = this.now();
    const db = this.db;
    // Only a write that may change a shared field needs the outer transaction; it spans every table so
    // the write path's own transaction always nests inside it, whatever tables that path uses.
    const r = !mayShare ? await writeAnnotations(db, ops, { now }) : await db.transaction('rw', db.tables, async () => {
      const first = await writeAnnotations(db, ops, { now });
      if (first.conflicts.length) return first;
      const followers = await this.followerOps(first);
      if (followers.length === 0) return first;
      const second = await writeAnnotations(db, followers, { now, onConflict: 'skip' });
      const before = new Map(first.before);
      for (const [id, a] of second.before) if (!before.has(id)) before.set(id, a);
      return { before, after: new Map([...first.after, ...second.after]), conflicts: [] };
    });
    if (r.conflicts.length) throw new EditConflictError(r.conflicts);
    this.noteOwn(r);
    if (r.after.size) this.history.record({ label: label(r), before: r.before, after: r.after, coalesceKey, at: this.clock() });
    return r;
  }

  /** Patches that copy each changed shared field of a linked record to the other appearances of its claim. */
  private async followerOps(r: WriteResult): Promise<AnnotationOp[]> {
    const ops: AnnotationOp[] = [];
    const done = new Set(r.after.keys());
    for (const [id, next] of r.after) {
      const prev = r.before.get(id);
      if (!next || !prev) continue;
      const claimId = workflowOf(next).claimId;
      // Linking and unlinking write every appearance themselves.
      if (claimId === '' || claimId !== workflowOf(prev).claimId) continue;
      const a = sharedValuesOf(prev);
      const b = sharedValuesOf(next);
      const set = linkedPart(Object.fromEntries(Object.entries(b).filter(([f, v]) => JSON.stringify(v) !== JSON.stringify(a[f as keyof typeof a]))));
      if (Object.keys(set).length === 0) continue;
      for (const other of await readClaimAppearances(this.db, claimId)) {
        if (done.has(other.id)) continue;
        done.add(other.id);
        ops.push({ type: 'patch', patch: { id: other.id, set } });
      }
    }
    return ops;
  }

  /**
   * Links annotations as appearances of one claim, taking `leader`'s shared values and the wording;
   * an appearance already linked elsewhere brings its whole claim along. One transaction, one undo step.
   */
  async link(members: readonly Annotation[], leader: Annotation, wording?: string): Promise<string> {
    const all = new Map<string, Annotation>();
    for (const m of [leader, ...members]) all.set(m.id, m);
    for (const claimId of new Set([...all.values()].map((m) => workflowOf(m).claimId).filter((c) => c !== ''))) {
      for (const a of await readClaimAppearances(this.db, claimId)) all.set(a.id, a);
    }
    const list = [...all.values()];
    const problem = linkProblem(list);
    if (problem) throw new Error(problem);
    const current = all.get(leader.id)!;
    const patches = planLink(list, current, newId(), wording);
    const r = await this.commit(() => `Link ${list.length} appearances as one claim`, patches.map((patch) => ({ type: 'patch' as const, patch })));
    return workflowOf(r.after.get(leader.id)!).claimId;
  }

  /** Takes an appearance out of its claim (it keeps a copy of the shared values). */
  async unlink(a: Annotation): Promise<void> {
    const claimId = workflowOf(a).claimId;
    if (claimId === '') return;
    const others = (await readClaimAppearances(this.db, claimId)).filter((x) => x.id !== a.id);
    const patches = planUnlink(a, others);
    await this.commit((w) => `Unlink ${describeTarget(w.after.get(a.id) ?? a)} from its claim`, patches.map((patch) => ({ type: 'patch' as const, patch })));
  }

  /** Adds several annotations in one transaction, undone as one step (confirmed occurrences). */
  async addAll(list: readonly Annotation[], label: string): Promise<void> {
    if (list.length === 0) return;
    await this.commit(() => label, list.map((annotation) => ({ type: 'put' as const, annotation, ifAbsent: true })));
  }

  /** Adds annotations and patches others (joining them to a link) in one transaction, undone as one step. */
  async addLinked(created: readonly Annotation[], patches: readonly AnnotationPatch[], label: string): Promise<void> {
    if (created.length + patches.length === 0) return;
    await this.commit(() => label, [...created.map((annotation) => ({ type: 'put' as const, annotation, ifAbsent: true })), ...patches.map((patch) => ({ type: 'patch' as const, patch }))]);
  }

  /** Applies several patches in one transaction, undone as one step. */
  async editAll(patches: readonly AnnotationPatch[], label: string): Promise<void> {
    if (patches.length === 0) return;
    await this.commit(() => label, patches.map((patch) => ({ type: 'patch' as const, patch })));
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
      now: this.now(),
    });
  }

  async add(a: Annotation): Promise<void> {
    await this.commit(() => `Create ${describeTarget(a)}`, [{ type: 'put', annotation: a, ifAbsent: true }]);
  }

  /**
   * Applies the fields a person changed to the record as stored now; edits with the same
   * `coalesceKey` in quick succession (typing in one field) undo as one step. Throws
   * EditConflictError when the annotation is gone (deleted elsewhere): nothing is brought back.
   */
  async edit(patch: AnnotationPatch, coalesceKey?: string): Promise<Annotation> {
    const fields = Object.keys(patch.set) as EditableField[];
    const r = await this.commit(
      (w) => `Edit ${fields.map((f) => FIELD_WORDS[f]).join(', ')} of ${describeTarget(w.after.get(patch.id)!)}`,
      [{ type: 'patch', patch }],
      coalesceKey ?? `${patch.id}:${fields.join(',')}`,
      fields.some(isLinkedField),
    );
    return r.after.get(patch.id)!;
  }

  /**
   * Saves typing: input paths ('note', 'translation.correction', 'sources.1.url') applied to the
   * record as stored now, inside the write, so a part of a field typed here never carries back the
   * rest of that field as this window last saw it.
   */
  async saveInputs(id: string, paths: Record<string, unknown>, coalesceKey: string): Promise<Annotation> {
    const fields = [...new Set(Object.keys(paths).map((p) => editableFieldOf(p.split('.')[0]!)))];
    const r = await this.commit(
      (w) => `Edit ${fields.map((f) => FIELD_WORDS[f]).join(', ')} of ${describeTarget(w.after.get(id)!)}`,
      [
        {
          type: 'patch-from',
          id,
          build: (current) => {
            const next = withPaths(current, paths);
            return { id, set: Object.fromEntries(fields.map((f) => [f, next[f]])) };
          },
        },
      ],
      coalesceKey,
      fields.some(isLinkedField),
    );
    return r.after.get(id)!;
  }

  /** A change computed from the record as stored now (adding or removing a source to the list as it is). */
  async editWith(id: string, build: (current: Annotation) => AnnotationPatch, label: string): Promise<void> {
    await this.commit((w) => `${label} of ${describeTarget(w.after.get(id)!)}`, [{ type: 'patch-from', id, build }], undefined, true);
  }

  /** Saves one field of an edited copy: only that field is written (never the rest of the copy). */
  async update(next: Annotation, field: string): Promise<void> {
    const f = editableFieldOf(field);
    await this.edit({ id: next.id, set: { [f]: next[f] } }, `${next.id}:${field}`);
  }

  async remove(a: Annotation): Promise<void> {
    await this.commit((w) => `Delete ${describeTarget(w.before.get(a.id) ?? a)}`, [{ type: 'remove', id: a.id }]);
  }

  async reattach(a: Annotation, doc: CorpusDocument, range: TextRange): Promise<void> {
    await this.commit(() => `Re-attach ${describeTarget(a)}`, [{ type: 'anchor', read: a, next: attachOrphan(a, doc.text, doc.hash, range, this.now()), asIs: true }]);
  }

  /**
   * Re-anchors a document's annotations made against another text (or orphaned). Not an undo step:
   * it is the app keeping anchors true, and previous selectors stay in each annotation's history.
   * Writes only the anchor of each record, against the anchor it read: a record edited meanwhile
   * keeps the edit; one re-anchored or re-attached meanwhile is read again and recomputed; one
   * deleted meanwhile stays deleted.
   */
  async reanchor(doc: CorpusDocument, annotations: readonly Annotation[]): Promise<{ moved: number; orphaned: number }> {
    let stale = annotations.filter((a) => a.docId === doc.id && a.docHash !== doc.hash);
    let moved = 0;
    let orphaned = 0;
    for (let pass = 0; pass < REANCHOR_PASSES && stale.length; pass++) {
      const now = this.now();
      const ops: AnnotationOp[] = [];
      const outcome = new Map<string, 'moved' | 'orphaned'>();
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
        outcome.set(a.id, r.outcome);
        ops.push({ type: 'anchor', read: a, next: r.annotation });
      }
      if (ops.length === 0) break;
      const result = await writeAnnotations(this.db, ops, { onConflict: 'skip', now });
      for (const [id] of result.after) {
        if (outcome.get(id) === 'moved') moved++;
        else orphaned++;
      }
      const retry = new Set(result.conflicts.filter((c) => c.reason === 'anchor-changed').map((c) => c.id));
      if (retry.size === 0) break;
      stale = (await readDocAnnotations(this.db, doc.id)).filter((a) => retry.has(a.id) && a.docHash !== doc.hash);
    }
    return { moved, orphaned };
  }
}
