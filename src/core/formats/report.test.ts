import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../model/annotation';
import { DEFAULT_MQM_THRESHOLD, DEFAULT_MQM_WEIGHTS } from '../model/mqm';
import { astralDocument, loadCorpus, sampleAnnotations, unplacedAnnotation } from './fixtures/sample';
import { buildReportModel, renderReportHtml, renderReportMarkdown, sentenceAround } from './report';

const corpusDir = new URL('../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()];
const XSS = '<img src=x onerror=alert(1)>';
const base = sampleAnnotations(corpus);
const hostile: Annotation = {
  ...base.find((a) => a.id === 'a1-sourced')!,
  id: 'hostile',
  note: `${XSS}\nsecond line [link](javascript:alert(1)) *bold* | pipe`,
  sources: [
    { url: 'https://example.org/a"b', title: 'quote in url', accessed: '', quote: '' },
    { url: 'javascript:alert(1)', title: 'js', accessed: '', quote: '' },
    { url: 'http://example.org/ok', title: `<b>${XSS}</b>`, accessed: '2024-01-01', quote: 'said </blockquote>' },
  ],
};
const annotations = [...base, hostile, unplacedAnnotation()];
const model = buildReportModel({
  documents: corpus,
  annotations,
  reviewer: 'Dilnoza <Karimova>',
  now: '2024-06-01T12:00:00.000Z',
  mqm: { weights: { ...DEFAULT_MQM_WEIGHTS }, threshold: DEFAULT_MQM_THRESHOLD },
});

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
    const d4 = model.documents.find((d) => d.id === '004_6426d44e76528891')!;
    expect(d4.mqm).not.toBeNull();
    expect(d4.mqm!.counts).toEqual({ minor: 1, major: 1, critical: 1 });
    expect(d4.mqm!.penalty).toBe(31);
    expect(d4.counts).toMatchObject({ sourced: 1, contested: 2, contradicted: 1, translationErrors: 3, orphans: 1 });
    expect(model.documents.find((d) => d.id === '001_cdd2637b0fb9ae17')!.counts.sourced).toBe(2);
    expect(model.unplaced).toHaveLength(1);
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
    expect(html).toContain('@media print');
    expect(html).toContain('break-before: page');
  });

  it('escapes user text and links only http(s) URLs', () => {
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>');
    expect(html).not.toContain(XSS);
    expect(html).toContain('Reviewer: <strong>Dilnoza &lt;Karimova&gt;</strong>');
    expect(html).toContain('<a href="http://example.org/ok" rel="noopener noreferrer">&lt;b&gt;');
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain('js (javascript:alert(1))');
    expect(html).not.toContain('href="https://example.org/a"b"');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.every((h) => /^https?:\/\//.test(h))).toBe(true);
  });

  it('shows each claim with its sentence, the quote marked, the verdict in words, and the note with line breaks', () => {
    const a = base.find((x) => x.id === 'a1-sourced')!;
    const { before, after } = model.documents[1]!.claims.find((c) => c.id === 'a1-sourced')!.context;
    expect(html).toContain(`${before}<mark>${a.quote.exact}</mark>${after}`.replace(/’/g, '’'));
    expect(html).toContain('<p class="verdict">Sourced claim</p>');
    expect(html).toContain('<p class="verdict">Contradicted claim</p>');
    expect(html).toContain('Confirmed by the ministry.<br>\nSecond line');
    expect(html).toContain('<th>Quote</th><th>Category</th><th>Severity</th><th>Correction</th><th>Note</th>');
    expect(html).toContain('<td>accuracy / mistranslation</td><td>major</td><td>a better wording</td>');
    expect(html).toContain('words that were removed 😀 from 000_bcac1e10f295c14d');
    expect(html).toMatch(/MQM: 1 minor, 1 major, 1 critical; penalty 31; [\d.]+ points per 1,000 words \(\d+ words\): (PASS|FAIL) \(threshold 10\)\./);
    expect(html).toContain('score = penalty × 1,000 ÷ word count');
    console.log(`Report HTML: ${model.documents.length} documents, ${html.length} characters, 0 scripts, 0 external resources`);
  });
});

describe('Markdown report', () => {
  const md = renderReportMarkdown(model);
  it('has the same content with Markdown specials escaped', () => {
    expect(md).not.toMatch(/(?<!\\)<(img|script)/i);
    expect(md).toContain('\\<img src=x onerror=alert\\(1\\)\\>');
    expect(md).toContain('\\[link\\]\\(javascript:alert\\(1\\)\\) \\*bold\\* \\| pipe');
    expect(md).not.toContain('](javascript');
    expect(md).toContain('[\\<b\\>');
    expect(md).toContain('#### Sourced claim');
    expect(md).toContain('| Quote | Category | Severity | Correction | Note |');
    expect(md).toContain('Reviewer: **Dilnoza \\<Karimova\\>**');
    expect(md).toMatch(/MQM: 1 minor, 1 major, 1 critical; penalty 31/);
    expect(md).toContain('Confirmed by the ministry.  \nSecond line');
    expect(md).toContain('### Not placed in any document');
  });
});
