// A claim's workflow and links in its panel entry: status, assignee and due date; the claim's other
// appearances (in any document) with a jump to each; linking with passages picked elsewhere, and
// unlinking. Shared values (verdict, status, sources, wording…) are edited as on any annotation: the
// workspace copies them to every appearance in the same transaction.
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { plural, CLAIM_STATUSES, CLAIM_STATUS_LABELS, divergentFields, linkProblem, reviewerId, workflowOf, type Annotation, type ClaimStatus, type Reviewer } from '../../../core/model';
import { readClaimAppearances } from '../../db/claims';
import { readDocAnnotations } from '../../db/reads';
import { describeSaveError } from '../../db/storage-errors';
import type { DraftStore } from '../../state/drafts';
import { valueAt } from '../../state/drafts';
import { cutAtWord } from '../../state/history';
import { useStores } from '../../state/stores';
import { linkPicks, useLinkPicks } from './link-picks';
import './claims.css';

export interface ClaimWorkflowProps {
  annotation: Annotation;
  drafts: DraftStore;
  /** Reviewers known to this profile, offered as assignees. */
  reviewers: readonly Reviewer[];
  titleOf(docId: string): string | undefined;
}

const FIELD_WORDS: Record<string, string> = { kind: 'kind', verdict: 'verdict', translation: 'translation error details', status: 'status', assignee: 'assignee', due: 'due date', sources: 'sources', claimWording: 'wording' };

