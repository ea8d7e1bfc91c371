// Edits one annotation: verdict or MQM category, note, sources, correction; delete.
// Fields save as you type (debounced); typing in one field undoes as one step.
import { useEffect, useRef, useState } from 'react';
import {
  MQM_DIMENSIONS,
  MQM_SUBTYPES,
  SEVERITIES,
  VERDICTS,
  createSource,
  type Annotation,
  type MqmDimension,
  type Severity,
  type Source,
  type Verdict,
} from '../../../core/model';
import { isOpenableExternalUrl } from '../../../core/ipc';
import { getApi } from '../../platform';

export const DIMENSION_LABELS: Record<MqmDimension, string> = {
  accuracy: 'Accuracy',
  terminology: 'Terminology',
  'linguistic-conventions': 'Linguistic conventions',
  style: 'Style',
  'locale-conventions': 'Locale conventions',
  'audience-appropriateness': 'Audience appropriateness',
  'design-and-markup': 'Design and markup',
  'source-issue': 'Source issue',
};

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

export interface AnnotationEditorProps {
  annotation: Annotation;
  onSave(next: Annotation, field: string): void;
  onDelete(a: Annotation): void;
  /** issue 9 (reader helper): changes when the editor should take the keyboard focus (Enter on a highlight). */
  focusRequest?: number;
  /** Escape: close the editor (what was typed is saved). */
  onClose?(): void;
}

/**
 * Keeps a draft while you type; the saved annotation echoes back later and is not copied over the
 * draft. Changes made elsewhere (undo, redo, import) remount the editor (its key carries a revision).
 */
