// Model-based test of "no edit is ever lost": 1,000 random operations across two windows (two
// Workspace + DraftStore instances over one fake-indexeddb database, as two tabs on one profile):
// create, type into fields, choose a verdict, flush (blur), delete, undo, redo, import, re-anchor
// against a stale read, close a window mid-typing. After every step the database must equal a plain
// model of what a person would expect. Prints operations, windows and divergences (must be 0).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reanchorAnnotation } from '../../core/anchoring';
import { buildNativeExport, planMerge, serializeNative } from '../../core/formats';
import { EDITABLE_FIELDS, createAnnotation, sha256Hex, type Annotation, type CorpusDocument } from '../../core/model';
import { importFile } from '../features/import/import';
import { readAllAnnotations } from '../db/reads';
import { ClaimdeskDb, addToStats, emptyStats } from '../db/schema';
import { DraftStore, withPaths } from './drafts';
import { Workspace } from './workspace';

const OPS = 1000;
const WINDOWS = 2;
const BASE = [
  'Officials in Tashkent confirmed the figures on Monday, a spokesman said.',
  'The ministry denied that any talks had taken place in 2021.',
  'Exports of cotton rose by a third over the year, the report found.',
  'Both countries recognised the border agreement signed in March.',
].join('\n');

// ---------------- the model ----------------

type Rec = Annotation;
type States = Map<string, Rec | null>;
interface ModelEntry { before: States; after: States; key?: string; at: number }
interface ModelWindow { undo: ModelEntry[]; redo: ModelEntry[]; pending: Map<string, { paths: Record<string, unknown>; input: string }> }

/** Structural equality, key order ignored (a record read back from a file has the schema's key order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}
const eq = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The rule a person expects of undo: only if the record is still as the step left it. */
function modelTransition(cur: Rec | null, from: Rec | null, to: Rec | null): { ok: boolean; next: Rec | null } {
  if (!from) return cur ? { ok: false, next: cur } : { ok: true, next: to };
  if (!cur) return { ok: false, next: null };
  const differing = to ? [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => k !== 'id' && !eq((from as never)[k], (to as never)[k])) : [];
  const checked = new Set<string>([...EDITABLE_FIELDS, ...differing.filter((k) => k !== 'updatedAt' && k !== 'history')]);
  for (const k of checked) if (!eq((cur as never)[k], (from as never)[k])) return { ok: false, next: cur };
  if (!to) return { ok: true, next: null };
  const next = { ...cur } as Record<string, unknown>;
  for (const k of differing) next[k] = (to as never)[k];
  return { ok: true, next: next as unknown as Rec };
}

class Model {
  records = new Map<string, Rec>();
  windows: ModelWindow[] = Array.from({ length: WINDOWS }, () => ({ undo: [], redo: [], pending: new Map() }));

  record(w: number, before: States, after: States, key: string | undefined, at: number) {
    const win = this.windows[w]!;
    const top = win.undo.at(-1);
    if (top && key && top.key === key && at - top.at < 1500) {
      for (const [id, a] of after) top.after.set(id, a);
      for (const [id, a] of before) if (!top.before.has(id)) top.before.set(id, a);
      top.at = at;
    } else win.undo.push({ before, after, key, at });
    win.redo = [];
  }

  /** Saves a window's pending typing for one record (what a flush does). */
  flush(w: number, id: string, now: string, at: number) {
    const p = this.windows[w]!.pending.get(id);
    if (!p) return;
    this.windows[w]!.pending.delete(id);
    const cur = this.records.get(id);
    if (!cur) return; // deleted elsewhere: refused, nothing brought back
    const fields = [...new Set(Object.keys(p.paths).map((x) => x.split('.')[0]!))];
    const withTyping = withPaths(cur, p.paths);
    const next = { ...cur, updatedAt: now } as Record<string, unknown>;
    for (const f of fields) next[f] = (withTyping as unknown as Record<string, unknown>)[f];
    this.records.set(id, next as unknown as Rec);
    this.record(w, new Map([[id, cur]]), new Map([[id, next as unknown as Rec]]), `${id}:${p.input}`, at);
  }

