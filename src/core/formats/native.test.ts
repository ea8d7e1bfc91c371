import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MQM_DIMENSIONS,
  MQM_SUBTYPES,
  SEVERITIES,
  VERDICTS,
  type AnchorHistoryEntry,
  type Annotation,
  type Source,
} from '../model/annotation';
import { astralDocument, loadCorpus, sampleAnnotations } from './fixtures/sample';
import { deepEqual, planMerge } from './merge';
import { buildNativeExport, compareForExport, parseNative, serializeNative, type NativeExport } from './native';

const corpusDir = new URL('../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()];
const NOW = '2024-06-01T12:00:00.000Z';

function sampleExport(): NativeExport {
  return buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: corpus, annotations: sampleAnnotations(corpus) });
}

function expectError(text: string, pattern: RegExp): string {
  const r = parseNative(text);
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.error).toMatch(pattern);
  return r.error;
}

describe('native export', () => {
  it('round-trips: parseNative(serializeNative(x)) equals x', () => {
    const x = sampleExport();
    const text = serializeNative(x);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "format": "claimdesk",');
    expect(parseNative(text)).toEqual({ ok: true, value: x });
    expect(parseNative(`\ufeff${text}`)).toEqual({ ok: true, value: x });
  });

  it('drops stray store properties so its own output always re-imports', () => {
    const annotations = sampleAnnotations(corpus).map((a) => ({ ...a, _dexieRev: 3 }));
    const text = serializeNative(buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: corpus, annotations }));
    expect(text).not.toContain('_dexieRev');
    expect(parseNative(text).ok).toBe(true);
  });

  it('is deterministic: the same database in any order gives the same bytes', () => {
    const annotations = sampleAnnotations(corpus);
    const a = serializeNative(buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: corpus, annotations }));
    const b = serializeNative(
      buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: [...corpus].reverse(), annotations: [...annotations].reverse() }),
    );
    expect(a).toBe(b);
    const d = corpus[0]!;
    expect(JSON.parse(a).documents[0]).toEqual({
      id: d.id, title: d.title, hash: d.hash, file: d.file, text: d.text,
      publication: d.publication, author: d.author, date: d.date, language: d.language, translation: d.translation,
    });
  });

  it('names the field path and the problem', () => {
    const x = JSON.parse(serializeNative(sampleExport()));
    x.annotations[3].quote.exact = 42;
    expectError(JSON.stringify(x), /annotations\[3\]\.quote\.exact: expected string, received number/);
    const y = JSON.parse(serializeNative(sampleExport()));
    y.annotations[0].position = { type: 'TextPositionSelector', start: 9, end: 3 };
    y.annotations[1].createdAt = 'last Tuesday';
    y.annotations[2].verdict = null;
    y.annotations[2].kind = 'claim';
    expectError(JSON.stringify(y), /annotations\[0\]\.position\.end: start must not be after end/);
    expectError(JSON.stringify(y), /annotations\[1\]\.createdAt: Invalid ISO datetime/);
    const z = JSON.parse(serializeNative(sampleExport()));
    const tr = z.annotations.findIndex((a: Annotation) => a.kind === 'translation-error' && a.translation!.dimension === 'accuracy');
    z.annotations[tr].translation.subtype = 'grammar';
    const otherTr = z.annotations.findIndex((a: Annotation, i: number) => i !== tr && a.kind === 'translation-error');
    z.annotations[otherTr].verdict = 'sourced';
    z.annotations[6].sources = [{ url: 'x', title: 't', accessed: 'May', quote: '' }];
    z.annotations[7].id = z.annotations[8].id;
    z.annotations[0].position.start = -1;
    expectError(JSON.stringify(z), /a translation error has no verdict/);
    const msg = expectError(JSON.stringify(z), /subtype is not one of the subtypes/);
    expect(msg).toMatch(/\(and \d+ more problems?\)/);
  });

  it('says what is wrong with JSON syntax, where', () => {
    const text = serializeNative(sampleExport());
    expectError(text.slice(0, 500), /^not valid JSON: .*\(line \d+, column \d+, offset 500\)/);
    expectError('{"format": "claimdesk",, }', /not valid JSON: .*offset 23/);
    expectError('', /empty/);
  });

  it('refuses a newer version with a clear message', () => {
    const x = JSON.parse(serializeNative(sampleExport()));
    x.version = 3;
    x.newField = true;
    expectError(JSON.stringify(x), /^made by a newer Claimdesk \(version 3\); this app reads version 1$/);
  });

  it('is not fooled by __proto__ or constructor keys', () => {
    const base = serializeNative(sampleExport());
    const injected = base.replace('"format": "claimdesk",', '"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "format": "claimdesk",');
    expectError(injected, /Unrecognized keys?: "__proto__", "constructor"|Unrecognized key/);
    const inAnnotation = base.replace('"kind": "claim"', '"__proto__": {"kind": "translation-error"}, "kind": "claim"');
    expectError(inAnnotation, /annotations\[0\]: Unrecognized key: "__proto__"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});

// ---------------------------------------------------------------- D4: random databases

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.constantFrom('', '\ud800', 'a\udfffb', '😀𠀀e\u0301', '"\\\n\t\u0000</script>', '__proto__'),
  );
