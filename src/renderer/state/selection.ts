// The selection and focus store: which document is open, which annotation is selected, which one the
// reader should bring into view, and the text selected in the reader (for re-attaching orphans).
// Kept outside React so a selection change re-renders only what shows it, not the whole app.
import type { TextRange } from '../../core/anchoring';

export interface SelectionSnapshot {
  openId: string | null;
  selectedId: string | null;
  focusRequest: { id: string; nonce: number } | null;
  /** Enter on a highlight: its editor takes the keyboard focus (used once; any other selecting clears it). */
  editRequest: { id: string; nonce: number } | null;
  corrected: boolean;
}

export class SelectionStore {
  private snap: SelectionSnapshot = { openId: null, selectedId: null, focusRequest: null, editRequest: null, corrected: false };
  private listeners = new Set<() => void>();
  private rangeListeners = new Set<() => void>();
  private range: TextRange | null = null;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  snapshot = (): SelectionSnapshot => this.snap;

  private set(next: Partial<SelectionSnapshot>): void {
    this.snap = { ...this.snap, ...next };
    for (const fn of this.listeners) fn();
  }

  open(id: string): void {
    this.set({ openId: id, selectedId: null, editRequest: null, corrected: false });
  }

  select(id: string | null): void {
    if (id !== this.snap.selectedId || this.snap.editRequest) this.set({ selectedId: id, editRequest: null });
  }

  /** Selects an annotation and asks its editor to take the keyboard focus. */
  openForEditing(id: string): void {
    this.set({ selectedId: id, editRequest: { id, nonce: Date.now() } });
  }

  /** Selects an entry and asks the reader to bring its highlight into view. */
  focus(id: string): void {
    this.set({ selectedId: id, editRequest: null, focusRequest: { id, nonce: Date.now() } });
  }

  toggleCorrected(): void {
    this.set({ corrected: !this.snap.corrected });
  }

  // The reader's text selection changes on every drag step: its own subscribers only.
  subscribeRange = (fn: () => void): (() => void) => {
    this.rangeListeners.add(fn);
    return () => this.rangeListeners.delete(fn);
  };
  textRange = (): TextRange | null => this.range;
  setTextRange = (range: TextRange | null): void => {
    if (range === this.range || (range && this.range && range.start === this.range.start && range.end === this.range.end)) return;
    this.range = range;
    for (const fn of this.rangeListeners) fn();
  };
}
