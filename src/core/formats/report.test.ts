import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { createAnnotation, type Annotation, type Verdict } from '../model/annotation';
import type { CorpusDocument } from '../model/document';
import { sha256Hex } from '../model/hash';
import { DEFAULT_MQM_THRESHOLD, DEFAULT_MQM_WEIGHTS } from '../model/mqm';
import { astralDocument, loadCorpus, sampleAnnotations, unplacedAnnotation } from './fixtures/sample';
import {
  REPORT_CSS,
  buildReportModel,
  describeTranslation,
  escapeMarkdownInline,
  escapeMarkdownLines,
  renderReportHtml,
  renderReportMarkdown,
  sentenceAround,
  type DocumentReviewMark,
  type ReportModel,
} from './report';

const corpusDir = new URL('../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()];
const PAPER = corpus.find((d) => d.id.startsWith('004_'))!;
const XSS = '<img src=x onerror=alert(1)>';
const base = sampleAnnotations(corpus);
const hostile: Annotation = {
  ...base.find((a) => a.id === 'a1-sourced')!,
  id: 'hostile',
  note: `${XSS}\nsecond line [link](javascript:alert(1)) *bold* | pipe\nSee https://example.org/<img src="x" onerror="alert(2)"> and www.example.org/<script>alert(3)</script>`,
  sources: [
    { url: 'https://example.org/a"b', title: 'quote in url', accessed: '', quote: '' },
    { url: 'javascript:alert(1)', title: 'js', accessed: '', quote: '' },
    { url: 'http://example.org/ok', title: `<b>${XSS}</b>`, accessed: '2024-01-01', quote: 'said </blockquote>' },
  ],
};
const annotations = [...base, hostile, unplacedAnnotation()];
const MQM = { weights: { ...DEFAULT_MQM_WEIGHTS }, threshold: DEFAULT_MQM_THRESHOLD };
const reviewedPaper: DocumentReviewMark = { docId: PAPER.id, reviewedAt: '2024-05-31T09:00:00.000Z', reviewer: 'Ed Itor' };

function report(over: Partial<Parameters<typeof buildReportModel>[0]> = {}): ReportModel {
  return buildReportModel({ documents: corpus, annotations, reviewer: 'Dilnoza <Karimova>', reviewed: [reviewedPaper], now: '2024-06-01T12:00:00.000Z', mqm: MQM, ...over });
}
const model = report();

/** A small document and annotations on it, by the words they mark. */
function scene(text: string, marks: Array<{ id: string; words: string; verdict?: Verdict; error?: boolean; author?: string; occurrence?: number }>, translation = false) {
  const doc: CorpusDocument = {
    id: 'doc',
    file: 'doc.txt',
    title: 'A small article',
    text,
    hash: sha256Hex(text),
    publication: null,
    author: null,
    date: null,
    language: 'en',
    translation: translation ? { from: 'zh', method: 'machine' } : null,
  };
  const list = marks.map((m) => {
    let start = -1;
    for (let i = 0; i <= (m.occurrence ?? 0); i++) start = text.indexOf(m.words, start + 1);
    if (start < 0) throw new Error(`no ${m.words}`);
    return createAnnotation({
      id: m.id,
      docId: doc.id,
      kind: m.error ? 'translation-error' : 'claim',
      verdict: m.verdict,
      translation: m.error ? { dimension: 'locale-conventions', subtype: 'name-format', severity: 'major', correction: 'fixed' } : undefined,
      quote: { type: 'TextQuoteSelector', exact: m.words, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start, end: start + m.words.length },
      docHash: doc.hash,
      author: m.author ?? 'Dilnoza Karimova',
      now: '2024-05-01T10:00:00.000Z',
    });
  });
  return { doc, list };
}

describe('report model', () => {
  it('extracts the sentence holding a quote', () => {
    const text = 'First sentence here. The minister said exports rose. Third one!\nNext paragraph.';
    const at = text.indexOf('exports rose');
    expect(sentenceAround(text, at, at + 'exports rose'.length)).toEqual({ before: 'The minister said ', quote: 'exports rose', after: '.' });
    const zh = '第一句。部长说出口增长了。第三句';
    const z = zh.indexOf('出口');
    expect(sentenceAround(zh, z, z + 2)).toEqual({ before: '部长说', quote: '出口', after: '增长了。' });
  });

  it('counts verdicts and scores MQM for translated documents', () => {
    const d4 = model.documents.find((d) => d.id === PAPER.id)!;
    expect(d4.mqm!.counts).toEqual({ minor: 1, major: 1, critical: 1 });
    expect(d4.mqm!.penalty).toBe(31);
    expect(d4.counts).toMatchObject({ sourced: 1, contested: 2, contradicted: 1, translationErrors: 3, orphans: 1 });
    expect(model.documents.find((d) => d.id === '001_cdd2637b0fb9ae17')!.counts.sourced).toBe(2);
    expect(model.unplaced).toHaveLength(1);
    const t = model.summary.totals;
    const inCorpus = annotations.filter((a) => a.docId !== 'unplaced');
    const claims = (v: string) => inCorpus.filter((a) => a.kind === 'claim' && a.verdict === v).length;
    expect([t.sourced, t.contested, t.contradicted]).toEqual([claims('sourced'), claims('contested'), claims('contradicted')]);
    expect([t.sourced, t.contested, t.contradicted]).toEqual([8, 12, 7]);
    expect(t.claims).toBe(27);
    expect([t.translationErrors, t.orphans, t.unplaced]).toEqual([inCorpus.filter((a) => a.kind === 'translation-error').length, corpus.length, 1]);
    expect(t.severities).toEqual({ minor: 7, major: 6, critical: 6 });
  });

  it('numbers every annotation once, 1 to N, in document then text order: claims, then translation errors, then orphans', () => {
    const numbered = [
      ...model.documents.flatMap((d) => [...d.claims.map((c) => c.number), ...d.translationErrors.map((e) => e.number), ...d.orphans.map((o) => o.number)]),
      ...model.unplaced.map((o) => o.number),
    ];
    expect(numbered).toEqual(Array.from({ length: annotations.length }, (_, i) => i + 1));
    // The same input gives the same numbers.
    expect(report().documents.map((d) => d.claims.map((c) => [c.id, c.number]))).toEqual(model.documents.map((d) => d.claims.map((c) => [c.id, c.number])));
  });

  it('lists contradicted claims, then contested ones, with their document and paragraph number', () => {
    const { attention } = model.summary;
    expect(attention.map((a) => a.verdict)).toEqual([...Array(7).fill('contradicted'), ...Array(6).fill('contested')]);
    const first = attention[0]!;
    const claim = model.documents.find((d) => d.id === first.docId)!.claims.find((c) => c.number === first.number)!;
    expect(first.docTitle).toBe(corpus[0]!.title);
    expect(first.quote).toBe(claim.quote);
    expect(first.paragraph).toBe(claim.paragraph);
    // ¶ counts the non-empty paragraphs, as a reader sees them.
    const text = corpus[0]!.text;
    const at = text.indexOf(claim.quote);
    expect(claim.paragraph).toBe(text.slice(0, at).split('\n').slice(0, -1).filter((l) => l.trim()).length + 1);
  });

  it('tells overlapping, nested and same-word claims apart', () => {
    const text = 'Intro line.\n\nThe minister said exports rose by half in 2022 while imports fell.';
    const { doc, list } = scene(text, [
      { id: 'outer', words: 'The minister said exports rose by half in 2022', verdict: 'contested' },
      { id: 'inner', words: 'exports rose', verdict: 'contradicted' },
      { id: 'same', words: 'exports rose', error: true },
      { id: 'cross', words: 'in 2022 while imports fell', verdict: 'sourced' },
    ]);
    const m = buildReportModel({ documents: [doc], annotations: list, reviewer: 'R', reviewed: [], now: '2024-06-01T00:00:00.000Z', mqm: MQM });
    const [outer, inner, cross] = m.documents[0]!.claims;
    expect([outer!.id, inner!.id, cross!.id]).toEqual(['outer', 'inner', 'cross']);
    expect(outer!.relations.map((r) => [r.kind, r.number])).toEqual([['contains', 2], ['overlaps', 3], ['contains', 4]]);
    expect(inner!.relations.map((r) => [r.kind, r.number])).toEqual([['inside', 1], ['same', 4]]);
    expect(cross!.relations.map((r) => [r.kind, r.number])).toEqual([['overlaps', 1]]);
    expect(m.documents[0]!.claims.map((c) => c.paragraph)).toEqual([2, 2, 2]);
    const html = renderReportHtml(m);
    // Each claim's excerpt marks its own words, in its own style: no two print alike.
    expect(html).toContain('<mark class="mark contested">The minister said exports rose by half in 2022</mark> while imports fell.');
    expect(html).toContain('The minister said <mark class="mark contradicted">exports rose</mark> by half in 2022 while imports fell.');
    expect(html).toContain('The minister said exports rose by half <mark class="mark sourced">in 2022 while imports fell</mark>');
    expect(html).toContain('Contains <span class="num">#2</span> (contradicted claim); overlaps <span class="num">#3</span> (sourced claim); contains <span class="num">#4</span> (translation error).');
    expect(html).toContain('Lies inside <span class="num">#1</span> (contested claim); marks the same words as <span class="num">#4</span> (translation error).');
    const md = renderReportMarkdown(m);
    expect(md).toContain('#### Contradicted claim #2 · ¶ 2\n\n> The minister said **exports rose** by half in 2022 while imports fell.');
    expect(md).toContain('Lies inside #1 (contested claim); marks the same words as #4 (translation error).');
  });

  it('shows a translation as "not reviewed" until the editor marks it reviewed, then Pass or Fail', () => {
    const text = 'One two three four five six seven eight nine ten.';
    const { doc } = scene(text, [], true);
    const empty = buildReportModel({ documents: [doc], annotations: [], reviewer: 'R', reviewed: [], now: '2024-06-01T00:00:00.000Z', mqm: MQM });
    expect(empty.documents[0]!.mqmStatus).toBe('not-reviewed');
    const html = renderReportHtml(empty);
    expect(html).not.toMatch(/PASS|>Pass</);
    expect(html).toContain('<span class="status-not-reviewed">Not reviewed</span>');
    expect(html).toContain('Finish the review of 1 translation (“Not reviewed” above) and mark it reviewed.');
    const mark = { docId: 'doc', reviewedAt: '2024-06-01T08:00:00.000Z', reviewer: 'Ed Itor' };
    const done = buildReportModel({ documents: [doc], annotations: [], reviewer: 'R', reviewed: [mark], now: '2024-06-01T00:00:00.000Z', mqm: MQM });
    expect(done.documents[0]!.mqmStatus).toBe('pass');
    expect(renderReportHtml(done)).toContain('PASS (threshold 10)');
    expect(renderReportHtml(done)).toContain('Marked reviewed by Ed Itor on 2024-06-01.');
    expect(done.summary.todo).toEqual([]);
    const { list } = scene(text, [{ id: 'e', words: 'three', error: true }], true);
    const open = buildReportModel({ documents: [doc], annotations: list, reviewer: 'R', reviewed: [], now: '2024-06-01T00:00:00.000Z', mqm: MQM });
    expect(renderReportHtml(open)).toContain('points per 1,000 words (10 words): NOT REVIEWED (threshold 10; over it so far).');
    expect(renderReportHtml(open)).toContain('Finish the review of 1 translation (“Not reviewed” above) and mark it reviewed; 1 is already over the threshold of 10 points per 1,000 words.');
    const failed = buildReportModel({ documents: [doc], annotations: list, reviewer: 'R', reviewed: [mark], now: '2024-06-01T00:00:00.000Z', mqm: MQM });
    expect(failed.documents[0]!.mqmStatus).toBe('fail');
    expect(renderReportHtml(failed)).toContain('<p>1 translation fails MQM: A small article.</p>');
    expect(renderReportMarkdown(failed)).toContain('1 translation fails MQM: A small article.');
    // In the whole corpus: the reviewed Paper passes, the others are not reviewed, and failing ones come first.
    expect(model.summary.translations.map((t) => t.status)).toEqual(['not-reviewed', 'not-reviewed', 'not-reviewed', 'not-reviewed', 'not-reviewed', 'pass']);
  });

  it('uses readable names: MQM categories, severities and languages', () => {
    const astral = model.documents.find((d) => d.id === 'synthetic-astral')!;
    expect(astral.translationErrors[0]).toMatchObject({ category: 'Locale conventions / Name format', severity: 'Minor' });
    expect(describeTranslation({ from: 'zh', method: 'machine' })).toBe('translated from Chinese (machine translation)');
    expect(describeTranslation({ from: 'und', method: 'unknown' })).toBe('translated from an unknown language');
    expect(describeTranslation({ from: 'uz', method: 'human' })).toBe('translated from Uzbek (human translation)');
    const html = renderReportHtml(model);
    expect(html).toContain('translated from Chinese (machine translation)');
    expect(html).toContain('<td>Linguistic conventions / Grammar</td><td>Critical</td>');
    expect(html).not.toMatch(/locale-conventions|name-format|from und\b|>major<|>minor</);
  });

  it('renders a report of 30,000 claims (no call-stack limit on the number of lines)', () => {
    const sentence = 'The ministry said exports rose by half. ';
    const text = sentence.repeat(30_000);
    const { doc } = scene('x', []);
    const big = { ...doc, text, hash: sha256Hex(text) };
    const list = Array.from({ length: 30_000 }, (_, i) =>
      createAnnotation({
        id: `c${i}`,
        docId: big.id,
        kind: 'claim',
        verdict: (['sourced', 'contested', 'contradicted'] as const)[i % 3],
        quote: { type: 'TextQuoteSelector', exact: 'exports rose', prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start: i * sentence.length + 18, end: i * sentence.length + 30 },
        docHash: big.hash,
        author: 'R',
        now: '2024-05-01T10:00:00.000Z',
      }),
    );
    const started = performance.now();
    const m = buildReportModel({ documents: [big], annotations: list, reviewer: 'R', reviewed: [], now: '2024-06-01T00:00:00.000Z', mqm: MQM });
    const md = renderReportMarkdown(m);
    const html = renderReportHtml(m);
    expect(md).toContain('#### Contradicted claim #30000 · ¶ 1');
    expect(html).toContain('<span class="num">#30000</span>');
    console.log(`Report of 30,000 claims: model, Markdown and HTML in ${(performance.now() - started).toFixed(0)} ms (${(md.length / 1e6).toFixed(1)} MB of Markdown)`);
  });

  it('names the reviewers once at the top, and per annotation only when several worked', () => {
    const html = renderReportHtml(model);
    expect(html).toContain('Reviewers: <strong>Colleague and Dilnoza Karimova</strong>');
    expect(html).toContain('Report prepared by Dilnoza &lt;Karimova&gt;');
    expect(html).toContain('<p class="by">Checked by Dilnoza Karimova</p>');
    const alone = report({ annotations: base });
    expect(alone.reviewers).toEqual(['Dilnoza Karimova']);
    const one = renderReportHtml(alone);
    expect(one).toContain('Reviewer: <strong>Dilnoza Karimova</strong>');
    expect(one.match(/Dilnoza Karimova/g)).toHaveLength(1);
    expect(one).not.toContain('Checked by');
  });
});

describe('HTML report', () => {
  const html = renderReportHtml(model);

  it('is self-contained: no script, no external resource, a strict CSP', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/<(img|iframe|link|object|embed)\b/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it('carries its own print CSS: marks are underlines in the reader styles, the same rules the app prints with', () => {
    expect(html).toContain(REPORT_CSS);
    expect(REPORT_CSS).toMatch(/\.mark\.sourced \{[^}]*text-decoration-style: solid/);
    expect(REPORT_CSS).toMatch(/\.mark\.contested \{[^}]*text-decoration-style: dashed/);
    expect(REPORT_CSS).toMatch(/\.mark\.contradicted \{[^}]*text-decoration-style: wavy/);
    expect(REPORT_CSS).toMatch(/\.mark\.translation \{[^}]*text-decoration-style: dotted/);
    expect(REPORT_CSS).toContain('@media print');
    const printCss = readFileSync(new URL('../../renderer/styles/print.css', import.meta.url), 'utf8');
    const copy = /\/\* BEGIN REPORT_CSS[^*]*\*\/\n([\s\S]*?)\n\/\* END REPORT_CSS \*\//.exec(printCss)?.[1];
    expect(copy, 'src/renderer/styles/print.css must hold REPORT_CSS of report.ts verbatim between its BEGIN/END comments').toBe(REPORT_CSS.trim());
  });

  it('opens with the summary, then each document on its own pages', () => {
    const order = ['<h2 id="report-summary">Summary</h2>', '<h3>Totals</h3>', '<h3>Contradicted and contested claims</h3>', '<h3>Translations (MQM)</h3>', '<h3>Left to do</h3>', 'class="document details-start"'];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The formula is stated once.
    expect(html.split('score = penalty × 1,000 ÷ word count')).toHaveLength(2);
    expect(html.match(/class="document/g)).toHaveLength(model.documents.length + 1); // + the unplaced annotations
    expect(html).toContain('<tr><td class="n">27</td><td class="n">7</td><td class="n">12</td><td class="n">8</td><td class="n">19</td><td class="n">6</td><td class="n">1</td><td class="n">6 of 6</td></tr>');
    expect(html).toContain('Translation errors by severity: 6 critical, 6 major, 7 minor.');
    expect(html).toContain('Re-attach 6 orphans whose words are no longer found in the text: ');
  });

  it('escapes user text and links only http(s) URLs', () => {
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>');
    expect(html).not.toContain(XSS);
    expect(html).toContain('<a href="http://example.org/ok" rel="noopener noreferrer">&lt;b&gt;');
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain('js (javascript:alert(1))');
    expect(html).not.toContain('href="https://example.org/a"b"');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.every((h) => /^https?:\/\//.test(h))).toBe(true);
  });

  it('shows each claim with its number, verdict, paragraph, sentence and marked quote, and the note with line breaks', () => {
    const a = base.find((x) => x.id === 'a1-sourced')!;
    const claim = model.documents[1]!.claims.find((c) => c.id === 'a1-sourced')!;
    const { before, after } = claim.context;
    expect(html).toContain(`<h4 class="claim-head"><span class="num">#${claim.number}</span> <span class="verdict">Sourced claim</span> <span class="where">¶ ${claim.paragraph}</span></h4>`);
    expect(html).toContain(`${before}<mark class="mark sourced">${a.quote.exact}</mark>${after}`);
    expect(html).toContain('<span class="verdict">Contradicted claim</span>');
    expect(html).toContain('Confirmed by the ministry.<br>\nSecond line');
    expect(html).toContain('<th scope="col">#</th><th class="n" scope="col">¶</th><th scope="col">Quote</th><th scope="col">Category</th><th scope="col">Severity</th><th scope="col">Correction</th><th scope="col">Note</th><th scope="col">By</th>');
    expect(html).toContain('<td><span class="mark translation">');
    expect(html).toContain('<td>Accuracy / Mistranslation</td><td>Major</td><td>a better wording</td>');
    expect(html).toContain('words that were removed 😀 from 000_bcac1e10f295c14d');
    expect(html).toMatch(/MQM: 1 minor, 1 major, 1 critical; penalty 31; [\d.]+ points per 1,000 words \([\d,]+ words\): PASS \(threshold 10\)\./);
    console.log(`Report HTML: ${model.documents.length} documents, ${annotations.length} annotations numbered, ${html.length} characters, 0 scripts, 0 external resources`);
  });
});

/** Tags and attributes a renderer produced from the report. */
function renderedTags(out: string): { tags: Set<string>; handlers: string[]; hrefs: string[] } {
  const tags = new Set([...out.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((m) => m[1]!.toLowerCase()));
  const handlers = [...out.matchAll(/<[^>]*\son[a-z]+\s*=/gi)].map((m) => m[0]);
  const hrefs = [...out.matchAll(/<a\b[^>]*href="([^"]*)"/gi)].map((m) => m[1]!);
  return { tags, handlers, hrefs };
}

const SAFE_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'strong', 'em', 'code', 'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr', 'a']);
const markdownIt = new MarkdownIt({ html: true, linkify: true });
const RENDERERS: Array<[string, (md: string) => string]> = [
  ['marked (GFM)', (md) => marked.parse(md, { async: false, gfm: true })],
  ['markdown-it (html + linkify)', (md) => markdownIt.render(md)],
];

describe('Markdown report', () => {
  const md = renderReportMarkdown(model);

  it('reads as plain text: summary first, numbers and paragraphs, no needless escapes', () => {
    expect(md).toContain('Reviewers: **Colleague and Dilnoza Karimova** · Date: 2024-06-01 · Report prepared by Dilnoza &lt;Karimova&gt;');
    expect(md.indexOf('## Summary')).toBeLessThan(md.indexOf(`## ${corpus[0]!.title}`));
    expect(md).toMatch(/#### Sourced claim #\d+ · ¶ \d+/);
    expect(md).toContain('| # | ¶ | Quote | Category | Severity | Correction | Note | By |');
    expect(md).toMatch(/MQM: 1 minor, 1 major, 1 critical; penalty 31/);
    expect(md).toContain('Confirmed by the ministry.  \nSecond line, with "quotes", commas, and =SUM(A1).');
    expect(md).toContain('### Not placed in any document');
    expect(md).toContain('-1 is the wrong figure; @press disagrees');
    expect(md).toContain('translated from Chinese (machine translation)');
    expect(md).not.toMatch(/\\[(){}~&!.#=+-]/);
    expect(md.split('score = penalty × 1,000 ÷ word count')).toHaveLength(2);
    const plain = renderReportMarkdown(report({ annotations: [{ ...base[0]!, note: 'Prices rose ~300 to ~400 (about 30%) & fell; see {x} #5, 3.5 + 2 = 5.5! a_b snake_case' }] }));
    expect(plain).toContain('Prices rose ~300 to ~400 (about 30%) & fell; see {x} #5, 3.5 + 2 = 5.5! a_b snake_case');
  });

  it('keeps user text inert: HTML escaped, autolinks broken, Markdown syntax escaped', () => {
    expect(md).not.toMatch(/<(img|script|b)\b/i);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('second line \\[link](javascript:alert(1)) \\*bold\\* \\| pipe');
    expect(md).toContain('See `https://example.org/`&lt;img src="x" onerror="alert(2)"&gt; and `www.example.org/`&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(md).not.toMatch(/(?<!\\)\[[^\]]*\]\(javascript/);
    expect(md).toContain('[&lt;b&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/b&gt;](http://example.org/ok)');
  });

  it.each(RENDERERS)('renders in %s to nothing that runs or loads, and links only the sources', (_, render) => {
    for (const m of [md, renderReportMarkdown(report({ annotations: base, reviewed: [] }))]) {
      const hostileNote = m === md;
      const out = render(m);
      const { tags, handlers, hrefs } = renderedTags(out);
      expect([...tags].filter((t) => !SAFE_TAGS.has(t))).toEqual([]);
      expect(handlers).toEqual([]);
      expect(out).not.toMatch(/(href|src)="(javascript|vbscript|data):/i);
      const sourceUrls = new Set(annotations.flatMap((a) => a.sources.map((s) => s.url)));
      expect(hrefs.filter((h) => !sourceUrls.has(h.replace(/&amp;/g, '&')))).toEqual([]);
      expect(out).toContain('<h2>Summary</h2>');
      if (hostileNote) expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;<br');
    }
  });

  it('turns any text into Markdown that renders back to the same text and nothing else, in paragraphs and table cells', () => {
    const specials = [...'\\`*_[]()<>#+-.!|~&;:/@ "\'=aZ09é😀'];
    const line = fc
      .string({ unit: fc.constantFrom(...specials, 'www.', 'http://', 'a@b.io', '&amp;', '&#60;', '1. ', '- ', '~~~'), maxLength: 40 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const decode = (html: string) =>
      html
        .replace(/<br\s*\/?>\n?/g, '\n')
        .replace(/<\/?code>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 3 }), (lines) => {
        const paragraph = escapeMarkdownLines(lines.join('\n'));
        const cell = lines.join(' ');
        for (const [name, render] of RENDERERS) {
          const out = render(`${paragraph}\n`);
          const seen = `${name}: ${JSON.stringify(lines)} -> ${JSON.stringify(paragraph)} -> ${JSON.stringify(out)}`;
          expect([...renderedTags(out).tags].filter((t) => !['p', 'code', 'br'].includes(t)), seen).toEqual([]);
          expect(decode(out.trim().replace(/^<p>|<\/p>$/g, '')), seen).toBe(lines.join('\n'));
          const table = render(`| Note |\n| --- |\n| ${escapeMarkdownInline(cell, { cell: true })} |\n`);
          const td = /<td>([\s\S]*?)<\/td>/.exec(table)?.[1];
          expect([...renderedTags(table).tags].filter((t) => !['table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'].includes(t)), table).toEqual([]);
          expect(decode(td ?? '').trim(), `${name}: ${JSON.stringify(cell)} -> ${table}`).toBe(cell);
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 1000), seed: Number(process.env.PROP_SEED ?? 20241130) },
    );
  });
});

describe('linked claims in the report', () => {
  it('one entry per linked claim listing its appearances across documents; each appearance names the claim and the others', () => {
    const caravanserai = corpus[0]!;
    const at = (doc: CorpusDocument, words: string, id: string, note: string): Annotation => {
      const start = doc.text.indexOf(words);
      return createAnnotation({
        id, docId: doc.id, kind: 'claim', verdict: 'contested', author: 'Ann', now: '2024-05-01T00:00:00.000Z', docHash: doc.hash, note,
        quote: { type: 'TextQuoteSelector', exact: words, prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start, end: start + words.length },
      });
    };
    const shared = { claimId: 'senate', claimWording: 'Kamilov told the Senate on 17 March', status: 'published' as const, sources: [{ url: 'https://senate.example.uz/17', title: 'Senate record', accessed: '', quote: '' }] };
    const a = { ...at(caravanserai, 'Speaking at a session of the Senate on March 17', 'sa', 'Caravanserai.'), ...shared };
    const b = { ...at(PAPER, 'made it very clear at the plenary session of the National Senate', 'sb', 'The Paper.'), ...shared };
    const m = buildReportModel({ documents: corpus, annotations: [a, b], reviewer: 'Ann', reviewed: [], now: '2024-06-01T12:00:00.000Z', mqm: MQM });
    expect(m.linkedClaims).toHaveLength(1);
    const l = m.linkedClaims[0]!;
    expect([l.wording, l.label, l.status]).toEqual(['Kamilov told the Senate on 17 March', 'Contested claim', 'Published']);
    expect(l.appearances.map((x) => [x.docTitle, x.quote, x.note])).toEqual([
      [caravanserai.title, a.quote.exact, 'Caravanserai.'],
      [PAPER.title, b.quote.exact, 'The Paper.'],
    ]);
    const [ca, cb] = [m.documents.flatMap((d) => d.claims).find((c) => c.id === 'sa')!, m.documents.flatMap((d) => d.claims).find((c) => c.id === 'sb')!];
    expect(ca.linked).toEqual({ wording: l.wording, others: [cb.number] });
    expect(cb.linked).toEqual({ wording: l.wording, others: [ca.number] });

    const html = renderReportHtml(m);
    expect(html.match(/<section class="linked-claims">/g)).toHaveLength(1);
    expect(html).toContain(`Contested claim: “Kamilov told the Senate on 17 March” · Published · 2 appearances`);
    expect(html).toContain(`One appearance of the linked claim “Kamilov told the Senate on 17 March”; also`);
    const md = renderReportMarkdown(m);
    expect(md).toContain('## Linked claims');
    expect(md).toContain(`- #${ca.number} ${caravanserai.title}`);
    expect(md).toContain(`- #${cb.number} ${PAPER.title}`);
    expect(md).toContain('Status: Published');
    // An unlinked model has no linked-claims section.
    expect(renderReportHtml(report())).not.toContain('linked-claims');
  });
});