  step(w: number, which: 'undo' | 'redo'): 'done' | 'refused' | 'nothing' {
    const win = this.windows[w]!;
    const from = which === 'undo' ? win.undo : win.redo;
    const to = which === 'undo' ? win.redo : win.undo;
    const e = from.pop();
    if (!e) return 'nothing';
    const [src, dst] = which === 'undo' ? [e.after, e.before] : [e.before, e.after];
    const ids = new Set([...src.keys(), ...dst.keys()]);
    const results = [...ids].map((id) => ({ id, r: modelTransition(this.records.get(id) ?? null, src.get(id) ?? null, dst.get(id) ?? null) }));
    if (results.some((x) => !x.r.ok)) return 'refused';
    for (const { id, r } of results) {
      if (r.next) this.records.set(id, r.next);
      else this.records.delete(id);
      (which === 'undo' ? e.before : e.after).set(id, r.next);
    }
    to.push(e);
    return 'done';
  }
}

// ---------------- the system ----------------

interface Win { ws: Workspace; drafts: DraftStore; db: ClaimdeskDb }

describe('two windows on one profile, 1,000 random operations against a model', () => {
  it('the database equals the model after every step', async () => {
    const factory = new IDBFactory();
    const name = 'two-windows';
    let clock = Date.parse('2026-03-01T09:00:00.000Z');
    const now = () => clock;
    const iso = () => new Date(clock).toISOString();
    const openWindow = async (): Promise<Win> => {
      const db = new ClaimdeskDb(name, { indexedDB: factory, IDBKeyRange });
      await db.open();
      const ws = new Workspace(db, { clock: now });
      const drafts = new DraftStore((id, paths, key) => ws.saveInputs(id, paths, key), crypto.randomUUID(), null, () => null);
      return { ws, drafts, db };
    };
    const wins: Win[] = [await openWindow(), await openWindow()];
    const model = new Model();
    const texts = new Map<string, string>([['d1', BASE], ['d2', BASE.split('\n').reverse().join('\n')]]);
    const docOf = (id: string): CorpusDocument => {
      const text = texts.get(id)!;
      return { id, file: `${id}.txt`, title: id, text, hash: sha256Hex(text), publication: null, author: null, date: null, language: 'en', translation: null };
    };

    const rng = fc.sample(fc.array(fc.integer({ min: 0, max: 2 ** 30 }), { minLength: OPS * 8, maxLength: OPS * 8 }), { numRuns: 1, seed: Number(process.env.CLAIMDESK_MODEL_SEED ?? 20261130) })[0]!;
    let ri = 0;
    const rand = (n: number) => rng[ri++ % rng.length]! % n;
    const pick = <T,>(list: readonly T[]): T | undefined => (list.length ? list[rand(list.length)] : undefined);

    let seq = 0;
    let divergences = 0;
    const counts: Record<string, number> = {};
    const refused = { model: 0, app: 0 };
    const log: string[] = [];
    const trail: string[] = [];

    const compare = async (op: string) => {
      await Promise.all(wins.map((w) => w.drafts.whenSaved()));
      const stored = (await readAllAnnotations(wins[0]!.db)).sort((a, b) => (a.id < b.id ? -1 : 1));
      const expected = [...model.records.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
      const stats = (await wins[0]!.db.docStats.toArray()).filter((s) => s.total > 0).sort((a, b) => (a.docId < b.docId ? -1 : 1));
      const want = new Map<string, ReturnType<typeof emptyStats>>();
      for (const a of expected) {
        if (!want.has(a.docId)) want.set(a.docId, emptyStats(a.docId));
        addToStats(want.get(a.docId)!, a, 1);
      }
      const wantStats = [...want.values()].sort((a, b) => (a.docId < b.docId ? -1 : 1));
      if (!eq(stored, expected) || !eq(stats, wantStats)) {
        divergences++;
        if (log.length < 5) {
          const sm = new Map(stored.map((a) => [a.id, a]));
          const diff = expected.filter((a) => !eq(sm.get(a.id), a)).map((a) => ({ want: a, got: sm.get(a.id) }));
          const d = diff[0];
          const fields = d?.got ? Object.keys(d.want).filter((k) => !eq((d.want as never)[k], (d.got as never)[k])).map((k) => `${k}: want ${JSON.stringify((d.want as never)[k])}, got ${JSON.stringify((d.got as never)[k])}`) : [];
          log.push(`${op}: ${stored.length} stored vs ${expected.length} expected; ${d ? `${d.want.id} differs in ${fields.join('; ')}` : 'an extra row'}\n  after: ${trail.slice(-40).join('\n  ')}`);
        }
        // Re-sync the model to carry on and count further divergences independently.
        model.records = new Map(stored.map((a) => [a.id, a]));
      }
    };

    for (let i = 0; i < OPS; i++) {
      clock += pick([100, 300, 700, 1200, 2500])!;
      const w = rand(WINDOWS);
      const win = wins[w]!;
      const mw = model.windows[w]!;
      const ids = [...model.records.keys()].sort();
      const kind = pick(['create', 'create', 'type', 'type', 'type', 'choose', 'flush', 'delete', 'undo', 'undo', 'redo', 'import', 'reanchor', 'close', 'contend'] as const)!;
      counts[kind] = (counts[kind] ?? 0) + 1;
      let label = `#${i} w${w} ${kind}`;
      if (kind === 'create') {
        const doc = docOf(pick(['d1', 'd2'])!);
        const line = rand(4);
        const start = doc.text.split('\n').slice(0, line).join('\n').length + (line ? 1 : 0);
        const range = { start: start + rand(10), end: start + 15 + rand(20) };
        const isClaim = rand(4) !== 0;
        const a = win.ws.build(doc, { kind: isClaim ? 'claim' : 'translation-error', verdict: isClaim ? pick(['sourced', 'contested', 'contradicted'] as const)! : null, range }, 'tester');
        const made = { ...a, id: `a${seq++}` };
        await win.ws.add(made);
        model.records.set(made.id, made);
        model.record(w, new Map([[made.id, null]]), new Map([[made.id, made]]), undefined, clock);
        label += ` ${made.id}`;
      } else if (kind === 'type') {
        const id = pick(ids);
        if (id) {
          const a = model.records.get(id)!;
          const paths = ['note', ...(a.translation ? ['translation.correction'] : []), ...(a.sources.length ? ['sources.0.title'] : [])];
          const path = pick(paths)!;
          const value = `${path} by w${w} at ${i}`;
          const p = mw.pending.get(id);
          if (p && p.input !== path) model.flush(w, id, iso(), clock); // switching inputs saves the previous one
          const q = mw.pending.get(id) ?? { paths: {}, input: path };
          q.paths[path] = value;
          q.input = path;
          mw.pending.set(id, q);
          await win.drafts.set(id, { [path]: value }, path);
          label += ` ${id} ${path}`;
        }
      } else if (kind === 'choose') {
        const id = pick(ids);
        if (id) {
          const a = model.records.get(id)!;
          const values: Record<string, unknown> = a.kind === 'claim' ? { verdict: pick(['sourced', 'contested', 'contradicted']) } : rand(2) ? { 'translation.severity': pick(['minor', 'major', 'critical']) } : { sources: [...a.sources, { url: `https://example.org/${i}`, title: '', accessed: '', quote: '' }] };
          const input = Object.keys(values)[0] === 'translation.severity' ? 'severity' : Object.keys(values)[0]!;
          const p = mw.pending.get(id);
          if (p && p.input !== input) model.flush(w, id, iso(), clock);
          const q = mw.pending.get(id) ?? { paths: {}, input };
          Object.assign(q.paths, values);
          q.input = input;
          mw.pending.set(id, q);
          model.flush(w, id, iso(), clock);
          await win.drafts.set(id, values, input, true).catch(() => undefined);
          label += ` ${id} ${JSON.stringify(values)}`;
        }
      } else if (kind === 'flush') {
        for (const id of [...mw.pending.keys()]) model.flush(w, id, iso(), clock);
        await win.drafts.flushAll();
      } else if (kind === 'delete') {
        const id = pick(ids);
        if (id) {
          model.flush(w, id, iso(), clock);
          await win.drafts.flush(id);
          const before = model.records.get(id) ?? null;
          const shown = (await readAllAnnotations(win.db)).find((a) => a.id === id)!;
          await win.ws.remove(shown);
          win.drafts.drop(id);
          model.records.delete(id);
          mw.pending.delete(id);
          model.record(w, new Map([[id, before]]), new Map([[id, null]]), undefined, clock);
          label += ` ${id}`;
        }
      } else if (kind === 'undo' || kind === 'redo') {
        for (const id of [...mw.pending.keys()]) model.flush(w, id, iso(), clock);
        await win.drafts.flushAll();
        const expected = model.step(w, kind);
        const got = await (kind === 'undo' ? win.ws.history.undo() : win.ws.history.redo());
        const gotKind = got === null ? 'nothing' : got.kind;
        if (expected === 'refused') refused.model++;
        if (gotKind === 'refused') refused.app++;
        if (gotKind !== expected) {
          divergences++;
          if (log.length < 5) log.push(`${label}: model ${expected}, app ${gotKind}`);
        }
        label += ` -> ${gotKind}`;
      } else if (kind === 'import') {
        // Another profile's export: new annotations, newer copies (one moved to the other document), an older copy.
        const incoming: Annotation[] = [];
        const newer = pick(ids);
        if (newer) {
          const a = model.records.get(newer)!;
          incoming.push({ ...a, docId: rand(3) === 0 ? (a.docId === 'd1' ? 'd2' : 'd1') : a.docId, note: `imported at ${i}`, updatedAt: new Date(clock + 1).toISOString() });
        }
        const older = pick(ids);
        if (older && older !== newer) incoming.push({ ...model.records.get(older)!, note: 'older copy', updatedAt: '2020-01-01T00:00:00.000Z' });
        const doc = docOf('d1');
        incoming.push(createAnnotation({ id: `imp${seq++}`, docId: 'd1', kind: 'claim', verdict: 'contested', quote: { type: 'TextQuoteSelector', exact: doc.text.slice(0, 9), prefix: '', suffix: doc.text.slice(9, 41) }, position: { type: 'TextPositionSelector', start: 0, end: 9 }, docHash: doc.hash, author: 'other', now: iso() }));
        const content = serializeNative(buildNativeExport({ appVersion: 't', now: iso(), documents: [], annotations: incoming }));
        const outcome = await importFile(win.db, { name: `import-${i}.json`, content }, [docOf('d1'), docOf('d2')], 'tester');
        if (!outcome.ok) throw new Error(outcome.message);
        for (const a of planMerge([...model.records.values()], incoming).put) model.records.set(a.id, a);
        label += ` ${incoming.length} annotations`;
      } else if (kind === 'reanchor') {
        // The document's text changes; window w reads, the other window edits meanwhile, then w writes.
        const docId = pick(['d1', 'd2'])!;
        texts.set(docId, `A correction inserted at ${i}.\n${texts.get(docId)!}`);
        const doc = docOf(docId);
        const read = (await readAllAnnotations(win.db)).filter((a) => a.docId === docId);
        const other = wins[1 - w]!;
        const victim = pick(read.map((a) => a.id).filter((id) => model.records.has(id)));
        if (victim) {
          if (rand(3) === 0) {
            await other.ws.remove(model.records.get(victim)!);
            model.record(1 - w, new Map([[victim, model.records.get(victim)!]]), new Map([[victim, null]]), undefined, clock);
            model.records.delete(victim);
            other.drafts.drop(victim);
            model.windows[1 - w]!.pending.delete(victim);
          } else {
            const mo = model.windows[1 - w]!;
            const p = mo.pending.get(victim);
            if (p && p.input !== 'note') model.flush(1 - w, victim, iso(), clock);
            const q = mo.pending.get(victim) ?? { paths: {}, input: 'note' };
            q.paths.note = `edited during re-anchor ${i}`;
            q.input = 'note';
            mo.pending.set(victim, q);
            model.flush(1 - w, victim, iso(), clock);
            await other.drafts.set(victim, { note: `edited during re-anchor ${i}` }, 'note');
            await other.drafts.flush(victim);
          }
        }
        await win.ws.reanchor(doc, read);
        // Expected: each record read re-anchored from what was read, applied to the record as it is now.
        for (const a of read) {
          if (a.docHash === doc.hash) continue;
          const cur = model.records.get(a.id);
          if (!cur) continue;
          const r = reanchorAnnotation(a, doc.text, doc.hash, iso());
          if (r.outcome === 'unchanged' || (r.outcome === 'orphaned' && a.orphan)) continue;
          model.records.set(a.id, { ...cur, quote: r.annotation.quote, position: r.annotation.position, docHash: r.annotation.docHash, orphan: r.annotation.orphan, history: r.annotation.history });
        }
        label += ` ${docId} (${read.length} read${victim ? `, ${victim} changed meanwhile` : ''})`;
      } else if (kind === 'contend') {
        // Window w edits a note, the other window edits the same annotation, then w undoes: refused.
        const id = pick(ids);
        if (id) {
          const o = 1 - w;
          for (const [ww, text] of [[w, `mine ${i}`], [o, `theirs ${i}`]] as const) {
            const mwin = model.windows[ww]!;
            const p = mwin.pending.get(id);
            if (p && p.input !== 'note') model.flush(ww, id, iso(), clock);
            const q = mwin.pending.get(id) ?? { paths: {}, input: 'note' };
            q.paths.note = text;
            q.input = 'note';
            mwin.pending.set(id, q);
            model.flush(ww, id, iso(), clock);
            await wins[ww]!.drafts.set(id, { note: text }, 'note');
            await wins[ww]!.drafts.flush(id);
            clock += 2000;
          }
          for (const pid of [...mw.pending.keys()]) model.flush(w, pid, iso(), clock);
          await win.drafts.flushAll();
          const expected = model.step(w, 'undo');
          const got = await win.ws.history.undo();
          const gotKind = got === null ? 'nothing' : got.kind;
          if (expected === 'refused') refused.model++;
          if (gotKind === 'refused') refused.app++;
          if (gotKind !== expected) {
            divergences++;
            if (log.length < 5) log.push(`${label}: model ${expected}, app ${gotKind}`);
          }
          label += ` ${id} -> undo ${gotKind}`;
        }
      } else if (kind === 'close') {
        // Closing mid-typing: the window saves what is typed on its way out (pagehide), then a new window opens.
        for (const id of [...mw.pending.keys()]) model.flush(w, id, iso(), clock);
        await win.drafts.flushAll();
        win.db.close();
        wins[w] = await openWindow();
        model.windows[w] = { undo: [], redo: [], pending: new Map() };
      }
      trail.push(label);
      await compare(label);
    }
    for (const w of wins) w.db.close();
    console.log(`two-window model test: ${OPS} operations over ${WINDOWS} windows (${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}); undo/redo refused: model ${refused.model}, app ${refused.app}; ${model.records.size} annotations at the end; divergences: ${divergences}`);
    if (log.length) console.log(log.join('\n'));
    expect(divergences).toBe(0);
  }, 180_000);
});
