// Claimdesk JSON as a format people exchange: forward compatible, self-contained (documents travel
// with their text), checked on import against what anchoring depends on, and round-trip exact over
// random databases that include imported documents, orphans and unplaced rows.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describe as describeRange } from '../anchoring/describe';
import { createAnnotation, workflowOf, type Annotation } from '../model/annotation';
import { sha256Hex } from '../model/hash';
import { collectReviewers } from '../model/reviewer';
import { DEFAULT_MQM_WEIGHTS } from '../model/mqm';
import { astralDocument, loadCorpus, sampleAnnotations } from './fixtures/sample';
import { buildNativeExport, compareForExport, parseNative, serializeNative, verifyNativeExport, type NativeExport } from './native';
import { planNativeImport, type LibraryDocument } from './native-import';
import { repairDatabase } from './repair';
import { UNPLACED_DOC_ID } from './w3c';

const corpus = loadCorpus((name) => readFileSync(new URL(`../../../corpus/${name}`, import.meta.url), 'utf8'));
const NOW = '2024-06-01T12:00:00.000Z';
const astral = astralDocument();

function exportOf(docs: ReadonlyArray<LibraryDocument & { title: string; file: string }>, annotations: Annotation[]): NativeExport {
  return buildNativeExport({
    appVersion: '0.1.0',
    now: NOW,
    documents: docs,
    annotations,
    reviewers: collectReviewers(annotations, ['Exporting Editor']),
    mqm: { weights: { ...DEFAULT_MQM_WEIGHTS, major: 4 }, threshold: 7.5 },
  });
}

describe('forward compatibility', () => {
  it('reads a file with fields it does not know, keeps them and writes them back', () => {
    const x = exportOf([...corpus, astral], sampleAnnotations([...corpus, astral]));
    const json = JSON.parse(serializeNative(x));
    json.workflow = { stage: 'review', owner: 'desk-2' };
    json.documents[0].licence = 'CC BY 4.0';
    json.annotations[0].reviewPriority = 'high';
    json.annotations[0].confidence = 0.8;
    json.annotations[1].translation = json.annotations[1].translation; // untouched
    json.version = 1.3; // a newer minor revision of version 1
    const back = parseNative(JSON.stringify(json));
    if (!back.ok) throw new Error(back.error);
    expect(back.value.annotations[0]!.extensions).toEqual({ reviewPriority: 'high', confidence: 0.8 });
    const again = JSON.parse(serializeNative(back.value));
    expect(again.workflow).toEqual({ stage: 'review', owner: 'desk-2' });
    expect(again.documents[0].licence).toBe('CC BY 4.0');
    expect(again.annotations[0].reviewPriority).toBe('high');
    expect(again.annotations[0].confidence).toBe(0.8);
    expect(again.version).toBe(1);
  });

  it('refuses only a newer major version', () => {
    const json = JSON.parse(serializeNative(exportOf(corpus, [])));
    expect(parseNative(JSON.stringify({ ...json, version: 2 }))).toEqual({ ok: false, error: 'made by a newer Claimdesk (version 2); this app reads version 1' });
    expect(parseNative(JSON.stringify({ ...json, version: 1.9 })).ok).toBe(true);
  });
});

