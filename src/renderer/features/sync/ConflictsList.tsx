// The Conflicts list: each field two reviewers changed without seeing each other's value, with every
// value, its author and time; a person keeps one or writes a new value, which is recorded as theirs.
import { useId, useState } from 'react';
import type { EditableField, EditableValues } from '../../../core/model/edit';
import type { FieldConflict } from '../../../core/merge/merge';
import { describeTime, describeValue, FIELD_LABELS } from './describe-values';

export interface ConflictsListProps {
  conflicts: FieldConflict[];
  /** The quoted text of each annotation, to say which one a conflict is on. */
  quotes: ReadonlyMap<string, string>;
  onResolve(annotationId: string, field: EditableField, value: EditableValues[EditableField]): void;
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
                        <strong>{e.by.name}</strong>, {describeTime(e.at)}: {describeValue(c.field, e.value)}
                      </p>
                      <button type="button" aria-label={`Keep ${e.by.name}’s ${label.toLowerCase()} for “${quote}”`} onClick={() => onResolve(c.annotationId, c.field, e.value)}>
                        Keep
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
