// Maps between document offsets (UTF-16, the stored truth) and DOM positions in the rendered reader.
import type { TextRange } from './types';

export interface DomPoint {
  node: Node;
  offset: number;
}

/** Index of the last start ≤ offset (binary search over ascending starts). */
export function paragraphIndexAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A rendered section: the element holding paragraphs first..last (inclusive). */
export interface SectionBox {
  el: HTMLElement;
  first: number;
  last: number;
}

export class TextMap {
  private readonly indexByElement = new Map<Element, number>();

  constructor(
    readonly root: HTMLElement,
    readonly paragraphs: readonly string[],
    readonly starts: readonly number[],
    private readonly elements: ReadonlyArray<HTMLElement | null>,
    readonly sections: readonly SectionBox[] = [],
  ) {
    elements.forEach((el, i) => {
      if (el) this.indexByElement.set(el, i);
    });
  }

  get renderedCount(): number {
    return this.indexByElement.size;
  }

  element(index: number): HTMLElement | null {
    return this.elements[index] ?? null;
  }

  /** The DOM point for a document offset, or null while that paragraph is not rendered yet. */
  pointAt(offset: number): DomPoint | null {
    const i = paragraphIndexAt(this.starts, offset);
    const el = this.elements[i];
    if (!el) return null;
    const local = Math.min(Math.max(offset - this.starts[i]!, 0), this.paragraphs[i]!.length);
    // Fast path: a paragraph renders as <p><span>text</span></p> with its whole line in one text node.
    const only = el.firstChild?.firstChild;
    if (only instanceof Text && only.data.length === this.paragraphs[i]!.length && el.childNodes.length === 1) return { node: only, offset: local };
    // Otherwise walk its text nodes.
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let remaining = local;
    let last: Text | null = null;
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      if (remaining <= n.data.length) return { node: n, offset: remaining };
      remaining -= n.data.length;
      last = n;
    }
    return last ? { node: last, offset: last.data.length } : { node: el, offset: 0 };
  }

  /** A static DOM range for a document range, or null when it is not (yet) rendered. */
  rangeFor(range: TextRange): StaticRange | null {
    const a = this.pointAt(range.start);
    const b = this.pointAt(range.end);
    if (!a || !b) return null;
    return new StaticRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset });
  }

  /** The same as a live Range, for measuring (getClientRects) and scrolling. */
  liveRangeFor(range: TextRange): Range | null {
    const fixed = this.rangeFor(range);
    if (!fixed) return null;
    const r = this.root.ownerDocument.createRange();
    r.setStart(fixed.startContainer, fixed.startOffset);
    r.setEnd(fixed.endContainer, fixed.endOffset);
    return r;
  }

  /** The document offset of a DOM point inside the reader, or null when it is outside. */
  offsetOf(node: Node, offset: number): number | null {
    if (!this.root.contains(node)) return null;
    // Inside a paragraph: count the characters from its start.
    let el: Node | null = node;
    while (el && el !== this.root && !(el instanceof Element && this.indexByElement.has(el))) el = el.parentNode;
    if (el && el !== this.root) {
      const idx = this.indexByElement.get(el as Element)!;
      const r = this.root.ownerDocument.createRange();
      r.setStart(el, 0);
      r.setEnd(node, offset);
      return this.starts[idx]! + Math.min(r.toString().length, this.paragraphs[idx]!.length);
    }
    // Between blocks (the root or a section): the start of the next paragraph, or the end of the last one inside.
    const next = node.childNodes[offset];
    if (next) {
      const p = next instanceof Element ? this.firstParagraphIn(next) : null;
      if (p !== null) return this.starts[p]!;
    }
    const last = this.lastParagraphIn(node);
    return last === null ? null : this.starts[last]! + this.paragraphs[last]!.length;
  }

  private firstParagraphIn(el: Element): number | null {
    if (this.indexByElement.has(el)) return this.indexByElement.get(el)!;
    for (const p of el.querySelectorAll('p')) if (this.indexByElement.has(p)) return this.indexByElement.get(p)!;
    return null;
  }

  private lastParagraphIn(node: Node): number | null {
    if (!(node instanceof Element)) return null;
    if (this.indexByElement.has(node)) return this.indexByElement.get(node)!;
    const ps = node.querySelectorAll('p');
    for (let i = ps.length - 1; i >= 0; i--) if (this.indexByElement.has(ps[i]!)) return this.indexByElement.get(ps[i]!)!;
    return null;
  }

  /**
   * The document offsets shown between two client y coordinates, found by binary search over the
   * sections (their boxes are always laid out, even when their content is skipped).
   */
  visibleOffsets(top: number, bottom: number): [number, number] {
    const n = this.sections.length;
    if (n === 0) return [0, 0];
    const firstEndingBelow = (y: number) => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.sections[mid]!.el.getBoundingClientRect().bottom < y) lo = mid + 1;
        else hi = mid;
      }
      return Math.min(lo, n - 1);
    };
    const a = this.sections[firstEndingBelow(top)]!;
    const b = this.sections[firstEndingBelow(bottom)]!;
    return [this.starts[a.first]!, this.starts[b.last]! + this.paragraphs[b.last]!.length];
  }
}