describe('workflow and linked claims in Claimdesk JSON', () => {
  it('a file from before the workflow fields reads with their defaults; one with them re-imports to the same records', () => {
    const annotations = sampleAnnotations([...corpus, astral]);
    const old = parseNative(serializeNative(exportOf([...corpus, astral], annotations)));
    if (!old.ok) throw new Error(old.error);
    expect(old.value.annotations.map((a) => [workflowOf(a).status, workflowOf(a).claimId])).toEqual(annotations.map(() => ['to-check', '']));
    expect(old.value.annotations[0]!.extensions).toBeUndefined();

    const linked = annotations.map((a, i) =>
      i < 2
        ? { ...a, status: 'published' as const, assignee: 'urn:claimdesk:reviewer:0123456789abcdef', due: '2026-12-01', claimId: 'claim-1', claimWording: 'The minister spoke on 17 March' }
        : { ...a, status: 'needs-second-look' as const },
    );
    const text = serializeNative(exportOf([...corpus, astral], linked));
    const back = parseNative(text);
    if (!back.ok) throw new Error(back.error);
    const byId = (xs: Annotation[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(byId(back.value.annotations)).toEqual(byId(linked));
    expect(serializeNative(exportOf([...corpus, astral], back.value.annotations))).toBe(text);
  });

  it('refuses an unknown status or a malformed due date, naming the field', () => {
    const json = JSON.parse(serializeNative(exportOf(corpus, sampleAnnotations(corpus))));
    json.annotations[0].status = 'done';
    const bad = parseNative(JSON.stringify(json));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/annotations\[0\]\.status/);
    json.annotations[0].status = 'checked';
    json.annotations[0].due = 'tomorrow';
    const bad2 = parseNative(JSON.stringify(json));
    expect(!bad2.ok && bad2.error).toMatch(/annotations\[0\]\.due/);
  });
});

describe('what the file carries', () => {
  it('documents annotations refer to travel with their text and details; reviewers with stable ids; the MQM settings', () => {
    const imported = { ...astral, id: 'notes', file: 'notes.txt', title: 'My notes' };
    const a = createAnnotation({ id: 'n1', docId: 'notes', kind: 'claim', ...describeRange(imported.text, { start: 6, end: 10 }), docHash: imported.hash, author: 'Dilnoza', now: NOW });
    const x = exportOf([...corpus, imported], [a]);
    const notes = x.documents.find((d) => d.id === 'notes')!;
    expect(notes).toMatchObject({ text: imported.text, language: 'en', publication: 'Test Press', translation: { from: 'uz', method: 'machine' } });
    expect(x.documents.filter((d) => d.text !== undefined).map((d) => d.id)).toEqual(['notes']);
    expect(x.reviewers).toEqual(collectReviewers([a], ['Exporting Editor']));
    expect(x.reviewers!.map((r) => r.name).sort()).toEqual(['Dilnoza', 'Exporting Editor']);
    expect(x.reviewers!.find((r) => r.name === 'Dilnoza')!.id).toMatch(/^urn:claimdesk:reviewer:[0-9a-f]{16}$/);
    expect(x.mqm).toEqual({ weights: { minor: 1, major: 4, critical: 25 }, threshold: 7.5 });
    const back = parseNative(serializeNative(x));
    expect(back.ok && back.value.mqm).toEqual(x.mqm);
    expect(back.ok && back.value.reviewers).toEqual(x.reviewers);
    // In a fresh profile (only the bundled corpus), the imported document is added with its text: everything visible.
    const plan = planNativeImport(x, corpus, NOW);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.documentsToAdd.map((d) => [d.id, d.text])).toEqual([['notes', imported.text]]);
    expect(plan.value.annotations).toEqual([a]);
    expect(plan.value.repairs).toEqual([]);
  });

  it('the exporter checks its own output re-imports before it is written', () => {
    const x = exportOf([...corpus, astral], sampleAnnotations([...corpus, astral]));
    const v = verifyNativeExport(x);
    expect(v.ok && v.value).toBe(serializeNative(x));
    const broken = { ...x, annotations: [...x.annotations, x.annotations[0]!] };
    const w = verifyNativeExport(broken);
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.error).toMatch(/duplicate id/);
  });
});

