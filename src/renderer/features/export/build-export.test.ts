// The streamed Claimdesk JSON export (issue 17): its pieces join to exactly the bytes of the one-string
// serialisation, with fields from a newer version, replies and astral characters, above and below the
// size where the full read-back gives way to a sample; and the file re-imports.
import { describe, expect, it } from 'vitest';
import { buildNativeExport, parseImportFile, serializeNative } from '../../../core/formats';
import { createAnnotation, type Annotation } from '../../../core/model';
import { FULL_READBACK_MAX, buildExport, buildExportParts, serializeNativeParts } from './build-export';

const NOW = '2026-01-01T00:00:00.000Z';
const HASH = 'a'.repeat(64);

function many(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => {
    const a = createAnnotation({
      id: `x-${i}`,
      docId: `doc-${i % 7}`,
      kind: 'claim',
      verdict: 'sourced',
      quote: { type: 'TextQuoteSelector', exact: `claim ${i} 𝒜 "quoted"\n`, prefix: 'p', suffix: 's' },
      position: { type: 'TextPositionSelector', start: i, end: i + 9 },
      docHash: HASH,
      author: 'Ана',
      now: NOW,
      note: i % 3 ? '' : 'a note\nwith lines',
    });
    if (i % 500 === 1) return { ...a, extensions: { futureField: { nested: [1, 'two'] } } } as Annotation;
    if (i % 500 === 2) return { ...a, replies: [{ id: `r-${i}`, author: 'B', text: 'reply 😀', createdAt: NOW, updatedAt: NOW }] };
    return a;
  });
}

const docs = Array.from({ length: 7 }, (_, d) => ({ id: `doc-${d}`, file: `doc-${d}.txt`, title: `Doc ${d}`, text: `text ${d}`, hash: HASH, publication: null, author: null, date: null, language: 'en', translation: null }));

describe('streamed Claimdesk JSON', () => {
  it('the pieces join to the same bytes as one JSON.stringify, with extensions, replies and astral characters', () => {
    for (const n of [0, 1, 3, 1200, 4001]) {
      const x = buildNativeExport({ appVersion: 't', now: NOW, documents: docs, annotations: many(n) });
      expect(serializeNativeParts(x).join('')).toBe(serializeNative(x));
    }
  });

  it(`above ${FULL_READBACK_MAX} annotations the export comes in pieces, re-imports, and equals the one-string file`, () => {
    const input = { format: 'native' as const, documents: docs, annotations: many(FULL_READBACK_MAX + 700), now: NOW, appVersion: 't', reviewer: 'r', reviewed: [], mqm: { weights: { minor: 1, major: 5, critical: 25 }, threshold: 10 } };
    const { parts } = buildExportParts(input);
    expect(parts.length).toBeGreaterThan(2);
    const content = buildExport(input).content;
    expect(parts.join('')).toBe(content);
    const back = parseImportFile(content);
    expect(back.ok && back.value.kind === 'native' && back.value.value.annotations.length).toBe(FULL_READBACK_MAX + 700);
    console.log(`export of ${FULL_READBACK_MAX + 700}: ${parts.length} pieces, ${content.length} characters, re-imports whole`);
  });
});
