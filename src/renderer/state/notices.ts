// The notices store: what the app tells the user, as structured values (a status line, an alert with
// an optional action, the outcome of an import), not strings assembled in components.
export type Notice =
  | { kind: 'status'; text: string }
  | { kind: 'alert'; text: string; action?: { label: string; run(): void } };

export interface NoticesSnapshot {
  status: string;
  alert: { text: string; action?: { label: string; run(): void } } | null;
  /** A long job (import) the user can follow and cancel. */
  job: { label: string; stage: string; cancel: (() => void) | null } | null;
}

export class NoticeStore {
  private snap: NoticesSnapshot = { status: '', alert: null, job: null };
  private listeners = new Set<() => void>();

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  snapshot = (): NoticesSnapshot => this.snap;

  private set(next: Partial<NoticesSnapshot>): void {
    this.snap = { ...this.snap, ...next };
    for (const fn of this.listeners) fn();
  }

  status(text: string): void {
    this.set({ status: text });
  }

  alert(text: string, action?: { label: string; run(): void }): void {
    this.set({ alert: { text, action } });
  }

  dismissAlert(): void {
    this.set({ alert: null });
  }

  job(job: NoticesSnapshot['job']): void {
    this.set({ job });
  }
}
