// Edits one annotation: verdict or MQM category, note, sources, correction; delete.
// Shows the record as stored now (a live query) with this window's unsaved typing over it (the drafts
// store); typing saves per input, at most 1 s after the first unsaved key; typing in one input undoes
// as one step. A change made underneath (another window) shows at once and is said.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
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
  changedFields,
} from '../../../core/model';
import type { DraftStore } from '../../state/drafts';
import { valueAt } from '../../state/drafts';
import { useStores } from '../../state/stores';
import { describeSaveError } from '../../db/storage-errors';
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
  /** The record as stored now. */
  annotation: Annotation;
  drafts: DraftStore;
  /** True when the record as it is was written by this window (so a change is not "made elsewhere"). */
  isOwnWrite(a: Annotation): boolean;
  onDelete(a: Annotation): void;
  /** Changes when the editor should take the keyboard focus (Enter on a highlight). */
  focusRequest?: number;
  /** Escape: close the editor (what was typed is saved). */
  onClose?(): void;
  /**
   * Another window changed this record just now: what to tell the person. Said by the panel below the
   * claim's workflow, so no control moves from under the pointer when it appears.
   */
  onChangedElsewhere(message: string): void;
}

const FIELD_NAMES: Record<string, string> = { kind: 'kind', verdict: 'verdict', translation: 'category, severity or correction', note: 'note', sources: 'sources' };

