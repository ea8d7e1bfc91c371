// Linked claims through the window's workspace and the real write path (IndexedDB faked in Node):
// linking, a shared edit and unlinking each land in one transaction over every appearance, keep each
// appearance's own quote, note and selectors, and undo and redo as one step.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createAnnotation, type Annotation } from '../../core/model';
import { ClaimdeskDb } from '../db/schema';
import { readAllAnnotations } from '../db/reads';
import { bulkPutAnnotations } from '../db/writes';
import { Workspace } from './workspace';

let clock = Date.UTC(2026, 10, 30, 12);
const tick = () => (clock += 1000);

function claim(id: string, docId: string, start: number, exact: string, note: string): Annotation {
  return createAnnotation({
    id, docId, kind: 'claim', verdict: 'sourced', author: 'Ann', now: '2026-11-01T00:00:00.000Z', docHash: 'a'.repeat(64), note,
    quote: { type: 'TextQuoteSelector', exact, prefix: `p-${id}`, suffix: `s-${id}` },
    position: { type: 'TextPositionSelector', start, end: start + exact.length },
  });
}

async function setup(name: string) {
  const db = new ClaimdeskDb(name, { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  const a = claim('a', 'caravanserai', 100, 'told the Senate on 17 March', 'mine');
  const b = claim('b', 'the-paper', 30, 'in the Senate on Monday', 'theirs');
  const c = claim('c', 'the-paper', 400, 'unrelated', '');
  await bulkPutAnnotations(db, [a, b, c]);
  const ws = new Workspace(db, { clock: tick });
  const read = async () => new Map((await readAllAnnotations(db)).map((x) => [x.id, x]));
  return { db, ws, a, b, c, read };
}

describe('linked claims in the workspace', () => {
  it('links two appearances in two documents, undoes and redoes the link as one step, selectors kept', async () => {
    const { ws, a, b, c, read } = await setup('link-undo');
    const claimId = await ws.link([b], a, 'Kamilov addressed the Senate on 17 March');
    let now = await read();
    expect(now.get('a')!.claimId).toBe(claimId);
    expect(now.get('b')).toMatchObject({ claimId, claimWording: 'Kamilov addressed the Senate on 17 March', note: 'theirs', quote: b.quote, position: b.position, docId: 'the-paper' });
    expect(now.get('c')!.claimId).toBeUndefined();
    expect(ws.history.undoLabel).toBe('Link 2 appearances as one claim');

    await ws.history.undo();
    now = await read();
    expect(now.get('a')).toEqual(a);
    expect(now.get('b')).toEqual(b);
    await ws.history.redo();
    now = await read();
    expect([now.get('a')!.claimId, now.get('b')!.claimId]).toEqual([claimId, claimId]);
    expect([now.get('a')!.position, now.get('b')!.position]).toEqual([a.position, b.position]);
    void c;
  });

  it('a verdict, status or source set on one appearance reaches every appearance; one undo takes it back from all', async () => {
    const { ws, a, b, read } = await setup('link-shared');
    await ws.link([b], a);
    await ws.edit({ id: 'b', set: { verdict: 'contested', status: 'in-progress' } });
    await ws.editWith('a', (cur) => ({ id: 'a', set: { sources: [...cur.sources, { url: 'https://senate.example/17', title: 'Senate record', accessed: '', quote: '' }] } }), 'Add a source');
    let now = await read();
    for (const id of ['a', 'b']) expect(now.get(id)).toMatchObject({ verdict: 'contested', status: 'in-progress', sources: [{ url: 'https://senate.example/17' }] });
    // A note is each appearance's own.
    await ws.saveInputs('a', { note: 'only here' }, 'a:note');
    now = await read();
    expect([now.get('a')!.note, now.get('b')!.note]).toEqual(['only here', 'theirs']);

    await ws.history.undo(); // the note
    await ws.history.undo(); // the source, on both
    now = await read();
    expect([now.get('a')!.sources, now.get('b')!.sources]).toEqual([[], []]);
    expect([now.get('a')!.verdict, now.get('b')!.verdict]).toEqual(['contested', 'contested']);
    void a;
  });

  it('unlinking one of two leaves no claim of one behind, keeps the shared values as copies, and undoes', async () => {
    const { ws, a, b, read } = await setup('unlink');
    await ws.link([b], a);
    await ws.edit({ id: 'a', set: { verdict: 'contradicted' } });
    const linked = await read();
    await ws.unlink(linked.get('a')!);
    let now = await read();
    expect([now.get('a')!.claimId, now.get('b')!.claimId]).toEqual(['', '']);
    expect([now.get('a')!.verdict, now.get('b')!.verdict]).toEqual(['contradicted', 'contradicted']);
    expect([now.get('a')!.quote, now.get('b')!.quote]).toEqual([a.quote, b.quote]);
    // After unlinking, an edit stays with its own annotation.
    await ws.edit({ id: 'a', set: { verdict: 'sourced' } });
    expect((await read()).get('b')!.verdict).toBe('contradicted');
    await ws.history.undo();
    await ws.history.undo();
    now = await read();
    expect(now.get('a')).toEqual(linked.get('a'));
    expect(now.get('b')).toEqual(linked.get('b'));
  });
});
