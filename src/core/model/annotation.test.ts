import { describe, expect, it } from 'vitest';
import { commentToClaim, createAnnotation, describeKind } from './annotation';
import { collectReviewers, reviewerId } from './reviewer';

const selectors = {
  quote: { type: 'TextQuoteSelector' as const, exact: 'exports rose', prefix: 'said ', suffix: ' in May' },
  position: { type: 'TextPositionSelector' as const, start: 5, end: 17 },
};

describe('comment kind', () => {
  it('a comment has no verdict and no translation data, and reads as "Comment"', () => {
    const c = createAnnotation({ id: 'c', docId: 'd', kind: 'comment', ...selectors, docHash: '', author: 'A', now: '2024-01-01T00:00:00.000Z', note: 'check' });
    expect(c).toMatchObject({ kind: 'comment', verdict: null, translation: null, note: 'check' });
    expect(describeKind(c)).toBe('Comment');
  });

  it('turns into a claim with the chosen verdict, keeping its note, sources and thread', () => {
    const c = { ...createAnnotation({ id: 'c', docId: 'd', kind: 'comment', ...selectors, docHash: '', author: 'A', now: '2024-01-01T00:00:00.000Z', note: 'n' }), replies: [{ id: 'r', author: 'B', text: 't', createdAt: '2024-01-02T00:00:00.000Z', updatedAt: '2024-01-02T00:00:00.000Z' }] };
    const claim = commentToClaim(c, 'contradicted', '2024-02-01T00:00:00.000Z');
    expect(claim).toMatchObject({ kind: 'claim', verdict: 'contradicted', translation: null, note: 'n', updatedAt: '2024-02-01T00:00:00.000Z' });
    expect(claim.replies).toEqual(c.replies);
    expect(describeKind(claim)).toBe('Contradicted claim');
    expect(() => commentToClaim(claim, 'sourced', '2024-02-01T00:00:00.000Z')).toThrow(/not a comment/);
  });
});

describe('reviewers', () => {
  it('have a stable id derived from the name, one per name', () => {
    expect(reviewerId('Dilnoza')).toBe(reviewerId(' Dilnoza '));
    expect(reviewerId('Dilnoza')).not.toBe(reviewerId('Timur'));
    const r = collectReviewers([{ author: 'Dilnoza', replies: [{ author: 'Timur' }] }, { author: 'Dilnoza' }], ['Ann', '']);
    expect(r.map((x) => x.name).sort()).toEqual(['Ann', 'Dilnoza', 'Timur']);
  });
});
