// Undo and redo for this window's own annotation edits: each step holds the records before and after,
// by id, and is replayed as a compare-and-set (core/model/edit `applyTransition`): a step whose target
// changed since (another window, an import) is refused and dropped, never written over that change.
import type { Annotation, Transition } from '../../core/model';
import type { Conflict, States, WriteResult } from '../db/writes';

export type { States };

export interface HistoryEntry {
  label: string;
  before: States;
  after: States;
  /** Consecutive edits with the same key (typing in one note) become one undo step. */
  coalesceKey?: string;
  at: number;
}

export type StepOutcome =
  | { kind: 'done'; label: string }
  /** Not applied: the records it would change were changed since; the step is dropped. */
  | { kind: 'refused'; label: string; conflicts: Conflict[] };

const COALESCE_MS = 1500;

/** The transitions that take every record of a step from one side to the other. */
export function transitions(from: States, to: States): Transition[] {
  const ids = new Set([...from.keys(), ...to.keys()]);
  return [...ids].map((id) => ({ id, from: from.get(id) ?? null, to: to.get(id) ?? null }));
}

export interface HistorySnapshot {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel: string | null;
  redoLabel: string | null;
}

export class UndoHistory {
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private listeners = new Set<() => void>();
  private busy: Promise<unknown> = Promise.resolve();
  private snap: HistorySnapshot = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };

  constructor(private readonly apply: (steps: Transition[]) => Promise<WriteResult>) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }
  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }
  get undoLabel(): string | null {
    return this.undoStack.at(-1)?.label ?? null;
  }
  get redoLabel(): string | null {
    return this.redoStack.at(-1)?.label ?? null;
  }

  /** A stable value for useSyncExternalStore: a new object only when something changed. */
  snapshot = (): HistorySnapshot => this.snap;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  record(entry: HistoryEntry): void {
    const top = this.undoStack.at(-1);
    if (top && entry.coalesceKey && top.coalesceKey === entry.coalesceKey && entry.at - top.at < COALESCE_MS) {
      for (const [id, a] of entry.after) top.after.set(id, a);
      for (const [id, a] of entry.before) if (!top.before.has(id)) top.before.set(id, a);
      top.at = entry.at;
    } else {
      this.undoStack.push(entry);
      if (this.undoStack.length > 500) this.undoStack.shift();
    }
    this.redoStack = [];
    this.emit();
  }

  /** Undoes the last step; null when there was nothing to undo. */
  undo(): Promise<StepOutcome | null> {
    return this.move(this.undoStack, this.redoStack, 'undo');
  }

  /** Redoes the last undone step; null when there was nothing to redo. */
  redo(): Promise<StepOutcome | null> {
    return this.move(this.redoStack, this.undoStack, 'redo');
  }

  /** Waits for steps already started (tests, and a window about to close). */
  settled(): Promise<void> {
    return this.busy.then(() => undefined);
  }

  private move(from: HistoryEntry[], to: HistoryEntry[], direction: 'undo' | 'redo'): Promise<StepOutcome | null> {
    return this.serial(async () => {
      // Taken off the stack only once applied: a failed write leaves the step there to retry.
      const e = from.at(-1);
      if (!e) return null;
      const steps = direction === 'undo' ? transitions(e.after, e.before) : transitions(e.before, e.after);
      const result = await this.apply(steps);
      from.pop();
      if (result.conflicts.length) {
        this.emit();
        return { kind: 'refused', label: e.label, conflicts: result.conflicts };
      }
      // What landed is what the step now undoes or redoes (the stored records, not copies).
      if (direction === 'undo') for (const [id, a] of result.after) e.before.set(id, a);
      else for (const [id, a] of result.after) e.after.set(id, a);
      to.push(e);
      this.emit();
      return { kind: 'done', label: e.label };
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  private emit(): void {
    this.snap = { canUndo: this.canUndo, canRedo: this.canRedo, undoLabel: this.undoLabel, redoLabel: this.redoLabel };
    for (const fn of this.listeners) fn();
  }
}

/** "contested claim “The countries’ top diplomats…”": what a step is about, for labels and tooltips. */
export function describeTarget(a: Pick<Annotation, 'kind' | 'verdict' | 'quote'>): string {
  const kind = a.kind === 'translation-error' ? 'translation error' : `${a.verdict ?? 'contested'} claim`;
  return `${kind} “${cutAtWord(a.quote.exact, 40)}”`;
}

/** Cuts text at a word boundary, with an ellipsis when anything was cut. */
export function cutAtWord(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if ([...flat].length <= max) return flat;
  const cut = [...flat].slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}
