import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../model/annotation';
import { astralDocument, loadCorpus, sampleAnnotations, unplacedAnnotation } from './fixtures/sample';
import { buildClaimReviews, describeClaimReviewExport, serializeClaimReviews, type ClaimReviewOrganisation } from './claimreview';

const corpusDir = new URL('../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()].map((d, i) =>
  i === 1 ? { ...d, url: 'https://eurasianet.org/example-article' } : d,
);
const annotations = [...sampleAnnotations(corpus), unplacedAnnotation()];
const NOW = '2024-06-01T12:00:00.000Z';
const org: ClaimReviewOrganisation = {
  name: 'Steppe Facts',
  url: 'https://steppefacts.example.org/',
  logo: 'https://steppefacts.example.org/logo.png',
  publishBaseUrl: 'https://steppefacts.example.org/checks/',
};

describe('ClaimReview', () => {
  const out = buildClaimReviews({ documents: corpus, annotations, now: NOW, organisation: org, reviewer: { name: 'Ann Reviewer', url: 'https://steppefacts.example.org/ann' } });
  const graph = out.document['@graph'];
  const claims = annotations.filter((a) => a.kind === 'claim');

  it('has one ClaimReview per claim (translation errors and comments out, orphans in)', () => {
    const comment: Annotation = { ...claims[0]!, id: 'a-comment', kind: 'comment', verdict: null };
    const withComment = buildClaimReviews({ documents: corpus, annotations: [...annotations, comment], now: NOW, organisation: org });
    expect(withComment.document['@graph']).toHaveLength(claims.length);
    expect(graph).toHaveLength(claims.length);
    expect(graph.some((r) => r.claimReviewed.startsWith('words that were removed'))).toBe(true);
  });

  it('carries what Google reads: an http(s) url, the organisation as author and publisher, the reviewer as a Person, sdDatePublished on each review', () => {
    for (const r of graph) {
      expect(r.url).toMatch(/^https:\/\/steppefacts\.example\.org\/checks\/\S+$/);
      expect(r.author[0]).toEqual({ '@type': 'Organization', name: 'Steppe Facts', url: org.url, logo: { '@type': 'ImageObject', url: org.logo } });
      expect(r.author[1]).toEqual({ '@type': 'Person', name: 'Ann Reviewer', url: 'https://steppefacts.example.org/ann' });
      expect(r.publisher).toEqual(r.author[0]);
      expect(r.sdDatePublished).toBe('2024-06-01');
      expect(r.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.reviewRating.ratingValue).toBeGreaterThanOrEqual(1);
      expect(r.itemReviewed['@type']).toBe('Claim');
    }
    expect(out.document).not.toHaveProperty('sdDatePublished');
    const onEurasianet = graph.filter((r) => r.itemReviewed.appearance?.headline === corpus[1]!.title);
    expect(onEurasianet.length).toBeGreaterThan(0);
    for (const r of onEurasianet) expect(r.itemReviewed.appearance!.url).toBe('https://eurasianet.org/example-article');
    const first = graph.find((r) => r.reviewRating.alternateName === 'sourced' && r.itemReviewed.author)!;
    expect(first.reviewRating.ratingExplanation).toContain('Confirmed by the ministry.');
    // Sources backing the verdict are citations; a javascript: link never becomes a url.
    expect(first.citation).toContainEqual({ '@type': 'CreativeWork', name: 'Ministry report', url: 'https://example.org/report?id=1&x=2' });
    expect(JSON.stringify(out.document)).not.toMatch(/"url":\s*"\s*(javascript|vbscript|data):/i);
    console.log(`ClaimReview: ${graph.length} reviews; ${describeClaimReviewExport(out)}`);
  });

  it('lists the claims that lack a published URL instead of writing a fake one', () => {
    const noBase = buildClaimReviews({ documents: corpus, annotations, now: NOW, organisation: { ...org, publishBaseUrl: '' } });
    expect(noBase.document['@graph']).toHaveLength(0);
    expect(noBase.missingUrl).toHaveLength(claims.length);
    const own = { ...claims[0]!, publishedUrl: 'https://steppefacts.example.org/2024/05/oil' };
    const one = buildClaimReviews({ documents: corpus, annotations: [own, ...claims.slice(1)], now: NOW, organisation: { ...org, publishBaseUrl: '' } });
    expect(one.document['@graph'].map((r) => r.url)).toEqual(['https://steppefacts.example.org/2024/05/oil']);
    expect(one.missingUrl).toHaveLength(claims.length - 1);
    const bad = buildClaimReviews({ documents: corpus, annotations: [{ ...own, publishedUrl: 'javascript:alert(1)' }], now: NOW, organisation: { ...org, publishBaseUrl: 'javascript:alert(1)' } });
    expect(bad.document['@graph']).toHaveLength(0);
    expect(bad.organisationProblems).toContain('the base URL for published checks is not an http(s) URL');
  });

  it('exports only publishable claims when claims carry a status, and says so when they do not', () => {
    expect(out.statusKnown).toBe(false);
    expect(describeClaimReviewExport(out)).toContain('treated as publishable');
    const withStatus = claims.map((a, i) => ({ ...a, status: i % 2 ? ('checked' as const) : ('in-progress' as const) }));
    const r = buildClaimReviews({ documents: corpus, annotations: withStatus, now: NOW, organisation: org });
    expect(r.statusKnown).toBe(true);
    expect(r.document['@graph']).toHaveLength(withStatus.filter((a) => a.status === 'checked').length);
    expect(r.notPublishable.map((x) => x.status)).toEqual(withStatus.filter((a) => a.status === 'in-progress').map(() => 'in-progress'));
  });

  it('serialises JSON-LD that cannot close the <script> element it is pasted into', () => {
    const evil = { ...claims[0]!, note: '</script><script>alert(1)</script> & \u2028' };
    const text = serializeClaimReviews(buildClaimReviews({ documents: corpus, annotations: [evil], now: NOW, organisation: org }).document);
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)['@graph'][0].reviewRating.ratingExplanation).toBe(evil.note);
  });
});