describe('import checks what anchoring depends on', () => {
  const doc = corpus[1]!;
  const range = { start: 300, end: 340 };
  const good = createAnnotation({ id: 'g', docId: doc.id, kind: 'claim', ...describeRange(doc.text, range), docHash: doc.hash, author: 'A', now: NOW });

  it('a quote that does not match its position on a matching text is re-anchored by its quote, never shown on other words', () => {
    const shifted = { ...good, position: { type: 'TextPositionSelector' as const, start: 10, end: 50 } };
    const plan = planNativeImport(exportOf(corpus, [shifted]), corpus, NOW);
    if (!plan.ok) throw new Error(plan.error);
    const a = plan.value.annotations[0]!;
    expect(a.position).toEqual({ type: 'TextPositionSelector', ...range });
    expect(doc.text.slice(a.position.start, a.position.end)).toBe(good.quote.exact);
    expect(a.history.at(-1)!.position).toEqual(shifted.position);
    expect(plan.value.repairs[0]).toMatch(/re-anchored by its quote/);
    // Words that are nowhere in the text: an orphan, never shown.
    const invented = { ...good, id: 'i', quote: { ...good.quote, exact: 'words the article never printed at all', prefix: '', suffix: '' } };
    const p2 = planNativeImport(exportOf(corpus, [invented]), corpus, NOW);
    expect(p2.ok && p2.value.annotations[0]!.orphan).toBe(true);
  });

  it('offsets that split a surrogate pair are never accepted as they are', () => {
    const text = astral.text;
    const i = text.indexOf('😀');
    const split = createAnnotation({ id: 's', docId: astral.id, kind: 'claim', quote: { type: 'TextQuoteSelector', exact: text.slice(i + 1, i + 8), prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: i + 1, end: i + 8 }, docHash: astral.hash, author: 'A', now: NOW });
    const plan = planNativeImport(exportOf([astral], [split]), [astral], NOW);
    if (!plan.ok) throw new Error(plan.error);
    const a = plan.value.annotations[0]!;
    expect(a.orphan || (a.position.start !== i + 1 && text.slice(a.position.start, a.position.end) === a.quote.exact)).toBe(true);
  });

  it('an annotation whose document is nowhere goes to Unplaced imports; a text that is not what its hash says is refused', () => {
    const lost = { ...good, id: 'lost', docId: 'gone' };
    const plan = planNativeImport(exportOf(corpus, [lost]), corpus, NOW);
    expect(plan.ok && plan.value.annotations[0]).toMatchObject({ docId: UNPLACED_DOC_ID, orphan: true, candidates: ['gone'] });
    const x = exportOf([{ ...astral, id: 'notes', file: 'notes.txt' }], [{ ...good, docId: 'notes', docHash: astral.hash }]);
    x.documents[0]!.text = `${x.documents[0]!.text} tampered`;
    expect(planNativeImport(x, corpus, NOW)).toEqual({ ok: false, error: 'document "notes": its text does not match its hash' });
  });

  it('refuses duplicate ids, blank, duplicate and reserved document ids', () => {
    const json = JSON.parse(serializeNative(exportOf(corpus, [good])));
    const dupDoc = { ...json, documents: [...json.documents, json.documents[0]] };
    expect(parseNative(JSON.stringify(dupDoc))).toMatchObject({ ok: false, error: expect.stringMatching(/duplicate document id/) });
    const blank = { ...json, documents: [{ ...json.documents[0], id: '   ' }] };
    expect(parseNative(JSON.stringify(blank))).toMatchObject({ ok: false, error: expect.stringMatching(/blank/) });
    const empty = { ...json, documents: [{ ...json.documents[0], id: '' }] };
    expect(parseNative(JSON.stringify(empty)).ok).toBe(false);
    const reserved = { ...json, documents: [{ ...json.documents[0], id: 'unplaced' }] };
    expect(parseNative(JSON.stringify(reserved))).toMatchObject({ ok: false, error: expect.stringMatching(/reserved/) });
    const dupAnn = { ...json, annotations: [json.annotations[0], { ...json.annotations[0], docId: corpus[2]!.id }] };
    expect(parseNative(JSON.stringify(dupAnn))).toMatchObject({ ok: false, error: expect.stringMatching(/duplicate id/) });
  });
});

// ---------------------------------------------------------------- the round trip over random databases

