import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { astralDocument, loadCorpus, sampleAnnotations, unplacedAnnotation } from './fixtures/sample';
import { buildClaimReviews } from './claimreview';

const corpusDir = new URL('../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()];
const annotations = [...sampleAnnotations(corpus), unplacedAnnotation()];

describe('ClaimReview', () => {
  const out = buildClaimReviews({ documents: corpus, annotations, now: '2024-06-01T12:00:00.000Z', publisher: 'Claimdesk Desk' });
  const claims = annotations.filter((a) => a.kind === 'claim');

  it('has one ClaimReview per claim (translation errors out, orphans in)', () => {
    expect(out['@context']).toBe('https://schema.org');
    expect(out['@graph']).toHaveLength(claims.length);
    expect(out['@graph'].some((r) => r.claimReviewed.startsWith('words that were removed'))).toBe(true);
  });

  it('carries the fields schema.org and Google require for every review, correctly typed', () => {
    for (const r of out['@graph']) {
      expect(r['@type']).toBe('ClaimReview');
      expect(typeof r.url).toBe('string');
      expect(r.url).toMatch(/^urn:(uuid|claimdesk:annotation):/);
      expect(typeof r.claimReviewed).toBe('string');
      expect(r.claimReviewed.length).toBeGreaterThan(0);
      expect(r.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.author).toEqual({ '@type': 'Person', name: expect.any(String) });
      expect(r.reviewRating['@type']).toBe('Rating');
      expect(['sourced', 'contested', 'contradicted']).toContain(r.reviewRating.alternateName);
      expect(Number.isInteger(r.reviewRating.ratingValue)).toBe(true);
      expect(r.reviewRating.ratingValue).toBeGreaterThanOrEqual(r.reviewRating.worstRating);
      expect(r.reviewRating.ratingValue).toBeLessThanOrEqual(r.reviewRating.bestRating);
      expect(r.itemReviewed['@type']).toBe('Claim');
      expect(r.publisher).toEqual({ '@type': 'Organization', name: 'Claimdesk Desk' });
    }
    const placed = out['@graph'].filter((r) => r.itemReviewed.appearance);
    expect(placed.length).toBe(claims.length - 1);
    for (const r of placed) {
      expect(r.itemReviewed.appearance!['@type']).toBe('CreativeWork');
      expect(r.itemReviewed.appearance!.headline.length).toBeGreaterThan(0);
      expect(r.itemReviewed.appearance!.identifier).toMatch(/^urn:sha256:[0-9a-f]{64}$/);
    }
    const first = out['@graph'].find((r) => r.reviewRating.alternateName === 'sourced' && r.itemReviewed.author)!;
    expect(first.reviewRating).toMatchObject({ ratingValue: 3, bestRating: 3, worstRating: 1 });
    expect(first.reviewRating.ratingExplanation).toContain('Confirmed by the ministry.');
    console.log(`ClaimReview: ${out['@graph'].length} reviews, required fields present in all`);
  });
});