export function ClaimWorkflow({ annotation, drafts, reviewers, titleOf }: ClaimWorkflowProps) {
  useSyncExternalStore(drafts.subscribe, drafts.getVersion);
  const { db, workspace, selection, notices } = useStores();
  const uid = useId();
  const moves = useRef(0);
  const id = annotation.id;
  const wf = workflowOf(annotation);
  const val = <T,>(path: string, fallback: T): T => {
    const d = drafts.draft(id, path);
    return ((d ? d.value : valueAt(annotation, path)) ?? fallback) as T;
  };
  // A workflow move is a decision, not typing: each one is its own undo step (never merged with the last).
  const choose = (values: Partial<Pick<Annotation, 'status' | 'assignee' | 'due'>>, input: string) =>
    void drafts
      .flush(id)
      .then(() => workspace.edit({ id, set: values }, `${id}:${input}:${++moves.current}`))
      .catch((e: unknown) => notices.alert(describeSaveError(`the ${input}`, e)));
  const type = (path: string, value: unknown) => void drafts.set(id, { [path]: value }, path);
  const [pendingDue, setPendingDue] = useState<string | null>(null);

  const appearances = useLiveQuery(() => readClaimAppearances(db, wf.claimId), [db, wf.claimId, annotation.updatedAt]) ?? [];
  const others = appearances.filter((a) => a.id !== id);
  const divergent = divergentFields(appearances);
  const picks = useLinkPicks();
  const pickedOthers = picks.filter((p) => p.id !== id);
  const pickedHere = picks.some((p) => p.id === id);

  const assignees = [...reviewers];
  if (wf.assignee && !assignees.some((r) => r.id === wf.assignee)) assignees.push({ id: wf.assignee, name: `Reviewer ${wf.assignee.slice(-6)}` });

  const jump = (a: Annotation) => {
    void drafts.flush(id);
    if (a.docId !== annotation.docId) selection.open(a.docId);
    selection.focus(a.id);
  };

  // After a link or an unlink the button pressed is gone, and the keyboard focus would fall to the page.
  // It goes to the claim's first control (linked) or to "Pick to link" (unlinked), scrolled clear of the
  // panel's tabs (WCAG 2.4.11: the focused control is not hidden under them).
  const rootRef = useRef<HTMLDivElement>(null);
  const focusAfter = useRef<'linked' | 'unlinked' | null>(null);
  useEffect(() => {
    const want = focusAfter.current;
    if (!want || (want === 'linked') !== (wf.claimId !== '')) return;
    focusAfter.current = null;
    const root = rootRef.current;
    const el = want === 'linked' ? (root?.querySelector<HTMLElement>('select') ?? root?.querySelector<HTMLElement>('.claim-appearances button')) : root?.querySelector<HTMLElement>('[data-pick]');
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'nearest' });
  }, [wf.claimId]);

  const link = async () => {
    await drafts.flushAll();
    try {
      const members = (await Promise.all(pickedOthers.map((p) => readClaimMember(p.id)))).filter((a): a is Annotation => a !== null);
      const problem = members.length === 0 ? 'the picked passages are gone' : linkProblem([annotation, ...members]);
      if (problem) {
        notices.alert(`These passages cannot be linked: ${problem}.`);
        return;
      }
      // The passage picked first leads: its verdict, status, sources and wording become the claim's.
      focusAfter.current = 'linked';
      await workspace.link([...members.slice(1), annotation], members[0]!);
      for (const m of members) linkPicks.drop(m.id);
      linkPicks.drop(id);
      notices.status(`Linked ${members.length + 1} appearances as one claim: “${cutAtWord(annotation.quote.exact, 60)}”.`);
    } catch (e) {
      focusAfter.current = null;
      notices.alert(describeSaveError('the link', e));
    }
  };
  // A picked passage as stored now (it may have been edited since it was picked).
  const readClaimMember = async (memberId: string): Promise<Annotation | null> => {
    const p = picks.find((x) => x.id === memberId);
    if (!p) return null;
    return (await readDocAnnotations(db, p.docId)).find((a) => a.id === memberId) ?? null;
  };

  const unlink = () => {
    focusAfter.current = 'unlinked';
    void drafts
      .flushAll()
      .then(() => workspace.unlink(annotation))
      .then(() => notices.status(`Unlinked “${cutAtWord(annotation.quote.exact, 60)}” from its claim.`))
      .catch((e: unknown) => {
        focusAfter.current = null;
        notices.alert(describeSaveError('the unlink', e));
      });
  };

  const makeShared = (field: string) =>
    void workspace
      .editAll(
        others.map((o) => ({ id: o.id, set: { [field]: (annotation as unknown as Record<string, unknown>)[field] } })),
        `Use this appearance’s ${FIELD_WORDS[field] ?? field} for every appearance`,
      )
      .catch((e: unknown) => notices.alert(describeSaveError('the shared value', e)));

  const isClaim = annotation.kind === 'claim';
  return (
    <div ref={rootRef} className="claim-workflow" role="group" aria-labelledby={`${uid}-title`}>
      <h3 id={`${uid}-title`} className="claim-workflow-title">
        {wf.claimId ? `Linked claim · ${appearances.length || others.length + 1} appearances` : isClaim ? 'Claim workflow' : 'Links'}
      </h3>
      {isClaim && (
        <div className="claim-workflow-fields">
          <label>
            Status
            <select value={wf.status} onChange={(e) => choose({ status: e.target.value as ClaimStatus }, 'status')}>
              {CLAIM_STATUSES.map((s) => (
                <option key={s} value={s}>{CLAIM_STATUS_LABELS[s]}</option>
              ))}
            </select>
          </label>
          <label>
            Assignee
            <select value={wf.assignee} onChange={(e) => choose({ assignee: e.target.value }, 'assignee')}>
              <option value="">Nobody</option>
              {assignees.map((r) => (
                <option key={r.id} value={r.id}>{r.name}</option>
              ))}
            </select>
          </label>
          <label>
            Due
            {/* Saved when complete (a date input reports '' while a part is being typed) and on leaving it. */}
            <input
              type="date"
              value={pendingDue ?? wf.due}
              onChange={(e) => {
                setPendingDue(e.target.value);
                if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) choose({ due: e.target.value }, 'due');
              }}
              onBlur={() => {
                if (pendingDue === '' && wf.due !== '') choose({ due: '' }, 'due');
                setPendingDue(null);
              }}
            />
          </label>
        </div>
      )}
      {wf.claimId && (
        <>
          <label className="claim-wording">
            Claim wording (shared by every appearance)
            <textarea rows={2} value={val<string>('claimWording', '')} onChange={(e) => type('claimWording', e.target.value)} />
          </label>
          {divergent.length > 0 && (
            <p className="claim-divergent" role="note">
              The appearances disagree on {divergent.map((f) => FIELD_WORDS[f] ?? f).join(', ')} (edited apart and merged).{' '}
              {divergent.map((f) => (
                <button key={f} type="button" onClick={() => makeShared(f)}>
                  Use this {FIELD_WORDS[f] ?? f} everywhere
                </button>
              ))}
            </p>
          )}
          <ul className="claim-appearances" aria-label="Other appearances">
            {others.map((o) => (
              <li key={o.id}>
                <button type="button" className="link-button" onClick={() => jump(o)}>
                  Go to “{cutAtWord(o.quote.exact, 50)}” in {titleOf(o.docId) ?? o.docId}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={unlink}>
            Unlink this appearance
          </button>
        </>
      )}
      {annotation.kind !== 'comment' && (
        <div className="claim-link-row">
          {pickedOthers.length > 0 ? (
            <>
              <p className="muted">
                Picked to link: {pickedOthers.map((p) => `“${cutAtWord(p.quote, 40)}” (${titleOf(p.docId) ?? p.docId})`).join('; ')}
              </p>
              <button type="button" onClick={() => void link()}>
                Link with {plural(pickedOthers.length, 'picked passage')} as one claim
              </button>
              <button type="button" onClick={() => linkPicks.clear()}>
                Clear picked passages
              </button>
            </>
          ) : null}
          {pickedHere ? (
            <button type="button" onClick={() => linkPicks.drop(id)}>
              Unpick this passage
            </button>
          ) : (
            <button type="button" data-pick onClick={() => linkPicks.pick(annotation)}>
              Pick to link with another passage
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** Reviewers to offer as assignees: this profile's editor and everyone who wrote the shown annotations. */
export function knownReviewers(editorName: string, annotations: readonly Pick<Annotation, 'author'>[]): Reviewer[] {
  const names = new Set<string>();
  if (editorName.trim()) names.add(editorName.trim());
  for (const a of annotations) if (a.author.trim()) names.add(a.author.trim());
  return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ id: reviewerId(name), name }));
}
