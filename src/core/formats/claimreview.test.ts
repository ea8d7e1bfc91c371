import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../model/annotation';
import { astralDocument, loadCorpus, sampleAnnotations, unplacedAnnotation } from './fixtures/sample';
import { createAnnotation } from '../model/annotation';
import { planLink } from '../model/claims';
import { applyPatch } from '../model/edit';
import { buildClaimReviews, describeClaimReviewExport, serializeClaimReviews, type ClaimAppearance, type ClaimReview, type ClaimReviewOrganisation } from './claimreview';

/** The one work an unlinked claim's review names as its appearance. */
const single = (r: ClaimReview): ClaimAppearance | undefined => r.itemReviewed.appearance as ClaimAppearance | undefined;

const corpusDir = new URL('../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()].map((d, i) =>
  i === 1 ? { ...d, url: 'https://eurasianet.org/example-article' } : d,
);
// Claims marked checked: only checked and published claims are ClaimReviews.
const annotations = [...sampleAnnotations(corpus), unplacedAnnotation()].map((a) => (a.kind === 'claim' ? { ...a, status: 'checked' as const } : a));
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
    const onEurasianet = graph.filter((r) => single(r)?.headline === corpus[1]!.title);
    expect(onEurasianet.length).toBeGreaterThan(0);
    for (const r of onEurasianet) expect(single(r)!.url).toBe('https://eurasianet.org/example-article');
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

  it('exports only checked and published claims; the others, and claims stored before statuses existed, are listed as left out', () => {
    const mixed = claims.map((a, i) => {
      if (i % 3 === 0) return { ...a, status: 'published' as const };
      if (i % 3 === 1) return { ...a, status: 'in-progress' as const };
      const { status: _dropped, ...old } = a; // stored before the workflow: reads as to check
      void _dropped;
      return old;
    });
    const r = buildClaimReviews({ documents: corpus, annotations: mixed, now: NOW, organisation: org });
    expect(r.document['@graph'].map((x) => x.claimReviewed).sort()).toEqual(mixed.filter((_, i) => i % 3 === 0).map((a) => a.quote.exact).sort());
    expect(r.notPublishable.map((x) => x.status).sort()).toEqual(mixed.filter((_, i) => i % 3 !== 0).map((_, j) => (j % 2 === 0 ? 'In progress' : 'To check')).sort());
    expect(describeClaimReviewExport(r)).toContain(`${r.notPublishable.length} claims left out: not checked or published yet`);
  });

  it('a linked claim is one review with every appearance, its wording and shared sources; exported only once checked or published', () => {
    const caravanserai = corpus[0]!;
    const paper = corpus.find((d) => d.id.startsWith('004_'))!;
    const at = (doc: typeof caravanserai, words: string, id: string, note: string) => {
      const start = doc.text.indexOf(words);
      expect(start).toBeGreaterThanOrEqual(0);
      return createAnnotation({
        id, docId: doc.id, kind: 'claim', verdict: 'sourced', author: 'Ann', now: '2024-05-01T00:00:00.000Z', docHash: doc.hash, note,
        quote: { type: 'TextQuoteSelector', exact: words, prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start, end: start + words.length },
      });
    };
    const a = { ...at(caravanserai, 'Speaking at a session of the Senate on March 17', 'senate-a', 'Caravanserai dates it.'), sources: [{ url: 'https://senate.example.uz/2022-03-17', title: 'Senate record', accessed: '', quote: '' }] };
    const b = at(paper, 'made it very clear at the plenary session of the National Senate', 'senate-b', 'The Paper quotes it.');
    const linked = [a, b].map((x) => applyPatch(x, planLink([a, b], a, 'senate-claim', 'Kamilov told the Senate on 17 March that Uzbekistan supports Ukraine').find((p) => p.id === x.id)!, '2024-05-02T00:00:00.000Z'));
    const contested = linked.map((x) => ({ ...x, verdict: 'contested' as const }));
    // To check: not exported, listed once (one claim, not two appearances).
    const draft = buildClaimReviews({ documents: corpus, annotations: contested, now: NOW, organisation: org });
    expect(draft.document['@graph']).toHaveLength(0);
    expect(draft.notPublishable).toEqual([{ id: 'senate-claim', quote: 'Kamilov told the Senate on 17 March that Uzbekistan supports Ukraine', status: 'To check' }]);

    const published = contested.map((x) => ({ ...x, status: 'published' as const }));
    const r = buildClaimReviews({ documents: corpus, annotations: [...published, ...annotations.filter((x) => x.kind !== 'claim')], now: NOW, organisation: org });
    expect(r.document['@graph']).toHaveLength(1);
    const review = r.document['@graph'][0]!;
    expect(review.claimReviewed).toBe('Kamilov told the Senate on 17 March that Uzbekistan supports Ukraine');
    expect(review.identifier).toBe('urn:claimdesk:claim:senate-claim');
    expect(review.url).toBe('https://steppefacts.example.org/checks/senate-claim');
    expect(review.reviewRating.alternateName).toBe('contested');
    expect(review.reviewRating.ratingExplanation).toBe('Caravanserai dates it.\n\nThe Paper quotes it.');
    expect(review.itemReviewed.appearance).toEqual([
      { '@type': 'CreativeWork', headline: caravanserai.title, identifier: `urn:sha256:${caravanserai.hash}`, text: a.quote.exact, ...(caravanserai.publication ? { publisher: { '@type': 'Organization', name: caravanserai.publication } } : {}) },
      { '@type': 'CreativeWork', headline: paper.title, identifier: `urn:sha256:${paper.hash}`, text: b.quote.exact, ...(paper.publication ? { publisher: { '@type': 'Organization', name: paper.publication } } : {}) },
    ]);
    // The shared source is cited once, not once per appearance.
    expect(review.citation).toEqual([{ '@type': 'CreativeWork', name: 'Senate record', url: 'https://senate.example.uz/2022-03-17' }]);
  });

  it('serialises JSON-LD that cannot close the <script> element it is pasted into', () => {
    const evil = { ...claims[0]!, note: '</script><script>alert(1)</script> & \u2028' };
    const text = serializeClaimReviews(buildClaimReviews({ documents: corpus, annotations: [evil], now: NOW, organisation: org }).document);
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)['@graph'][0].reviewRating.ratingExplanation).toBe(evil.note);
  });
});
