// Re-anchoring a long, edited document works in slices: the event loop gets turns while it runs
// (the window stays responsive), and every annotation still ends where the anchoring rules put it.
import { readFileSync, readdirSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { describe as describeRange } from '../../core/anchoring';
import { createAnnotation, sha256Hex, type Annotation, type CorpusDocument } from '../../core/model';
import { ClaimdeskDb } from '../db/schema';
import { readDocAnnotations } from '../db/reads';
import { bulkPutAnnotations } from '../db/writes';
import { Workspace } from './workspace';

const corpusDir = new URL('../../../corpus/', import.meta.url);
const paragraphs = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(new URL(f, corpusDir), 'utf8').split('\n'))
  .filter((p) => p.length > 120);

describe('Workspace.reanchor on a long edited document', () => {
  it('yields to the event loop between slices and re-anchors every annotation', async () => {
    // ~600 KB: the corpus paragraphs repeated, each led by a counter; quotes start at the counter, so
    // each is unique (a quote found in several places would rightly become an orphan).
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 600_000; i++) lines.push(`${i}. ${paragraphs[i % paragraphs.length]}`);
    const before = lines.join('\n');
    const docHashBefore = sha256Hex(before);
    const annotations: Annotation[] = [];
    for (let i = 0; i < 800; i++) {
      const line = i % lines.length;
      const start = lines.slice(0, line).join('\n').length + (line > 0 ? 1 : 0);
      const { quote, position } = describeRange(before, { start, end: start + 60 });
      annotations.push(createAnnotation({ id: `a${i}`, docId: 'long', kind: 'claim', verdict: 'contested', quote, position, docHash: docHashBefore, author: 't', now: '2026-01-01T00:00:00.000Z' }));
    }
    // The correction inserts a paragraph at the top (every annotation moves) and fixes a typo inside
    // every quote (so each needs the fuzzy search, the slow path).
    let edited = before;
    for (const a of [...annotations].sort((x, y) => y.position.start - x.position.start)) {
      const at = a.position.start + 30;
      edited = `${edited.slice(0, at)}${edited[at] === 'x' ? 'y' : 'x'}${edited.slice(at + 1)}`;
    }
    const after = `A correction notice added at the top of the article.\n${edited}`;
    const doc: CorpusDocument = { id: 'long', file: 'long.txt', title: 'Long', text: after, hash: sha256Hex(after), publication: null, author: null, date: null, language: 'en', translation: null };

    const db = new ClaimdeskDb('reanchor-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    await bulkPutAnnotations(db, annotations);
    const workspace = new Workspace(db);

    // A ticker measures how long the event loop is ever kept from running other tasks.
    let running = true;
    let last = performance.now();
    let longestBlock = 0;
    const tick = () => {
      const now = performance.now();
      longestBlock = Math.max(longestBlock, now - last);
      last = now;
      if (running) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    const started = performance.now();
    const result = await workspace.reanchor(doc, await readDocAnnotations(db, 'long'));
    running = false;
    const ms = performance.now() - started;

    const stored = await readDocAnnotations(db, 'long');
    const correct = stored.filter((a) => !a.orphan && after.slice(a.position.start, a.position.end) === a.quote.exact && a.docHash === doc.hash).length;
    console.log(`re-anchor: ${annotations.length} annotations (typo inside each) on ${Math.round(after.length / 1000)} KB in ${ms.toFixed(0)} ms; longest block of the event loop ${longestBlock.toFixed(0)} ms; ${correct} re-anchored, ${result.orphaned} orphaned`);
    expect(correct + result.orphaned).toBe(annotations.length);
    expect(correct).toBeGreaterThanOrEqual(annotations.length * 0.95);
    expect(stored.filter((a) => !a.orphan).every((a) => a.history.length === 1 && a.history[0]!.docHash === docHashBefore)).toBe(true);
    // The loop is never blocked for more than a fraction of the job (without slices: all of it).
    expect(longestBlock).toBeLessThan(ms / 3);
    db.close();
  });
});
