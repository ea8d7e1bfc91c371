// The drafts store: a window's unsaved typing, per annotation and per input (`note`,
// `translation.correction`, `sources.1.url` …). Editors show a draft over the stored record and the
// stored record everywhere else, so a change made underneath (undo, another window) shows at once
// without touching what is being typed. Typing is saved at most 1 s after the first unsaved key
// (350 ms after the last one when typing pauses), on blur, and when the window hides or closes; it is
// also journalled synchronously (localStorage), so typing in a window that dies before it could save
// is saved by the next window that finds it.
import type { Annotation } from '../../core/model';

export const PAUSE_MS = 350;
export const MAX_UNSAVED_MS = 1000;

type PathState = { value: unknown; state: 'pending' } | { value: unknown; state: 'saving' } | { value: unknown; state: 'saved'; savedAt: string };

interface Entry {
  paths: Map<string, PathState>;
  firstPendingAt: number | null;
  /** Order of the first unsaved key: what was typed first is saved first (and so undone last). */
  pendingSeq: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** Input last typed in: consecutive saves of one input undo as one step. */
  input: string;
  /** Per path, the values of this window's own that the stored record may hold (see JournalRecord.known). */
  known: Map<string, unknown[]>;
  /** When the last key was typed (the journal's `at`). */
  typedAt: number;
}

// Most values a path keeps in `known`: a landed save drops those sent before it, so only saves
// still on their way pile up (each is a copy of the text in every journal write).
const KNOWN_KEPT = 6;

/** Saves a set of inputs of one annotation to the record as stored now; resolves to the stored record. */
export type SaveDraft = (id: string, paths: Record<string, unknown>, coalesceKey: string) => Promise<Annotation>;

/** Where unsaved typing is journalled synchronously (localStorage in a window; a Map in tests). */
export interface DraftJournal {
  write(key: string, value: string): void;
  remove(key: string): void;
  keys(): string[];
  read(key: string): string | null;
}

export const JOURNAL_PREFIX = 'claimdesk-draft:';

export interface JournalRecord {
  windowId: string;
  id: string;
  paths: Record<string, unknown>;
  at: number;
  /**
   * Per path, values the stored record may hold that are no one else's change: the stored value when
   * this window's typing began, and each value it sent to be saved. A save sent before the last key can
   * land after it (and be stamped later than `at`): the stored record then holds this window's own
   * earlier text, which the journal's newer text must still replace. (Absent in older journals.)
   */
  known?: Record<string, unknown[]>;
}

/** Reads the value at an input path of an annotation ('note', 'translation.correction', 'sources.0.url'). */
export function valueAt(a: Annotation, path: string): unknown {
  let v: unknown = a;
  for (const part of path.split('.')) v = v == null ? undefined : (v as Record<string, unknown>)[part];
  return v;
}

/** The record with these input paths set (a new object; the rest shared). */
export function withPaths(a: Annotation, paths: Record<string, unknown>): Annotation {
  const out = structuredCloneJson(a);
  for (const [path, value] of Object.entries(paths)) {
    const parts = path.split('.');
    let target = out as unknown as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) {
      if (target[part] == null || typeof target[part] !== 'object') return out; // the thing typed in is gone
      target = target[part] as Record<string, unknown>;
    }
    target[parts.at(-1)!] = value;
  }
  return out;
}

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A value as the journal's JSON keeps it (an absent value becomes null). */
function absentAsNull(v: unknown): unknown {
  return v === undefined ? null : v;
}

/**
 * The journalled inputs to write over the record as stored now: all of them when it was not changed
 * after the typing; otherwise those whose stored value is still one of this window's own (see
 * JournalRecord.known). A field another window changed after the typing keeps that change.
 */
export function pathsToRecover(current: Annotation, record: JournalRecord): Record<string, unknown> {
  const unchangedSince = Date.parse(current.updatedAt) <= record.at;
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(record.paths)) {
    const stored = absentAsNull(valueAt(current, path));
    if (same(stored, absentAsNull(value))) continue;
    if (unchangedSince || record.known?.[path]?.some((v) => same(v, stored))) out[path] = value;
  }
  return out;
}

export class DraftStore {
  private entries = new Map<string, Entry>();
  private listeners = new Set<() => void>();
  private version = 0;
  private inFlight = new Set<Promise<unknown>>();
  private seq = 0;
  /** Saves that failed (deleted elsewhere, storage full): told to the user by whoever listens. */
  onError: (id: string, error: unknown, paths: Record<string, unknown>, lastSeen: Annotation | null) => void = () => {};
  private seen = new Map<string, Annotation>();

