// Reads a saved web page: metadata from the head, then the sanitized page through Readability, so
// only the article's paragraphs remain. linkedom parses without running or fetching anything.
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { titleWithoutSiteSuffix, type ExtractedDocument } from '../../../../core/documents';
import { paragraphsOf } from './blocks';
import { sanitizeDocument } from './sanitize';

/** Fewer characters than this in the extracted article means the page has no article (a search page, a front page). */
const MIN_ARTICLE_CHARS = 200;

type Doc = ReturnType<typeof parseHTML>['document'];

function meta(doc: Doc, ...keys: string[]): string | null {
  for (const key of keys) {
    const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"], meta[itemprop="${key}"]`);
    const v = el?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

function isoDate(value: string | null): string | null {
  if (!value) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value.trim());
  return m ? [m[1], m[2], m[3]].filter(Boolean).join('-') : null;
}

function safeUrl(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v && /^https?:\/\//i.test(v) ? v : null;
}

export function readHtml(html: string): ExtractedDocument {
  const { document } = parseHTML(html);
  const siteName = meta(document, 'og:site_name', 'application-name', 'publisher', 'dc.publisher');
  const docTitle = document.querySelector('title')?.textContent?.trim() ?? '';
  const h1 = document.querySelector('h1')?.textContent?.trim() ?? '';
  const title = meta(document, 'og:title', 'twitter:title') ?? (docTitle ? titleWithoutSiteSuffix(docTitle, siteName) : '') ?? '';
  const author = meta(document, 'author', 'article:author', 'dc.creator', 'byl') ?? document.querySelector('[rel="author"], .author, [itemprop="author"]')?.textContent?.trim() ?? null;
  const date = isoDate(meta(document, 'article:published_time', 'datePublished', 'date', 'dc.date', 'pubdate') ?? document.querySelector('time[datetime]')?.getAttribute('datetime') ?? null);
  const url = safeUrl(document.querySelector('link[rel="canonical"]')?.getAttribute('href')) ?? safeUrl(meta(document, 'og:url'));
  const language = document.documentElement?.getAttribute('lang')?.trim() || null;

  sanitizeDocument(document);
  const article = new Readability(document as unknown as Document, { serializer: (el: Node) => el as unknown as string }).parse();
  const content = article?.content as unknown as Parameters<typeof paragraphsOf>[0] | undefined;
  const paragraphs = content ? paragraphsOf(content) : [];
  if (paragraphs.join(' ').length < MIN_ARTICLE_CHARS) throw new Error('no article was found in this page (only navigation or too little text)');
  return {
    paragraphs,
    details: {
      title: title || h1 || article?.title || '',
      publication: siteName ?? article?.siteName ?? null,
      author: author || article?.byline || null,
      date: date ?? isoDate(article?.publishedTime ?? null),
      language: language ?? article?.lang ?? undefined,
      url,
    },
  };
}
