// schema.org ClaimReview (JSON-LD) for each publishable claim, as Google reads it: the published
// fact-check's http(s) address, the organisation as author and publisher, the claim's appearance,
// the sources as citations. Claims that cannot be published properly are listed, never faked.
import type { Annotation, Verdict } from '../model/annotation';
import { annotationIri, isHttpUrl, jsonForScriptElement } from './iri';
import { compareForExport } from './native';

export interface ClaimReviewDocument {
  id: string;
  title: string;
  hash: string;
  author?: string | null;
  publication?: string | null;
  date?: string | null;
  /** Where the document was published (http or https). */
  url?: string | null;
}

/** The fact-checking organisation, from Settings. */
export interface ClaimReviewOrganisation {
  name: string;
  /** Its home page (http or https). */
  url: string;
  /** Its logo (http or https), or ''. */
  logo: string;
  /** Where checks are published: a claim's page is this address followed by its id, unless the claim has its own. */
  publishBaseUrl: string;
}

/** 1 = worst, 3 = best: a contradicted claim rates lowest. */
export const VERDICT_RATING: Record<Verdict, 1 | 2 | 3> = { contradicted: 1, contested: 2, sourced: 3 };

/** Statuses (from the claims workflow) under which a claim may be published. */
export const PUBLISHABLE_STATUSES = ['checked', 'published'] as const;

type Org = { '@type': 'Organization'; name: string; url?: string; logo?: { '@type': 'ImageObject'; url: string } };
type Person = { '@type': 'Person'; name: string; url?: string };

export interface ClaimReview {
  '@type': 'ClaimReview';
  url: string;
  identifier: string;
  claimReviewed: string;
  datePublished: string;
  sdDatePublished: string;
  author: Array<Org | Person>;
  publisher: Org;
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
    author?: Person;
    datePublished?: string;
    appearance?: {
      '@type': 'CreativeWork';
      url?: string;
      headline: string;
      identifier: string;
      publisher?: Org;
    };
  };
  citation?: Array<{ '@type': 'CreativeWork'; name: string; url?: string }>;
}

export interface ClaimReviewGraph {
  '@context': 'https://schema.org';
  '@graph': ClaimReview[];
}

export interface ClaimReviewExport {
  document: ClaimReviewGraph;
  /** Claims left out because no published address is known (no base URL in Settings, none of their own). */
  missingUrl: Array<{ id: string; quote: string }>;
  /** Claims left out because their status does not allow publishing. */
  notPublishable: Array<{ id: string; quote: string; status: string }>;
  /** False when annotations carry no status at all: every claim was treated as publishable. */
  statusKnown: boolean;
  /** Everything wrong with the organisation settings (an export without them is refused). */
  organisationProblems: string[];
}

function statusOf(a: Annotation): string | undefined {
  const s = (a as unknown as { status?: unknown }).status;
  return typeof s === 'string' ? s : undefined;
}

export function describeOrganisationProblems(org: ClaimReviewOrganisation | null): string[] {
  if (!org) return ['no organisation in Settings'];
  const problems: string[] = [];
  if (org.name.trim() === '') problems.push('the organisation has no name');
  if (!isHttpUrl(org.url)) problems.push('the organisation address is not an http(s) URL');
  if (org.logo !== '' && !isHttpUrl(org.logo)) problems.push('the logo address is not an http(s) URL');
  if (org.publishBaseUrl !== '' && !isHttpUrl(org.publishBaseUrl)) problems.push('the base URL for published checks is not an http(s) URL');
  return problems;
}

