// schema.org ClaimReview (JSON-LD) for every claim, as fact-checking publishers and search engines read it.
import type { Annotation, Verdict } from '../model/annotation';
import { compareForExport } from './native';
import { annotationIri } from './w3c';

export interface ClaimReviewDocument {
  id: string;
  title: string;
  hash: string;
  author?: string | null;
  publication?: string | null;
  date?: string | null;
}

/** 1 = worst, 3 = best: a contradicted claim rates lowest. */
export const VERDICT_RATING: Record<Verdict, 1 | 2 | 3> = { contradicted: 1, contested: 2, sourced: 3 };

export interface ClaimReview {
  '@type': 'ClaimReview';
  url: string;
  identifier: string;
  claimReviewed: string;
  datePublished: string;
  author: { '@type': 'Person'; name: string };
  publisher?: { '@type': 'Organization'; name: string };
  reviewRating: {
    '@type': 'Rating';
    ratingValue: number;
    bestRating: 3;
    worstRating: 1;
    alternateName: Verdict;
    ratingExplanation?: string;
  };
  itemReviewed: {
    '@type': 'Claim';
    author?: { '@type': 'Person'; name: string };
    datePublished?: string;
    appearance?: {
      '@type': 'CreativeWork';
      headline: string;
      identifier: string;
      publisher?: { '@type': 'Organization'; name: string };
    };
  };
}

export interface ClaimReviewGraph {
  '@context': 'https://schema.org';
  '@graph': ClaimReview[];
  sdDatePublished: string;
}

/**
 * One ClaimReview per claim (translation errors have no verdict and are left out; orphans are kept
 * with the quote they last had). `url` is the annotation's stable IRI, the same one the W3C export uses.
 */
export function buildClaimReviews(input: {
  documents: ReadonlyArray<ClaimReviewDocument>;
  annotations: ReadonlyArray<Annotation>;
  now: string;
  publisher?: string;
}): ClaimReviewGraph {
  const docs = new Map(input.documents.map((d) => [d.id, d]));
  const graph = [...input.annotations]
    .filter((a) => a.kind === 'claim' && a.verdict !== null)
    .sort(compareForExport)
    .map((a): ClaimReview => {
      const verdict = a.verdict as Verdict;
      const doc = docs.get(a.docId);
      const iri = annotationIri(a.id);
      const review: ClaimReview = {
        '@type': 'ClaimReview',
        url: iri,
        identifier: iri,
        claimReviewed: a.quote.exact,
        datePublished: a.updatedAt.slice(0, 10),
        author: { '@type': 'Person', name: a.author },
        reviewRating: {
          '@type': 'Rating',
          ratingValue: VERDICT_RATING[verdict],
          bestRating: 3,
          worstRating: 1,
          alternateName: verdict,
        },
        itemReviewed: { '@type': 'Claim' },
      };
      if (a.note) review.reviewRating.ratingExplanation = a.note;
      if (input.publisher) review.publisher = { '@type': 'Organization', name: input.publisher };
      const hash = doc?.hash ?? a.docHash;
      if (doc || hash) {
        review.itemReviewed.appearance = {
          '@type': 'CreativeWork',
          headline: doc?.title ?? '',
          identifier: hash ? `urn:sha256:${hash}` : `urn:claimdesk:document:${encodeURIComponent(a.docId)}`,
        };
        if (doc?.publication) review.itemReviewed.appearance.publisher = { '@type': 'Organization', name: doc.publication };
      }
      if (doc?.author) review.itemReviewed.author = { '@type': 'Person', name: doc.author };
      if (doc?.date) review.itemReviewed.datePublished = doc.date;
      return review;
    });
  return { '@context': 'https://schema.org', '@graph': graph, sdDatePublished: input.now };
}