const textUnit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('the ', 'minister ', 'said ', 'exports ', 'rose ', '.\n', ', ', 'Tashkent ') },
  { weight: 2, arbitrary: fc.constantFrom('😀', '𠀀', 'e\u0301', '🇺🇿', 'ё', '中国 ') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }) },
);
const importedDoc = fc
  .record({ id: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), title: fc.string({ unit: 'grapheme', maxLength: 40 }), units: fc.array(textUnit, { minLength: 20, maxLength: 120 }) })
  .map(({ id, title, units }) => {
    const text = units.join('');
    return { id: `imported-${id}`, file: `${id}.txt`, title, text, hash: sha256Hex(text), publication: null, author: null, date: null, language: 'und', translation: null };
  });
const isoTime = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

/** Code-point-aligned ranges of a text, so every generated annotation is one a person could make. */
function rangeOf(text: string, a: number, b: number) {
  const cps = [...text];
  const i = a % cps.length;
  const j = Math.min(cps.length, i + 1 + (b % 30));
  const start = cps.slice(0, i).join('').length;
  return { start, end: start + cps.slice(i, j).join('').length };
}

const randomDatabase = fc
  .record({
    bundled: fc.subarray(corpus, { minLength: 1 }),
    imported: fc.uniqueArray(importedDoc, { maxLength: 3, selector: (d) => d.id }),
  })
  .chain(({ bundled, imported }) => {
    const docs = [...bundled, ...imported];
    const annotation = fc
      .record({
        id: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 12 })),
        doc: fc.constantFrom(...docs),
        a: fc.nat(),
        b: fc.nat(),
        state: fc.constantFrom('anchored', 'anchored', 'orphan', 'unplaced'),
        kind: fc.constantFrom('claim', 'translation-error', 'comment'),
        note: fc.string({ unit: 'grapheme', maxLength: 30 }),
        author: fc.constantFrom('Dilnoza', 'Timur', 'Ann 😀'),
        createdAt: isoTime,
        replies: fc.array(fc.record({ id: fc.uuid(), author: fc.constantFrom('Timur', 'Saida'), text: fc.string({ maxLength: 20 }), createdAt: isoTime, updatedAt: isoTime }), { maxLength: 2 }),
      })
      .map((r): Annotation => {
        const range = rangeOf(r.doc.text, r.a, r.b);
        const base = createAnnotation({ id: r.id, docId: r.doc.id, kind: r.kind, ...describeRange(r.doc.text, range), docHash: r.doc.hash, author: r.author, now: r.createdAt, note: r.note });
        const withReplies = r.replies.length ? { ...base, replies: r.replies } : base;
        if (r.state === 'orphan') return { ...withReplies, orphan: true, docHash: 'f'.repeat(64) };
        if (r.state === 'unplaced') return { ...withReplies, docId: UNPLACED_DOC_ID, orphan: true, docHash: '', candidates: [r.doc.id] };
        return withReplies;
      });
    return fc.record({ docs: fc.constant(docs), bundled: fc.constant(bundled), annotations: fc.uniqueArray(annotation, { maxLength: 12, selector: (a) => a.id }) });
  });

