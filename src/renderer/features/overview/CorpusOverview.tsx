// The corpus overview: per document, counts by workflow status and by verdict, the translation's MQM
// result (or "Not reviewed"), orphans; the totals; and the claims still to check, the most urgent first.
import { useMemo } from 'react';
import { CLAIM_STATUSES, VERDICTS, plural, type CorpusDocument } from '../../../core/model';
import type { MqmWeights } from '../../../core/model/mqm';
import { useReviewMarks } from '../../db/review-marks';
import { useStores } from '../../state/stores';
import { wordsOf } from '../../state/word-count';
import { useDeskSummary } from '../desk/desk-client';
import { verdictLabel } from '../desk/desk-model';
import { statusLabel } from '../filters/annotation-filter';
import { describeMqm, mqmResultOf, totalProgress } from './progress';

export interface CorpusOverviewProps {
  documents: readonly CorpusDocument[];
  mqm: { weights: Readonly<MqmWeights>; threshold: number };
  onOpenAnnotation(docId: string, id: string): void;
  onOpenDocument(docId: string): void;
}

const cap = (v: string) => v[0]!.toUpperCase() + v.slice(1);

export function CorpusOverview({ documents, mqm, onOpenAnnotation, onOpenDocument }: CorpusOverviewProps) {
  const summary = useDeskSummary();
  const { db } = useStores();
  const marks = useReviewMarks(db);
  const reviewed = useMemo(() => new Set((marks ?? []).map((m) => m.docId)), [marks]);
  const rows = useMemo(() => {
    const byId = new Map((summary?.documents ?? []).map((p) => [p.docId, p]));
    return documents
      .filter((d) => byId.has(d.id))
      .map((d) => {
        const p = byId.get(d.id)!;
        return { d, p, mqm: mqmResultOf(p, !!d.translation, d.text ? wordsOf(d) : 0, reviewed.has(d.id), mqm.weights, mqm.threshold) };
      });
  }, [summary, documents, reviewed, mqm]);
  const total = useMemo(() => totalProgress(rows.map((r) => r.p)), [rows]);
  const titles = useMemo(() => new Map(documents.map((d) => [d.id, d.title])), [documents]);
  const untouched = documents.length - rows.length;

  return (
    <section className="overview" aria-labelledby="overview-title">
      <h2 id="overview-title" tabIndex={-1}>
        Corpus overview
      </h2>
      {!summary ? (
        <p className="muted">Reading every annotation…</p>
      ) : (
        <>
          <p className="muted">
            {plural(total.total, 'annotation')} in {plural(rows.length, 'document')}
            {untouched > 0 ? `; ${plural(untouched, 'document')} without annotations` : ''}.
          </p>
          <div className="overview-table-wrap">
            <table className="overview-table">
              <caption className="visually-hidden">Per document: annotations by status and by verdict, translation errors, MQM result and orphans</caption>
              <thead>
                <tr>
                  <th scope="col">Document</th>
                  {CLAIM_STATUSES.map((s) => (
                    <th scope="col" key={s}>
                      {statusLabel(s)}
                    </th>
                  ))}
                  {VERDICTS.map((v) => (
                    <th scope="col" key={v}>
                      {cap(v)}
                    </th>
                  ))}
                  <th scope="col">Translation errors</th>
                  <th scope="col">MQM</th>
                  <th scope="col">Orphans</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ d, p, mqm: m }) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <button type="button" className="link" onClick={() => onOpenDocument(d.id)}>
                        {d.title}
                      </button>
                    </th>
                    {CLAIM_STATUSES.map((s) => (
                      <td key={s} className="num">
                        {p.byStatus[s]}
                      </td>
                    ))}
                    {VERDICTS.map((v) => (
                      <td key={v} className="num">
                        {p.byVerdict[v]}
                      </td>
                    ))}
                    <td className="num">{p.translationErrors}</td>
                    <td>{describeMqm(m)}</td>
                    <td className="num">{p.orphans}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  {CLAIM_STATUSES.map((s) => (
                    <td key={s} className="num">
                      {total.byStatus[s]}
                    </td>
                  ))}
                  {VERDICTS.map((v) => (
                    <td key={v} className="num">
                      {total.byVerdict[v]}
                    </td>
                  ))}
                  <td className="num">{total.translationErrors}</td>
                  <td />
                  <td className="num">{total.orphans}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <h3>Still to check first</h3>
          {summary.toCheckFirst.length === 0 ? (
            <p className="muted">Every claim is checked or published.</p>
          ) : (
            <ol className="to-check-first" aria-label="Claims still to check, most urgent first">
              {summary.toCheckFirst.map((r) => (
                <li key={r.id}>
                  <button type="button" className="link" onClick={() => onOpenAnnotation(r.docId, r.id)}>
                    “{r.quote}”
                  </button>{' '}
                  <span className="muted">
                    {verdictLabel(r)} · {statusLabel(r.status)} · {titles.get(r.docId) ?? r.docId}
                    {r.due ? ` · due ${r.due}` : ''}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
