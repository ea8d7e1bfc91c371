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
// - A base no replica here ever stored arrives: the annotation is added to Dexie. One that was stored
//   and is gone was deleted here and stays deleted (deletion is not synced; ADR 0020).
import { liveQuery, type Subscription } from 'dexie';
import type { Annotation } from '../../../core/model/annotation';
import { EDITABLE_FIELDS, type EditableField } from '../../../core/model/edit';
import { makeEntry, sameValue, type FieldEntry, type Reviewer } from '../../../core/merge/entries';
import { allEntries, baseOf, indexEntries, liveEntries, materialize, rootEntries, type AnnotationBase, type MergeState } from '../../../core/merge/merge';
import { readDocAnnotations } from '../../db/reads';
import type { ClaimdeskDb } from '../../db/schema';
import { writeMergedAnnotations, type MergedValues } from '../../db/merge-writes';
import type { DocumentSync } from './document-sync';
import type { SyncStoreDb } from './local-doc-store';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const key = (annotationId: string, field: EditableField) => `${annotationId}\u0000${field}`;

export interface ReconcileResult {
  /** Entries and bases recorded from changes made here. */
  recorded: number;
  /** Annotations whose stored values were brought up to the merge state. */
  applied: number;
  /** Annotations added to the store from other reviewers. */
  added: number;
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

export class SyncBridge {
  private seen = new Map<string, string[]>();
  private known = new Set<string>();
  private running: Promise<unknown> = Promise.resolve();
  private queued = false;
  private closed = false;
  private subscription: Subscription | null = null;
  private offChange: (() => void) | null = null;

  private constructor(private readonly options: BridgeOptions) {}

  /** Opens the bridge for one document and keeps it running until `close`. */
  static async open(options: BridgeOptions): Promise<SyncBridge> {
    const bridge = new SyncBridge(options);
    const row = await options.store.bridge.get(bridge.docName);
    if (row) {
      bridge.seen = new Map(row.seen);
      bridge.known = new Set(row.known);
    }
    await bridge.reconcile();
    bridge.subscription = liveQuery(() => readDocAnnotations(options.db, options.docId)).subscribe({ next: () => bridge.schedule(), error: (e) => options.onError?.(e) });
    bridge.offChange = options.sync.onChange(() => bridge.schedule());
    return bridge;
  }

  private get docName(): string {
    return `${this.options.docId}\u0000${this.options.sync.name}`;
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
    this.offChange?.();
    await this.running;
  }

  private timeOf(a: Annotation): string {
    return ISO_TIME.test(a.updatedAt) ? a.updatedAt : (this.options.now ?? (() => new Date().toISOString()))();
  }

  /** One pass both ways (see the top of this file). */
  async reconcile(): Promise<ReconcileResult> {
    const { db, sync, docId } = this.options;
    const me: Reviewer = sync.author;
    const stored = await readDocAnnotations(db, docId);
    const state: MergeState = sync.snapshot();
    const index = indexEntries(allEntries(state));
    const byId = new Map<string, FieldEntry>();
    for (const list of index.byField.values()) for (const entries of list.values()) for (const e of entries) byId.set(e.id, e);

    const newBases: AnnotationBase[] = [];
    const newEntries: FieldEntry[] = [];
    const updates: MergedValues[] = [];
    const puts: Annotation[] = [];
    /** `seen` values that hold once the op for that annotation lands. */
    const pending = new Map<string, Array<[string, string[]]>>();
    let changedSeen = false;
    const storedIds = new Set<string>();

    for (const a of stored) {
      storedIds.add(a.id);
      if (!this.known.has(a.id)) {
        this.known.add(a.id);
        changedSeen = true;
      }
      if (!state.bases.has(a.id)) {
        // Made here (or before sync existed): the creator's values are its fields' first entries.
        const base = baseOf(a, me);
        newBases.push(base);
        for (const root of rootEntries(base)) this.seen.set(key(a.id, root.field), [root.id]);
        changedSeen = true;
        continue;
      }
      const patch: Record<string, unknown> = {};
      const after: Array<[string, string[]]> = [];
      let latest = '';
      for (const field of EDITABLE_FIELDS) {
        const live = liveEntries(index, a.id, field);
        if (live.length === 0) continue;
        const liveIds = live.map((e) => e.id).sort();
        const k = key(a.id, field);
        let seenIds = (this.seen.get(k) ?? []).filter((id) => byId.has(id));
        if (seenIds.length === 0) {
          // Nothing known (first pass for this field): the store reflects the live entries when it holds
          // one of their values; otherwise it was changed here unseen and is recorded based on them.
          seenIds = liveIds;
          this.seen.set(k, liveIds);
          changedSeen = true;
          if (live.some((e) => sameValue(e.value, a[field]))) continue;
        }
        const seenEntries = seenIds.map((id) => byId.get(id)!);
        // The store reflects what was seen while it holds one of those values (in a conflict, either).
        if (!seenEntries.some((e) => sameValue(e.value, a[field]))) {
          const differing = seenEntries.some((e) => !sameValue(e.value, seenEntries[0]!.value));
          const entry = makeEntry({ annotationId: a.id, field, value: a[field] as never, basedOn: seenIds, at: this.timeOf(a), by: me, action: differing ? 'resolve' : 'edit' });
          newEntries.push(entry);
          this.seen.set(k, [entry.id]);
          changedSeen = true;
        } else if (seenIds.join() !== liveIds.join()) {
          if (!live.some((e) => sameValue(e.value, a[field]))) patch[field] = live[0]!.value;
          after.push([k, liveIds]);
          for (const e of live) if (e.at > latest) latest = e.at;
        }
      }
      if (Object.keys(patch).length) {
        const to = { ...a, ...patch, updatedAt: latest > a.updatedAt ? latest : a.updatedAt } as Annotation;
        updates.push({ read: a, next: to });
        pending.set(a.id, after);
      } else if (after.length) {
        for (const [k, ids] of after) this.seen.set(k, ids);
        changedSeen = true;
      }
    }

    let added = 0;
    const missing = [...state.bases.values()].filter((b) => !storedIds.has(b.id) && !this.known.has(b.id));
    if (missing.length) {
      const wanted = new Set(missing.map((b) => b.id));
      const sub: MergeState = { bases: new Map(missing.map((b) => [b.id, b])), entries: state.entries };
      for (const m of materialize(sub, index)) {
        if (!wanted.has(m.annotation.id)) continue;
        puts.push({ ...m.annotation, docId });
        pending.set(
          m.annotation.id,
          EDITABLE_FIELDS.map((f) => [key(m.annotation.id, f), liveEntries(index, m.annotation.id, f).map((e) => e.id).sort()] as [string, string[]]).filter(([, ids]) => ids.length > 0),
        );
      }
    }

    if (newBases.length || newEntries.length) sync.add(newBases, newEntries);
    let applied = 0;
    if (updates.length || puts.length) {
      const r = await writeMergedAnnotations(db, updates, puts);
      for (const id of r.landed) {
        for (const [k, ids] of pending.get(id) ?? []) this.seen.set(k, ids);
        if (!this.known.has(id)) {
          this.known.add(id);
          added++;
        } else applied++;
        changedSeen = true;
      }
      // A refused op (a person's edit landed first) is left as is: the next pass records that edit
      // based on what was seen, which makes it concurrent with the other reviewer's value.
    }
    if (changedSeen) await this.options.store.bridge.put({ doc: this.docName, seen: [...this.seen], known: [...this.known] });
    return { recorded: newBases.length + newEntries.length, applied, added };
  }
}
