// Words for a field and its value as a person reads them in conflicts and history.
import { describeStatus } from '../../../core/model/annotation';
import type { FieldEntry, MergeField, MergeValues } from '../../../core/merge/entries';

export const FIELD_LABELS: Record<MergeField, string> = {
  deleted: 'Deletion',
  kind: 'Kind',
  verdict: 'Verdict',
  translation: 'Translation error',
  note: 'Note',
  sources: 'Sources',
  status: 'Status',
  assignee: 'Assignee',
  due: 'Due date',
  claimId: 'Linked claim',
  claimWording: 'Claim wording',
};

export function describeValue(field: MergeField, value: MergeValues[MergeField]): string {
  if (value === null || value === undefined) return '(none)';
  switch (field) {
    case 'deleted':
      return value ? 'deleted' : 'kept';
    case 'note':
      return value === '' ? '(empty note)' : String(value);
    case 'sources': {
      const list = value as MergeValues['sources'];
      return list.length === 0 ? '(no sources)' : list.map((s) => s.title || s.url || '(untitled source)').join('; ');
    }
    case 'translation': {
      const t = value as NonNullable<MergeValues['translation']>;
      return `${t.subtype ? `${t.dimension}/${t.subtype}` : t.dimension}, ${t.severity}${t.correction ? `, correction “${t.correction}”` : ''}`;
    }
    case 'status':
      return describeStatus(value as MergeValues['status']);
    case 'assignee':
    case 'due':
    case 'claimId':
    case 'claimWording':
      return value === '' ? '(none)' : String(value);
    default:
      return String(value);
  }
}

/** "30 Nov 2026, 11:05" in the reader's locale, from an ISO time. */
export function describeTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** One change in words: "deleted the annotation", "kept the annotation", "changed the note to …". */
export function describeChange(e: FieldEntry): string {
  if (e.field === 'deleted') return e.value ? 'deleted the annotation' : 'kept the annotation';
  return `changed the ${FIELD_LABELS[e.field].toLowerCase()} to ${describeValue(e.field, e.value)}`;
}

/**
 * The value that keeps what an entry of a conflict stands for. In a deletion conflict the entries are
 * deletes, restores and edits made without seeing the delete: keeping an edit keeps the annotation.
 */
export function keptValue(conflictField: MergeField, e: FieldEntry): MergeValues[MergeField] {
  return conflictField === 'deleted' && e.field !== 'deleted' ? false : e.value;
}

/** Who wrote an entry, as the app can vouch for it: one relayed from a file names the person who imported it. */
export function describeAuthor(e: Pick<FieldEntry, 'by' | 'relayedBy'>): string {
  return e.relayedBy ? `${e.by.name} (from a file imported by ${e.relayedBy.name})` : e.by.name;
}
