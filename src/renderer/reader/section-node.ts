// A block of consecutive paragraphs in the reader. Long documents are split into sections of
// SECTION_SIZE paragraphs, each with `content-visibility: auto` and an estimated height: the browser
// then lays out and paints only the sections in view, and tracks hundreds of sections rather than
// tens of thousands of paragraphs while scrolling (measured: 17,500 paragraphs scroll at 100 ms a
// frame with per-paragraph content-visibility, 16.7 ms with sections of 50).
import { $applyNodeReplacement, ElementNode, type LexicalNode, type NodeKey, type SerializedElementNode, type Spread } from 'lexical';

export const SECTION_SIZE = 50;

export type SerializedReaderSectionNode = Spread<{ estimate: number }, SerializedElementNode>;

/** Height estimate for a run of paragraphs (px): lines of ~75 characters at the reader's line height. */
export function estimateHeight(paragraphs: readonly string[]): number {
  let px = 0;
  for (const p of paragraphs) px += Math.max(1, Math.ceil(p.length / 75)) * 29 + 14;
  return Math.round(px);
}

export class ReaderSectionNode extends ElementNode {
  __estimate: number;

  static override getType(): string {
    return 'reader-section';
  }

  static override clone(node: ReaderSectionNode): ReaderSectionNode {
    return new ReaderSectionNode(node.__estimate, node.__key);
  }

  static override importJSON(json: SerializedReaderSectionNode): ReaderSectionNode {
    return $createReaderSectionNode(json.estimate);
  }

  constructor(estimate = 0, key?: NodeKey) {
    super(key);
    this.__estimate = estimate;
  }

  override exportJSON(): SerializedReaderSectionNode {
    return { ...super.exportJSON(), type: 'reader-section', version: 1, estimate: this.__estimate };
  }

  override createDOM(): HTMLElement {
    const el = document.createElement('div');
    el.className = 'reader-section';
    el.style.containIntrinsicSize = `auto ${this.__estimate}px`;
    return el;
  }

  override updateDOM(): boolean {
    return false;
  }
}

export function $createReaderSectionNode(estimate: number): ReaderSectionNode {
  return $applyNodeReplacement(new ReaderSectionNode(estimate));
}

export function $isReaderSectionNode(node: LexicalNode | null | undefined): node is ReaderSectionNode {
  return node instanceof ReaderSectionNode;
}
