// Text normalisation shared by every document reader: line endings, paragraph whitespace, soft hyphens.

/** CRLF and lone CR become LF, as the reader and the anchors expect one '\n' between paragraphs. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// Zero-width and soft-hyphen characters are invisible in print; left in, they break search and quotes.
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;

/** One paragraph as a reader sees it: no invisible characters, runs of whitespace as one space, trimmed. */
export function cleanParagraph(text: string): string {
  return text.replace(INVISIBLE, '').replace(/[\s\u00a0]+/gu, ' ').trim();
}

/** Joins paragraphs into a document text: one paragraph a line, empty ones dropped. */
export function joinParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.map(cleanParagraph).filter((p) => p !== '').join('\n');
}

/** A plain text as a document: newlines normalised, BOM dropped, trailing spaces and blank lines removed. */
export function normalizePlainText(text: string): string {
  return stripBom(normalizeNewlines(text))
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/u, ''))
    .filter((l) => l.trim() !== '')
    .join('\n');
}
