// One document's shared annotations as the renderer uses them: the reviewer's local copy (IndexedDB),
// optionally connected to the desk's server, read as annotations with their open conflicts, and written
// only as per-field entries in the reviewer's own name (create, patch, resolve, restore).
import * as Y from 'yjs';
import type { Annotation } from '../../../core/model/annotation';
import type { AnnotationPatch, EditableField } from '../../../core/model/edit';
import { entryProblem, type FieldEntry, type MergeField, type MergeValues, type Reviewer } from '../../../core/merge/entries';
import {
  annotationHistory,
  createdState,
  deletedEntry,
  materialize,
  patchEntries,
  resolveEntry,
  restoreEntry,
  type AnnotationBase,
  type FieldConflict,
  type HistoryItem,
  type MaterializedAnnotation,
  type MergeState,
} from '../../../core/merge/merge';
import { baseProblem, basesMap, docNameFor, entriesMap, readDoc, writeToDoc } from '../../../core/merge/ydoc';
import { openLocalDoc, type LocalDoc, type SyncStoreDb } from './local-doc-store';
import { connectDocument, type SyncConnection, type SyncStatus } from './sync-client';
import type { HocuspocusProviderWebsocket } from '@hocuspocus/provider';

export interface DocumentSyncOptions {
  db: SyncStoreDb;
  /** sha256 of the document's text. */
  textHash: string;
  reviewer: Reviewer;
  /** Absent: offline only. */
  server?: { url: string; token: string; WebSocketPolyfill?: unknown; retry?: { delay: number; maxDelay: number }; websocket?: HocuspocusProviderWebsocket };
  /** The clock, injected for tests. */
  now?: () => string;
}

export interface DocumentView {
  annotations: MaterializedAnnotation[];
  conflicts: FieldConflict[];
  /** Stored values that failed validation: set aside, counted so the UI can say so. */
  rejected: number;
}

export class DocumentSync {
  private view: DocumentView | null = null;
  private state: MergeState | null = null;
  private readonly listeners = new Set<(v: DocumentView) => void>();

  private constructor(
    private readonly local: LocalDoc,
    private readonly connection: SyncConnection | null,
    private readonly reviewer: Reviewer,
    private readonly now: () => string,
  ) {
    local.doc.on('update', this.invalidate);
  }

  static async open(options: DocumentSyncOptions): Promise<DocumentSync> {
    const name = docNameFor(options.textHash);
    const local = await openLocalDoc(options.db, name, new Y.Doc());
    const server = options.server;
    const connection = server
      ? connectDocument({ url: server.url, token: server.token, name, doc: local.doc, WebSocketPolyfill: server.WebSocketPolyfill, retry: server.retry, websocket: server.websocket })
      : null;
    return new DocumentSync(local, connection, options.reviewer, options.now ?? (() => new Date().toISOString()));
  }

  /** The copy's Yjs state vector now: equal vectors, equal contents. */
  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.local.doc);
  }

  /** Resolves once the server's state is merged and every local change confirmed (rejects after the timeout). */
  settled(timeoutMs?: number): Promise<void> {
    if (!this.connection) return Promise.reject(new Error('not connected to a server'));
    return this.connection.settled(timeoutMs);
  }

  private readonly invalidate = () => {
    this.view = null;
    this.state = null;
    if (this.listeners.size) {
      const v = this.read();
      this.listeners.forEach((l) => l(v));
    }
  };

  private current(): MergeState {
    if (!this.state) this.state = readDoc(this.local.doc).state;
    return this.state;
  }

  read(): DocumentView {
    if (!this.view) {
      const { state, rejected } = readDoc(this.local.doc);
      this.state = state;
      const annotations = materialize(state);
      this.view = { annotations, conflicts: annotations.flatMap((a) => a.conflicts), rejected: rejected.length };
    }
    return this.view;
  }

  onChange(listener: (v: DocumentView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SyncStatus {
    return this.connection?.status() ?? { state: 'offline', waiting: 0 };
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    return this.connection?.onStatus(listener) ?? (() => undefined);
  }

  create(annotation: Annotation): void {
    writeToDoc(this.local.doc, [createdState(annotation, this.reviewer).base], []);
  }

  /** Records a person's change; returns the fields that changed (none when the values were already so). */
  apply(patch: AnnotationPatch): EditableField[] {
    const entries = patchEntries(this.current(), patch, this.reviewer, this.now());
    writeToDoc(this.local.doc, [], entries);
    return entries.map((e) => e.field as EditableField);
  }

  /** Deletes an annotation (a tombstone entry; the annotation and its history stay) or undoes a delete. */
  setDeleted(annotationId: string, deleted: boolean): void {
    writeToDoc(this.local.doc, [], [deletedEntry(this.current(), annotationId, deleted, this.reviewer, this.now())]);
  }

  resolve(annotationId: string, field: MergeField, value: MergeValues[MergeField]): void {
    writeToDoc(this.local.doc, [], [resolveEntry(this.current(), annotationId, field, value, this.reviewer, this.now())]);
  }

  restore(entryId: string): void {
    writeToDoc(this.local.doc, [], [restoreEntry(this.current(), entryId, this.reviewer, this.now())]);
  }

  /** The merge state as held now (bases and entries), for the bridge to the annotation store. */
  snapshot(): MergeState {
    return this.current();
  }

  /** Adds bases and entries that are already sealed (the bridge, a file import); present ones stay as they are. */
  add(bases: Iterable<AnnotationBase>, entries: Iterable<FieldEntry>): number {
    return writeToDoc(this.local.doc, bases, entries);
  }

  /**
   * Calls `listener` with the bases and entries each change adds (well-formed ones only), so a client
   * can follow the state without reading all of it again. Keys are never rewritten (ydoc.ts), so added
   * keys are the whole change.
   */
  observe(listener: (bases: AnnotationBase[], entries: FieldEntry[]) => void): () => void {
    const bm = basesMap(this.local.doc);
    const em = entriesMap(this.local.doc);
    const onBases = (event: Y.YMapEvent<AnnotationBase>) => {
      const out: AnnotationBase[] = [];
      for (const key of event.keysChanged) {
        const v = bm.get(key);
        if (v !== undefined && baseProblem(v, key) === null) out.push(v);
      }
      if (out.length) listener(out, []);
    };
    const onEntries = (event: Y.YMapEvent<FieldEntry>) => {
      const out: FieldEntry[] = [];
      for (const key of event.keysChanged) {
        const v = em.get(key);
        if (v !== undefined && v.id === key && entryProblem(v) === null) out.push(v);
      }
      if (out.length) listener([], out);
    };
    bm.observe(onBases);
    em.observe(onEntries);
    return () => {
      bm.unobserve(onBases);
      em.unobserve(onEntries);
    };
  }

  /** The Y.Doc's sync name (`doc:<content hash>`). */
  get name(): string {
    return this.local.name;
  }

  /** The reviewer this copy writes as. */
  get author(): Reviewer {
    return this.reviewer;
  }

  history(annotationId: string): HistoryItem[] {
    return annotationHistory(this.current(), annotationId);
  }

  /** The local copy as one Yjs update (for tests and for exchanging by file). */
  encode(): Uint8Array {
    return Y.encodeStateAsUpdate(this.local.doc);
  }

  /** Merges a copy received some other way (a file); the same merge as live sync. */
  merge(update: Uint8Array): void {
    Y.applyUpdate(this.local.doc, update);
  }

  async flushed(): Promise<void> {
    await this.local.flushed();
  }

  async close(): Promise<void> {
    this.local.doc.off('update', this.invalidate);
    this.connection?.close();
    await this.local.close();
  }
}
