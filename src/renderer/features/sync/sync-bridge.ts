// The bridge between the app's annotation store (Dexie, what the reader, panel and exports read) and a
// document's merge state (its Y.Doc of per-field entries, local and optionally synced). It runs both ways
// by comparing three things per field: the value stored in Dexie, the entries that value was last known
// to reflect (`seen`), and the entries live in the merge state now.
// - Dexie differs from `seen`: a person changed it here (any write path: editor, undo, another window),
//   so it becomes an entry in this reviewer's name based on `seen`, i.e. on what they saw. If another
//   reviewer's entry arrived meanwhile, the two are concurrent: a visible conflict, never an overwrite.
// - Dexie equals `seen` but the live entries moved on: another reviewer (or a resolution here) changed
//   it, and the new value is written to Dexie compare-and-set (an undo-style transition), so a person's
//   edit that lands first is never overwritten; the next pass records that edit instead.
// - A base no replica here ever stored arrives: the annotation is added to Dexie (unless it arrives
//   deleted).
// - Deletion is the `deleted` register (ADR 0022), bridged the same three-way: an annotation that was in
//   the store and is gone was deleted by a person here (a delete entry); one that comes back (undo) is a
//   restore entry; a delete or restore that arrives is applied to the store compare-and-set; a delete
//   that a concurrent edit here or elsewhere disputes leaves the annotation in place with a conflict.
// Work is incremental: the merge state is followed entry by entry (LiveRegisters), and a pass looks only
// at annotations whose stored record or live entries changed since the last one, so an edit on a
// document with 20,000 annotations costs a read of its records, not a rescan of its history.
import { liveQuery, type Subscription } from 'dexie';
import type { Annotation } from '../../../core/model/annotation';
import { EDITABLE_FIELDS, editableValuesOf, type EditableField } from '../../../core/model/edit';
import { DELETED_FIELD, makeEntry, MERGE_FIELDS, rootEntryId, sameValue, type FieldEntry, type MergeField, type Reviewer } from '../../../core/merge/entries';
import { baseOf, indexEntries, LiveRegisters, materialize, rootEntries, type AnnotationBase, type FieldConflict } from '../../../core/merge/merge';
import { readDocAnnotations } from '../../db/reads';
import type { ClaimdeskDb } from '../../db/schema';
import { writeMergedAnnotations, type MergedValues } from '../../db/merge-writes';
import type { DocumentSync } from './document-sync';
import type { SyncStoreDb } from './local-doc-store';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const key = (annotationId: string, field: MergeField) => `${annotationId}\u0000${field}`;
/** `seen` of the `deleted` register: whether the store held the annotation, then the entries that reflects. */
const PRESENT = '+';
const ABSENT = '-';
/** New annotations are recorded in slices, the window breathing in between (a first open of 20,000). */
const SLICE = 1000;

export interface ReconcileResult {
  /** Entries and bases recorded from changes made here. */
  recorded: number;
  /** Annotations whose stored values were brought up to the merge state. */
  applied: number;
  /** Annotations added to the store from other reviewers. */
  added: number;
}

/** What the status bar and the drawer show: the open conflicts and each annotation's quoted words. */
export interface BridgeView {
  conflicts: FieldConflict[];
  quotes: ReadonlyMap<string, string>;
}

export interface BridgeOptions {
  db: ClaimdeskDb;
  store: SyncStoreDb;
  sync: DocumentSync;
  docId: string;
  /** The clock for entries whose stored time is not a well-formed ISO time. */
  now?: () => string;
  onError?: (e: unknown) => void;
}

const signature = (a: Annotation) => `${a.updatedAt}\u0000${a.kind}\u0000${a.verdict}\u0000${a.note.length}\u0000${a.sources.length}`;

export class SyncBridge {
  private seen = new Map<string, string[]>();
  private known = new Set<string>();
  private readonly regs = new LiveRegisters();
  private readonly entryById = new Map<string, FieldEntry>();
  private readonly bases = new Map<string, AnnotationBase>();
  private readonly byAnnotation = new Map<string, FieldEntry[]>();
  private readonly conflicted = new Map<string, FieldConflict>();
  private readonly sigs = new Map<string, string>();
  private dirty = new Set<string>();
  private arrived = new Set<string>();
  private running: Promise<unknown> = Promise.resolve();
  private queued = false;
  private closed = false;
  private subscription: Subscription | null = null;
  private offObserve: (() => void) | null = null;
  private readonly viewListeners = new Set<(v: BridgeView) => void>();
  private currentView: BridgeView = { conflicts: [], quotes: new Map() };

  private constructor(private readonly options: BridgeOptions) {}

