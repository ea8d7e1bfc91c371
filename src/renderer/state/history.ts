// Undo and redo for annotation edits: each entry holds the states before and after, by id.
import type { Annotation } from '../../core/model';
import type { AnnotationChange } from '../db/writes';

export type States = Map<string, Annotation | null>;

export interface HistoryEntry {
  label: string;
  before: States;
  after: States;
  /** Consecutive edits with the same key (typing in one note) become one undo step. */
  coalesceKey?: string;
  at: number;
}

const COALESCE_MS = 1500;

export function toChange(states: States): AnnotationChange {
  const put: Annotation[] = [];
  const remove: string[] = [];
  for (const [id, a] of states) {
    if (a) put.push(a);
    else remove.push(id);
  }
  return { put, remove };
}

export class UndoHistory {
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private listeners = new Set<() => void>();
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly apply: (change: AnnotationChange) => Promise<unknown>) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  get undoLabel(): string | null {
    return this.undoStack.at(-1)?.label ?? null;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  record(entry: HistoryEntry): void {
    const top = this.undoStack.at(-1);
    if (top && entry.coalesceKey && top.coalesceKey === entry.coalesceKey && entry.at - top.at < COALESCE_MS) {
      for (const [id, a] of entry.after) top.after.set(id, a);
      top.at = entry.at;
    } else {
      this.undoStack.push(entry);
      if (this.undoStack.length > 500) this.undoStack.shift();
    }
    this.redoStack = [];
    this.emit();
  }

  /** Undoes the last step; resolves to its label, or null when there was nothing to undo. */
  undo(): Promise<string | null> {
    return this.move(this.undoStack, this.redoStack, 'before');
  }

  /** Redoes the last undone step; resolves to its label, or null when there was nothing to redo. */
  redo(): Promise<string | null> {
    return this.move(this.redoStack, this.undoStack, 'after');
  }

  /** Applies the top step of `from` in the given direction, then moves it to `to`. */
  private move(from: HistoryEntry[], to: HistoryEntry[], states: 'before' | 'after'): Promise<string | null> {
    return this.serial(async () => {
      // Taken off the stack only once applied: a failed write leaves the step there to retry.
      const e = from.at(-1);
      if (!e) return null;
      await this.apply(toChange(e[states]));
      from.pop();
      to.push(e);
      this.emit();
      return e.label;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
