// The Agreement screen (issue 15): for the open document, how far the reviewers who checked it agree,
// which places they all marked, their verdicts and MQM categories and severities compared with
// Krippendorff's alpha, span-level F1, and the disagreements, each opening its annotation in the reader.
// A panel beside the reader (not modal), so a person can step through the disagreements and read each one.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { agreementSummaryCsv, agreementUnitsCsv, type AgreementReport, type AspectAgreement } from '../../../core/agreement';
import type { CorpusDocument } from '../../../core/model';
import { platform } from '../../platform';
import { useSelection, useStores } from '../../state/stores';
import { useDocAnnotations } from '../document/DocumentView';
import { agreementFileName, annotationToOpen, describeDisagreement, describeFigure, measureFor, reviewersOf, tooFewReviewers } from './agreement-view';
import './agreement.css';
import { plural } from '../../../core/model';

/** Whether the Agreement panel is shown, with its shortcut (Alt+Shift+A) anywhere outside a modal dialog. */
export function useAgreementPanel(): { open: boolean; toggle(): void; close(): void } {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || e.code !== 'KeyA' || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      setOpen((o) => !o);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  const close = useCallback(() => setOpen(false), []);
  return { open, toggle, close };
}

export function AgreementButton({ open, onToggle }: { open: boolean; onToggle(): void }) {
  return (
    <button type="button" aria-expanded={open} aria-controls="agreement-panel" aria-keyshortcuts="Alt+Shift+A" title="Agreement between reviewers on this document (Alt+Shift+A)" onClick={onToggle}>
      Agreement
    </button>
  );
}

export function AgreementPanel({ doc, open, onClose }: { doc: CorpusDocument | null; open: boolean; onClose(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (!open) return;
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
    return () => {
      // Back where the person was (the Agreement button, or the reader) when the panel closes.
      const back = returnTo.current;
      if (back?.isConnected && (!document.activeElement || document.activeElement === document.body)) back.focus();
    };
  }, [open]);
  if (!open) return null;
  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onClose();
  };
  return (
    <section id="agreement-panel" className="agreement-panel" aria-labelledby="agreement-title" onKeyDown={onKeyDown}>
      <div className="agreement-head">
        <h2 id="agreement-title" ref={heading} tabIndex={-1}>
          Agreement
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {doc ? <AgreementBody key={doc.id} doc={doc} /> : <p className="muted">Open a document to see how its reviewers agree.</p>}
    </section>
  );
}

function AgreementBody({ doc }: { doc: CorpusDocument }) {
  const { stored } = useDocAnnotations(doc.id);
  const annotations = stored ?? [];
  const reviewers = useMemo(() => reviewersOf(annotations), [annotations]);
  // Everyone is chosen unless the person unticks them (a reviewer who appears later is chosen too).
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const chosen = useMemo(() => reviewers.filter((r) => !excluded.has(r.name)).map((r) => r.name), [reviewers, excluded]);
  const report = useMemo(() => measureFor(annotations, chosen), [annotations, chosen]);

  if (!stored) return <p className="muted">Reading the annotations…</p>;
  if (reviewers.length < 2) return <p role="status">{tooFewReviewers(reviewers)}</p>;
  const toggle = (name: string, on: boolean) =>
    setExcluded((s) => {
      const next = new Set(s);
      if (on) next.delete(name);
      else next.add(name);
      return next;
    });
  return (
    <>
      <p className="muted agreement-intro">Reviewers who checked “{doc.title}” independently, compared place by place: overlapping marks of one kind count as one place.</p>
      <fieldset className="agreement-reviewers">
        <legend>Reviewers to compare</legend>
        {reviewers.map((r) => (
          <label key={r.name}>
            <input type="checkbox" checked={!excluded.has(r.name)} onChange={(e) => toggle(r.name, e.target.checked)} /> {r.name || 'Unnamed editor'} ({plural(r.count, 'annotation')})
          </label>
        ))}
      </fieldset>
      {report ? <AgreementReportView report={report} docId={doc.id} /> : <p role="status">Choose at least two reviewers to compare.</p>}
    </>
  );
}

