// Benchmark: confirming "All occurrences" of a name planted 500 times in 2,000 articles (issue 14's
// occurrences figure, the confirm half): planning the 500 linked translation errors, then writing them
// in ONE transaction through the app's write path, beside a baseline of the same 500 written one per
// transaction. IndexedDB is fake-indexeddb in Node here, not Chromium's: the figures compare the two ways
// of writing on the same store; Chromium's own cost per row is in ADR 0004 / 0006. Never fails on timing.
import { it, expect } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { mergeFigures } from './lib/figures-file';
import { findOccurrencesInCorpus } from '../src/core/search/occurrences';
import { sha256Hex } from '../src/core/model';
import { ClaimdeskDb } from '../src/renderer/db/schema';
import { readAllAnnotations } from '../src/renderer/db/reads';
import { writeAnnotations } from '../src/renderer/db/writes';
import { Workspace } from '../src/renderer/state/workspace';
import { planOccurrenceMarks } from '../src/renderer/features/annotations/mark-occurrences';
import { ARTICLES, buildScaledCorpus, PLANTED_COUNT, PLANTED_NAME } from './lib/search-corpus';

const round = (n: number) => Number(n.toFixed(2));

it(`confirms ${PLANTED_COUNT} occurrences of a name in one transaction`, async () => {
  const { docs } = buildScaledCorpus();
  const documents = docs.map((d) => ({ ...d, hash: sha256Hex(d.text) }));
  const found = findOccurrencesInCorpus(documents, PLANTED_NAME);
  expect(found).toHaveLength(PLANTED_COUNT);
  let n = 0;
  const plan = (prefix: string) =>
    planOccurrenceMarks({
      places: found.map((o) => ({ docId: o.docId, start: o.start, end: o.end })),
      documents,
      existing: [],
      mark: { kind: 'translation-error', translation: { dimension: 'locale-conventions', subtype: 'name-format', severity: 'major', correction: 'Serdar Berdimuhamedow' } },
      wording: PLANTED_NAME,
      author: 'Bench',
      now: '2026-11-30T12:00:00.000Z',
      newId: () => `${prefix}-${++n}`,
    });

  const t0 = performance.now();
  const one = plan('one');
  const planMs = performance.now() - t0;

  const db = new ClaimdeskDb('bench-confirm', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  const ws = new Workspace(db);
  const t1 = performance.now();
  await ws.addLinked(one.created, one.joined, 'Mark occurrences');
  const confirmMs = performance.now() - t1;
  expect(await readAllAnnotations(db)).toHaveLength(PLANTED_COUNT);

  const base = new ClaimdeskDb('bench-confirm-baseline', { indexedDB: new IDBFactory(), IDBKeyRange });
  await base.open();
  const many = plan('many');
  const t2 = performance.now();
  for (const a of many.created) await writeAnnotations(base, [{ type: 'put', annotation: a, ifAbsent: true }]);
  const baselineMs = performance.now() - t2;
  expect(await readAllAnnotations(base)).toHaveLength(PLANTED_COUNT);

  const figures = {
    occurrences_confirm_name: `"${PLANTED_NAME}", ${PLANTED_COUNT} times in ${ARTICLES} articles`,
    occurrences_confirm_plan_ms: round(planMs),
    occurrences_confirm_write_one_transaction_ms: round(confirmMs),
    occurrences_confirm_goal: '<= 500 ms confirmed in one transaction',
    occurrences_confirm_baseline: 'the same 500 annotations written one transaction each',
    occurrences_confirm_baseline_ms: round(baselineMs),
    occurrences_confirm_store: 'fake-indexeddb in Node (not Chromium)',
  };
  mergeFigures('occurrences-confirm.json', figures);
});
