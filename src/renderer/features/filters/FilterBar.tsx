// The filter bar: the active filters as removable chips, and the filter choices (kind, verdict,
// status, author, assignee, MQM category and severity, sources, orphans, dates, document) in a panel
// opened from "Filters". The filter applies to the annotation panel, the claims desk and exports.
import { useId, useState, type ReactNode } from 'react';
import { ANNOTATION_KINDS, CLAIM_STATUSES, MQM_DIMENSIONS, SEVERITIES, VERDICTS, type CorpusDocument } from '../../../core/model';
import { toggleValue, type FilterKey } from '../../../core/search';
import { chipsOf, isEmptyFilter, statusLabel, type AnnotationFilter } from './annotation-filter';
import { useFilter, useFilterStore } from './filter-context';

const KIND_LABELS: Record<string, string> = { claim: 'Claim', 'translation-error': 'Translation error', comment: 'Comment' };
const words = (v: string) => v[0]!.toUpperCase() + v.slice(1).replace(/-/g, ' ');

export interface FilterBarProps {
  documents: readonly Pick<CorpusDocument, 'id' | 'title'>[];
  /** Authors and assignees known (from the desk's index); the editor's own name is always offered. */
  authors: readonly string[];
  assignees: ReadonlyArray<{ id: string; name: string }>;
}

export function FilterBar({ documents, authors, assignees }: FilterBarProps) {
  const store = useFilterStore();
  const filter = useFilter();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  if (!store) return null;
  const set = (next: AnnotationFilter) => store.set(next);
  const titleOf = (id: string) => documents.find((d) => d.id === id)?.title;
  const chips = chipsOf(filter, titleOf).map((c) => (c.field === 'assignees' ? { ...c, label: `Assignee: ${assignees.find((a) => a.id === c.id.slice('assignees:'.length))?.name ?? (c.id.endsWith(':') ? 'Nobody' : 'Unknown reviewer')}` } : c));
  return (
    <section className="filter-bar" aria-label="Filters">
      <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        Filters{chips.length ? ` (${chips.length})` : ''}
      </button>
      {chips.length > 0 ? (
        <ul className="chips" aria-label="Active filters">
          {chips.map((c) => (
            <li key={c.id} className="chip">
              <span>{c.label}</span>
              <button type="button" aria-label={`Remove filter ${c.label}`} title="Remove this filter" onClick={() => set(c.remove())}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">No filter: every annotation is shown.</span>
      )}
      {!isEmptyFilter(filter) && (
        <button type="button" onClick={() => store.clear()}>
          Clear filters
        </button>
      )}
      <div id={panelId} className="filter-panel" hidden={!open}>
        <Facet legend="Kind" field="kinds" values={ANNOTATION_KINDS} label={(v) => KIND_LABELS[v] ?? v} filter={filter} set={set} />
        <Facet legend="Verdict" field="verdicts" values={VERDICTS} label={words} filter={filter} set={set} />
        <Facet legend="Status" field="statuses" values={CLAIM_STATUSES} label={statusLabel} filter={filter} set={set} />
        <Facet legend="Author" field="authors" values={authors} label={(v) => v || 'Unknown'} filter={filter} set={set} />
        {assignees.length > 0 && <Facet legend="Assignee" field="assignees" values={['', ...assignees.map((a) => a.id)]} label={(v) => (v ? (assignees.find((a) => a.id === v)?.name ?? v) : 'Nobody')} filter={filter} set={set} />}
        <Facet legend="MQM category" field="dimensions" values={MQM_DIMENSIONS} label={words} filter={filter} set={set} />
        <Facet legend="Severity" field="severities" values={SEVERITIES} label={words} filter={filter} set={set} />
        <Choice
          legend="Sources"
          value={filter.sources ?? ''}
          options={[['', 'Any'], ['with', 'Has sources'], ['without', 'Has no sources']]}
          onChange={(v) => set(v ? { ...filter, sources: v as 'with' | 'without' } : without(filter, 'sources'))}
        />
        <Choice
          legend="Orphans"
          value={filter.orphaned === undefined ? '' : filter.orphaned ? 'yes' : 'no'}
          options={[['', 'Any'], ['yes', 'Only orphaned'], ['no', 'Only anchored']]}
          onChange={(v) => set(v ? { ...filter, orphaned: v === 'yes' } : without(filter, 'orphaned'))}
        />
        <fieldset>
          <legend>Last updated</legend>
          <label>
            From <input type="date" value={filter.from ?? ''} onChange={(e) => set(e.target.value ? { ...filter, from: e.target.value } : without(filter, 'from'))} />
          </label>
          <label>
            To <input type="date" value={filter.to ?? ''} onChange={(e) => set(e.target.value ? { ...filter, to: e.target.value } : without(filter, 'to'))} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Document</legend>
          <label>
            Add a document{' '}
            <select value="" onChange={(e) => e.target.value && set(toggleValue(filter, 'docIds', e.target.value))}>
              <option value="">Choose…</option>
              {documents
                .filter((d) => !filter.docIds?.includes(d.id))
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.title}
                  </option>
                ))}
            </select>
          </label>
        </fieldset>
      </div>
    </section>
  );
}

function without(f: AnnotationFilter, key: keyof AnnotationFilter): AnnotationFilter {
  const next = { ...f };
  delete next[key];
  return next;
}

function Facet({ legend, field, values, label, filter, set }: { legend: string; field: FilterKey; values: readonly string[]; label(v: string): string; filter: AnnotationFilter; set(f: AnnotationFilter): void }) {
  if (values.length === 0) return null;
  const chosen = (filter[field] as string[] | undefined) ?? [];
  return (
    <fieldset>
      <legend>{legend}</legend>
      {values.map((v) => (
        <label key={v} className="facet">
          <input type="checkbox" checked={chosen.includes(v)} onChange={() => set(toggleValue(filter, field, v))} /> {label(v)}
        </label>
      ))}
    </fieldset>
  );
}

function Choice({ legend, value, options, onChange }: { legend: string; value: string; options: Array<[string, string]>; onChange(v: string): void }): ReactNode {
  const name = useId();
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map(([v, text]) => (
        <label key={v} className="facet">
          <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} /> {text}
        </label>
      ))}
    </fieldset>
  );
}