function AgreementReportView({ report, docId }: { report: AgreementReport; docId: string }) {
  const hasErrors = report.units.some((u) => u.kind === 'translation-error');
  const hasClaims = report.units.some((u) => u.kind === 'claim');
  const many = report.reviewers.length > 2;
  return (
    <>
      <table className="agreement-figures">
        <caption>Figures</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Value</th>
            <th scope="col">What it means</th>
          </tr>
        </thead>
        <tbody>
          <Figure name="Places marked" value={String(report.units.length)} meaning="Places in the text at least one of these reviewers marked." />
          <Figure name="Marked by all" value={String(report.markedByAll)} meaning={many ? 'Places every one of these reviewers marked.' : 'Places both reviewers marked (their marks overlap).'} />
          {hasClaims && <Aspect label="Verdict" what="claims" a={report.verdict} />}
          {hasErrors && <Aspect label="MQM category" what="translation errors" a={report.category} />}
          {hasErrors && <Aspect label="MQM severity" what="translation errors" a={report.severity} />}
          <Figure
            name="Span F1, overlapping"
            value={describeFigure(report.spanF1.overlap)}
            meaning={`How far the marks pair up one to one when they overlap: 1 means every mark has a partner, 0 none${many ? ' (mean over pairs of reviewers)' : ''}.`}
          />
          <Figure name="Span F1, exact" value={describeFigure(report.spanF1.exact)} meaning="The same, counting only marks with the same start and end." />
        </tbody>
      </table>
      <Disagreements report={report} />
      <AgreementExport report={report} docId={docId} />
    </>
  );
}

function Figure({ name, value, meaning }: { name: string; value: string; meaning: string }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className="agreement-value">{value}</td>
      <td className="muted">{meaning}</td>
    </tr>
  );
}

function Aspect({ label, what, a }: { label: string; what: string; a: AspectAgreement }) {
  return (
    <>
      <Figure name={`${label} agreed`} value={`${a.agreed} of ${a.compared}`} meaning={`${what[0]!.toUpperCase()}${what.slice(1)} marked by two or more of these reviewers, and how many of them they gave the same ${label.toLowerCase()}.`} />
      <Figure
        name={`${label}: Krippendorff’s alpha`}
        value={describeFigure(a.alpha.alpha)}
        meaning="Agreement beyond chance (nominal): 1 is full agreement, 0 no better than chance, below 0 worse; not defined when there is nothing to compare or no variation."
      />
    </>
  );
}

function Disagreements({ report }: { report: AgreementReport }) {
  const { selection } = useStores();
  const { selectedId } = useSelection();
  const list = useRef<HTMLOListElement>(null);
  if (report.disagreements.length === 0) {
    return (
      <>
        <h3>Disagreements</h3>
        <p className="muted">None: these reviewers marked the same places and agree on every one.</p>
      </>
    );
  }
  // Arrow keys, Home and End move between the disagreements (Tab does too).
  const onKeyDown = (e: ReactKeyboardEvent) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
    if (to === null || at < 0) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))]?.focus();
  };
  return (
    <>
      <h3 id="agreement-disagreements">Disagreements ({report.disagreements.length})</h3>
      <p className="muted">Each opens its annotation in the reader; ↑ and ↓ move between them.</p>
      <ol ref={list} className="agreement-disagreements" aria-labelledby="agreement-disagreements" onKeyDown={onKeyDown}>
        {report.disagreements.map((d) => {
          const id = annotationToOpen(d);
          return (
            <li key={`${d.unit.index}:${d.aspect}`}>
              <button type="button" aria-current={selectedId !== null && d.unit.marks.some((m) => m?.id === selectedId) ? 'true' : undefined} onClick={() => selection.focus(id)}>
                {describeDisagreement(d, report)}
              </button>
            </li>
          );
        })}
      </ol>
    </>
  );
}

function AgreementExport({ report, docId }: { report: AgreementReport; docId: string }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const save = async (what: 'units' | 'summary') => {
    setMessage(null);
    try {
      const content = what === 'units' ? agreementUnitsCsv(report) : agreementSummaryCsv(report);
      const result = await platform.saveExport({ suggestedName: agreementFileName(docId, what, new Date()), kind: 'csv', content });
      const label = what === 'units' ? 'Agreement CSV' : 'Agreement summary CSV';
      setMessage({ text: result.saved ? `${label} saved${result.path ? ` to ${result.path}` : ''}.` : `${label} export cancelled.`, error: false });
    } catch (e) {
      setMessage({ text: `Export failed: ${e instanceof Error ? e.message : String(e)}. Nothing was written.`, error: true });
    }
  };
  return (
    <div className="agreement-export">
      <button type="button" onClick={() => void save('units')} title="One row per place: each reviewer's verdict or MQM category and severity, and what they disagree on">
        Export CSV
      </button>
      <button type="button" onClick={() => void save('summary')}>
        Export summary CSV
      </button>
      <p role="status" className={message?.error ? 'error' : undefined}>
        {message?.text}
      </p>
    </div>
  );
}
