// Benchmark: editing a shared field (the verdict) of a linked claim in a store of 100,000 annotations
// (2,000 documents × 50), through the app's Workspace: the edit finds the claim's other appearances and
// writes them in the same transaction. Since schema version 3 they are found through the claim index
// (`claimIds`, only the rows holding an appearance are read); the baseline, in the same run and store,
// is how they were found before: every annotation read, then filtered. IndexedDB is fake-indexeddb in
// Node (not Chromium): the figures compare the two ways on one store. Never fails on timing.
import { it, expect } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { mergeFigures } from './lib/figures-file';
import { createAnnotation, type Annotation } from '../src/core/model';
import { readClaimAppearances } from '../src/renderer/db/claims';
import { readAllAnnotations } from '../src/renderer/db/reads';
import { ClaimdeskDb } from '../src/renderer/db/schema';
import { bulkPutAnnotations } from '../src/renderer/db/writes';
import { Workspace } from '../src/renderer/state/workspace';

const round = (n: number) => Number(n.toFixed(2));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const DOCS = 2000;
const PER_DOC = 50;
const NOW = '2026-11-30T12:00:00.000Z';

it(`edits a linked claim's verdict among ${DOCS * PER_DOC} annotations`, async () => {
  const list: Annotation[] = [];
  for (let d = 0; d < DOCS; d++)
    for (let i = 0; i < PER_DOC; i++)
      list.push(
        createAnnotation({
          id: `a-${d}-${i}`,
          docId: `doc-${d}`,
          kind: 'claim',
          verdict: 'contested',
          quote: { type: 'TextQuoteSelector', exact: `claim ${d} ${i}`, prefix: '', suffix: '' },
          position: { type: 'TextPositionSelector', start: i * 20, end: i * 20 + 10 },
          docHash: 'a'.repeat(64),
          author: 'Bench',
          now: NOW,
        }),
      );
  // One claim appearing in three documents.
  const appearances = ['a-7-3', 'a-1001-20', 'a-1999-49'];
  for (const a of list) if (appearances.includes(a.id)) a.claimId = 'claim-senate';
  const db = new ClaimdeskDb('bench-linked-edit', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  await bulkPutAnnotations(db, list);
  const ws = new Workspace(db);

  const edits: number[] = [];
  const verdicts = ['contradicted', 'sourced'] as const;
  for (let r = 0; r < 10; r++) {
    const t0 = performance.now();
    await ws.edit({ id: appearances[r % 3]!, set: { verdict: verdicts[r % 2]! } });
    edits.push(performance.now() - t0);
  }
  const after = await readClaimAppearances(db, 'claim-senate');
  expect(after.map((a) => a.id).sort()).toEqual([...appearances].sort());
  expect(new Set(after.map((a) => a.verdict))).toEqual(new Set([verdicts[1]]));

  const lookups: number[] = [];
  for (let r = 0; r < 10; r++) {
    const t0 = performance.now();
    await readClaimAppearances(db, 'claim-senate');
    lookups.push(performance.now() - t0);
  }
  const baseline: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const found = (await readAllAnnotations(db)).filter((a) => a.claimId === 'claim-senate');
    baseline.push(performance.now() - t0);
    expect(found).toHaveLength(3);
  }
  const figures = {
    linked_claim_edit_size: `${DOCS * PER_DOC} annotations in ${DOCS} documents; a claim with 3 appearances in 3 documents`,
    linked_claim_edit_verdict_ms: round(median(edits)),
    linked_claim_edit_verdict_max_ms: round(Math.max(...edits)),
    linked_claim_lookup_index_ms: round(median(lookups)),
    linked_claim_lookup_baseline: 'the way before schema version 3: every annotation read, then filtered by claim id',
    linked_claim_lookup_baseline_ms: round(median(baseline)),
    linked_claim_store: 'fake-indexeddb in Node (not Chromium)',
  };
  mergeFigures('linked-claim-edit.json', figures);
}, 600_000);