  /** Opens the bridge for one document and keeps it running until `close`. */
  static async open(options: BridgeOptions): Promise<SyncBridge> {
    const bridge = new SyncBridge(options);
    const row = await options.store.bridge.get(bridge.docName);
    if (row) {
      bridge.seen = new Map(row.seen);
      bridge.known = new Set(row.known);
    }
    const state = options.sync.snapshot();
    bridge.take([...state.bases.values()], [...state.entries.values()]);
    bridge.offObserve = options.sync.observe((bases, entries) => {
      bridge.take(bases, entries);
      bridge.schedule();
    });
    await bridge.reconcile();
    bridge.subscription = liveQuery(() => readDocAnnotations(options.db, options.docId)).subscribe({ next: () => bridge.schedule(), error: (e) => options.onError?.(e) });
    return bridge;
  }

  private get docName(): string {
    return `${this.options.docId}\u0000${this.options.sync.name}`;
  }

  /** Follows the merge state: new bases and entries, live values and conflicts of the fields they touch. */
  private take(bases: AnnotationBase[], entries: FieldEntry[]): void {
    const touched = new Set<string>();
    const annotations = new Set<string>();
    for (const b of bases) {
      if (this.bases.has(b.id)) continue;
      annotations.add(b.id);
      this.bases.set(b.id, b);
      this.regs.addBase(b);
      for (const r of rootEntries(b)) this.entryById.set(r.id, r);
      this.arrived.add(b.id);
      this.dirty.add(b.id);
      for (const f of EDITABLE_FIELDS) touched.add(key(b.id, f));
    }
    for (const e of entries) {
      if (this.entryById.has(e.id)) continue;
      this.entryById.set(e.id, e);
      this.regs.add(e);
      const list = this.byAnnotation.get(e.annotationId);
      if (list) list.push(e);
      else this.byAnnotation.set(e.annotationId, [e]);
      this.dirty.add(e.annotationId);
      annotations.add(e.annotationId);
      if (e.field !== DELETED_FIELD) touched.add(key(e.annotationId, e.field));
    }
    let changed = bases.length > 0 || entries.length > 0;
    for (const k of touched) {
      const [id, field] = k.split('\u0000') as [string, EditableField];
      const live = this.regs.get(id, field);
      const conflict = live.length > 1 && live.some((e) => !sameValue(e.value, live[0]!.value));
      if (conflict) this.conflicted.set(k, { annotationId: id, field, entries: live });
      else if (!this.conflicted.delete(k)) continue;
      changed = true;
    }
    // A deletion is disputed by entries of any field (an edit the deleter did not see), so it is looked at per annotation.
    for (const id of annotations) {
      const k = key(id, DELETED_FIELD);
      const conflict = this.regs.deletion(id).conflict;
      if (conflict) this.conflicted.set(k, conflict);
      else if (!this.conflicted.delete(k)) continue;
      changed = true;
    }
    if (changed) this.emitView();
  }

  private emitView(): void {
    const order = (c: FieldConflict) => `${c.annotationId}\u0000${MERGE_FIELDS.indexOf(c.field)}`;
    const conflicts = [...this.conflicted.values()].filter((c) => this.bases.has(c.annotationId)).sort((a, b) => (order(a) < order(b) ? -1 : 1));
    const quotes = new Map<string, string>();
    for (const c of conflicts) quotes.set(c.annotationId, this.bases.get(c.annotationId)!.quote.exact);
    this.currentView = { conflicts, quotes };
    this.viewListeners.forEach((l) => l(this.currentView));
  }

  view(): BridgeView {
    return this.currentView;
  }