const isoTime = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const isoDate = isoTime.map((t) => t.slice(0, 10));
const range = fc.tuple(fc.nat({ max: 200_000 }), fc.nat({ max: 200_000 })).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
const quote = fc.record({ type: fc.constant('TextQuoteSelector' as const), exact: anyText(200), prefix: anyText(32), suffix: anyText(32) });
const position = range.map(([start, end]) => ({ type: 'TextPositionSelector' as const, start: start!, end: end! }));
const source: fc.Arbitrary<Source> = fc.record({ url: anyText(80), title: anyText(80), accessed: fc.oneof(fc.constant(''), isoDate), quote: anyText(300) });
const historyEntry: fc.Arbitrary<AnchorHistoryEntry> = fc.record({ quote, position, docHash: fc.oneof(fc.constant(''), hex64), replacedAt: isoTime });
const translation = fc.constantFrom(...MQM_DIMENSIONS).chain((dimension) =>
  fc.record({
    dimension: fc.constant(dimension),
    subtype: fc.constantFrom('', ...MQM_SUBTYPES[dimension]),
    severity: fc.constantFrom(...SEVERITIES),
    correction: anyText(200),
  }),
);
const kindFields = fc.oneof(
  fc.record({ kind: fc.constant('claim' as const), verdict: fc.constantFrom(...VERDICTS), translation: fc.constant(null) }),
  fc.record({ kind: fc.constant('translation-error' as const), verdict: fc.constant(null), translation }),
);
const documents = fc.uniqueArray(fc.record({ id: anyText(20).filter((s) => s.length > 0), title: anyText(100), hash: hex64, file: anyText(30) }), {
  minLength: 1,
  maxLength: 4,
  selector: (d) => d.id,
});
const database = documents.chain((docs) =>
  fc.record({
    documents: fc.constant(docs),
    annotations: fc.uniqueArray(
      fc
        .record({
          id: fc.oneof(fc.uuid(), anyText(40).filter((s) => s.length > 0)),
          docId: fc.constantFrom(...docs.map((d) => d.id), 'unplaced'),
          kindFields,
          quote,
          position,
          docHash: fc.oneof(fc.constant(''), hex64),
          orphan: fc.boolean(),
          note: fc.oneof(anyText(100), fc.string({ unit: 'binary', minLength: 9000, maxLength: 10240 })),
          sources: fc.array(source, { maxLength: 3 }),
          author: anyText(40),
          createdAt: isoTime,
          updatedAt: isoTime,
          history: fc.array(historyEntry, { maxLength: 2 }),
        })
        .map(({ kindFields: k, ...rest }): Annotation => ({ ...rest, ...k })),
      { maxLength: 25, selector: (a) => a.id },
    ),
  }),
);

describe('D4: random databases', () => {
  it('parseNative(serializeNative(buildNativeExport(db))) deep-equals db, and re-import changes nothing', () => {
    let runs = 0;
    let mismatches = 0;
    fc.assert(
      fc.property(database, isoTime, (db, now) => {
        runs++;
        const exported = buildNativeExport({ appVersion: '9.9.9', now, documents: db.documents, annotations: db.annotations });
        const back = parseNative(serializeNative(exported));
        if (!back.ok) {
          mismatches++;
          throw new Error(back.error);
        }
        const sortedDb = [...db.annotations].sort(compareForExport);
        if (!deepEqual(back.value.annotations, sortedDb) || serializeNative(back.value) !== serializeNative(exported)) mismatches++;
        expect(back.value).toEqual(exported);
        expect(back.value.annotations).toEqual(sortedDb);
        // Importing the same export into an empty store, then again: the second time nothing changes.
        const first = planMerge([], back.value.annotations);
        expect(first.report).toEqual({ added: sortedDb.length, updated: 0, unchanged: 0, conflicts: 0 });
        const second = planMerge(first.put, back.value.annotations);
        expect(second.report).toEqual({ added: 0, updated: 0, unchanged: sortedDb.length, conflicts: 0 });
        expect(second.put).toEqual([]);
      }),
      { numRuns: 200, seed: 20240601 },
    );
    expect(mismatches).toBe(0);
    console.log(`D4: ${runs} random databases round-tripped, ${mismatches} mismatches`);
  });
});

describe('merge', () => {
  const base = sampleAnnotations(corpus);
  it('adds, updates when incoming is newer, keeps local on conflicts', () => {
    const local = base.slice(0, 4);
    const newer = { ...base[0]!, note: 'edited elsewhere', updatedAt: '2030-01-01T00:00:00.000Z' };
    const older = { ...base[1]!, note: 'stale copy', updatedAt: '2000-01-01T00:00:00.000Z' };
    const sameTime = { ...base[2]!, note: 'different at the same time' };
    const incoming = [newer, older, sameTime, base[3]!, base[4]!];
    const plan = planMerge(local, incoming);
    expect(plan.report).toEqual({ added: 1, updated: 1, unchanged: 1, conflicts: 2 });
    expect(plan.put.map((a) => a.id)).toEqual([base[0]!.id, base[4]!.id]);
    expect(plan.conflictIds).toEqual([base[1]!.id, base[2]!.id]);
  });
  it('importing the same file twice changes nothing the second time', () => {
    const x = parseNative(serializeNative(sampleExport()));
    if (!x.ok) throw new Error(x.error);
    const afterFirst = planMerge([], x.value.annotations).put;
    expect(planMerge(afterFirst, x.value.annotations)).toEqual({
      put: [],
      report: { added: 0, updated: 0, unchanged: afterFirst.length, conflicts: 0 },
      conflictIds: [],
    });
  });
});
