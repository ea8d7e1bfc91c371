// Sanitizes a parsed HTML document in place, by allow-list: elements that run, load or embed
// anything are removed with their content; every attribute but a few harmless ones is dropped, and
// links keep only http(s), mailto or relative targets. DOMPurify needs a browser DOM (it refuses
// linkedom's), which a worker does not have; see docs/adr/0015.

const REMOVE_WITH_CONTENT = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'APPLET', 'SVG', 'MATH',
  'CANVAS', 'AUDIO', 'VIDEO', 'SOURCE', 'TRACK', 'IMG', 'PICTURE', 'LINK', 'META', 'BASE', 'FORM', 'INPUT', 'BUTTON',
  'SELECT', 'TEXTAREA', 'DIALOG', 'PORTAL', 'SLOT',
]);
const KEEP_ATTRIBUTES = new Set(['class', 'id', 'lang', 'dir', 'href', 'title', 'datetime', 'colspan', 'rowspan']);
const SAFE_HREF = /^(?:https?:|mailto:|#|\/|\.{0,2}\/|[^:]*$)/i;

interface ElementLike {
  tagName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  removeAttribute(name: string): void;
  remove(): void;
}
interface DocumentLike {
  querySelectorAll(selector: string): ArrayLike<unknown>;
}

export interface SanitizeReport {
  removedElements: number;
  removedAttributes: number;
}

export function sanitizeDocument(doc: DocumentLike): SanitizeReport {
  const report = { removedElements: 0, removedAttributes: 0 };
  for (const node of Array.from(doc.querySelectorAll('*')) as ElementLike[]) {
    if (REMOVE_WITH_CONTENT.has(node.tagName.toUpperCase())) {
      node.remove();
      report.removedElements++;
      continue;
    }
    for (const attr of Array.from(node.attributes).map((a) => ({ name: a.name, value: a.value }))) {
      const name = attr.name.toLowerCase();
      const keep = KEEP_ATTRIBUTES.has(name) && !(name === 'href' && !SAFE_HREF.test(attr.value.replace(/[\s\u0000-\u001f]/g, '')));
      if (!keep) {
        node.removeAttribute(attr.name);
        report.removedAttributes++;
      }
    }
  }
  return report;
}
