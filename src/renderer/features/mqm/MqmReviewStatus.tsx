// The MQM score of the open translation and the editor's "reviewed" mark: Pass or Fail shows only once
// the editor marks the translation reviewed; before that it is "Not reviewed", however few errors it has.
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { MqmScore } from '../../../core/model/mqm';
import type { ClaimdeskDb } from '../../db/schema';
import { markDocumentReviewed, readReviewMark, unmarkDocumentReviewed } from '../../db/review-marks';
import { describeSaveError } from '../storage/storage-errors';
import { nowIso } from '../../state/workspace';

export interface MqmReviewStatusProps {
  db: ClaimdeskDb;
  docId: string;
  mqm: MqmScore;
  /** The formula in words, shown as the score's tooltip. */
  formula: string;
  /** Who marks it reviewed (the editor's name from Settings). */
  reviewer: string;
  onError(message: string): void;
}

export function MqmReviewStatus({ db, docId, mqm, formula, reviewer, onError }: MqmReviewStatusProps) {
  // undefined while the first read is under way; null when the document is not marked.
  const mark = useLiveQuery(() => readReviewMark(db, docId).then((m) => m ?? null), [db, docId]);
  // The box follows the click at once; the stored mark confirms it a moment later (or the write fails and it goes back).
  const [pending, setPending] = useState<boolean | null>(null);
  useEffect(() => setPending(null), [mark, docId]);
  const isReviewed = pending ?? !!mark;
  const score = mqm.perThousandWords.toFixed(1);
  const result = mark === undefined ? '' : isReviewed ? (mqm.pass ? 'Pass' : 'Fail') : 'Not reviewed';
  const cls = isReviewed ? (mqm.pass ? 'pass' : 'fail') : 'not-reviewed';
  const toggle = (checked: boolean) => {
    setPending(checked);
    const write = checked ? markDocumentReviewed(db, docId, reviewer, nowIso()) : unmarkDocumentReviewed(db, docId, nowIso());
    write.catch((e: unknown) => {
      setPending(null);
      onError(describeSaveError('the review mark', e));
    });
  };
  return (
    <>
      <span
        className={`mqm-score ${cls}`}
        title={formula}
        aria-label={`MQM score ${score} penalty points per 1,000 words${result ? `: ${result.toLowerCase()}` : ''}`}
      >
        MQM {score} / 1,000 words{result ? ` · ${result}` : ''}
      </span>
      <label
        className="reviewed-toggle"
        title={
          mark
            ? `Marked reviewed by ${mark.reviewer || 'an unnamed editor'} on ${mark.reviewedAt.slice(0, 10)}`
            : 'Mark this translation reviewed once every error in it is marked: only then does it show Pass or Fail'
        }
      >
        <input type="checkbox" checked={isReviewed} disabled={mark === undefined} onChange={(e) => toggle(e.currentTarget.checked)} /> Translation reviewed
      </label>
    </>
  );
}
