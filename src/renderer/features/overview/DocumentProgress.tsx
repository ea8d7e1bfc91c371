// A document's progress in the library: how many of its annotations are checked or published, with a
// bar, from the desk's per-document counts (shown once the desk's index has read the annotations).
import { memo } from 'react';
import { useDeskSummary } from '../desk/desk-client';
import { doneOf } from './progress';

export const DocumentProgressBar = memo(function DocumentProgressBar({ docId }: { docId: string }) {
  const summary = useDeskSummary();
  const p = summary?.documents.find((d) => d.docId === docId);
  if (!p || p.total === 0) return null;
  const done = doneOf(p);
  const toCheck = p.byStatus['to-check'] + p.byStatus['needs-second-look'];
  return (
    <span className="doc-progress">
      <progress max={p.total} value={done} aria-label="Checked or published" />
      <span>
        {done} of {p.total} done{toCheck ? ` · ${toCheck} to check` : ''}
      </span>
    </span>
  );
});
