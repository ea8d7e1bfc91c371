// The corrected reading of a translation: suggested corrections applied and marked; the original is untouched.
import { useMemo } from 'react';
import { applyCorrections } from '../../core/model/corrections';
import type { Annotation, CorpusDocument } from '../../core/model';
import { plural } from '../../core/model';

export function CorrectedReading({ doc, annotations }: { doc: CorpusDocument; annotations: readonly Annotation[] }) {
  const result = useMemo(() => applyCorrections(doc.text, annotations), [doc.text, annotations]);
  const paragraphs = useMemo(() => {
    // Split the segments at line breaks into paragraphs of pieces.
    const out: Array<Array<{ text: string; corrected: boolean; original?: string }>> = [[]];
    for (const seg of result.segments) {
      const text = result.text.slice(seg.start, seg.end);
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (i > 0) out.push([]);
        if (line) out.at(-1)!.push({ text: line, corrected: seg.kind === 'corrected', original: seg.original });
      });
    }
    return out;
  }, [result]);
  const count = result.segments.filter((s) => s.kind === 'corrected').length;
  return (
    // Focusable, so the text scrolls from the keyboard (it has no caret or other focusable content).
    <div className="reader-scroll corrected" tabIndex={0} role="region" aria-label="Corrected reading, scrollable">
      <article className="reader-article" aria-label="Corrected reading">
        <header className="reader-header">
          <h2>{doc.title}</h2>
          <p className="reader-meta" role="status">
            Corrected reading: {plural(count, 'correction')} applied. The original text is unchanged.
          </p>
        </header>
        <div className="reader-content">
          {paragraphs.map((p, i) => (
            <p className="reader-paragraph" key={i}>
              {p.map((piece, j) =>
                piece.corrected ? (
                  <ins key={j} className="correction" title={`Was: ${piece.original ?? ''}`} aria-label={`${piece.text} (corrected from “${piece.original ?? ''}”)`}>
                    {piece.text}
                  </ins>
                ) : (
                  <span key={j}>{piece.text}</span>
                ),
              )}
              {p.length === 0 && <br />}
            </p>
          ))}
        </div>
      </article>
    </div>
  );
}