  constructor(
    private readonly save: SaveDraft,
    readonly windowId: string,
    private readonly journal: DraftJournal | null = null,
    /** When saves fire on their own (tests pass one that never fires, and flush explicitly). */
    private readonly schedule: (fn: () => void, ms: number) => ReturnType<typeof setTimeout> | null = (fn, ms) => setTimeout(fn, ms),
  ) {}

  /** Resolves when every save already started has landed (or failed and was reported). */
  whenSaved(): Promise<void> {
    return Promise.all([...this.inFlight]).then(() => undefined);
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getVersion = (): number => this.version;

  private emit(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }

  /** The draft value typed into an input, if any (what the editor shows instead of the stored one). */
  draft(id: string, path: string): { value: unknown } | null {
    const p = this.entries.get(id)?.paths.get(path);
    return p ? { value: p.value } : null;
  }

  /** Every input value this window holds for an annotation (saved, on its way, or unsaved). */
  valuesOf(id: string): Record<string, unknown> {
    return Object.fromEntries([...(this.entries.get(id)?.paths ?? [])].map(([k, p]) => [k, p.value]));
  }

  hasUnsaved(id?: string): boolean {
    const list = id ? [this.entries.get(id)].filter(Boolean) : [...this.entries.values()];
    return list.some((e) => [...e!.paths.values()].some((p) => p.state !== 'saved'));
  }

  /** Typing: keeps the value, journals it, and schedules the save. `immediate` (a choice, not typing) saves now. */
  set(id: string, values: Record<string, unknown>, input: string, immediate = false): Promise<void> {
    let e = this.entries.get(id);
    if (!e) this.entries.set(id, (e = { paths: new Map(), firstPendingAt: null, pendingSeq: 0, timer: null, input, known: new Map(), typedAt: 0 }));
    if (e.input !== input && [...e.paths.values()].some((p) => p.state === 'pending')) void this.flush(id);
    e.input = input;
    const seen = this.seen.get(id);
    for (const [path, value] of Object.entries(values)) {
      e.paths.set(path, { value, state: 'pending' });
      if (!e.known.has(path)) e.known.set(path, seen ? [absentAsNull(valueAt(seen, path))] : []);
    }
    const now = Date.now();
    e.typedAt = now;
    if (e.firstPendingAt === null) {
      e.firstPendingAt = now;
      e.pendingSeq = ++this.seq;
    }
    this.writeJournal(id, e);
    this.emit();
    if (immediate) return this.flush(id);
    if (e.timer) clearTimeout(e.timer);
    const due = Math.min(now + PAUSE_MS, e.firstPendingAt + MAX_UNSAVED_MS);
    e.timer = this.schedule(() => void this.flush(id), Math.max(0, due - now));
    return Promise.resolve();
  }

  /** Saves what is pending for one annotation (or all). Resolves when it has landed (or failed and was reported). */
  flush(id?: string): Promise<void> {
    if (id === undefined) return this.flushAll();
    const e = this.entries.get(id);
    if (!e) return Promise.resolve();
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    const pending = [...e.paths].filter(([, p]) => p.state === 'pending');
    if (pending.length === 0) return Promise.all([...this.inFlight]).then(() => undefined);
    e.firstPendingAt = null;
    const paths = Object.fromEntries(pending.map(([k, p]) => [k, p.value]));
    for (const [k, p] of pending) {
      e.paths.set(k, { value: p.value, state: 'saving' });
      const known = e.known.get(k) ?? [];
      known.push(absentAsNull(p.value));
      if (known.length > KNOWN_KEPT) known.splice(0, known.length - KNOWN_KEPT);
      e.known.set(k, known);
    }
    // Journalled before it is sent: should this window die while the save is on its way, the next
    // window knows the value it may find stored is this window's own.
    this.writeJournal(id, e);
    const job = this.save(id, paths, `${id}:${e.input}`).then(
      (stored) => {
        for (const [k, v] of Object.entries(paths)) {
          const now = e.paths.get(k);
          // Typed further meanwhile: that newer value is still pending and stays.
          if (now && now.state === 'saving' && same(now.value, v)) e.paths.set(k, { value: v, state: 'saved', savedAt: stored.updatedAt });
          // Landed: the stored value is this one or a later one; what was sent before it is gone.
          const known = e.known.get(k) ?? [];
          let last = known.length - 1;
          while (last >= 0 && !same(known[last], absentAsNull(v))) last--;
          if (last > 0) known.splice(0, last);
        }
        // The record as this save left it: the stored value the next typing begins over (JournalRecord.known),
        // even before the editor has been given it.
        const seen = this.seen.get(id);
        if (!seen || stored.updatedAt >= seen.updatedAt) this.seen.set(id, stored);
        if (![...e.paths.values()].some((p) => p.state === 'pending')) {
          this.clearJournal(id);
          e.known.clear();
        }
        this.emit();
      },
      (error: unknown) => {
        for (const [k, v] of Object.entries(paths)) {
          const now = e.paths.get(k);
          if (now && now.state === 'saving' && same(now.value, v)) e.paths.delete(k);
        }
        this.clearJournal(id);
        if (e.paths.size === 0) this.entries.delete(id);
        this.emit();
        this.onError(id, error, paths, this.seen.get(id) ?? null);
      },
    );
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
    return job;
  }

  /** Saves everything pending in this window (blur of the window, pagehide, close). */
  async flushAll(): Promise<void> {
    const order = [...this.entries].sort(([, a], [, b]) => a.pendingSeq - b.pendingSeq).map(([id]) => id);
    await Promise.all(order.map((id) => this.flush(id)));
    await Promise.all([...this.inFlight]);
  }

  /**
   * The stored record changed: drafts already saved give way to it (the stored value shows from now
   * on, including a later change made elsewhere); unsaved typing stays.
   */
  settle(stored: Annotation): void {
    this.seen.set(stored.id, stored);
    const e = this.entries.get(stored.id);
    if (!e) return;
    let changed = false;
    for (const [k, p] of e.paths) {
      // Strictly newer, or holding the value: two saves in one millisecond share an updatedAt.
      if (p.state === 'saved' && (stored.updatedAt > p.savedAt || same(valueAt(stored, k), p.value))) {
        e.paths.delete(k);
        changed = true;
      }
    }
    if (e.paths.size === 0 && !e.timer) this.entries.delete(stored.id);
    if (changed) this.emit();
  }

  /** The annotation is gone (deleted): nothing of it is left to save. */
  drop(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    if (e.timer) clearTimeout(e.timer);
    this.entries.delete(id);
    this.clearJournal(id);
    this.emit();
  }

  private journalKey(id: string): string {
    return `${JOURNAL_PREFIX}${this.windowId}:${id}`;
  }

  private writeJournal(id: string, e: Entry): void {
    if (!this.journal) return;
    const paths = Object.fromEntries([...e.paths].filter(([, p]) => p.state !== 'saved').map(([k, p]) => [k, p.value]));
    const known = Object.fromEntries(Object.keys(paths).map((k) => [k, e.known.get(k) ?? []]));
    const record: JournalRecord = { windowId: this.windowId, id, paths, at: e.typedAt, known };
    try {
      this.journal.write(this.journalKey(id), JSON.stringify(record));
    } catch {
      // A full or disabled localStorage: the journal is a second line of defence, the save still runs.
    }
  }

  private clearJournal(id: string): void {
    try {
      this.journal?.remove(this.journalKey(id));
    } catch {
      /* as above */
    }
  }
}

/**
 * Typing journalled by windows that are gone (closed or crashed before their save landed). `isAlive`
 * says whether a window still runs; a window that is not known to run and whose record is older
 * than `staleMs` is gone.
 */
export function orphanedDrafts(journal: DraftJournal, isAlive: (windowId: string) => boolean | null, now = Date.now(), staleMs = 3000): Array<{ key: string; record: JournalRecord }> {
  const out: Array<{ key: string; record: JournalRecord }> = [];
  for (const key of journal.keys()) {
    if (!key.startsWith(JOURNAL_PREFIX)) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(journal.read(key) ?? 'null') as JournalRecord;
    } catch {
      journal.remove(key);
      continue;
    }
    if (!record || typeof record.id !== 'string' || typeof record.paths !== 'object') {
      journal.remove(key);
      continue;
    }
    const alive = isAlive(record.windowId);
    if (alive === true || (alive === null && now - record.at < staleMs)) continue;
    out.push({ key, record });
  }
  return out;
}