/** The published address of a claim's fact check, or null when none is known. */
export function publishedUrlOf(a: Annotation, org: ClaimReviewOrganisation | null): string | null {
  if (a.publishedUrl && isHttpUrl(a.publishedUrl)) return a.publishedUrl;
  if (!org || !isHttpUrl(org.publishBaseUrl)) return null;
  const base = /[/#=]$/.test(org.publishBaseUrl) ? org.publishBaseUrl : `${org.publishBaseUrl}/`;
  return `${base}${encodeURIComponent(a.id)}`;
}

/**
 * One ClaimReview per publishable claim (translation errors and comments have no verdict and are left
 * out; orphans are kept with the quote they last had).
 */
export function buildClaimReviews(input: {
  documents: ReadonlyArray<ClaimReviewDocument>;
  annotations: ReadonlyArray<Annotation>;
  now: string;
  organisation: ClaimReviewOrganisation | null;
  /** The reviewer named in Settings, written as a Person beside the organisation. */
  reviewer?: { name: string; url?: string };
}): ClaimReviewExport {
  const docs = new Map(input.documents.map((d) => [d.id, d]));
  const org = input.organisation;
  const organisationProblems = describeOrganisationProblems(org);
  const orgNode: Org = { '@type': 'Organization', name: org?.name ?? '' };
  if (org && isHttpUrl(org.url)) orgNode.url = org.url;
  if (org && isHttpUrl(org.logo)) orgNode.logo = { '@type': 'ImageObject', url: org.logo };
  const claims = [...input.annotations].filter((a) => a.kind === 'claim' && a.verdict !== null).sort(compareForExport);
  const statusKnown = input.annotations.some((a) => statusOf(a) !== undefined);
  const missingUrl: ClaimReviewExport['missingUrl'] = [];
  const notPublishable: ClaimReviewExport['notPublishable'] = [];
  const graph: ClaimReview[] = [];
  for (const a of claims) {
    const status = statusOf(a);
    if (statusKnown && !(PUBLISHABLE_STATUSES as readonly string[]).includes(status ?? '')) {
      notPublishable.push({ id: a.id, quote: a.quote.exact, status: status ?? '(none)' });
      continue;
    }
    const url = publishedUrlOf(a, org);
    if (url === null) {
      missingUrl.push({ id: a.id, quote: a.quote.exact });
      continue;
    }
    const verdict = a.verdict as Verdict;
    const doc = docs.get(a.docId);
    const author: Array<Org | Person> = [orgNode];
    const reviewerName = input.reviewer?.name.trim() || a.author.trim();
    if (reviewerName) {
      const person: Person = { '@type': 'Person', name: reviewerName };
      if (input.reviewer?.url && isHttpUrl(input.reviewer.url) && reviewerName === input.reviewer.name.trim()) person.url = input.reviewer.url;
      author.push(person);
    }
    const review: ClaimReview = {
      '@type': 'ClaimReview',
      url,
      identifier: annotationIri(a.id),
      claimReviewed: a.quote.exact,
      datePublished: a.updatedAt.slice(0, 10),
      sdDatePublished: input.now.slice(0, 10),
      author,
      publisher: orgNode,
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
    const hash = doc?.hash ?? a.docHash;
    if (doc || hash) {
      const appearance: NonNullable<ClaimReview['itemReviewed']['appearance']> = {
        '@type': 'CreativeWork',
        headline: doc?.title ?? '',
        identifier: hash ? `urn:sha256:${hash}` : `urn:claimdesk:document:${encodeURIComponent(a.docId)}`,
      };
      if (doc?.url && isHttpUrl(doc.url)) appearance.url = doc.url;
      if (doc?.publication) appearance.publisher = { '@type': 'Organization', name: doc.publication };
      review.itemReviewed.appearance = appearance;
    }
    if (doc?.author) review.itemReviewed.author = { '@type': 'Person', name: doc.author };
    if (doc?.date) review.itemReviewed.datePublished = doc.date;
    const citation = a.sources
      .filter((s) => s.title.trim() !== '' || isHttpUrl(s.url))
      .map((s) => {
        const c: { '@type': 'CreativeWork'; name: string; url?: string } = { '@type': 'CreativeWork', name: s.title.trim() || s.url };
        if (isHttpUrl(s.url)) c.url = s.url;
        else if (!s.title.trim()) c.name = '';
        return c;
      })
      .filter((c) => c.name !== '' || c.url);
    if (citation.length) review.citation = citation;
    graph.push(review);
  }
  return { document: { '@context': 'https://schema.org', '@graph': graph }, missingUrl, notPublishable, statusKnown, organisationProblems };
}

/** The JSON-LD text, safe to paste inside a page's <script type="application/ld+json"> element. */
export function serializeClaimReviews(graph: ClaimReviewGraph): string {
  return `${jsonForScriptElement(graph)}\n`;
}

/** What the export did, in words a person reads in the result message. */
export function describeClaimReviewExport(x: ClaimReviewExport): string {
  const parts = [`${x.document['@graph'].length} ClaimReview${x.document['@graph'].length === 1 ? '' : 's'} written`];
  if (x.missingUrl.length) parts.push(`${x.missingUrl.length} claim${x.missingUrl.length === 1 ? '' : 's'} left out: no published URL (set a base URL in Settings or a claim's own URL)`);
  if (x.notPublishable.length) parts.push(`${x.notPublishable.length} left out: status not checked or published`);
  if (!x.statusKnown) parts.push('claims carry no status yet, so every claim was treated as publishable');
  return parts.join('; ');
}