export function AnnotationEditor({ annotation, drafts, isOwnWrite, onDelete, focusRequest, onClose, onChangedElsewhere }: AnnotationEditorProps) {
  useSyncExternalStore(drafts.subscribe, drafts.getVersion);
  const id = annotation.id;
  const rootRef = useRef<HTMLDivElement>(null);
  // Keyboard focus into the editor on request; a new source's URL field takes it.
  const focusSourceUrl = useRef(false);
  useEffect(() => {
    if (focusRequest === undefined) return;
    const frame = requestAnimationFrame(() => (rootRef.current?.querySelector<HTMLElement>('input:checked') ?? rootRef.current?.querySelector<HTMLElement>('select, input, textarea'))?.focus());
    return () => cancelAnimationFrame(frame);
  }, [focusRequest]);
  const seen = useRef(annotation);

  // The stored record changed: saved drafts give way to it; a change not made here is said.
  useEffect(() => {
    drafts.settle(annotation);
    const prev = seen.current;
    seen.current = annotation;
    if (prev === annotation || prev.updatedAt === annotation.updatedAt || isOwnWrite(annotation)) return;
    const fields = changedFields(prev, annotation);
    if (fields.length) onChangedElsewhere(`Changed elsewhere just now: ${fields.map((f) => FIELD_NAMES[f] ?? f).join(', ')}.${drafts.hasUnsaved(annotation.id) ? ' Your unsaved typing is kept.' : ''}`);
  }, [annotation, drafts, isOwnWrite, onChangedElsewhere]);

  // Save what is typed when the editor closes.
  useEffect(() => () => void drafts.flush(id), [drafts, id]);

  const val = <T,>(path: string): T => {
    const d = drafts.draft(id, path);
    return (d ? d.value : valueAt(annotation, path)) as T;
  };
  const type = (path: string, value: unknown) => void drafts.set(id, { [path]: value }, path);
  const choose = (values: Record<string, unknown>, input: string) => void drafts.set(id, values, input, true);
  // Adding or removing a source changes the list as stored now (after what is typed here has landed),
  // never a copy of it as this window last saw it.
  const { workspace, notices } = useStores();
  const changeSources = (change: (list: Source[]) => Source[], label: string) =>
    void drafts
      .flushAll()
      .then(() => workspace.editWith(id, (cur) => ({ id, set: { sources: change(cur.sources) } }), label))
      .catch((e: unknown) => notices.alert(describeSaveError('the sources', e)));

  const kind = annotation.kind;
  const t = annotation.translation;
  const sources = val<Source[]>('sources');
  useEffect(() => {
    if (!focusSourceUrl.current) return;
    focusSourceUrl.current = false;
    [...(rootRef.current?.querySelectorAll<HTMLInputElement>('.source input[type="url"]') ?? [])].at(-1)?.focus();
  }, [sources.length]);
  return (
    <div
      className="annotation-editor"
      ref={rootRef}
      onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node)) void drafts.flush(id); }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !onClose) return;
        e.preventDefault();
        void drafts.flush(id);
        onClose();
      }}
    >
      {kind === 'comment' ? (
        // formats helper (issue 12): a comment has no verdict until the editor turns it into a claim.
        <fieldset className="verdict-choice">
          <legend>Comment — turn into a claim</legend>
          {VERDICTS.map((v: Verdict) => (
            <button key={v} type="button" className={`verdict-option verdict-${v}`} onClick={() => choose({ kind: 'claim', verdict: v, translation: null }, 'verdict')}>
              {cap(v)} claim
            </button>
          ))}
        </fieldset>
      ) : kind === 'claim' ? (
        <fieldset className="verdict-choice">
          <legend>Verdict</legend>
          {VERDICTS.map((v: Verdict) => (
            <label key={v} className={`verdict-option verdict-${v}`}>
              <input type="radio" name={`verdict-${id}`} value={v} checked={val('verdict') === v} onChange={() => choose({ verdict: v }, 'verdict')} />
              {cap(v)}
            </label>
          ))}
        </fieldset>
      ) : t ? (
        <div className="mqm-fields">
          <label>
            Category
            <select
              value={val<MqmDimension>('translation.dimension')}
              onChange={(e) => {
                const dimension = e.target.value as MqmDimension;
                choose({ 'translation.dimension': dimension, 'translation.subtype': MQM_SUBTYPES[dimension][0] ?? '' }, 'dimension');
              }}
            >
              {MQM_DIMENSIONS.map((d) => (
                <option key={d} value={d}>{DIMENSION_LABELS[d]}</option>
              ))}
            </select>
          </label>
          {MQM_SUBTYPES[val<MqmDimension>('translation.dimension')].length > 0 && (
            <label>
              Subtype
              <select value={val<string>('translation.subtype')} onChange={(e) => choose({ 'translation.subtype': e.target.value }, 'subtype')}>
                {MQM_SUBTYPES[val<MqmDimension>('translation.dimension')].map((s) => (
                  <option key={s} value={s}>{cap(s.replace(/-/g, ' '))}</option>
                ))}
              </select>
            </label>
          )}
          <label>
            Severity
            <select value={val<Severity>('translation.severity')} onChange={(e) => choose({ 'translation.severity': e.target.value as Severity }, 'severity')}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>{cap(s)}</option>
              ))}
            </select>
          </label>
          <label>
            Suggested correction
            <input type="text" value={val<string>('translation.correction')} onChange={(e) => type('translation.correction', e.target.value)} />
          </label>
        </div>
      ) : null}
      <label className="note-field">
        Note
        <textarea rows={4} value={val<string>('note')} onChange={(e) => type('note', e.target.value)} />
      </label>
      <fieldset className="sources">
        <legend>Sources</legend>
        {sources.length === 0 && <p className="muted">No sources yet.</p>}
        {sources.map((_, i) => {
          const s = {
            url: val<string>(`sources.${i}.url`) ?? '',
            title: val<string>(`sources.${i}.title`) ?? '',
            accessed: val<string>(`sources.${i}.accessed`) ?? '',
            quote: val<string>(`sources.${i}.quote`) ?? '',
          };
          return (
            <div className="source" key={i} role="group" aria-label={`Source ${i + 1}`}>
              <label>
                URL
                <input type="url" value={s.url} onChange={(e) => type(`sources.${i}.url`, e.target.value)} placeholder="https://…" />
              </label>
              <label>
                Title
                <input type="text" value={s.title} onChange={(e) => type(`sources.${i}.title`, e.target.value)} />
              </label>
              <label>
                Accessed
                <input type="date" value={s.accessed} onChange={(e) => type(`sources.${i}.accessed`, e.target.value)} />
              </label>
              <label>
                Quoted passage
                <textarea rows={2} value={s.quote} onChange={(e) => type(`sources.${i}.quote`, e.target.value)} />
              </label>
              <div className="row">
                {s.url && (isOpenableExternalUrl(s.url) ? (
                  <button type="button" className="link-button" onClick={() => void getApi().openExternal({ url: s.url })}>
                    Open link
                  </button>
                ) : (
                  <span className="muted" role="note">This link cannot be opened: only http and https links open, in your browser, after you confirm.</span>
                ))}
                <button type="button" onClick={() => changeSources((list) => list.filter((__, j) => j !== i), 'Remove a source')}>
                  Remove source
                </button>
              </div>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() => {
            focusSourceUrl.current = true;
            changeSources((list) => [...list, createSource({ accessed: new Date().toISOString().slice(0, 10) })], 'Add a source');
          }}
        >
          Add source
        </button>
      </fieldset>
      <div className="row">
        <button type="button" className="danger" onClick={() => void drafts.flush(id).finally(() => onDelete(annotation))}>
          Delete annotation
        </button>
      </div>
    </div>
  );
}
