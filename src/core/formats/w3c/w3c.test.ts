import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../model/annotation';
import { sha256Hex } from '../../model/hash';
import { astralDocument, loadCorpus, sampleAnnotations, unplacedAnnotation } from '../fixtures/sample';
import { parseImportFile } from '../import-file';
import { compareForExport } from '../native';
import { codePointsToUtf16, createOffsetConverter, utf16ToCodePoints } from '../offsets';
import {
  UNPLACED_DOC_ID,
  annotationIri,
  buildW3CCollection,
  idFromAnnotationIri,
  parseW3C,
  resolveW3CImport,
  type AnchorFn,
  type W3CAnnotation,
} from '.';

const corpusDir = new URL('../../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()];
const NOW = '2024-06-01T12:00:00.000Z';
const generator = { name: 'Claimdesk', version: '0.1.0' };

/** Stand-in for the anchoring engine: exact position, then the first exact occurrence, else orphan. */
const anchor: AnchorFn = (text, { quote, position }) => {
  if (quote.exact && text.slice(position.start, position.end) === quote.exact) {
    return { status: 'anchored', start: position.start, end: position.end, score: 1, method: 'position' };
  }
  const i = quote.exact ? text.indexOf(quote.exact) : -1;
  if (i >= 0) return { status: 'anchored', start: i, end: i + quote.exact.length, score: 0.9, method: 'quote' };
  return { status: 'orphan', bestScore: 0 };
};

const schema = JSON.parse(readFileSync(new URL('../fixtures/w3c-annotation.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function roundTrip(annotations: Annotation[]) {
  const collection = buildW3CCollection({ documents: corpus, annotations, now: NOW, generator });
  const text = JSON.stringify(collection, null, 2);
  const parsed = parseW3C(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return { collection, ...resolveW3CImport(parsed.value, { corpus, anchor, now: NOW, author: 'Importer' }) };
}

describe('offsets', () => {
  it('converts between UTF-16 units and code points around astral characters and combining marks', () => {
    const text = 'a😀b𠀀e\u0301c';
    expect(utf16ToCodePoints(text, 0)).toBe(0);
    expect(utf16ToCodePoints(text, 3)).toBe(2); // after 😀
    expect(utf16ToCodePoints(text, text.length)).toBe([...text].length);
    for (let cp = 0; cp <= [...text].length; cp++) expect(utf16ToCodePoints(text, codePointsToUtf16(text, cp))).toBe(cp);
    expect(codePointsToUtf16(text, 99)).toBe(text.length);
  });

  it('the cached converter agrees with the plain functions, lone surrogates included', () => {
    const unit = fc.oneof(fc.string({ unit: 'binary', maxLength: 3 }), fc.constantFrom('\ud800', '\udc00', '😀', 'e\u0301'));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((xs) => xs.join('')), fc.nat({ max: 200 }), (text, n) => {
        const c = createOffsetConverter(text);
        expect(c.toCodePoints(n)).toBe(utf16ToCodePoints(text, n));
        expect(c.toUtf16(n)).toBe(codePointsToUtf16(text, n));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('W3C export and re-import', () => {
  const annotations = [...sampleAnnotations(corpus), unplacedAnnotation()];

  it('round-trips every kind against the real corpus and an astral document, offsets unchanged', () => {
    const { annotations: back, report } = roundTrip(annotations);
    expect(back.sort(compareForExport)).toEqual([...annotations].sort(compareForExport));
    const orphans = annotations.filter((a) => a.orphan).length;
    expect(report).toMatchObject({ total: annotations.length, anchored: annotations.length - orphans, orphaned: orphans - 1, unplaced: 1 });
    console.log(`W3C round trip: ${annotations.length} annotations over ${corpus.length} documents, 0 differences`);
  });

  it('writes code point offsets that differ from UTF-16 ones after astral characters', () => {
    const { collection } = roundTrip(annotations);
    const item = collection.first.items.find((i) => i.id === annotationIri('astral-claim')) as W3CAnnotation;
    const doc = astralDocument();
    const a = annotations.find((x) => x.id === 'astral-claim')!;
    const tps = item.target.selector.find((s) => s.type === 'TextPositionSelector')!;
    expect(tps).toEqual({ type: 'TextPositionSelector', start: [...doc.text.slice(0, a.position.start)].length, end: [...doc.text.slice(0, a.position.end)].length });
    expect((tps as { start: number }).start).toBeLessThan(a.position.start);
    expect([...doc.text].slice((tps as { start: number }).start, (tps as { end: number }).end).join('')).toBe(a.quote.exact);
  });

  it('validates against the W3C Web Annotation JSON Schema', () => {
    const { collection } = roundTrip(annotations);
    const valid = validate(JSON.parse(JSON.stringify(collection)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const kinds = new Set((collection.first.items as W3CAnnotation[]).map((i) => `${i['claimdesk:kind']}/${i.motivation}`));
    expect(kinds).toEqual(new Set(['claim/assessing', 'translation-error/editing', 'translation-error/assessing']));
    expect(collection.total).toBe(annotations.length);
    // The schema has teeth: a negative offset and a made-up motivation are refused.
    const broken = JSON.parse(JSON.stringify(collection));
    broken.first.items[0].target.selector[1].start = -1;
    broken.first.items[1].motivation = 'shouting';
    expect(validate(broken)).toBe(false);
    // A comment with a reply thread (replies are 'replying' annotations targeting the comment) validates too, and round-trips.
    const base = annotations.find((a) => !a.orphan && a.kind === 'claim')!;
    const comment: Annotation = {
      ...base,
      id: 'comment-1',
      kind: 'comment',
      verdict: null,
      translation: null,
      replies: [{ id: 'reply-1', author: 'Timur', text: 'Agreed.', createdAt: '2024-05-03T00:00:00.000Z', updatedAt: '2024-05-03T00:00:00.000Z' }],
    };
    const withThread = roundTrip([comment]);
    expect(validate(JSON.parse(JSON.stringify(withThread.collection)))).toBe(true);
    expect(withThread.collection.first.items.map((i) => i.motivation)).toEqual(['commenting', 'replying']);
    expect(withThread.annotations).toEqual([comment]);
    console.log(`W3C schema: ${collection.first.items.length} annotations valid (ajv, draft-07)`);
  });

  it('uses urn:uuid for UUID ids and a claimdesk urn otherwise, and reads both back', () => {
    expect(annotationIri('3f0c9a52-8d1e-4b7a-9c2f-1e5d6a7b8c9d')).toBe('urn:uuid:3f0c9a52-8d1e-4b7a-9c2f-1e5d6a7b8c9d');
    expect(annotationIri('a b/c')).toBe('urn:claimdesk:annotation:a%20b%2Fc');
    for (const id of ['a b/c', 'urn:uuid:x', 'https://hypothes.is/a/1', 'x', '\ud800lone']) {
      const back = idFromAnnotationIri(annotationIri(id));
      expect(back === id || id.includes('\ud800')).toBe(true);
    }
  });

  it('importing the same W3C file twice gives identical annotations (derived ids are stable)', () => {
    const doc = corpus[1]!;
    const exact = doc.text.slice(200, 240);
    const foreign = JSON.stringify([{ type: 'Annotation', target: { source: `https://example.org/${doc.file}`, selector: { type: 'TextQuoteSelector', exact } } }]);
    const once = parseW3C(foreign);
    const twice = parseW3C(foreign);
    if (!once.ok || !twice.ok) throw new Error('parse failed');
    const a = resolveW3CImport(once.value, { corpus, anchor, now: NOW, author: 'Me' });
    const b = resolveW3CImport(twice.value, { corpus, anchor, now: NOW, author: 'Me' });
    expect(a.annotations).toEqual(b.annotations);
    expect(a.annotations[0]!.id).toMatch(/^w3c-[0-9a-f]{32}$/);
    expect(a.report.idsDerived).toBe(1);
  });
});

describe('W3C import from other tools', () => {
  const doc = corpus[0]!;
  const exact = doc.text.slice(300, 360);
  const cpStart = utf16ToCodePoints(doc.text, 300);

  it("reads Hypothesis's API rows: the note in `text`, tags in `tags` (none of it dropped)", () => {
    const row = {
      id: 'XyZ789',
      uri: 'https://news.example/story',
      text: 'The ministry denied it the next day.',
      tags: ['contradicted', 'follow-up'],
      target: [{ source: 'https://news.example/story', selector: [{ type: 'TextQuoteSelector', exact, prefix: doc.text.slice(290, 300), suffix: doc.text.slice(360, 370) }] }],
    };
    const parsed = parseImportFile(JSON.stringify([row]));
    if (!parsed.ok) throw new Error(parsed.error);
    if (parsed.value.kind !== 'w3c') throw new Error('expected W3C');
    const { annotations, report } = resolveW3CImport(parsed.value.value, { corpus, anchor, now: NOW, author: 'Me' });
    expect(annotations[0]).toMatchObject({ docId: doc.id, verdict: 'contradicted', note: 'The ministry denied it the next day.\n\nTags: follow-up', position: { start: 300, end: 360 } });
    expect(report.comments).toBe(0);
  });

  it('reads a Hypothesis-style annotation: target array, selector array, URL source, text body, tags', () => {
    const hyp = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      id: 'https://hypothes.is/a/AbC123',
      created: '2023-02-01T09:00:00.000000+00:00',
      modified: '2023-02-02T09:00:00.000000+00:00',
      creator: 'acct:jane@hypothes.is',
      body: [
        { type: 'TextualBody', value: 'Needs a second source.', format: 'text/markdown' },
        { type: 'TextualBody', purpose: 'tagging', value: 'Contradicted' },
        { type: 'TextualBody', purpose: 'tagging', value: 'economy' },
      ],
      target: [
        {
          source: `https://news.example/${doc.file}`,
          selector: [
            { type: 'RangeSelector', startContainer: '/p[1]', endContainer: '/p[1]', startOffset: 0, endOffset: 5 },
            { type: 'TextPositionSelector', start: cpStart, end: cpStart + [...exact].length },
            { type: 'TextQuoteSelector', exact, prefix: doc.text.slice(290, 300), suffix: doc.text.slice(360, 370) },
          ],
        },
      ],
    };
    const parsed = parseW3C(JSON.stringify(hyp));
    if (!parsed.ok) throw new Error(parsed.error);
    const { annotations, report } = resolveW3CImport(parsed.value, { corpus, anchor, now: NOW, author: 'Me' });
    const a = annotations[0]!;
    expect(a).toMatchObject({
      id: 'https://hypothes.is/a/AbC123',
      docId: doc.id,
      kind: 'claim',
      verdict: 'contradicted',
      orphan: false,
      author: 'jane@hypothes.is',
      position: { start: 300, end: 360 },
      docHash: doc.hash,
      note: 'Needs a second source.\n\nTags: economy',
      createdAt: '2023-02-01T09:00:00.000000+00:00',
    });
    expect(report).toMatchObject({ total: 1, anchored: 1, orphaned: 0, unplaced: 0, comments: 0 });
  });

  it('finds the document by quote alone, makes a comment of what has no verdict, and keeps what it cannot place', () => {
    const items = [
      { type: 'Annotation', target: { source: 'https://elsewhere.example/page', selector: { type: 'TextQuoteSelector', exact } } },
      { type: 'Annotation', body: 'just a string comment', target: 'https://elsewhere.example/other' },
      { type: 'Annotation', target: { source: `urn:sha256:${doc.hash}`, selector: { type: 'TextQuoteSelector', exact: 'not in this text at all' } } },
    ];
    const parsed = parseW3C(JSON.stringify({ type: 'AnnotationPage', items }));
    if (!parsed.ok) throw new Error(parsed.error);
    const { annotations, report } = resolveW3CImport(parsed.value, { corpus, anchor, now: NOW, author: 'Me' });
    expect(annotations.map((a) => [a.docId, a.orphan])).toEqual([
      [doc.id, false],
      [UNPLACED_DOC_ID, true],
      [doc.id, true],
    ]);
    expect(annotations[1]!.note).toBe('just a string comment');
    expect(annotations.every((a) => a.kind === 'comment' && a.verdict === null && a.author === 'Me' && a.createdAt === NOW)).toBe(true);
    expect(report).toMatchObject({ total: 3, anchored: 1, orphaned: 1, unplaced: 1, comments: 3, idsDerived: 3 });
    expect(report.unplacedTargets[0]!.source).toBe('https://elsewhere.example/other');
  });

  it('re-describes an annotation that anchoring moved, keeping the old selectors in its history', () => {
    const item = {
      type: 'Annotation',
      id: 'urn:claimdesk:annotation:moved',
      target: {
        source: `urn:sha256:${'a'.repeat(64)}`,
        'claimdesk:file': doc.file,
        selector: [
          { type: 'TextQuoteSelector', exact, prefix: 'stale ', suffix: ' stale' },
          { type: 'TextPositionSelector', start: 0, end: [...exact].length },
        ],
      },
    };
    const parsed = parseW3C(JSON.stringify(item));
    if (!parsed.ok) throw new Error(parsed.error);
    const a = resolveW3CImport(parsed.value, { corpus, anchor, now: NOW, author: 'Me' }).annotations[0]!;
    expect(a.position).toEqual({ type: 'TextPositionSelector', start: 300, end: 360 });
    expect(a.quote.prefix).toBe(doc.text.slice(268, 300));
    expect(a.docHash).toBe(doc.hash);
    expect(a.history).toHaveLength(1);
    expect(a.history[0]!.docHash).toBe('a'.repeat(64));
  });

  it('only places a quote-only annotation when exactly one document anchors it', () => {
    const twin = { ...doc, id: 'twin', file: 'twin.txt', hash: sha256Hex(`${doc.text} `), text: `${doc.text} ` };
    const parsed = parseW3C(JSON.stringify({ type: 'Annotation', target: { source: 'x:y', selector: { type: 'TextQuoteSelector', exact } } }));
    if (!parsed.ok) throw new Error(parsed.error);
    const r = resolveW3CImport(parsed.value, { corpus: [doc, twin], anchor, now: NOW, author: 'Me' });
    expect(r.annotations[0]!.docId).toBe(UNPLACED_DOC_ID);
  });

  it('rejects malformed W3C with a message that names the path', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'Annotation' }, /target: missing/],
      [{ type: 'AnnotationPage', items: [{ type: 'Annotation', target: { source: 'x:y', selector: { type: 'TextPositionSelector', start: -1, end: 2 } } }] }, /items\[0\]\.target\.selector\.start/],
      [{ type: 'AnnotationCollection', first: 'https://example.org/page1' }, /first/],
      [{ type: 'Annotation', target: { source: 'x:y', selector: [{ type: 'TextQuoteSelector', exact: 5 }] } }, /target\.selector\[0\]\.exact: expected a string/],
      [{ type: 'Annotation', created: 'yesterday', target: 'x:y' }, /created: not a date-time/],
      [{ type: 'Annotation', target: 'x:y', 'claimdesk:history': [{ bad: 1 }] }, /claimdesk:history/],
      [[{ type: 'Annotation', target: 'x:y' }, 7], /\[1\]: expected an annotation object/],
    ];
    for (const [value, pattern] of cases) {
      const r = parseW3C(JSON.stringify(value));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(pattern);
    }
  });
});

describe('W3C SHOULDs, JSON-LD expansion, safe IRIs and surrogate offsets', () => {
  const annotations = [...sampleAnnotations(corpus), unplacedAnnotation()];
  const anno = JSON.parse(readFileSync(new URL('../fixtures/anno.jsonld', import.meta.url), 'utf8')) as object;

  it('creator and generator have ids, targets a format and language, the collection last and the page partOf', () => {
    const { collection } = roundTrip(annotations);
    expect(collection.last).toBe(collection.first.id);
    expect(collection.first.partOf).toBe(collection.id);
    for (const item of collection.first.items as W3CAnnotation[]) {
      expect(item.creator.id).toMatch(/^urn:claimdesk:reviewer:[0-9a-f]{16}$/);
      expect(item.generator.id).toMatch(/^urn:claimdesk:software:/);
      expect(item.target.format).toBe('text/plain');
      const doc = corpus.find((d) => d.id === item.target['claimdesk:docId']);
      if (doc) expect(item.target.language).toBe(doc.language);
      for (const b of item.body) if (b.type === 'TextualBody' && b.purpose === 'tagging') expect(b.language).toBe('en');
    }
  });

  it("history entries and every claimdesk extension survive JSON-LD expansion with W3C's live anno.jsonld", async () => {
    const { default: jsonld } = await import('jsonld');
    const documentLoader = async (url: string) => {
      if (url === 'http://www.w3.org/ns/anno.jsonld') return { contextUrl: undefined, documentUrl: url, document: anno };
      throw new Error(`no network in tests: ${url}`);
    };
    const withHistory = annotations.filter((a) => a.history.length > 0);
    expect(withHistory.length).toBeGreaterThan(0);
    const { collection } = roundTrip(annotations);
    const expanded = JSON.stringify(await jsonld.expand(JSON.parse(JSON.stringify(collection)), { documentLoader: documentLoader as never }));
    for (const key of ['quote', 'position', 'docHash', 'replacedAt', 'history', 'kind', 'orphan', 'docId']) {
      expect(expanded).toContain(`https://claimdesk.app/ns#${key}`);
    }
    expect(expanded).toContain('http://www.w3.org/ns/oa#assessing');
    expect(expanded).toContain('http://www.w3.org/ns/oa#editing');
    // The number of history entries in the expanded graph equals the number written.
    const written = withHistory.reduce((n, a) => n + a.history.length, 0);
    expect(expanded.split('https://claimdesk.app/ns#replacedAt').length - 1).toBe(written);
  });

  it('never writes a javascript:, vbscript: or data: IRI; the typed text stays as a literal', () => {
    const doc = corpus[0]!;
    const bad = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', ' vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>'];
    const a = { ...annotations.find((x) => x.docId === doc.id)!, id: 'javascript:alert(2)', sources: bad.map((url) => ({ url, title: 't', accessed: '', quote: '' })) };
    const { collection } = roundTrip([a]);
    const item = collection.first.items[0] as W3CAnnotation;
    expect(item.id).toMatch(/^urn:claimdesk:annotation:/);
    for (const b of item.body) if (b.type === 'SpecificResource') expect(b.source).toBe('urn:claimdesk:source:unresolved');
    const iris = JSON.stringify(collection).match(/"(?:id|source)":\s*"[^"]*"/g) ?? [];
    expect(iris.filter((s) => /(?:javascript|vbscript|data):/i.test(s.replace(/\\t|\s/g, '')))).toEqual([]);
  });

  it('offsets that split a surrogate pair do not shift on the round trip (58–62 stays 58–62)', () => {
    const doc = astralDocument();
    // Find a pair boundary and make a position that splits it at both ends, as a corrupted row would.
    const text = doc.text;
    const pairs: number[] = [];
    for (let i = 0; i < text.length - 1; i++) if (/[\ud800-\udbff]/.test(text[i]!) && /[\udc00-\udfff]/.test(text[i + 1]!)) pairs.push(i + 1);
    const start = pairs[0]!;
    const end = pairs.find((p) => p > start + 3)!;
    const base = annotations.find((x) => x.docId === doc.id)!;
    const split = { ...base, id: 'split', position: { type: 'TextPositionSelector' as const, start, end }, quote: { ...base.quote, exact: text.slice(start, end) } };
    const { annotations: back } = roundTrip([split]);
    expect(back[0]!.position).toEqual({ type: 'TextPositionSelector', start, end });
  });
});

describe('linked claims and the workflow in W3C', () => {
  it('one annotation per appearance, all with the shared claim id and wording; status, assignee and due travel and round-trip', () => {
    const base = sampleAnnotations(corpus).filter((a) => a.kind === 'claim' && !a.orphan);
    const [x, y] = [base[0]!, base.find((a) => a.docId !== base[0]!.docId)!];
    const link = { claimId: 'claim-senate', claimWording: 'Kamilov told the Senate on 17 March', status: 'published' as const, verdict: 'contested' as const, assignee: 'urn:claimdesk:reviewer:0123456789abcdef', due: '2026-12-01' };
    const linked = [{ ...x, ...link }, { ...y, ...link, sources: x.sources }, { ...base[2]!, status: 'in-progress' as const }];
    const { collection, annotations: back } = roundTrip(linked);
    const items = collection.first.items as W3CAnnotation[];
    const appearances = items.filter((i) => i['claimdesk:claimId'] === 'claim-senate');
    expect(appearances).toHaveLength(2);
    expect(appearances.map((i) => (i.target.selector[0] as { exact: string }).exact)).toEqual([x, y].sort(compareForExport).map((a) => a.quote.exact));
    expect(new Set(appearances.map((i) => i['claimdesk:claimWording']))).toEqual(new Set(['Kamilov told the Senate on 17 March']));
    expect(appearances.every((i) => i['claimdesk:status'] === 'published')).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(collection))), JSON.stringify(validate.errors)).toBe(true);
    expect(back.sort(compareForExport)).toEqual([...linked].sort(compareForExport));
  });

  it('refuses an unknown status, naming where', () => {
    const collection = buildW3CCollection({ documents: corpus, annotations: [{ ...sampleAnnotations(corpus)[0]!, status: 'checked' }], now: NOW, generator });
    const json = JSON.parse(JSON.stringify(collection));
    json.first.items[0]['claimdesk:status'] = 'done';
    const parsed = parseW3C(JSON.stringify(json));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/claimdesk:status.*expected one of to-check/);
  });
});