describe('round trip over random databases', () => {
  it('export → import into a fresh profile gives back the same database, imported documents included', () => {
    let runs = 0;
    let differences = 0;
    let importedDocs = 0;
    let orphans = 0;
    fc.assert(
      fc.property(randomDatabase, ({ docs, annotations }) => {
        runs++;
        const x = buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: docs, annotations, reviewers: collectReviewers(annotations), mqm: { weights: DEFAULT_MQM_WEIGHTS, threshold: 10 } });
        const text = verifyNativeExport(x);
        if (!text.ok) throw new Error(text.error);
        const back = parseNative(text.value);
        if (!back.ok) throw new Error(back.error);
        // A fresh profile has only the bundled corpus.
        const plan = planNativeImport(back.value, corpus, NOW);
        if (!plan.ok) throw new Error(plan.error);
        const library = new Map([...corpus.map((d) => [d.id, d.text] as const), ...plan.value.documentsToAdd.map((d) => [d.id, d.text] as const)]);
        const referenced = new Set(annotations.map((a) => a.docId));
        for (const d of docs) if (referenced.has(d.id)) expect(library.get(d.id)).toBe(d.text);
        importedDocs += plan.value.documentsToAdd.length;
        orphans += annotations.filter((a) => a.orphan).length;
        const same = JSON.stringify(plan.value.annotations) === JSON.stringify([...annotations].map((a) => JSON.parse(JSON.stringify(a))).sort(compareForExport));
        if (!same) differences++;
        expect(plan.value.annotations).toEqual([...annotations].sort(compareForExport));
        expect(plan.value.repairs).toEqual([]);
        // A valid database needs no repair.
        expect(repairDatabase({ documents: docs, annotations }).log).toEqual([]);
      }),
      { numRuns: 200, seed: 12012 },
    );
    console.log(`native round trip: ${runs} random databases, ${importedDocs} imported documents re-added with their text, ${orphans} orphans, ${differences} differences`);
    expect(differences).toBe(0);
  });
});

describe("point 5 of issue 10: rows the importer would refuse are repaired before export, never exported broken", () => {
  it('the same id in two documents and a document named just ".txt": repaired, exported, re-imported the same, nothing lost', () => {
    let runs = 0;
    let repairs = 0;
    fc.assert(
      fc.property(randomDatabase, fc.nat(), fc.boolean(), ({ docs, annotations }, pick, different) => {
        fc.pre(annotations.length > 0 && docs.length > 1);
        runs++;
        // An id that moved between documents, stored twice; and a blank-id document with an annotation on it.
        const a = annotations[pick % annotations.length]!;
        const other = docs.find((d) => d.id !== a.docId)!;
        const moved = { ...a, docId: other.id, note: different ? `${a.note} (edited)` : a.note, updatedAt: different ? '2099-12-31T00:00:00.000Z' : a.updatedAt };
        const blankText = 'A text whose file was named just .txt 😀';
        const blank = { id: '', file: '.txt', title: '.txt', text: blankText, hash: sha256Hex(blankText) };
        const onBlank = createAnnotation({ id: `blank-${pick}`, docId: '', kind: 'comment', ...describeRange(blankText, { start: 2, end: 6 }), docHash: blank.hash, author: 'A', now: NOW });
        const broken = { documents: [...docs, blank], annotations: [...annotations, moved, onBlank] };
        // Exported as is, the file would not re-import.
        expect(verifyNativeExport(buildNativeExport({ appVersion: '0', now: NOW, ...broken })).ok).toBe(false);
        const fixed = repairDatabase(broken);
        repairs += fixed.log.length;
        expect(fixed.log.length).toBeGreaterThanOrEqual(2);
        expect(repairDatabase(fixed).log).toEqual([]);
        // Nothing lost: every word any row had is still in some row.
        expect(fixed.annotations.length).toBe(broken.annotations.length - (different ? 0 : 1));
        expect(fixed.annotations.filter((x) => x.id === a.id)).toHaveLength(1);
        const text = verifyNativeExport(buildNativeExport({ appVersion: '0', now: NOW, documents: fixed.documents, annotations: fixed.annotations }));
        if (!text.ok) throw new Error(text.error);
        const back = parseNative(text.value);
        if (!back.ok) throw new Error(back.error);
        const plan = planNativeImport(back.value, corpus, NOW);
        if (!plan.ok) throw new Error(plan.error);
        expect(plan.value.annotations).toEqual([...fixed.annotations].sort(compareForExport));
        expect(plan.value.documentsToAdd.map((d) => d.id)).toContain(fixed.documents.find((d) => d.file === '.txt')!.id);
      }),
      { numRuns: 200, seed: 5 },
    );
    console.log(`point-5 rows: ${runs} broken databases repaired (${repairs} repairs logged), exported and re-imported identically`);
  });
});
