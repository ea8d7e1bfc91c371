// Imports from other annotation tools, with files in the exact shapes those tools write (fixtures in
// e2e/fixtures/interop/, shared with the e2e spec): Hypothesis's API (a search response, a single
// annotation), h's JSON-LD form, recogito-js and @recogito/text-annotator.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchor } from '../../anchoring/anchor';
import type { Annotation } from '../../model/annotation';
import { loadCorpus } from '../fixtures/sample';
import { parseImportFile } from '../import-file';
import { UNPLACED_DOC_ID, resolveW3CImport, type W3CCorpusDocument } from '.';

const root = new URL('../../../../', import.meta.url);
const corpus = loadCorpus((name) => readFileSync(new URL(`corpus/${name}`, root), 'utf8'));
const fixture = (name: string) => readFileSync(new URL(`e2e/fixtures/interop/${name}`, root), 'utf8');
const NOW = '2024-06-01T12:00:00.000Z';
const CARAVANSERAI = '000_bcac1e10f295c14d';
const EURASIANET = '001_cdd2637b0fb9ae17';
const KARIMOV = '002_ec7bc3a0d5f027a3';
const SILENT = '003_c7ad85397e274a8a';
const PAPER = '004_6426d44e76528891';

function importText(text: string, docs: ReadonlyArray<W3CCorpusDocument> = corpus, existing?: (id: string) => Annotation | undefined) {
  const parsed = parseImportFile(text);
  if (!parsed.ok) throw new Error(parsed.error);
  if (parsed.value.kind !== 'w3c') throw new Error('expected annotations from another tool');
  return resolveW3CImport(parsed.value.value, { corpus: docs, anchor, now: NOW, author: 'Importer', existing });
}

/** An anchored annotation's words are exactly the words of its document at its position. */
function sitsOnItsWords(a: Annotation): boolean {
  const doc = corpus.find((d) => d.id === a.docId);
  return !!doc && doc.text.slice(a.position.start, a.position.end) === a.quote.exact && a.docHash === doc.hash;
}

describe('Hypothesis', () => {
  it('reads a search response {total, rows}: authors, times, tags, thread, comment kind, and never misplaces', () => {
    const { annotations, report } = importText(fixture('hypothesis-search.json'));
    expect(report).toMatchObject({ total: 4, anchored: 2, orphaned: 0, unplaced: 1, replies: 1, comments: 1 });
    const byId = new Map(annotations.map((a) => [a.id, a]));
    expect(annotations).toHaveLength(3);

    const claim = byId.get('https://hypothes.is/a/Qm9uZ2FyMQ')!;
    expect(claim).toMatchObject({
      docId: EURASIANET,
      kind: 'claim',
      verdict: 'contested',
      author: 'Dilnoza R.',
      createdAt: '2024-03-04T09:15:02.412331+00:00',
      note: 'The share is from 2021 customs data; the ministry gives 78%.\n\nTags: oil',
      orphan: false,
    });
    expect(sitsOnItsWords(claim)).toBe(true);
    // The reply is in the thread of the annotation it answers, not a new highlight.
    expect(claim.replies).toEqual([
      {
        id: 'https://hypothes.is/a/Qm9uZ2FyMw',
        author: 'Timur',
        text: "Agreed; the 78% figure is in the ministry's March bulletin.",
        createdAt: '2024-03-05T08:00:00.000000+00:00',
        updatedAt: '2024-03-05T08:00:00.000000+00:00',
      },
    ]);
    expect(claim.updatedAt).toBe('2024-03-04T09:20:44.100907+00:00');

    // No verdict tag: a comment with no verdict, and an empty text gives no leading blank lines.
    const comment = byId.get('https://hypothes.is/a/Qm9uZ2FyMg')!;
    expect(comment).toMatchObject({ docId: KARIMOV, kind: 'comment', verdict: null, translation: null, note: 'Tags: follow-up', author: 'Timur' });
    expect(sitsOnItsWords(comment)).toBe(true);

    // The Caravanserai quote occurs three times in its article and once in The Paper's: a person chooses.
    const unplaced = byId.get('https://hypothes.is/a/Qm9uZ2FyNA')!;
    expect(unplaced).toMatchObject({ docId: UNPLACED_DOC_ID, orphan: true, verdict: 'contradicted' });
    expect(unplaced.candidates?.sort()).toEqual([CARAVANSERAI, PAPER]);
    expect(report.unplacedTargets[0]!.candidates.map((c) => c.id).sort()).toEqual([CARAVANSERAI, PAPER]);
    console.log(
      `Hypothesis search response: ${report.total} rows → ${report.anchored} anchored, ${report.orphaned} orphans, ${report.unplaced} unplaced (candidates: ${unplaced.candidates!.length}), ${report.replies} reply in its thread, 0 in the wrong document`,
    );
  });

  it('reads a single API annotation and an array of rows the same way', () => {
    const single = fixture('hypothesis-annotation.json');
    const one = importText(single);
    const many = importText(`[${single}]`);
    expect(one.annotations).toEqual(many.annotations);
    expect(one.annotations[0]).toMatchObject({ id: 'https://hypothes.is/a/U2luZ2xlMQ', docId: PAPER, kind: 'claim', verdict: 'sourced', author: 'ana@hypothes.is' });
    expect(sitsOnItsWords(one.annotations[0]!)).toBe(true);
  });

  it("reads h's JSON-LD form of the same annotation to the same id, author and thread", () => {
    const row = JSON.parse(fixture('hypothesis-annotation.json'));
    // As h's AnnotationJSONLDPresenter writes it: an empty text body is still there.
    const jsonld = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      id: 'https://hypothes.is/a/U2luZ2xlMQ',
      created: row.created,
      modified: row.updated,
      creator: row.user,
      body: [{ type: 'TextualBody', value: '', format: 'text/markdown' }, ...row.tags.map((t: string) => ({ type: 'TextualBody', value: t, purpose: 'tagging' }))],
      target: [{ source: row.uri, selector: row.target[0].selector.filter((s: { type: string }) => s.type !== 'RangeSelector') }],
    };
    const [a] = importText(JSON.stringify(jsonld)).annotations;
    expect(a).toMatchObject({ id: 'https://hypothes.is/a/U2luZ2xlMQ', docId: PAPER, verdict: 'sourced', author: 'ana@hypothes.is', note: '' });
  });

  it('a reply to an annotation already stored joins its thread', () => {
    const search = JSON.parse(fixture('hypothesis-search.json'));
    const parentRow = search.rows[0];
    const stored = importText(JSON.stringify(parentRow)).annotations[0]!;
    const replyOnly = JSON.stringify({ total: 1, rows: [search.rows[2]] });
    const { annotations, report } = importText(replyOnly, corpus, (id) => (id === stored.id ? stored : undefined));
    expect(report.replies).toBe(1);
    expect(annotations).toHaveLength(1);
    expect(annotations[0]!.id).toBe(stored.id);
    expect(annotations[0]!.replies?.map((r) => r.author)).toEqual(['Timur']);
    // Newer than the stored copy, so the merge keeps the thread.
    expect(annotations[0]!.updatedAt).toBe('2024-03-05T08:00:00.000000+00:00');
    // With its thread nowhere, the reply is kept as a comment of its own.
    const alone = importText(replyOnly);
    expect(alone.annotations[0]).toMatchObject({ kind: 'comment', note: "Agreed; the 78% figure is in the ministry's March bulletin." });
  });
});

