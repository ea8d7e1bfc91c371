// Source beside translation: when the open document is a translation linked to its source, the
// source's paragraphs can be shown beside the reader, aligned by position (translation paragraph i
// beside source paragraph i + offset, the offset set by hand where the two split differently) and
// scrolling together. Translation errors are marked in the reader as usual, while reading the source.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { splitParagraphs } from '../../../core/model';
import type { LibraryDocument } from '../../../core/documents';
import { useOpenDocument } from '../../state/documents';
import { useStores } from '../../state/stores';

export interface SideBySideProps {
  doc: LibraryDocument;
  documents: readonly LibraryDocument[];
  children: ReactNode;
}

/** The index of the first paragraph visible at the top of a scroll container, and how far into it. */
function topParagraph(container: HTMLElement, paragraphs: ArrayLike<HTMLElement>): { index: number; fraction: number } | null {
  const top = container.getBoundingClientRect().top;
  for (let i = 0; i < paragraphs.length; i++) {
    const r = paragraphs[i]!.getBoundingClientRect();
    if (r.bottom > top + 1) return { index: i, fraction: r.height > 0 ? Math.max(0, Math.min(1, (top - r.top) / r.height)) : 0 };
  }
  return null;
}

function scrollToParagraph(container: HTMLElement, p: HTMLElement, fraction: number): void {
  const delta = p.getBoundingClientRect().top - container.getBoundingClientRect().top + p.getBoundingClientRect().height * fraction;
  container.scrollTop += delta;
}

export function SideBySide({ doc, documents, children }: SideBySideProps) {
  const { db } = useStores();
  // The source's text is read from the database like an opened document's (texts are not kept in the list).
  const listed = doc.translation?.sourceId ? (documents.find((d) => d.id === doc.translation?.sourceId) ?? null) : null;
  const loaded = useOpenDocument(db, listed);
  const source = listed && loaded?.id === listed.id ? loaded : undefined;
  const [on, setOn] = useState(false);
  const [offset, setOffset] = useState(0);
  const [aligned, setAligned] = useState(0);
  const targetRef = useRef<HTMLDivElement>(null);
  const sourceRef = useRef<HTMLDivElement>(null);
  const shown = on && !!source;

  useEffect(() => {
    if (!shown) return;
    const target = targetRef.current?.querySelector<HTMLElement>('.reader-scroll');
    const src = sourceRef.current;
    if (!target || !src) return;
    // Each side follows the other; a scroll we caused is not echoed back.
    let echo: 'target' | 'source' | null = null;
    const targetParagraphs = () => target.querySelectorAll<HTMLElement>('.reader-content p');
    const sourceParagraphs = () => src.querySelectorAll<HTMLElement>('p.sbs-paragraph');
    const fromTarget = () => {
      if (echo === 'target') {
        echo = null;
        return;
      }
      const at = topParagraph(target, targetParagraphs());
      if (!at) return;
      const i = Math.max(0, at.index + offset);
      setAligned(i);
      const p = sourceParagraphs()[Math.min(i, sourceParagraphs().length - 1)];
      if (!p) return;
      echo = 'source';
      scrollToParagraph(src, p, at.fraction);
    };
    const fromSource = () => {
      if (echo === 'source') {
        echo = null;
        return;
      }
      const at = topParagraph(src, sourceParagraphs());
      if (!at) return;
      setAligned(at.index);
      const p = targetParagraphs()[Math.max(0, at.index - offset)];
      if (!p) return;
      echo = 'target';
      scrollToParagraph(target, p, at.fraction);
    };
    target.addEventListener('scroll', fromTarget, { passive: true });
    src.addEventListener('scroll', fromSource, { passive: true });
    fromTarget();
    return () => {
      target.removeEventListener('scroll', fromTarget);
      src.removeEventListener('scroll', fromSource);
    };
  }, [shown, offset, doc.id, source?.id]);

  if (!source) return <>{children}</>;
  const paragraphs = splitParagraphs(source.text);
  return (
    <>
      <div className="sbs-bar">
        <button type="button" aria-pressed={on} onClick={() => setOn((v) => !v)}>
          Source beside translation
        </button>
        {shown && (
          <label>
            Alignment: source paragraph = translation paragraph +
            <input type="number" value={offset} onChange={(e) => setOffset(Math.trunc(Number(e.target.value)) || 0)} aria-label="Source paragraph offset" />
          </label>
        )}
      </div>
      {/* One tree whether the source is shown or not, so the reader is not rebuilt when it is toggled. */}
      <div className={shown ? 'side-by-side' : 'sbs-single'}>
        {shown && (
          <section className="sbs-source" ref={sourceRef} aria-label={`Source: ${source.title}`} lang={source.language === 'und' ? undefined : source.language} tabIndex={0}>
            <h2 className="sbs-source-title">{source.title}</h2>
            {paragraphs.map((p, i) => (
              <p key={i} className={`sbs-paragraph${i === aligned ? ' sbs-aligned' : ''}`} data-index={i}>
                {p}
              </p>
            ))}
          </section>
        )}
        <div className="sbs-target" ref={targetRef}>
          {children}
        </div>
      </div>
    </>
  );
}