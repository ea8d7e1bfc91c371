// The published JSON Schema of Claimdesk JSON (docs/schema/claimdesk-export.schema.json) is generated
// from the zod schema the importer uses. This test fails when the committed file drifts from the code
// (`npm test` runs it as its own step); CLAIMDESK_WRITE_SCHEMA=1 rewrites the file after a deliberate
// change. It also proves every kind of export validates against the committed schema.
import { readFileSync, writeFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { describe as describeRange } from '../anchoring/describe';
import { createAnnotation } from '../model/annotation';
import { collectReviewers } from '../model/reviewer';
import { DEFAULT_MQM_WEIGHTS } from '../model/mqm';
import { astralDocument, loadCorpus, sampleAnnotations, unplacedAnnotation } from './fixtures/sample';
import { buildNativeExport, serializeNative } from './native';
import { generateNativeJsonSchema } from './native-schema';

const schemaPath = new URL('../../../docs/schema/claimdesk-export.schema.json', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(`../../../corpus/${name}`, import.meta.url), 'utf8')), astralDocument()];

describe('Claimdesk JSON Schema', () => {
  const generated = `${JSON.stringify(generateNativeJsonSchema(), null, 2)}\n`;

  it('the committed schema is the one the code generates (no drift)', () => {
    if (process.env.CLAIMDESK_WRITE_SCHEMA === '1') writeFileSync(schemaPath, generated);
    const committed = readFileSync(schemaPath, 'utf8');
    expect(committed, 'docs/schema/claimdesk-export.schema.json differs from the zod schema: run CLAIMDESK_WRITE_SCHEMA=1 npx vitest run src/core/formats/native-schema.test.ts and commit it').toBe(generated);
  });

  it('every export validates against it, and it refuses what the importer refuses', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const doc = astralDocument();
    const comment = createAnnotation({ id: 'c', docId: doc.id, kind: 'comment', ...describeRange(doc.text, { start: 0, end: 5 }), docHash: doc.hash, author: 'A', now: '2024-01-01T00:00:00.000Z' });
    const withThread = { ...comment, id: 't', replies: [{ id: 'r', author: 'B', text: 'yes', createdAt: '2024-01-02T00:00:00.000Z', updatedAt: '2024-01-02T00:00:00.000Z' }], textChanged: { before: 'a', after: 'b', at: '2024-01-03T00:00:00.000Z' }, candidates: ['x'], publishedUrl: 'https://example.org/c' };
    const annotations = [...sampleAnnotations(corpus), unplacedAnnotation(), comment, withThread];
    const files = [
      buildNativeExport({ appVersion: '0.1.0', now: '2024-06-01T12:00:00.000Z', documents: corpus, annotations, reviewers: collectReviewers(annotations), mqm: { weights: DEFAULT_MQM_WEIGHTS, threshold: 10 } }),
      buildNativeExport({ appVersion: '0.1.0', now: '2024-06-01T12:00:00.000Z', documents: [], annotations: [] }),
    ];
    for (const f of files) {
      const ok = validate(JSON.parse(serializeNative(f)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
    const broken = JSON.parse(serializeNative(files[0]!));
    broken.annotations[0].position.start = -1;
    broken.annotations[1].kind = 'rumour';
    broken.documents[0].hash = 'not-a-hash';
    expect(validate(broken)).toBe(false);
    expect(validate({ ...JSON.parse(serializeNative(files[1]!)), version: 2 })).toBe(false);
    console.log(`JSON Schema: ${files[0]!.annotations.length} annotations of every kind valid; drift check passed`);
  });
});
