// Renders the document's paragraphs into the read-only Lexical editor, in sections: the first screenful
// at once, the rest in chunks after the first paint, so a long document opens without a long freeze.
import { useEffect } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import { $createReaderSectionNode, SECTION_SIZE, estimateHeight } from '../section-node';

/**
 * Paragraphs rendered in the first pass (an article is rendered whole at once); a longer document's
 * rest follows in chunks after the first screen is painted.
 */
export const FIRST_CHUNK = 12 * SECTION_SIZE;
const CHUNK = 40 * SECTION_SIZE;

export interface LoadedKeys {
  paragraphs: string[];
  sections: Array<{ key: string; first: number; last: number }>;
}

/** Renders the paragraphs into Lexical in sections, the first screenful at once and the rest in chunks. */
export function LoaderPlugin({ paragraphs, onProgress }: { paragraphs: readonly string[]; onProgress(editor: LexicalEditor, keys: LoadedKeys, done: boolean): void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    let cancelled = false;
    const keys: LoadedKeys = { paragraphs: [], sections: [] };
    let next = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frame = 0;
    const step = () => {
      if (cancelled) return;
      const end = Math.min(paragraphs.length, next + (next === 0 ? FIRST_CHUNK : CHUNK));
      const from = next;
      editor.update(
        () => {
          const root = $getRoot();
          if (from === 0) root.clear();
          for (let s = from; s < end; s += SECTION_SIZE) {
            const last = Math.min(end, s + SECTION_SIZE) - 1;
            const section = $createReaderSectionNode(estimateHeight(paragraphs.slice(s, last + 1)));
            for (let j = s; j <= last; j++) {
              const p = $createParagraphNode();
              const line = paragraphs[j]!;
              if (line) p.append($createTextNode(line));
              section.append(p);
              keys.paragraphs.push(p.getKey());
            }
            root.append(section);
            keys.sections.push({ key: section.getKey(), first: s, last });
          }
        },
        { discrete: true },
      );
      next = end;
      const done = next >= paragraphs.length;
      onProgress(editor, keys, done);
      // After the first screenful, let the browser paint before rendering the rest.
      if (!done) frame = requestAnimationFrame(() => (timer = setTimeout(step, 0)));
    };
    step();
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
    // onProgress is stable (useCallback in the parent)
  }, [editor, paragraphs, onProgress]);
  return null;
}
