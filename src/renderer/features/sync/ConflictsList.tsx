// The Conflicts list: each field two reviewers changed without seeing each other's value, with every
// value, its author and time; a person keeps one or writes a new value, which is recorded as theirs.
import { useId, useState } from 'react';
import type { MergeField, MergeValues } from '../../../core/merge/entries';
import type { FieldConflict } from '../../../core/merge/merge';
import { describeAuthor, describeChange, describeTime, describeValue, FIELD_LABELS, keptValue } from './describe-values';

export interface ConflictsListProps {
  conflicts: FieldConflict[];
  /** The quoted text of each annotation, to say which one a conflict is on. */
  quotes: ReadonlyMap<string, string>;
  onResolve(annotationId: string, field: MergeField, value: MergeValues[MergeField]): void;
  onOpen?(annotationId: string): void;
}

function NewNote({ conflict, onResolve }: { conflict: FieldConflict; onResolve: ConflictsListProps['onResolve'] }) {
  const [text, setText] = useState('');
  const id = useId();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onResolve(conflict.annotationId, conflict.field, text);
      }}
    >
      <label htmlFor={id}>Or write a new note</label>
      <textarea id={id} value={text} onChange={(e) => setText(e.target.value)} rows={3} />
      <button type="submit" disabled={text.trim() === ''}>
        Save the new note
      </button>
    </form>
  );
}

export function ConflictsList({ conflicts, quotes, onResolve, onOpen }: ConflictsListProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="conflicts">
      <h2 id={headingId}>Conflicts ({conflicts.length})</h2>
      {conflicts.length === 0 ? (
        <p className="muted">No conflicts: every field has one agreed value.</p>
      ) : (
        <ul>
          {conflicts.map((c) => {
            const quote = quotes.get(c.annotationId) ?? c.annotationId;
            const label = FIELD_LABELS[c.field];
            return (
              <li key={`${c.annotationId}/${c.field}`}>
                <h3>
                  {label} of “{quote}”
                </h3>
                {onOpen && (
                  <button type="button" onClick={() => onOpen(c.annotationId)}>
                    Open “{quote}”
                  </button>
                )}
                <ul>
                  {c.entries.map((e) => (
                    <li key={e.id}>
                      <p>
                        <strong>{describeAuthor(e)}</strong>, {describeTime(e.at)}: {c.field === 'deleted' ? describeChange(e) : describeValue(c.field, e.value)}
                      </p>
                      <button
                        type="button"
                        aria-label={c.field === 'deleted' ? `${keptValue(c.field, e) ? 'Delete' : 'Keep'} “${quote}” as ${e.by.name} chose` : `Keep ${e.by.name}’s ${label.toLowerCase()} for “${quote}”`}
                        onClick={() => onResolve(c.annotationId, c.field, keptValue(c.field, e))}
                      >
                        {c.field === 'deleted' ? (keptValue(c.field, e) ? 'Delete it' : 'Keep it') : 'Keep'}
                      </button>
                    </li>
                  ))}
                </ul>
                {c.field === 'note' && <NewNote conflict={c} onResolve={onResolve} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