export function AnnotationEditor({ annotation, onSave, onDelete, focusRequest, onClose }: AnnotationEditorProps) {
  const [draft, setDraft] = useState(annotation);
  const rootRef = useRef<HTMLDivElement>(null);
  // issue 9 (reader helper): keyboard focus into the editor on request; a new source's URL field takes it.
  const focusSourceUrl = useRef(false);
  useEffect(() => {
    if (focusRequest === undefined) return;
    const frame = requestAnimationFrame(() => (rootRef.current?.querySelector<HTMLElement>('input:checked') ?? rootRef.current?.querySelector<HTMLElement>('select, input, textarea'))?.focus());
    return () => cancelAnimationFrame(frame);
  }, [focusRequest]);
  useEffect(() => {
    if (!focusSourceUrl.current) return;
    focusSourceUrl.current = false;
    [...(rootRef.current?.querySelectorAll<HTMLInputElement>('.source input[type="url"]') ?? [])].at(-1)?.focus();
  }, [draft.sources.length]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<{ next: Annotation; field: string } | null>(null);

  const flush = () => {
    clearTimeout(timer.current);
    const p = pending.current;
    pending.current = null;
    if (p) onSave(p.next, p.field);
  };
  useEffect(() => flush, []); // save what is typed when the editor closes

  const change = (next: Annotation, field: string, immediate = false) => {
    setDraft(next);
    if (pending.current && pending.current.field !== field) flush();
    pending.current = { next, field };
    clearTimeout(timer.current);
    if (immediate) flush();
    else timer.current = setTimeout(flush, 350);
  };

  const setSource = (i: number, patch: Partial<Source>) => {
    const sources = draft.sources.map((s, j) => (j === i ? { ...s, ...patch } : s));
    change({ ...draft, sources }, `source-${i}-${Object.keys(patch)[0]}`);
  };

  const id = annotation.id;
  const t = draft.translation;
  return (
    <div
      className="annotation-editor"
      ref={rootRef}
      onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node)) flush(); }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !onClose) return;
        e.preventDefault();
        flush();
        onClose();
      }}
    >
      {draft.kind === 'comment' ? (
        // formats helper (issue 12): a comment has no verdict until the editor turns it into a claim.
        <fieldset className="verdict-choice">
          <legend>Comment — turn into a claim</legend>
          {VERDICTS.map((v: Verdict) => (
            <button key={v} type="button" className={`verdict-option verdict-${v}`} onClick={() => change({ ...draft, kind: 'claim', verdict: v, translation: null }, 'verdict', true)}>
              {cap(v)} claim
            </button>
          ))}
        </fieldset>
      ) : draft.kind === 'claim' ? (
        <fieldset className="verdict-choice">
          <legend>Verdict</legend>
          {VERDICTS.map((v: Verdict) => (
            <label key={v} className={`verdict-option verdict-${v}`}>
              <input type="radio" name={`verdict-${id}`} value={v} checked={draft.verdict === v} onChange={() => change({ ...draft, verdict: v }, 'verdict', true)} />
              {cap(v)}
            </label>
          ))}
        </fieldset>
      ) : t ? (
        <div className="mqm-fields">
          <label>
            Category
            <select
              value={t.dimension}
              onChange={(e) => {
                const dimension = e.target.value as MqmDimension;
                change({ ...draft, translation: { ...t, dimension, subtype: MQM_SUBTYPES[dimension][0] ?? '' } }, 'dimension', true);
              }}
            >
              {MQM_DIMENSIONS.map((d) => (
                <option key={d} value={d}>{DIMENSION_LABELS[d]}</option>
              ))}
            </select>
          </label>
          {MQM_SUBTYPES[t.dimension].length > 0 && (
            <label>
              Subtype
              <select value={t.subtype} onChange={(e) => change({ ...draft, translation: { ...t, subtype: e.target.value } }, 'subtype', true)}>
                {MQM_SUBTYPES[t.dimension].map((s) => (
                  <option key={s} value={s}>{cap(s.replace(/-/g, ' '))}</option>
                ))}
              </select>
            </label>
          )}
          <label>
            Severity
            <select value={t.severity} onChange={(e) => change({ ...draft, translation: { ...t, severity: e.target.value as Severity } }, 'severity', true)}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>{cap(s)}</option>
              ))}
            </select>
          </label>
          <label>
            Suggested correction
            <input type="text" value={t.correction} onChange={(e) => change({ ...draft, translation: { ...t, correction: e.target.value } }, 'correction')} />
          </label>
        </div>
      ) : null}
      <label className="note-field">
        Note
        <textarea rows={4} value={draft.note} onChange={(e) => change({ ...draft, note: e.target.value }, 'note')} />
      </label>
      <fieldset className="sources">
        <legend>Sources</legend>
        {draft.sources.length === 0 && <p className="muted">No sources yet.</p>}
        {draft.sources.map((s, i) => (
          <div className="source" key={i} role="group" aria-label={`Source ${i + 1}`}>
            <label>
              URL
              <input type="url" value={s.url} onChange={(e) => setSource(i, { url: e.target.value })} placeholder="https://…" />
            </label>
            <label>
              Title
              <input type="text" value={s.title} onChange={(e) => setSource(i, { title: e.target.value })} />
            </label>
            <label>
              Accessed
              <input type="date" value={s.accessed} onChange={(e) => setSource(i, { accessed: e.target.value })} />
            </label>
            <label>
              Quoted passage
              <textarea rows={2} value={s.quote} onChange={(e) => setSource(i, { quote: e.target.value })} />
            </label>
            <div className="row">
              {s.url && (isOpenableExternalUrl(s.url) ? (
                <button type="button" className="link-button" onClick={() => void getApi().openExternal({ url: s.url })}>
                  Open link
                </button>
              ) : (
                <span className="muted" role="note">This link cannot be opened: only http and https links open, in your browser, after you confirm.</span>
              ))}
              <button type="button" onClick={() => change({ ...draft, sources: draft.sources.filter((_, j) => j !== i) }, 'sources', true)}>
                Remove source
              </button>
            </div>
          </div>
        ))}
        <button type="button" onClick={() => { focusSourceUrl.current = true; change({ ...draft, sources: [...draft.sources, createSource({ accessed: new Date().toISOString().slice(0, 10) })] }, 'sources', true); }}>
          Add source
        </button>
      </fieldset>
      <div className="row">
        <button type="button" className="danger" onClick={() => { flush(); onDelete(annotation); }}>
          Delete annotation
        </button>
      </div>
    </div>
  );
}
