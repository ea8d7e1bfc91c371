// Exports say where each document's text came from: Claimdesk JSON carries `textOrigin` and reads it back
// exactly; a malformed one in a file is refused; the review report names it beside the details.
import { describe, expect, it } from 'vitest';
import { describe as describeSelectors } from '../anchoring/describe';
import { createAnnotation } from '../model/annotation';
import type { CorpusDocument } from '../model/document';
import { sha256Hex } from '../model/hash';
import { DEFAULT_MQM_THRESHOLD, DEFAULT_MQM_WEIGHTS } from '../model/mqm';
import { buildNativeExport, parseNative, serializeNative, verifyNativeExport } from './native';
import { buildReportModel, renderReportHtml, renderReportMarkdown } from './report';
import { describeTextOrigin, textOriginOf, type TextOrigin } from './text-origin';

const TEXT = 'Lakes report 2026\nThe northern lakes froze two weeks later than the ten-year average.';
const ORIGIN: TextOrigin = {
  file: 'lakes-report.pdf',
  type: 'application/pdf',
  size: 12_634,
  sha256: sha256Hex('the pdf bytes'),
  reader: 'pdf.js text layer (pdf)',
  encoding: null,
  importedAt: '2026-11-30T12:00:00.000Z',
};
const DOC: CorpusDocument & { textOrigin: TextOrigin } = { id: 'doc-0123456789abcdef', file: 'lakes-report.pdf', title: 'Lakes report 2026', text: TEXT, hash: sha256Hex(TEXT), publication: 'Lake Review', author: null, date: null, language: 'en', translation: null, textOrigin: ORIGIN };
const NOW = '2026-11-30T13:00:00.000Z';

function claim() {
  return createAnnotation({ id: 'a1', docId: DOC.id, kind: 'claim', verdict: 'sourced', ...describeSelectors(TEXT, { start: 18, end: 40 }), docHash: DOC.hash, author: 'R', now: NOW });
}

describe('text origin in exports', () => {
  it('Claimdesk JSON carries it per document and reads it back exactly (import(export(x)) = x)', () => {
    const x = buildNativeExport({ appVersion: 'test', now: NOW, documents: [DOC], annotations: [claim()] });
    expect(x.documents[0]!.textOrigin).toEqual(ORIGIN);
    const text = serializeNative(x);
    const back = parseNative(text);
    expect(back.ok && back.value.documents[0]!.textOrigin).toEqual(ORIGIN);
    expect(back.ok && back.value.documents[0]!.extensions).toBeUndefined();
    expect(back.ok && serializeNative(back.value)).toBe(text);
    expect(verifyNativeExport(x).ok).toBe(true);
  });

  it('a file whose textOrigin is malformed is refused with the field named', () => {
    const x = buildNativeExport({ appVersion: 'test', now: NOW, documents: [DOC], annotations: [claim()] });
    const bad = JSON.parse(serializeNative(x));
    bad.documents[0].textOrigin.sha256 = 'not a hash';
    const back = parseNative(JSON.stringify(bad));
    expect(back.ok).toBe(false);
    expect(!back.ok && back.error).toContain('textOrigin');
  });

  it('a stored origin becomes the export field; one the schema would refuse is left out rather than failing the export', () => {
    const stored = { name: 'a.txt', type: 'text/plain', size: 10, sha256: sha256Hex('a'), method: 'decoded text (plain text)', encoding: 'gb18030', importedAt: NOW };
    expect(textOriginOf(stored)).toEqual({ file: 'a.txt', type: 'text/plain', size: 10, sha256: sha256Hex('a'), reader: 'decoded text (plain text)', encoding: 'gb18030', importedAt: NOW });
    expect(textOriginOf({ ...stored, sha256: 'doc-bench' })).toBeUndefined();
    expect(textOriginOf(null)).toBeUndefined();
  });

  it('the review report names it beside the document details', () => {
    const model = buildReportModel({ documents: [DOC], annotations: [claim()], reviewer: 'R', reviewed: [], now: NOW, mqm: { weights: { ...DEFAULT_MQM_WEIGHTS }, threshold: DEFAULT_MQM_THRESHOLD } });
    const line = describeTextOrigin(ORIGIN);
    expect(line).toBe('Text from lakes-report.pdf (application/pdf, 12.3 KB) by pdf.js text layer (pdf), imported 2026-11-30');
    expect(renderReportMarkdown(model)).toContain(line);
    expect(renderReportHtml(model)).toContain(line);
  });
});
