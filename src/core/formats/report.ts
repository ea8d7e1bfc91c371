// The review report: a model built from the database, rendered as one self-contained HTML file or Markdown.
import type { Annotation, Source, Verdict } from '../model/annotation';
import { compareByTextOrder } from '../model/annotation';
import { countWords, type TranslationInfo } from '../model/document';
import { describeMqmFormula, scoreMqm, type MqmScore, type MqmWeights } from '../model/mqm';

export interface ReportDocumentInput {
  id: string;
  title: string;
  text: string;
  publication?: string | null;
  author?: string | null;
  date?: string | null;
  translation: TranslationInfo | null;
}

export interface ReportClaim {
  id: string;
  verdict: Verdict;
  verdictLabel: string;
  quote: string;
  /** The sentence(s) holding the quote, split around it. */
  context: { before: string; quote: string; after: string };
  note: string;
  sources: Source[];
  author: string;
}

export interface ReportTranslationError {
  id: string;
  quote: string;
  category: string;
  severity: string;
  correction: string;
  note: string;
}

export interface ReportOrphan {
  id: string;
  label: string;
  quote: string;
  note: string;
}

export interface ReportDocument {
  id: string;
  title: string;
  publication: string | null;
  author: string | null;
  date: string | null;
  translation: TranslationInfo | null;
  wordCount: number;
  counts: { sourced: number; contested: number; contradicted: number; translationErrors: number; orphans: number };
  /** Set for translated documents and for any document with translation errors. */
  mqm: MqmScore | null;
  claims: ReportClaim[];
  translationErrors: ReportTranslationError[];
  orphans: ReportOrphan[];
}

export interface ReportModel {
  title: string;
  reviewer: string;
  generatedAt: string;
  mqm: { weights: MqmWeights; threshold: number; formula: string };
  documents: ReportDocument[];
  /** Annotations whose document is not among the documents reported. */
  unplaced: ReportOrphan[];
}

const VERDICT_LABEL: Record<Verdict, string> = { sourced: 'Sourced', contested: 'Contested', contradicted: 'Contradicted' };
const MAX_CONTEXT = 300;

function orphanEntry(a: Annotation): ReportOrphan {
  const label = a.kind === 'claim' ? `${VERDICT_LABEL[a.verdict ?? 'contested']} claim` : 'Translation error';
  return { id: a.id, label, quote: a.quote.exact, note: a.note };
}

