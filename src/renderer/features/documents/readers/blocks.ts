// Turns an (inert, parsed) HTML element into paragraphs as a reader sees them: one per block,
// inline runs joined, a table row as its cells joined by tabs. Works on linkedom's DOM in a worker.
import { cleanParagraph } from '../../../../core/documents';

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY',
  'THEAD', 'TFOOT', 'UL', 'SUMMARY', 'DETAILS',
]);

/** Minimal node shape shared by linkedom and the browser DOM. */
interface NodeLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<NodeLike>;
}

export function paragraphsOf(root: NodeLike): string[] {
  const out: string[] = [];
  let buffer = '';
  const flush = () => {
    const p = cleanParagraph(buffer);
    if (p) out.push(p);
    buffer = '';
  };
  const walk = (node: NodeLike) => {
    if (node.nodeType === 3) {
      buffer += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const name = node.nodeName.toUpperCase();
    if (name === 'BR') {
      flush();
      return;
    }
    if (name === 'TR') {
      flush();
      const cells = Array.from(node.childNodes).filter((c) => c.nodeType === 1 && /^T[DH]$/i.test(c.nodeName));
      buffer = cells.map((c) => paragraphsOf(c).join(' ')).join('\t');
      const row = buffer.split('\t').map(cleanParagraph).join('\t');
      buffer = '';
      if (row.replace(/\t/g, '') !== '') out.push(row);
      return;
    }
    const block = BLOCK.has(name);
    if (block) flush();
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return out;
}
