// Reads Markdown as a reader sees it: headings, paragraphs, list items and table rows as text, no
// markup characters, links as their text; inline HTML is dropped, never run (tokens only, no HTML output).
import MarkdownIt from 'markdown-it';
import type { ExtractedDocument } from '../../../../core/documents';
import { cleanParagraph } from '../../../../core/documents';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

function inlineText(tokens: readonly Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'code_inline') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += ' ';
    else if (t.type === 'image') out += t.children ? inlineText(t.children) : '';
    // html_inline and the open/close markers of emphasis and links add no text.
  }
  return out;
}

export function readMarkdown(source: string): ExtractedDocument {
  const md = new MarkdownIt({ html: true, linkify: false });
  const tokens = md.parse(source, {});
  const paragraphs: string[] = [];
  let title = '';
  let row: string[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') {
      if (row && row.some((c) => c !== '')) paragraphs.push(row.join('\t'));
      row = null;
    } else if (t.type === 'inline') {
      const text = cleanParagraph(inlineText(t.children ?? []));
      if (row) row.push(text);
      else if (text) {
        paragraphs.push(text);
        if (!title && tokens[i - 1]?.type === 'heading_open') title = text;
      }
    } else if (t.type === 'fence' || t.type === 'code_block') {
      for (const line of t.content.split('\n')) if (line.trim()) paragraphs.push(line.trim());
    }
  }
  return { paragraphs, details: { title } };
}
