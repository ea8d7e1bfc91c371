// An annotation's history: who changed which field to what, and when; an earlier value can be restored
// (the restore is a new change in the restorer's name, saying where the value came from).
import { useId } from 'react';
import type { HistoryItem } from '../../../core/merge/merge';
import { describeAuthor, describeChange, describeTime, describeValue, FIELD_LABELS } from './describe-values';

const ACTIONS = { create: 'set', edit: 'changed', resolve: 'resolved', restore: 'restored' } as const;

export function AnnotationHistory({ items, onRestore }: { items: HistoryItem[]; onRestore(entryId: string): void }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="annotation-history">
      <h3 id={headingId}>History</h3>
      <ol>
        {items.map(({ entry, live }) => {
          const label = FIELD_LABELS[entry.field];
          return (
            <li key={entry.id}>
              {describeTime(entry.at)}: <strong>{describeAuthor(entry)}</strong>{' '}
              {entry.field === 'deleted' ? describeChange(entry) : `${ACTIONS[entry.action]} ${label.toLowerCase()} to ${describeValue(entry.field, entry.value)}`}
              {live ? (
                <span className="muted"> (current)</span>
              ) : (
                <button type="button" aria-label={`Restore ${label.toLowerCase()} “${describeValue(entry.field, entry.value)}” by ${entry.by.name}`} onClick={() => onRestore(entry.id)}>
                  Restore
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