describe('Recogito', () => {
  it('recogito-js: a unique exact quote with no context anchors where it is; a quote in several documents is unplaced', () => {
    const { annotations, report } = importText(fixture('recogito-js.json'));
    expect(report).toMatchObject({ total: 3, anchored: 2, orphaned: 0, unplaced: 1 });
    const [claim, comment, several] = annotations;
    expect(claim).toMatchObject({ id: '#5e0b4a1c-7d62-4c1e-9a0f-2b9d1f0c3a11', docId: SILENT, kind: 'claim', verdict: 'contradicted', author: 'Importer' });
    expect(claim!.quote.exact).toBe('Kazakhstan refused to ');
    expect(claim!.quote.prefix.length).toBeGreaterThan(0); // the text's own context is added
    expect(comment).toMatchObject({ docId: SILENT, kind: 'comment', verdict: null });
    expect([claim, comment].every((a) => sitsOnItsWords(a!))).toBe(true);
    expect(several).toMatchObject({ docId: UNPLACED_DOC_ID, candidates: expect.arrayContaining([CARAVANSERAI, PAPER]) });
  });

  it('@recogito/text-annotator: target list with source and context, creator object, times', () => {
    const { annotations, report } = importText(fixture('text-annotator.json'));
    expect(report).toMatchObject({ total: 2, anchored: 2, orphaned: 0, unplaced: 0, comments: 1 });
    expect(annotations[0]).toMatchObject({ docId: KARIMOV, kind: 'claim', verdict: 'contested', author: 'Saida', createdAt: '2024-04-02T14:03:11.512Z', updatedAt: '2024-04-02T14:05:40.007Z' });
    expect(annotations[1]).toMatchObject({ docId: EURASIANET, kind: 'comment' });
    expect(annotations.every(sitsOnItsWords)).toBe(true);
  });
});

describe('never misplace', () => {
  const CAR_URL = 'https://central.asia-news.com/en_GB/articles/cnmi_ca/features/2022/03/19/feature-01';
  const docs = corpus.map((d) => (d.id === CARAVANSERAI ? { ...d, url: CAR_URL } : d));
  const row = () => JSON.parse(fixture('hypothesis-search.json')).rows[3];

  it('a quote its own document (by URL) refuses, that fits another too, is unplaced with its own document listed first', () => {
    const a = importText(JSON.stringify(row()), docs).annotations[0]!;
    expect(a).toMatchObject({ docId: UNPLACED_DOC_ID, orphan: true });
    expect(a.candidates).toEqual([CARAVANSERAI, PAPER]);
  });

  it('a quote its own document anchors is placed there, though its words also occur in another document', () => {
    const r = row();
    const doc = corpus.find((d) => d.id === CARAVANSERAI)!;
    const quote = r.target[0].selector.find((s: { type: string }) => s.type === 'TextQuoteSelector');
    const at = doc.text.indexOf(quote.prefix + quote.exact) + quote.prefix.length;
    r.target[0].selector = r.target[0].selector.map((s: { type: string }) => (s.type === 'TextPositionSelector' ? { ...s, start: at, end: at + quote.exact.length } : s));
    const a = importText(JSON.stringify(r), docs).annotations[0]!;
    expect(a.docId).toBe(CARAVANSERAI);
    expect(a.position.start).toBe(at);
    expect(sitsOnItsWords(a)).toBe(true);
  });

  it('a quote that fits exactly one document is placed there; one that fits none is unplaced with no candidates', () => {
    const r = row();
    r.target[0].selector = r.target[0].selector.map((s: { type: string }) => (s.type === 'TextQuoteSelector' ? { ...s, exact: 'words no document contains' } : s));
    const a = importText(JSON.stringify(r)).annotations[0]!;
    expect(a.docId).toBe(UNPLACED_DOC_ID);
    expect(a.candidates).toBeUndefined();
  });
});
