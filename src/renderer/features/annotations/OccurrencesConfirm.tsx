// Confirming "All occurrences": tick all or some of the listed occurrences and mark them as one linked
// claim (a verdict) or as translation errors sharing category, severity and correction. Written in one
// transaction and undone as one step.
import { useId, useMemo, useState } from 'react';
import { grouped, plural, MQM_DIMENSIONS, MQM_SUBTYPES, SEVERITIES, VERDICTS, type CorpusDocument, type MqmDimension, type Severity, type Verdict } from '../../../core/model';
import { readDocAnnotations } from '../../db/reads';
import { describeSaveError } from '../../db/storage-errors';
import { newId } from '../../db/clock';
import { useStores } from '../../state/stores';
import { DIMENSION_LABELS } from './AnnotationEditor';
import { planOccurrenceMarks, type OccurrencePlace } from './mark-occurrences';
import './claims.css';

export interface OccurrencesConfirmProps {
  words: string;
  places: ReadonlyArray<OccurrencePlace & { before: string; match: string; after: string }>;
  documents: readonly CorpusDocument[];
  author: string;
}

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1).replace(/-/g, ' ');
}

export function OccurrencesConfirm({ words, places, documents, author }: OccurrencesConfirmProps) {
  const { db, workspace, notices } = useStores();
  const uid = useId();
  const [ticked, setTicked] = useState<ReadonlySet<number>>(() => new Set(places.map((_, i) => i)));
  const [kind, setKind] = useState<'claim' | 'translation-error'>('claim');
  const [verdict, setVerdict] = useState<Verdict>('contested');
  const [dimension, setDimension] = useState<MqmDimension>('accuracy');
  const [subtype, setSubtype] = useState<string>(MQM_SUBTYPES.accuracy[0] ?? '');
  const [severity, setSeverity] = useState<Severity>('major');
  const [correction, setCorrection] = useState('');
  const [busy, setBusy] = useState(false);
  const titleOf = useMemo(() => new Map(documents.map((d) => [d.id, d.title])), [documents]);

  const toggle = (i: number) =>
    setTicked((t) => {
      const next = new Set(t);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  const confirm = async () => {
    const chosen = places.filter((_, i) => ticked.has(i));
    if (chosen.length === 0) return;
    setBusy(true);
    try {
      const docIds = new Set(chosen.map((p) => p.docId));
      const existing = (await Promise.all([...docIds].map((id) => readDocAnnotations(db, id)))).flat();
      const plan = planOccurrenceMarks({
        places: chosen,
        documents,
        existing,
        mark: kind === 'claim' ? { kind, verdict } : { kind, translation: { dimension, subtype, severity, correction } },
        wording: words,
        author,
        now: new Date().toISOString(),
        newId,
      });
      const n = plan.created.length + plan.joined.length;
      const what = kind === 'claim' ? `one ${verdict} claim` : `translation errors sharing one correction`;
      await workspace.addLinked(plan.created, plan.joined, `Mark ${n} occurrences of “${words}” as ${what}`);
      notices.status(
        `Marked ${plural(n, 'occurrence')} of “${words}” as ${n > 1 ? (kind === 'claim' ? `one linked ${verdict} claim` : 'linked translation errors') : kind === 'claim' ? `a ${verdict} claim` : 'a translation error'}${plan.skipped.length ? ` (${grouped(plan.skipped.length)} left out: their document is not loaded)` : ''}.`,
      );
    } catch (e) {
      notices.alert(describeSaveError('the occurrences', e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="occurrences-confirm"
      aria-labelledby={`${uid}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
    >
      <h3 id={`${uid}-title`} className="search-doc">
        Mark occurrences
      </h3>
      <fieldset>
        <legend>Occurrences to mark ({ticked.size} of {places.length})</legend>
        <div className="row">
          <button type="button" onClick={() => setTicked(new Set(places.map((_, i) => i)))}>
            Tick all
          </button>
          <button type="button" onClick={() => setTicked(new Set())}>
            Tick none
          </button>
        </div>
        <ul className="occurrence-ticks">
          {places.map((p, i) => (
            <li key={`${p.docId}:${p.start}`}>
              <label>
                <input type="checkbox" checked={ticked.has(i)} onChange={() => toggle(i)} />
                {titleOf.get(p.docId) ?? p.docId}: …{p.before}
                <strong>{p.match}</strong>
                {p.after}…
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>Mark them as</legend>
        <label className="inline">
          <input type="radio" name={`${uid}-kind`} checked={kind === 'claim'} onChange={() => setKind('claim')} />
          One linked claim
        </label>
        <label className="inline">
          <input type="radio" name={`${uid}-kind`} checked={kind === 'translation-error'} onChange={() => setKind('translation-error')} />
          Translation errors with one correction
        </label>
        {kind === 'claim' ? (
          <label>
            Verdict
            <select value={verdict} onChange={(e) => setVerdict(e.target.value as Verdict)}>
              {VERDICTS.map((v) => (
                <option key={v} value={v}>{cap(v)}</option>
              ))}
            </select>
          </label>
        ) : (
          <>
            <label>
              Category
              <select
                value={dimension}
                onChange={(e) => {
                  const d = e.target.value as MqmDimension;
                  setDimension(d);
                  setSubtype(MQM_SUBTYPES[d][0] ?? '');
                }}
              >
                {MQM_DIMENSIONS.map((d) => (
                  <option key={d} value={d}>{DIMENSION_LABELS[d]}</option>
                ))}
              </select>
            </label>
            {MQM_SUBTYPES[dimension].length > 0 && (
              <label>
                Subtype
                <select value={subtype} onChange={(e) => setSubtype(e.target.value)}>
                  {MQM_SUBTYPES[dimension].map((s) => (
                    <option key={s} value={s}>{cap(s)}</option>
                  ))}
                </select>
              </label>
            )}
            <label>
              Severity
              <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>{cap(s)}</option>
                ))}
              </select>
            </label>
            <label>
              Suggested correction
              <input type="text" value={correction} onChange={(e) => setCorrection(e.target.value)} />
            </label>
          </>
        )}
      </fieldset>
      <button type="submit" disabled={busy || ticked.size === 0}>
        Mark {plural(ticked.size, 'occurrence')}
      </button>
    </form>
  );
}