  onView(listener: (v: BridgeView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  /** The quoted words of an annotation of this document, when its base is known. */
  quoteOf(annotationId: string): string | undefined {
    return this.bases.get(annotationId)?.quote.exact;
  }

  /** Runs a pass after the current one; passes asked for meanwhile become one. */
  schedule(): void {
    if (this.queued || this.closed) return;
    this.queued = true;
    this.running = this.running.then(async () => {
      this.queued = false;
      if (this.closed) return;
      try {
        await this.reconcile();
      } catch (e) {
        this.options.onError?.(e);
      }
    });
  }

  /** Resolves when every pass asked for so far has run. */
  async idle(): Promise<void> {
    while (this.queued) await this.running;
    await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscription?.unsubscribe();
    this.offObserve?.();
    this.viewListeners.clear();
    await this.running;
  }

  private timeOf(a: Annotation): string {
    return ISO_TIME.test(a.updatedAt) ? a.updatedAt : (this.options.now ?? (() => new Date().toISOString()))();
  }

  /** The live entries of a field, sorted by id (for comparing with `seen`). */
  private liveIds(id: string, field: MergeField): string[] {
    return this.regs
      .get(id, field)
      .map((e) => e.id)
      .sort();
  }

  /** What the store was last known to reflect of an annotation's deletion. */
  private seenDeletion(id: string): { present: boolean; ids: string[] } {
    const s = this.seen.get(key(id, DELETED_FIELD));
    return s ? { present: s[0] === PRESENT, ids: s.slice(1) } : { present: true, ids: [] };
  }

  /** The whole annotation as the merge state has it now, for putting back in the store. */
  private materialized(id: string, docId: string): Annotation | null {
    const base = this.bases.get(id);
    if (!base) return null;
    const entries = [...rootEntries(base), ...(this.byAnnotation.get(id) ?? [])];
    const [m] = materialize({ bases: new Map([[id, base]]), entries: new Map() }, indexEntries(entries));
    return m ? { ...m.annotation, docId } : null;
  }

  /** One pass both ways (see the top of this file). */
  async reconcile(): Promise<ReconcileResult> {
    const { db, sync, docId } = this.options;
    const me: Reviewer = sync.author;
    const dirty = this.dirty;
    this.dirty = new Set();
    const arrived = this.arrived;
    this.arrived = new Set();
    const stored = await readDocAnnotations(db, docId);

    const newBases: AnnotationBase[] = [];
    const newEntries: FieldEntry[] = [];
    const updates: MergedValues[] = [];
    const puts: Annotation[] = [];
    const removals: Annotation[] = [];
    /** `seen` values that hold once the write for that annotation lands. */
    const pending = new Map<string, Array<[string, string[]]>>();
    let changedSeen = false;
    const storedIds = new Set<string>();
    const deletedKey = (id: string) => key(id, DELETED_FIELD);
    const deletedRoot = (id: string) => rootEntryId(id, DELETED_FIELD);
    const at = () => (this.options.now ?? (() => new Date().toISOString()))();
    const setSeen = (k: string, ids: string[], root: string) => {
      // A field still at its creator's value is the default: nothing to keep (for `deleted`: present, no entry).
      if ((ids.length === 1 && ids[0] === root) || (ids.length === 1 && ids[0] === PRESENT)) {
        if (this.seen.delete(k)) changedSeen = true;
      } else {
        this.seen.set(k, ids);
        changedSeen = true;
      }
    };

    // Time-sliced: the first pass over a large document must not hold the window.
    let sliceStart = performance.now();
    for (const a of stored) {
      if (performance.now() - sliceStart > 30) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = performance.now();
      }
      storedIds.add(a.id);
      if (!this.known.has(a.id)) {
        this.known.add(a.id);
        changedSeen = true;
      }
      const sig = signature(a);
      if (this.sigs.get(a.id) === sig && !dirty.has(a.id)) continue;
      this.sigs.set(a.id, sig);
      if (!this.bases.has(a.id)) {
        // Made here (or before sync existed): the creator's values are its fields' first entries.
        newBases.push(baseOf(a, me));
        continue;
      }
      const patch: Record<string, unknown> = {};
      const after: Array<[string, string[], string]> = [];
      const recordedBefore = newEntries.length;
      let latest = '';
      const values = editableValuesOf(a); // a record from before a field existed reads as its default (status: to check)
      for (const field of EDITABLE_FIELDS) {
        const live = this.regs.get(a.id, field);
        if (live.length === 0) continue;
        const liveIds = live.map((e) => e.id).sort();
        const k = key(a.id, field);
        const root = rootEntryId(a.id, field);
        let seenIds = (this.seen.get(k) ?? [root]).filter((id) => this.entryById.has(id));
        if (seenIds.length === 0) seenIds = liveIds;
        const seenEntries = seenIds.map((id) => this.entryById.get(id)!);
        // The store reflects what was seen while it holds one of those values (in a conflict, either).
        if (!seenEntries.some((e) => sameValue(e.value, values[field]))) {
          const differing = seenEntries.some((e) => !sameValue(e.value, seenEntries[0]!.value));
          const entry = makeEntry({ annotationId: a.id, field, value: values[field] as never, basedOn: seenIds, at: this.timeOf(a), by: me, action: differing ? 'resolve' : 'edit' });
          newEntries.push(entry);
          setSeen(k, [entry.id], root);
        } else if (seenIds.join() !== liveIds.join()) {
          if (!live.some((e) => sameValue(e.value, values[field]))) patch[field] = live[0]!.value;
          after.push([k, liveIds, root]);
          for (const e of live) if (e.at > latest) latest = e.at;
        }
      }
      const deletion = this.regs.deletion(a.id);
      const seenDel = this.seenDeletion(a.id);
      const liveDel = this.liveIds(a.id, DELETED_FIELD);
      if (!seenDel.present) {
        // It was gone from the store and is back: a person undid a delete here.
        if (deletion.deleted) {
          const entry = this.regs.edit(a.id, DELETED_FIELD, false, me, this.timeOf(a));
          newEntries.push(entry);
          setSeen(deletedKey(a.id), [PRESENT, entry.id], deletedRoot(a.id));
        } else setSeen(deletedKey(a.id), [PRESENT, ...liveDel], deletedRoot(a.id));
      } else if (deletion.deleted && newEntries.length === recordedBefore) {
        // Deleted by another reviewer (who saw every edit of it): removed here while it is as read. An
        // edit recorded in this pass was not seen by that delete and keeps it (a conflict, next pass).
        removals.push(a);
        pending.set(a.id, [[deletedKey(a.id), [ABSENT, ...liveDel]]]);
        continue;
      } else if (seenDel.ids.join() !== liveDel.join()) setSeen(deletedKey(a.id), [PRESENT, ...liveDel], deletedRoot(a.id));
      if (Object.keys(patch).length) {
        const to = { ...a, ...patch, updatedAt: latest > a.updatedAt ? latest : a.updatedAt } as Annotation;
        updates.push({ read: a, next: to });
        pending.set(
          a.id,
          after.map(([k, ids]) => [k, ids]),
        );
      } else for (const [k, ids, root] of after) setSeen(k, ids, root);
    }

    const putBack = (id: string) => {
      const annotation = this.materialized(id, docId);
      if (!annotation) return;
      puts.push(annotation);
      pending.set(id, [
        ...EDITABLE_FIELDS.map((f) => [key(id, f), this.liveIds(id, f)] as [string, string[]]).filter(([, ids]) => ids.length > 0),
        [deletedKey(id), [PRESENT, ...this.liveIds(id, DELETED_FIELD)]],
      ]);
    };

    // Annotations the store held once and does not hold now.
    for (const id of this.known) {
      if (storedIds.has(id) || !this.bases.has(id)) continue;
      this.sigs.delete(id);
      const deletion = this.regs.deletion(id);
      const seenDel = this.seenDeletion(id);
      const liveDel = this.liveIds(id, DELETED_FIELD);
      if (seenDel.present) {
        // A person deleted it here: a delete entry listing the edits they had in front of them.
        if (!deletion.deleted) {
          const entry = this.regs.edit(id, DELETED_FIELD, true, me, at());
          newEntries.push(entry);
          setSeen(deletedKey(id), [ABSENT, entry.id], deletedRoot(id));
        } else setSeen(deletedKey(id), [ABSENT, ...liveDel], deletedRoot(id));
      } else if (!deletion.deleted) {
        // Restored by another reviewer, or edited by one who had not seen the delete: back in the store.
        putBack(id);
      } else if (seenDel.ids.join() !== liveDel.join()) setSeen(deletedKey(id), [ABSENT, ...liveDel], deletedRoot(id));
    }

    let added = 0;
    for (const id of arrived) {
      const base = this.bases.get(id);
      if (!base || storedIds.has(id) || this.known.has(id)) continue;
      if (this.regs.deletion(id).deleted) {
        // Arrives already deleted: known, so a later restore brings it in, but not shown.
        this.known.add(id);
        setSeen(deletedKey(id), [ABSENT, ...this.liveIds(id, DELETED_FIELD)], deletedRoot(id));
        continue;
      }
      putBack(id);
    }

    for (let i = 0; i < newBases.length; i += SLICE) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      sync.add(newBases.slice(i, i + SLICE), []);
    }
    if (newEntries.length) sync.add([], newEntries);
    let applied = 0;
    if (updates.length || puts.length || removals.length) {
      const r = await writeMergedAnnotations(db, updates, puts, removals);
      for (const id of r.landed) {
        for (const [k, ids] of pending.get(id) ?? []) setSeen(k, ids, rootEntryId(id, k.split('\u0000')[1] as MergeField));
        if (!this.known.has(id)) {
          this.known.add(id);
          added++;
        } else applied++;
        changedSeen = true;
      }
      // A refused op (a person's edit landed first) is left as is: the next pass records that edit
      // based on what was seen, which makes it concurrent with the other reviewer's value.
      for (const id of r.refused) this.dirty.add(id);
      if (r.refused.size) this.schedule();
    }
    if (changedSeen) await this.options.store.bridge.put({ doc: this.docName, seen: [...this.seen], known: [...this.known] });
    return { recorded: newBases.length + newEntries.length, applied, added };
  }
}
