// Words for a field and its value as a person reads them in conflicts and history.
import { describeStatus } from '../../../core/model/annotation';
import type { EditableField, EditableValues } from '../../../core/model/edit';

export const FIELD_LABELS: Record<EditableField, string> = {
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

export function describeValue(field: EditableField, value: EditableValues[EditableField]): string {
  if (value === null || value === undefined) return '(none)';
  switch (field) {
    case 'note':
      return value === '' ? '(empty note)' : String(value);
    case 'sources': {
      const list = value as EditableValues['sources'];
      return list.length === 0 ? '(no sources)' : list.map((s) => s.title || s.url || '(untitled source)').join('; ');
    }
    case 'translation': {
      const t = value as NonNullable<EditableValues['translation']>;
      return `${t.subtype ? `${t.dimension}/${t.subtype}` : t.dimension}, ${t.severity}${t.correction ? `, correction “${t.correction}”` : ''}`;
    }
    case 'status':
      return describeStatus(value as EditableValues['status']);
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