/** The sentence(s) around [start, end) inside its paragraph, trimmed to a readable length. */
export function sentenceAround(text: string, start: number, end: number): { before: string; quote: string; after: string } {
  const paraStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const paraEnd = nl < 0 ? text.length : nl;
  const head = text.slice(paraStart, start);
  let from = paraStart;
  for (const m of head.matchAll(/[.!?。！？…]["'”’)\]]*\s+|[。！？]/g)) from = paraStart + m.index + m[0].length;
  const tail = text.slice(end, paraEnd);
  const m = /[.!?。！？…]["'”’)\]]*(?=\s|$)|[。！？]/.exec(tail);
  const to = m ? end + m.index + m[0].length : paraEnd;
  let before = text.slice(from, start);
  let after = text.slice(end, to);
  if (before.length > MAX_CONTEXT) before = `…${before.slice(before.length - MAX_CONTEXT)}`;
  if (after.length > MAX_CONTEXT) after = `${after.slice(0, MAX_CONTEXT)}…`;
  return { before, quote: text.slice(start, end), after };
}

function claimContext(text: string, a: Annotation): ReportClaim['context'] {
  const { start, end } = a.position;
  if (end <= text.length && text.slice(start, end) === a.quote.exact) return sentenceAround(text, start, end);
  const at = a.quote.exact ? text.indexOf(a.quote.exact) : -1;
  if (at >= 0) return sentenceAround(text, at, at + a.quote.exact.length);
  return { before: '', quote: a.quote.exact, after: '' };
}

export function buildReportModel(input: {
  documents: ReadonlyArray<ReportDocumentInput>;
  annotations: ReadonlyArray<Annotation>;
  reviewer: string;
  now: string;
  mqm: { weights: MqmWeights; threshold: number };
}): ReportModel {
  const docIds = new Set(input.documents.map((d) => d.id));
  const documents = input.documents.map((d): ReportDocument => {
    const own = input.annotations.filter((a) => a.docId === d.id).sort(compareByTextOrder);
    const claims = own.filter((a) => a.kind === 'claim');
    const errors = own.filter((a) => a.kind === 'translation-error');
    const wordCount = countWords(d.text);
    return {
      id: d.id,
      title: d.title,
      publication: d.publication ?? null,
      author: d.author ?? null,
      date: d.date ?? null,
      translation: d.translation,
      wordCount,
      counts: {
        sourced: claims.filter((a) => a.verdict === 'sourced').length,
        contested: claims.filter((a) => a.verdict === 'contested').length,
        contradicted: claims.filter((a) => a.verdict === 'contradicted').length,
        translationErrors: errors.length,
        orphans: own.filter((a) => a.orphan).length,
      },
      mqm: d.translation !== null || errors.length > 0 ? scoreMqm(errors, wordCount, input.mqm.weights, input.mqm.threshold) : null,
      claims: claims
        .filter((a) => !a.orphan)
        .map((a) => {
          const verdict = a.verdict ?? 'contested';
          return {
            id: a.id,
            verdict,
            verdictLabel: VERDICT_LABEL[verdict],
            quote: a.quote.exact,
            context: claimContext(d.text, a),
            note: a.note,
            sources: a.sources.map((s) => ({ ...s })),
            author: a.author,
          };
        }),
      translationErrors: errors
        .filter((a) => !a.orphan)
        .map((a) => ({
          id: a.id,
          quote: a.quote.exact,
          category: a.translation ? (a.translation.subtype ? `${a.translation.dimension} / ${a.translation.subtype}` : a.translation.dimension) : '',
          severity: a.translation?.severity ?? '',
          correction: a.translation?.correction ?? '',
          note: a.note,
        })),
      orphans: own.filter((a) => a.orphan).map(orphanEntry),
    };
  });
  return {
    title: 'Claimdesk review report',
    reviewer: input.reviewer,
    generatedAt: input.now,
    mqm: { ...input.mqm, formula: describeMqmFormula(input.mqm.weights, input.mqm.threshold) },
    documents,
    unplaced: input.annotations.filter((a) => !docIds.has(a.docId)).map(orphanEntry),
  };
}

// ---------------------------------------------------------------- HTML

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlLines(s: string): string {
  return escapeHtml(s).replace(/\r?\n/g, '<br>\n');
}

const HTTP_URL = /^https?:\/\/[^\s"'<>]+$/i;

function describeTranslation(t: TranslationInfo | null): string {
  return t ? `translated from ${t.from}${t.method !== 'unknown' ? ` (${t.method})` : ''}` : '';
}

function sourceHtml(s: Source): string {
  const label = escapeHtml(s.title || s.url || 'untitled source');
  const link = HTTP_URL.test(s.url)
    ? `<a href="${escapeHtml(s.url)}" rel="noopener noreferrer">${label}</a>`
    : `${label}${s.url && s.title ? ` (${escapeHtml(s.url)})` : ''}`;
  const accessed = s.accessed ? `, accessed ${escapeHtml(s.accessed)}` : '';
  const quote = s.quote ? ` — “${htmlLines(s.quote)}”` : '';
  return `<li>${link}${accessed}${quote}</li>`;
}

function mqmSentence(m: MqmScore, wordCount: number, threshold: number): string {
  return (
    `MQM: ${m.counts.minor} minor, ${m.counts.major} major, ${m.counts.critical} critical; penalty ${m.penalty}; ` +
    `${m.perThousandWords.toFixed(1)} points per 1,000 words (${wordCount} words): ` +
    `${m.pass ? 'PASS' : 'FAIL'} (threshold ${threshold}).`
  );
}

function countsSentence(c: ReportDocument['counts']): string {
  return `Claims: ${c.sourced} sourced, ${c.contested} contested, ${c.contradicted} contradicted. Translation errors: ${c.translationErrors}. Orphans: ${c.orphans}.`;
}

const STYLE = `
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: #111; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.2; }
header { border-bottom: 2px solid #111; margin-bottom: 1.5rem; }
.meta, .counts, .formula { color: #333; font-size: 0.9rem; }
.document { margin-top: 2.5rem; }
.claim { border-left: 4px solid #999; padding: 0.25rem 0 0.25rem 0.75rem; margin: 1rem 0; break-inside: avoid; }
.claim.sourced { border-color: #1a7f37; } .claim.contested { border-color: #b58100; } .claim.contradicted { border-color: #c62828; }
.verdict { font-family: system-ui, sans-serif; font-weight: bold; margin: 0; }
blockquote { margin: 0.4rem 0; font-style: italic; }
mark { background: #fff3a3; color: inherit; }
.mqm { font-family: system-ui, sans-serif; padding: 0.4rem 0.6rem; border: 1px solid #ccc; }
.mqm.fail { border-color: #c62828; } .mqm.pass { border-color: #1a7f37; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
a { color: #0b4f9c; }
@page { margin: 18mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .document { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: underline; }
  tr, .claim { break-inside: avoid; page-break-inside: avoid; }
}
`;

export function renderReportHtml(model: ReportModel): string {
  const out: string[] = [];
  out.push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(model.title)}</h1>`,
    `<p>Reviewer: <strong>${escapeHtml(model.reviewer)}</strong> · Date: <time datetime="${escapeHtml(model.generatedAt)}">${escapeHtml(model.generatedAt.slice(0, 10))}</time></p>`,
    `<p class="formula">${escapeHtml(model.mqm.formula)}</p>`,
    '</header>',
  );
  for (const d of model.documents) {
    out.push(`<section class="document" id="doc-${escapeHtml(d.id)}">`, `<h2>${escapeHtml(d.title)}</h2>`);
    const meta = [d.publication, d.author, d.date, describeTranslation(d.translation)].filter((x): x is string => !!x);
    if (meta.length) out.push(`<p class="meta">${meta.map(escapeHtml).join(' · ')}</p>`);
    out.push(`<p class="counts">${escapeHtml(countsSentence(d.counts))}</p>`);
    if (d.mqm) {
      out.push(
        `<p class="mqm ${d.mqm.pass ? 'pass' : 'fail'}">${escapeHtml(mqmSentence(d.mqm, d.wordCount, model.mqm.threshold))}` +
          `<br><span class="formula">${escapeHtml(model.mqm.formula)}</span></p>`,
      );
    }
    if (d.claims.length) {
      out.push('<h3>Claims</h3>');
      for (const c of d.claims) {
        out.push(
          `<article class="claim ${c.verdict}">`,
          `<p class="verdict">${escapeHtml(c.verdictLabel)} claim</p>`,
          `<blockquote>${htmlLines(c.context.before)}<mark>${htmlLines(c.context.quote)}</mark>${htmlLines(c.context.after)}</blockquote>`,
        );
        if (c.note) out.push(`<p class="note">${htmlLines(c.note)}</p>`);
        if (c.sources.length) out.push(`<ul class="sources">${c.sources.map(sourceHtml).join('')}</ul>`);
        if (c.author) out.push(`<p class="meta">Checked by ${escapeHtml(c.author)}</p>`);
        out.push('</article>');
      }
    }
    if (d.translationErrors.length) {
      out.push(
        '<h3>Translation errors</h3>',
        '<table><thead><tr><th>Quote</th><th>Category</th><th>Severity</th><th>Correction</th><th>Note</th></tr></thead><tbody>',
      );
      for (const e of d.translationErrors) {
        out.push(
          `<tr><td>${htmlLines(e.quote)}</td><td>${escapeHtml(e.category)}</td><td>${escapeHtml(e.severity)}</td><td>${htmlLines(e.correction)}</td><td>${htmlLines(e.note)}</td></tr>`,
        );
      }
      out.push('</tbody></table>');
    }
    if (d.orphans.length) out.push(...orphanListHtml('Orphans (no longer found in the text)', d.orphans));
    out.push('</section>');
  }
  if (model.unplaced.length) {
    out.push('<section class="document">', ...orphanListHtml('Not placed in any document', model.unplaced), '</section>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

function orphanListHtml(heading: string, orphans: ReadonlyArray<ReportOrphan>): string[] {
  return [
    `<h3>${escapeHtml(heading)}</h3>`,
    '<ul class="orphans">',
    ...orphans.map(
      (o) => `<li><strong>${escapeHtml(o.label)}</strong>: “${htmlLines(o.quote)}”${o.note ? `<br>\n${htmlLines(o.note)}` : ''}</li>`,
    ),
    '</ul>',
  ];
}

// ---------------------------------------------------------------- Markdown

/** Backslash-escapes what Markdown (CommonMark/GFM) would otherwise read as syntax or HTML. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]<>|~#&!(){}]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+=>]|\d+(?=[.)]))/gm, (_, sp: string, c: string) => `${sp}${/^\d/.test(c) ? `${c}\\` : `\\${c}`}`);
}

function mdLines(s: string): string {
  return escapeMarkdown(s).replace(/\r?\n/g, '  \n');
}

function mdCell(s: string): string {
  return escapeMarkdown(s).replace(/\r?\n/g, ' ');
}

function sourceMarkdown(s: Source): string {
  const label = mdCell(s.title || s.url || 'untitled source');
  const link = HTTP_URL.test(s.url) && !/[()\s]/.test(s.url) ? `[${label}](${s.url})` : `${label}${s.url && s.title ? ` (${mdCell(s.url)})` : ''}`;
  const accessed = s.accessed ? `, accessed ${mdCell(s.accessed)}` : '';
  const quote = s.quote ? ` — “${mdCell(s.quote)}”` : '';
  return `- ${link}${accessed}${quote}`;
}

export function renderReportMarkdown(model: ReportModel): string {
  const out: string[] = [];
  out.push(`# ${mdCell(model.title)}`, '', `Reviewer: **${mdCell(model.reviewer)}** · Date: ${mdCell(model.generatedAt.slice(0, 10))}`, '', mdCell(model.mqm.formula), '');
  for (const d of model.documents) {
    out.push(`## ${mdCell(d.title)}`, '');
    const meta = [d.publication, d.author, d.date, describeTranslation(d.translation)].filter((x): x is string => !!x);
    if (meta.length) out.push(meta.map(mdCell).join(' · '), '');
    out.push(mdCell(countsSentence(d.counts)), '');
    if (d.mqm) out.push(mdCell(mqmSentence(d.mqm, d.wordCount, model.mqm.threshold)), '', `_${mdCell(model.mqm.formula)}_`, '');
    if (d.claims.length) {
      out.push('### Claims', '');
      for (const c of d.claims) {
        out.push(`#### ${c.verdictLabel} claim`, '');
        out.push(`> ${mdCell(c.context.before)}**${mdCell(c.context.quote)}**${mdCell(c.context.after)}`, '');
        if (c.note) out.push(mdLines(c.note), '');
        if (c.sources.length) out.push(...c.sources.map(sourceMarkdown), '');
        if (c.author) out.push(`Checked by ${mdCell(c.author)}`, '');
      }
    }
    if (d.translationErrors.length) {
      out.push('### Translation errors', '', '| Quote | Category | Severity | Correction | Note |', '| --- | --- | --- | --- | --- |');
      for (const e of d.translationErrors) {
        out.push(`| ${[e.quote, e.category, e.severity, e.correction, e.note].map(mdCell).join(' | ')} |`);
      }
      out.push('');
    }
    if (d.orphans.length) out.push(...orphanListMarkdown('Orphans (no longer found in the text)', d.orphans));
  }
  if (model.unplaced.length) out.push(...orphanListMarkdown('Not placed in any document', model.unplaced));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function orphanListMarkdown(heading: string, orphans: ReadonlyArray<ReportOrphan>): string[] {
  return [
    `### ${heading}`,
    '',
    ...orphans.map((o) => `- **${mdCell(o.label)}**: “${mdCell(o.quote)}”${o.note ? ` — ${mdCell(o.note)}` : ''}`),
    '',
  ];
}
