// The window's side of the desk worker: starts it (when the window is idle after opening, so the desk
// opens on an index already read), asks for views and row windows, and holds the latest progress for
// the library and the overview. Where a worker cannot start, the same index runs in the window.
import { createContext, createElement, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import type { ClaimdeskDb } from '../../db/schema';
import { watchAllAnnotations } from '../../db/annotation-watch';
import { DeskIndex, type DeskRow, type DeskSummary, type DeskView, type DeskViewRequest } from './desk-model';
import type { AnnotationFilter } from '../filters/annotation-filter';
import type { DeskRequest, DeskResponse } from './desk-protocol';

export interface ViewAnswer {
  view: DeskView;
  rows: DeskRow[];
  ms: number;
}

type Pending = { resolve(v: unknown): void; reject(e: Error): void };

export class DeskClient {
  private worker: Worker | null = null;
  private local: { index: DeskIndex; stop: () => void; ready: Promise<void> } | null = null;
  private started = false;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Set<() => void>();
  private current: DeskSummary | null = null;
  private titles: Array<[string, string]> = [];

  constructor(private readonly db: ClaimdeskDb) {}

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  summary = (): DeskSummary | null => this.current;

  private publish(summary: DeskSummary, readMs: number): void {
    this.current = summary;
    performance.mark('cd:desk-index', { detail: { total: summary.total, version: summary.version, readMs } });
    for (const fn of this.listeners) fn();
    for (const fn of this.waitingChange.splice(0)) fn();
  }

  private waitingChange: Array<() => void> = [];

  /** Resolves when the index next reads the stored annotations (after a write), or after `timeoutMs`. */
  nextChange(timeoutMs = 3000): Promise<void> {
    return new Promise((resolve) => {
      this.waitingChange.push(resolve);
      setTimeout(resolve, timeoutMs);
    });
  }

  /** Starts reading the annotations (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    try {
      this.worker = new Worker(new URL('./desk.worker.ts', import.meta.url), { type: 'module', name: 'claimdesk-desk' });
      this.worker.onmessage = (e: MessageEvent<DeskResponse>) => this.receive(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.fallBack();
      };
      if (this.titles.length) this.send({ type: 'titles', titles: this.titles });
    } catch {
      this.fallBack();
    }
  }

  private fallBack(): void {
    this.worker?.terminate();
    this.worker = null;
    if (this.local) return;
    const index = new DeskIndex();
    index.setTitles(this.titles);
    let markReady: () => void = () => {};
    const ready = new Promise<void>((r) => (markReady = r));
    const stop = watchAllAnnotations(
      this.db,
      (list, readMs) => {
        index.setAnnotations(list);
        markReady();
        this.publish(index.summary(), readMs);
      },
      () => markReady(),
    );
    this.local = { index, stop, ready };
    for (const [, p] of this.pending) p.reject(new Error('The desk worker stopped; ask again.'));
    this.pending.clear();
  }

  /** Stops the worker; a later `start` begins again (React may unmount and mount the provider). */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.local?.stop();
    this.local = null;
    this.started = false;
    for (const [, p] of this.pending) p.reject(new Error('The desk was closed.'));
    this.pending.clear();
  }

  private receive(m: DeskResponse): void {
    if (m.type === 'changed') return this.publish(m.summary, m.readMs);
    const p = m.id === null ? undefined : this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id!);
    if (m.type === 'error') p.reject(new Error(m.message));
    else if (m.type === 'view') p.resolve({ view: m.view, rows: m.rows, ms: m.ms } satisfies ViewAnswer);
    else if (m.type === 'rows') p.resolve(m.rows);
    else if (m.type === 'picked') p.resolve(m.rows);
    else if (m.type === 'count') p.resolve(m.count);
  }

  private send(m: DeskRequest): void {
    this.worker?.postMessage(m);
  }

  private ask<T>(build: (id: number) => DeskRequest): Promise<T> {
    this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send(build(id));
    });
  }

  setTitles(titles: Array<[string, string]>): void {
    this.titles = titles;
    this.local?.index.setTitles(titles);
    this.send({ type: 'titles', titles });
  }

  async view(request: DeskViewRequest, first: number): Promise<ViewAnswer> {
    if (this.local) {
      await this.local.ready;
      const t0 = performance.now();
      const view = this.local.index.view(request);
      return { view, rows: this.local.index.rows(0, first), ms: performance.now() - t0 };
    }
    return this.ask<ViewAnswer>((id) => ({ type: 'view', id, request, first }));
  }

  async rows(version: number, start: number, end: number): Promise<DeskRow[]> {
    if (this.local) return this.local.index.rows(start, end);
    return this.ask<DeskRow[]>((id) => ({ type: 'rows', id, version, start, end }));
  }

  /** How many annotations the filter lets through. */
  async count(filter: AnnotationFilter): Promise<number> {
    if (this.local) {
      await this.local.ready;
      return this.local.index.count(filter);
    }
    return this.ask<number>((id) => ({ type: 'count', id, filter }));
  }

  /** Every row of the last view, in its order. */
  async viewRows(): Promise<DeskRow[]> {
    if (this.local) return this.local.index.viewRows();
    return this.ask<DeskRow[]>((id) => ({ type: 'view-rows', id }));
  }

  /** The rows of these ids and of the other appearances of their linked claims (what a bulk edit changes). */
  async withAppearances(ids: readonly string[]): Promise<DeskRow[]> {
    if (this.local) return this.local.index.withAppearances(ids);
    return this.ask<DeskRow[]>((id) => ({ type: 'expand', id, ids: [...ids] }));
  }
}

const DeskContext = createContext<DeskClient | null>(null);

/**
 * Provides the desk's client to the desk, the overview and the library's progress. The index is read
 * once the window has been idle a moment after opening (never competing with the first document's paint).
 */
export function DeskProvider({ client, children }: { client: DeskClient; children: ReactNode }) {
  useEffect(() => {
    const start = () => client.start();
    const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(start, { timeout: 3000 }) : (setTimeout(start, 1500) as unknown as number);
    return () => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(idle) : clearTimeout(idle));
  }, [client]);
  useEffect(() => () => client.dispose(), [client]);
  return createElement(DeskContext.Provider, { value: client }, children);
}

export function useDeskClient(): DeskClient {
  const c = useContext(DeskContext);
  if (!c) throw new Error('useDeskClient outside DeskProvider');
  return c;
}

/** The latest per-document progress (null until the annotations were read once). */
export function useDeskSummary(): DeskSummary | null {
  const c = useContext(DeskContext);
  return useSyncExternalStore(c ? c.subscribe : noSubscribe, c ? c.summary : noSummary);
}

const noSubscribe = () => () => {};
const noSummary = () => null;
