// Test data for the storage tests: a claim with a given id in a given document, nothing else that
// matters (quote, position and hash are placeholders), plus any fields a test sets.
import { createAnnotation, type Annotation } from '../../core/model';

export const TEST_NOW = '2026-01-01T00:00:00.000Z';

export function testClaim(id: string, docId: string, extra: Partial<Annotation> = {}): Annotation {
  return {
    ...createAnnotation({
      id,
      docId,
      kind: 'claim',
      verdict: 'contested',
      quote: { type: 'TextQuoteSelector', exact: `quote ${id}`, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 0, end: 10 },
      docHash: 'a'.repeat(64),
      author: 't',
      now: TEST_NOW,
    }),
    ...extra,
  };
}
