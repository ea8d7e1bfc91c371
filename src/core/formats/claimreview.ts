// schema.org ClaimReview (JSON-LD) for each publishable claim, as Google reads it: the published
// fact-check's http(s) address, the organisation as author and publisher, the claim's appearance,
// the sources as citations. Claims that cannot be published properly are listed, never faked.
import { describeStatus, isPublishable, statusOf, workflowOf, type Annotation, type Verdict } from '../model/annotation';
import { groupClaims } from '../model/claims';
import { annotationIri, isHttpUrl, jsonForScriptElement } from './iri';
import { compareForExport } from './native';
import { plural } from '../model';

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
    /** Where the claim appeared: one work, or every appearance of a linked claim. */
    appearance?: ClaimAppearance | ClaimAppearance[];
  };
  citation?: Array<{ '@type': 'CreativeWork'; name: string; url?: string }>;
}

export interface ClaimAppearance {
  '@type': 'CreativeWork';
  url?: string;
  headline: string;
  identifier: string;
  publisher?: Org;
  /** The words as they appear in that work (linked claims, where each appearance has its own). */
  text?: string;
}

export interface ClaimReviewGraph {
  '@context': 'https://schema.org';
  '@graph': ClaimReview[];
}

export interface ClaimReviewExport {
  document: ClaimReviewGraph;
  /** Claims left out because no published address is known (no base URL in Settings, none of their own). */
  missingUrl: Array<{ id: string; quote: string }>;
  /** Claims left out because their status does not allow publishing (only checked and published ones are). */
  notPublishable: Array<{ id: string; quote: string; status: string }>;
  /** Everything wrong with the organisation settings (an export without them is refused). */
  organisationProblems: string[];
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

/**
 * The published address of a claim's fact check, or null when none is known: an appearance's own, else
 * the base URL followed by the claim's id (a linked claim's shared id, an unlinked one's own id).
 */
export function publishedUrlOf(a: Annotation | readonly Annotation[], org: ClaimReviewOrganisation | null): string | null {
  const appearances: readonly Annotation[] = Array.isArray(a) ? a : [a as Annotation];
  const own = appearances.find((x) => x.publishedUrl && isHttpUrl(x.publishedUrl));
  if (own) return own.publishedUrl!;
  if (!org || !isHttpUrl(org.publishBaseUrl) || appearances.length === 0) return null;
  const base = /[/#=]$/.test(org.publishBaseUrl) ? org.publishBaseUrl : `${org.publishBaseUrl}/`;
  return `${base}${encodeURIComponent(workflowOf(appearances[0]!).claimId || appearances[0]!.id)}`;
}

/** The ClaimReview identifier: the annotation's for an unlinked claim, the claim's for a linked one. */
export function claimIdentifier(appearances: readonly Annotation[]): string {
  const claimId = workflowOf(appearances[0]!).claimId;
  return claimId ? `urn:claimdesk:claim:${encodeURIComponent(claimId)}` : annotationIri(appearances[0]!.id);
}

/**
 * One ClaimReview per publishable claim: a claim whose status is checked or published (translation
 * errors and comments have no verdict and are left out; orphans are kept with the quote they last had).
 * A linked claim is one review listing every appearance; it is publishable only when every appearance
 * is (they share the status; a merge of edits made apart could leave them disagreeing).
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
  const missingUrl: ClaimReviewExport['missingUrl'] = [];
  const notPublishable: ClaimReviewExport['notPublishable'] = [];
  const graph: ClaimReview[] = [];
  for (const group of groupClaims(claims)) {
    const appearances = group.appearances;
    const a = appearances[0]!;
    const wording = workflowOf(a).claimWording.trim();
    const claimReviewed = group.linked && wording ? wording : a.quote.exact;
    const blocked = appearances.find((x) => !isPublishable(x));
    if (blocked) {
      notPublishable.push({ id: group.key, quote: claimReviewed, status: describeStatus(statusOf(blocked)) });
      continue;
    }
    const url = publishedUrlOf(appearances, org);
    if (url === null) {
      missingUrl.push({ id: group.key, quote: claimReviewed });
      continue;
    }
    const verdict = a.verdict as Verdict;
    const author: Array<Org | Person> = [orgNode];
    const reviewerName = input.reviewer?.name.trim() || a.author.trim();
    if (reviewerName) {
      const person: Person = { '@type': 'Person', name: reviewerName };
      if (input.reviewer?.url && isHttpUrl(input.reviewer.url) && reviewerName === input.reviewer.name.trim()) person.url = input.reviewer.url;
      author.push(person);
    }
    const updatedAt = appearances.reduce((m, x) => (x.updatedAt > m ? x.updatedAt : m), a.updatedAt);
    const review: ClaimReview = {
      '@type': 'ClaimReview',
      url,
      identifier: claimIdentifier(appearances),
      claimReviewed,
      datePublished: updatedAt.slice(0, 10),
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
    // Each appearance keeps its own note; the review explains with all of them, each once.
    const notes = [...new Set(appearances.map((x) => x.note).filter((n) => n.trim() !== ''))];
    if (notes.length) review.reviewRating.ratingExplanation = notes.join('\n\n');
    const works = appearances.map((x) => appearanceOf(x, docs.get(x.docId), group.linked)).filter((w): w is ClaimAppearance => w !== null);
    if (works.length) review.itemReviewed.appearance = group.linked ? works : works[0]!;
    const doc = docs.get(a.docId);
    if (doc?.author) review.itemReviewed.author = { '@type': 'Person', name: doc.author };
    if (doc?.date) review.itemReviewed.datePublished = doc.date;
    const seen = new Set<string>();
    const citation = appearances
      .flatMap((x) => x.sources)
      .filter((s) => s.title.trim() !== '' || isHttpUrl(s.url))
      .map((s) => {
        const c: { '@type': 'CreativeWork'; name: string; url?: string } = { '@type': 'CreativeWork', name: s.title.trim() || s.url };
        if (isHttpUrl(s.url)) c.url = s.url;
        else if (!s.title.trim()) c.name = '';
        return c;
      })
      .filter((c) => c.name !== '' || c.url)
      .filter((c) => {
        const key = `${c.name}\u0000${c.url ?? ''}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    if (citation.length) review.citation = citation;
    graph.push(review);
  }
  return { document: { '@context': 'https://schema.org', '@graph': graph }, missingUrl, notPublishable, organisationProblems };
}

/** The work a claim appeared in (its document), with the words as they appear there for a linked claim. */
function appearanceOf(a: Annotation, doc: ClaimReviewDocument | undefined, withText: boolean): ClaimAppearance | null {
  const hash = doc?.hash ?? a.docHash;
  if (!doc && !hash) return null;
  const work: ClaimAppearance = {
    '@type': 'CreativeWork',
    headline: doc?.title ?? '',
    identifier: hash ? `urn:sha256:${hash}` : `urn:claimdesk:document:${encodeURIComponent(a.docId)}`,
  };
  if (doc?.url && isHttpUrl(doc.url)) work.url = doc.url;
  if (doc?.publication) work.publisher = { '@type': 'Organization', name: doc.publication };
  if (withText) work.text = a.quote.exact;
  return work;
}

/** The JSON-LD text, safe to paste inside a page's <script type="application/ld+json"> element. */
export function serializeClaimReviews(graph: ClaimReviewGraph): string {
  return `${jsonForScriptElement(graph)}\n`;
}

/** What the export did, in words a person reads in the result message. */
export function describeClaimReviewExport(x: ClaimReviewExport): string {
  const parts = [`${plural(x.document['@graph'].length, 'ClaimReview')} written`];
  if (x.missingUrl.length) parts.push(`${x.missingUrl.length} claim${x.missingUrl.length === 1 ? '' : 's'} left out: no published URL (set a base URL in Settings or a claim's own URL)`);
  if (x.notPublishable.length) parts.push(`${x.notPublishable.length} claim${x.notPublishable.length === 1 ? '' : 's'} left out: not checked or published yet`);
  return parts.join('; ');
}
