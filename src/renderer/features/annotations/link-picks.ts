// The passages picked to be linked as one claim: kept for this window while the person moves between
// documents to find the other appearances (the reader shows one document at a time).
import { useSyncExternalStore } from 'react';
import type { Annotation } from '../../../core/model';

export interface PickedPassage {
  id: string;
  docId: string;
  kind: Annotation['kind'];
  quote: string;
}

class LinkPicks {
  private list: readonly PickedPassage[] = [];
  private listeners = new Set<() => void>();
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  snapshot = (): readonly PickedPassage[] => this.list;
  private set(next: readonly PickedPassage[]): void {
    this.list = next;
    for (const fn of this.listeners) fn();
  }
  pick(a: Annotation): void {
    if (!this.list.some((p) => p.id === a.id)) this.set([...this.list, { id: a.id, docId: a.docId, kind: a.kind, quote: a.quote.exact }]);
  }
  drop(id: string): void {
    this.set(this.list.filter((p) => p.id !== id));
  }
  clear(): void {
    this.set([]);
  }
}

export const linkPicks = new LinkPicks();

export function useLinkPicks(): readonly PickedPassage[] {
  return useSyncExternalStore(linkPicks.subscribe, linkPicks.snapshot);
}
