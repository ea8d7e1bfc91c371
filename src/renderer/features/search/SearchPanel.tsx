// The library search panel: a query box (Ctrl+K or /), results grouped by document with the matching
// words in context, and, once a result is opened, every match highlighted in the reader with
// next/previous match keys (F3 / Shift+F3, Enter / Shift+Enter in the box).
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import type { Annotation, CorpusDocument } from '../../../core/model';
import { plural, splitParagraphs } from '../../../core/model';
import { findMatches, parseQuery } from '../../../core/search';
import type { Range as TextRange, SearchHit, SearchResults, SimilarPassage, Snippet } from '../../../core/search';
import type { ClaimdeskDb } from '../../db/schema';
import { readAnnotation, readDocAnnotations } from '../../db/reads';
import { watchAllAnnotations } from '../../db/annotation-watch';
import { newId, nowIso } from '../../db/clock';
import { describeSaveError } from '../../db/storage-errors';
import { withTexts } from '../../state/documents';
import { useStores } from '../../state/stores';
import { isTypingTarget } from '../../keyboard';
import { isTextField } from '../../reader/dom-selection';
import { isPlaceholderDocument } from '../../state/documents';
import { SearchClient, type SearchAnswer } from './search-client';
import { clearMatches, findReader, paintMatches } from './reader-matches';
import './search.css';
// workflow helper (issue 14): confirming occurrences as one linked claim or linked translation errors.
import { OccurrencesConfirm } from '../annotations/OccurrencesConfirm';
import { isLinkedPlace, planAcceptSimilar } from './accept-similar';

export interface SearchPanelProps {
  db: ClaimdeskDb;
  documents: readonly CorpusDocument[];
  /** The document the reader shows. */
  openDocId: string | null;
  /** Opens a document in the reader (the app's own open, so the library follows). */
  onOpenDocument(docId: string): void;
  /** The annotation selected in the reader or panel, for "Similar passages". */
  selectedAnnotationId?: string | null;
  /** The editor's name, the author of annotations made from confirmed occurrences. */
  author?: string;
}

/** A place listed by "Similar passages" or "All occurrences": opening it shows these ranges. */
interface Place {
  docId: string;
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
  /** Why it is listed (similar passages): shared names, dates, differing figures. */
  why: string;
}

interface PlaceList {
  kind: 'similar' | 'occurrences';
  title: string;
  /** The words looked for (occurrences). */
  words?: string;
  /** The annotation whose similar passages these are (similar). */
  forId?: string;
  places: Place[];
}

// Result documents painted with the answer (a screenful: the panel is 45 % of the window high and a
// document with five hits takes about a third of it); more as the list is scrolled near its end.
const FIRST_GROUPS = 4;
// How long a key's handler waits for the worker's first answer (shared-answer.ts): most come in 2–5 ms.
const KEY_WAIT_MS = 8;
// "Searching…" is said when the answer to a key takes longer than this.
const SEARCHING_AFTER_MS = 150;
const MORE_GROUPS = 6;

const FIELD_LABEL: Record<SearchHit['field'], string> = {
  text: 'Text',
  quote: 'Annotated passage',
  note: 'Note',
  source: 'Source',
  details: 'Document details',
};

/** A snippet as text with its matches marked: plain text between the marks, no element around it
 * (each key redraws every listed snippet; fewer boxes to lay out). */
function SnippetText({ snippet }: { snippet: Snippet }) {
  const parts: Array<ReactElement | string> = [];
  let at = 0;
  snippet.matches.forEach((m, i) => {
    if (m.start > at) parts.push(snippet.text.slice(at, m.start));
    parts.push(<mark key={`m${i}`}>{snippet.text.slice(m.start, m.end)}</mark>);
    at = m.end;
  });
  if (at < snippet.text.length) parts.push(snippet.text.slice(at));
  return (
    <>
      {snippet.cutStart ? '… ' : ''}
      {parts}
      {snippet.cutEnd ? ' …' : ''}
    </>
  );
}

interface ResultListProps {
  results: SearchResults;
  shownGroups: number;
  /** More documents can be listed (drawn here, or still to be asked of the worker). */
  hasMore: boolean;
  /** Called when the end of the listed documents comes near the panel's visible part. */
  onNearEnd(): void;
  query: string;
  openHit(hit: SearchHit, query: string): void;
  onKeyDown(e: ReactKeyboardEvent): void;
}

/** The results by document; memoised, so a key press that has no answer yet does not re-render them. */
const ResultList = memo(function ResultList({ results, shownGroups, hasMore: more, query, openHit, onKeyDown, onNearEnd }: ResultListProps) {
  // A marker after the last listed document: when it comes within a screen of the panel's visible
  // part, more documents are listed (at once when the first ones do not fill the panel).
  const endRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const end = endRef.current;
    if (!more || !end) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) onNearEnd();
      },
      { root: end.closest('.search-panel'), rootMargin: '0px 0px 100% 0px' },
    );
    observer.observe(end);
    return () => observer.disconnect();
  }, [more, shownGroups, results, onNearEnd]);
  return (
    <>
      <ol className="search-results" aria-label="Results by document" onKeyDown={onKeyDown}>
        {results.groups.slice(0, shownGroups).map((g) => (
          <li key={g.docId}>
            <h3 className="search-doc">
              {g.title}{' '}
              <span className="search-count">
                · {plural(g.matchCount, 'match', 'matches')}
                {g.hitCount !== g.matchCount ? ` in ${plural(g.hitCount, 'place')}` : ''}
              </span>
            </h3>
            <ul>
              {g.hits.map((h, i) => (
                <li key={`${h.field}:${h.annotationId ?? ''}:${h.paragraph ?? ''}:${i}`}>
                  <button type="button" className="search-hit" onClick={() => openHit(h, query)}>
                    <span className="search-field">{FIELD_LABEL[h.field]}{h.paragraph !== null ? `, paragraph ${h.paragraph + 1}` : ''}: </span>
                    <SnippetText snippet={h.snippet} />
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {more && <div ref={endRef} className="search-more" aria-hidden="true" />}
    </>
  );
});

interface Target {
  docId: string;
  query: string;
  /** Ranges to show instead of the query's matches (a place list). */
  ranges?: TextRange[];
  /** Start of the match the result pointed at; the reader lands on the first match from there. */
  offset: number;
}

function describeWhy(p: SimilarPassage): string {
  const parts: string[] = [];
  if (p.why.sharedNames.length) parts.push(`names: ${p.why.sharedNames.join(', ')}`);
  if (p.why.sharedDates.length) parts.push(`dates: ${p.why.sharedDates.join(', ')}`);
  if (p.why.sharedNumbers.length) parts.push(`figures: ${p.why.sharedNumbers.join(', ')}`);
  const shared = parts.length ? `Shares ${parts.join('; ')}.` : '';
  const conflict = p.why.possibleConflict
    ? ` Figures differ: ${p.why.differingNumbers.claim.join(', ')} here, ${p.why.differingNumbers.passage.join(', ')} there.`
    : '';
  return `${shared}${conflict}${p.sameDocument ? ' Same document.' : ''}`.trim();
}

/** The matches painted in the open document, and which of them the reader is on. */
interface MatchState {
  docId: string;
  ranges: TextRange[];
  current: number;
}

export function SearchPanel({ db, documents, openDocId, onOpenDocument, selectedAnnotationId = null, author = '' }: SearchPanelProps) {
  const [placeList, setPlaceList] = useState<PlaceList | null>(null);
  const [open, setOpen] = useState(false);
  // "Searching…" is said only when an answer is slow to come (a long phrase search): the summary does
  // not change on every key while answers come within a frame or two.
  const [waiting, setWaiting] = useState(false);
  const [answer, setAnswer] = useState<({ query: string } & SearchAnswer) | null>(null);
  const [shown, setShown] = useState<{ query: string | null; n: number }>({ query: null, n: FIRST_GROUPS });
  const [target, setTarget] = useState<Target | null>(null);
  const [matches, setMatches] = useState<MatchState | null>(null);
  const [announce, setAnnounce] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const latest = useRef(0);

  // The worker starts when search is first opened and then follows every change of documents and
  // annotations, so the next search finds the index ready.
  const [started, setStarted] = useState(false);
  const [client, setClient] = useState<SearchClient | null>(null);
  useEffect(() => {
    if (open) setStarted(true);
  }, [open]);
  useEffect(() => {
    if (!started) return;
    const c = new SearchClient();
    setClient(c);
    return () => {
      c.dispose();
      setClient(null);
    };
  }, [started]);
  // Every annotation, for the index and for "similar passages": read in pieces after changes, so the
  // window's writes never wait behind a read of the whole store (db/annotation-watch, issue 17).
  const [annotations, setAnnotations] = useState<Annotation[] | undefined>(undefined);
  useEffect(() => {
    if (!client) return;
    return watchAllAnnotations(db, (list) => setAnnotations(list), () => setAnnotations(undefined));
  }, [db, client]);

  useEffect(() => {
    // Every document of the library but the lists of unplaced annotations; the worker gets texts itself.
    client?.setDocuments(documents.filter((d) => !isPlaceholderDocument(d)));
  }, [client, documents]);
  useEffect(() => {
    if (!client || !annotations) return;
    client.setAnnotations(annotations.map((a) => ({ id: a.id, docId: a.docId, quote: a.quote, note: a.note, sources: a.sources, position: a.position, updatedAt: a.updatedAt })));
  }, [client, annotations]);

  // Search as the person types; answers to older keystrokes are dropped. A key's query goes to the
  // worker from the box's change handler, and the box is not controlled by React: a key renders
  // nothing, and its answer is drawn in one render (the key's own render and frame used to hold the
  // answer up, ADR 0017).
  const waitTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = useCallback(
    (q: string, fromKey = false) => {
      clearTimeout(waitTimer.current);
      if (!q.trim()) {
        latest.current++;
        setAnswer(null);
        setWaiting(false);
        return;
      }
      if (!client) return;
      const id = ++latest.current;
      waitTimer.current = setTimeout(() => id === latest.current && setWaiting(true), SEARCHING_AFTER_MS);
      // The first documents come at once; the rest of the list follows (see search.worker). The mark
      // (for the benchmark) is set when results are first shown: the first answer with documents, or the
      // complete one (a phrase may need more than one step to find its first document).
      performance.mark('cd:search-sent', { detail: { query: q } });
      let first = true;
      let marked = false;
      const show = (a: SearchAnswer) => {
        if (id !== latest.current) return;
        if (!marked && (a.final || a.results.groups.length > 0)) {
          marked = true;
          performance.mark('cd:search-results', { detail: { query: q, ms: a.ms } });
        }
        if (a.final || a.results.groups.length > 0) {
          clearTimeout(waitTimer.current);
          setWaiting(false);
        }
        if (first) setShown({ query: q, n: FIRST_GROUPS });
        first = false;
        setAnswer({ query: q, ...a });
      };
      // A key's answer is waited for here, briefly: then it is drawn with the key, in the key's frame.
      // A search again after the library changed does not wait (the worker is busy with the change).
      const { now, later } = fromKey ? client.searchAndWait(q, show, KEY_WAIT_MS) : { now: null, later: client.search(q, show) };
      if (now) show(now);
      else void later.then(show);
    },
    [client],
  );
  // What the box holds (it is not controlled: see `search`).
  const queryNow = useRef('');
  const onQuery = useCallback(
    (q: string) => {
      queryNow.current = q;
      search(q, true);
    },
    [search],
  );
  useEffect(() => () => clearTimeout(waitTimer.current), []);
  // The worker started, or the documents or annotations changed: the current query again.
  useEffect(() => search(queryNow.current), [search, annotations, documents]);

  // More results as the list is scrolled (or arrowed) near its end, a few documents at a time: a key
  // press then only ever replaces the few documents on screen, never a list of fifty (see ResultList).
  // The first documents are painted with the key press that asked for them; the rest as scrolled to.
  const shownGroups = answer && shown.query === answer.query ? shown.n : FIRST_GROUPS;
  const showMore = useCallback(() => {
    if (!answer || answer.query !== queryNow.current) return;
    const n = shownGroups + MORE_GROUPS;
    // The worker lists a query's documents as they are asked for: ask ahead of what is drawn.
    if (!answer.final && n > answer.results.groups.length) client?.more(n + MORE_GROUPS);
    if (n - MORE_GROUPS < answer.results.groups.length) setShown({ query: answer.query, n });
  }, [answer, shownGroups, client]);

  // The box takes the focus before this returns (the panel is drawn at once when it was closed), so
  // the keys typed straight after Ctrl+K go into it. Focusing it a frame later lost the first keys
  // when the window was busy: "Kamilov" was searched as "ilov".
  const focusBox = useCallback(() => {
    if (!inputRef.current) flushSync(() => setOpen(true));
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const step = useCallback((delta: number) => {
    setMatches((m) => (m && m.ranges.length > 0 ? { ...m, current: (m.current + delta + m.ranges.length) % m.ranges.length } : m));
  }, []);

  // Ctrl+K or / opens the search; F3 / Shift+F3 move between matches anywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        focusBox();
      } else if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target)) {
        e.preventDefault();
        focusBox();
      } else if (e.key === 'F3' && matches) {
        e.preventDefault();
        step(e.shiftKey ? -1 : 1);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [focusBox, matches, step]);

  const openHit = useCallback(
    (hit: SearchHit, q: string) => {
      setTarget({ docId: hit.docId, query: q, offset: hit.ranges[0]?.start ?? 0 });
      if (hit.docId !== openDocId) onOpenDocument(hit.docId);
    },
    [openDocId, onOpenDocument],
  );

  // The text and title of the documents the matches are found and painted in. The effects below follow
  // these, not the list: the list is a new array whenever any document or the open one's annotations
  // change, and tagging a passage must neither take the reader back to the match nor reset F3's place.
  const targetText = target ? documents.find((d) => d.id === target.docId)?.text : undefined;
  const matchesDoc = matches ? documents.find((d) => d.id === matches.docId) : undefined;
  const matchesText = matchesDoc?.text;
  const matchesTitle = matchesDoc?.title;

  // Once the reader shows the target document, find every match in it and land on the chosen one.
  useEffect(() => {
    if (!target || target.docId !== openDocId || targetText === undefined) return;
    const ranges = target.ranges ?? findMatches(targetText, parseQuery(target.query));
    const first = ranges.findIndex((r) => r.start >= target.offset);
    setMatches({ docId: target.docId, ranges, current: first === -1 ? 0 : first });
  }, [target, openDocId, targetText]);

  // Paint the matches when the reader is ready (it renders after the document opens). The reader is
  // scrolled to the current match only when that match is new (opened, or stepped to with F3), never
  // again because the same matches were painted again.
  const scrolledTo = useRef<MatchState | null>(null);
  const targetQuery = target?.query ?? '';
  const targetIsPlaces = target?.ranges !== undefined;
  useEffect(() => {
    if (!matches || matches.docId !== openDocId) {
      clearMatches();
      return;
    }
    if (matchesText === undefined || matchesTitle === undefined) return;
    const lines = splitParagraphs(matchesText);
    let cancelled = false;
    let tries = 0;
    const paint = () => {
      if (cancelled) return;
      const reader = findReader(matchesTitle, lines);
      if (!reader) {
        if (tries++ < 200) setTimeout(paint, 25);
        return;
      }
      const paragraph = paintMatches(reader, matches.ranges, matches.current);
      if (scrolledTo.current !== matches) {
        scrolledTo.current = matches;
        paragraph?.scrollIntoView({ block: 'center' });
      }
      const n = matches.ranges.length;
      setAnnounce(n === 0 ? `No match of “${targetQuery}” in ${matchesTitle}.` : `${targetIsPlaces ? 'Place' : 'Match'} ${matches.current + 1} of ${n} in ${matchesTitle}.`);
    };
    paint();
    return () => {
      cancelled = true;
    };
  }, [matches, openDocId, matchesText, matchesTitle, targetQuery, targetIsPlaces]);

  useEffect(() => () => clearMatches(), []);

  // Similar passages to the selected annotation, from the worker.
  const findSimilar = useCallback(async () => {
    const a = annotations?.find((x) => x.id === selectedAnnotationId);
    if (!client || !a || a.orphan) {
      setAnnounce('Select an annotation (anchored in its text) first.');
      return;
    }
    setAnnounce('Looking for similar passages…');
    const passages = await client.similar({ docId: a.docId, start: a.position.start, end: a.position.end }, 20);
    const title = `Passages like “${a.quote.exact.length > 60 ? `${a.quote.exact.slice(0, 59)}…` : a.quote.exact}”`;
    setPlaceList({
      kind: 'similar',
      title,
      forId: a.id,
      places: passages.map((p) => ({ docId: p.docId, start: p.start, end: p.end, before: '', match: p.text, after: '', why: describeWhy(p) })),
    });
    setAnnounce(`${plural(passages.length, 'similar passage')}.`);
  }, [annotations, client, selectedAnnotationId]);

  // The words last selected in the reader: focusing the search box moves the selection away from
  // them, so they are remembered as they are selected.
  const [selectedWords, setSelectedWords] = useState('');
  useEffect(() => {
    const onChange = () => {
      // Typing in the search box (or another field): the selection is there, and reading it costs a layout.
      if (isTextField(document.activeElement)) return;
      const sel = document.getSelection();
      if (!sel || sel.isCollapsed || sel.rangeCount === 0) return;
      if (!document.querySelector('.reader-content')?.contains(sel.getRangeAt(0).commonAncestorContainer)) return;
      const words = sel.toString().trim();
      if (words && words.length <= 200 && !words.includes('\n')) setSelectedWords(words);
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, []);

  // Every occurrence across the library of the words selected in the reader.
  const findOccurrencesOfSelection = useCallback(async () => {
    const words = selectedWords;
    if (!client || !words) {
      setAnnounce('Select words in the reader first.');
      return;
    }
    setAnnounce('Looking for every occurrence…');
    const found = await client.occurrences(words, null, {});
    setPlaceList({
      kind: 'occurrences',
      words,
      title: `Every “${words.length > 60 ? `${words.slice(0, 59)}…` : words}” in the library`,
      places: found.map((o) => ({ docId: o.docId, start: o.start, end: o.end, before: o.before, match: o.exact, after: o.after, why: '' })),
    });
    const docs = new Set(found.map((o) => o.docId)).size;
    setAnnounce(`${plural(found.length, 'occurrence')} in ${plural(docs, 'document')}.`);
  }, [client, selectedWords]);

  // Accepting a similar passage: it becomes another appearance of the claim the list was made for, in
  // one transaction and one undo step (see accept-similar.ts); an impossible link is refused, and said.
  const { workspace, notices } = useStores();
  const [linking, setLinking] = useState<string | null>(null);
  const acceptPlace = useCallback(
    async (claimId: string, place: Place) => {
      const key = `${place.docId}:${place.start}:${place.end}`;
      const title = documents.find((d) => d.id === place.docId)?.title ?? place.docId;
      const say = (text: string, alert = false) => {
        setAnnounce(text);
        if (alert) notices.alert(text);
        else notices.status(text);
      };
      setLinking(key);
      try {
        const claim = await readAnnotation(db, claimId);
        if (!claim) {
          say('Could not link the passage: the annotation it was found for is gone.', true);
          return;
        }
        const entry = documents.find((d) => d.id === place.docId);
        const [doc] = entry ? await withTexts(db, [entry]) : [];
        const existing = await readDocAnnotations(db, place.docId);
        const plan = planAcceptSimilar({ claim, place, doc, existing, author, now: nowIso(), newId });
        if (plan.type === 'refused') {
          say(`Could not link the passage in ${title}: ${plan.reason}.`, true);
          return;
        }
        if (plan.type === 'link-existing') await workspace.link([plan.existing], claim);
        else await workspace.addLinked([plan.created], plan.patches, `Link “${place.match.length > 40 ? `${place.match.slice(0, 39)}…` : place.match}” in ${title} as the same claim`);
        say(`Linked the passage in ${title} as the same claim.`);
      } catch (e) {
        say(describeSaveError('the link', e), true);
      } finally {
        setLinking(null);
      }
    },
    [author, db, documents, notices, workspace],
  );
  const listClaim = placeList?.forId ? annotations?.find((a) => a.id === placeList.forId) : undefined;

  const openPlace = useCallback(
    (list: PlaceList, place: Place) => {
      // Occurrences: every one in that document is shown; a similar passage: just itself.
      const ranges = list.kind === 'occurrences' ? list.places.filter((p) => p.docId === place.docId).map((p) => ({ start: p.start, end: p.end })) : [{ start: place.start, end: place.end }];
      setTarget({ docId: place.docId, query: place.match, ranges, offset: place.start });
      if (place.docId !== openDocId) onOpenDocument(place.docId);
    },
    [openDocId, onOpenDocument],
  );

  const close = useCallback(() => {
    setOpen(false);
    setPlaceList(null);
    setMatches(null);
    setTarget(null);
    setAnnounce('');
    clearMatches();
    document.querySelector<HTMLElement>('.reader-content')?.focus();
  }, []);

  const onBoxKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (matches && target?.query === queryNow.current) step(e.shiftKey ? -1 : 1);
      else {
        const hit = answer?.results.groups[0]?.hits[0];
        if (hit && answer) openHit(hit, answer.query);
      }
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      document.querySelector<HTMLButtonElement>('.search-results button.search-hit')?.focus();
    }
  };

  // Arrow keys move between results, as in the library.
  const onResultsKey = useCallback((e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.search-results button.search-hit')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowUp' && i <= 0) inputRef.current?.focus();
    else buttons[Math.min(buttons.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    e.preventDefault();
  }, []);

  if (!open) {
    return (
      <div className="search-launcher" role="search" aria-label="Search the library">
        <button type="button" onClick={focusBox} aria-keyshortcuts="Control+K /">
          Search
        </button>
      </div>
    );
  }

  const results = answer?.results;
  const count = results ? plural(results.totalDocuments, 'document') : '';
  return (
    <section
      className="search-panel"
      role="search"
      aria-labelledby="search-title"
      onKeyDown={(e) => {
        // Escape from anywhere in the panel (a result, a button) closes it, as from the box.
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          close();
        }
      }}
    >
      <div className="search-bar">
        <h2 id="search-title" className="search-title">
          Search the library
        </h2>
        <input
          id="search-box"
          aria-labelledby="search-title"
          ref={inputRef}
          type="search"
          defaultValue={queryNow.current}
          autoComplete="off"
          spellCheck={false}
          placeholder='Words, "a phrase", or a prefix*'
          aria-describedby="search-summary"
          aria-keyshortcuts="Control+K /"
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={onBoxKey}
        />
        <button type="button" onClick={() => step(-1)} disabled={!matches || matches.ranges.length === 0} aria-keyshortcuts="Shift+F3">
          Previous match
        </button>
        <button type="button" onClick={() => step(1)} disabled={!matches || matches.ranges.length === 0} aria-keyshortcuts="F3">
          Next match
        </button>
        <button type="button" onClick={close}>
          Close search
        </button>
      </div>
      <div className="search-tools">
        <button type="button" onClick={() => void findOccurrencesOfSelection()} disabled={!selectedWords}>
          {selectedWords ? `All occurrences of “${selectedWords.length > 40 ? `${selectedWords.slice(0, 39)}…` : selectedWords}”` : 'All occurrences (select words in the reader)'}
        </button>
        <button type="button" onClick={() => void findSimilar()} disabled={!selectedAnnotationId}>
          Similar passages to the selected annotation
        </button>
        {placeList && (
          <button type="button" onClick={() => setPlaceList(null)}>
            Back to search results
          </button>
        )}
      </div>
      <p id="search-summary" className="search-summary" role="status" aria-live="polite">
        {announce ||
          (waiting
            ? 'Searching…'
            : results && !(results.partial && results.groups.length === 0)
              ? results.totalDocuments === 0
                ? `Nothing found for “${answer!.query}”.`
                : `${count}${results.partial ? ' (some may not hold the exact phrase)' : ''} for “${answer!.query}”.`
              : '')}
      </p>
      {placeList && (
        <section className="search-places" aria-labelledby="search-places-title">
          <h3 id="search-places-title" className="search-doc">
            {placeList.title}
          </h3>
          <ol aria-label={placeList.kind === 'similar' ? 'Similar passages' : 'Occurrences'} onKeyDown={onResultsKey}>
            {placeList.places.map((p, i) => (
              <li key={`${p.docId}:${p.start}:${i}`}>
                <button type="button" className="search-hit" onClick={() => openPlace(placeList, p)}>
                  <span className="search-field">{documents.find((d) => d.id === p.docId)?.title ?? p.docId}: </span>
                  {p.before && `…${p.before}`}
                  <mark>{p.match}</mark>
                  {p.after && `${p.after}…`}
                  {p.why && <span className="search-why"> {p.why}</span>}
                </button>
                {placeList.kind === 'similar' && placeList.forId && (
                  listClaim && annotations && isLinkedPlace(listClaim, p, annotations) ? (
                    <p className="search-linked">Linked as the same claim</p>
                  ) : (
                    <button
                      type="button"
                      className="search-link"
                      disabled={linking !== null}
                      onClick={() => void acceptPlace(placeList.forId!, p)}
                    >
                      Link as the same claim
                    </button>
                  )
                )}
              </li>
            ))}
          </ol>
          {placeList.kind === 'occurrences' && placeList.places.length > 0 && (
            <OccurrencesConfirm key={placeList.title} words={placeList.words ?? ''} places={placeList.places} documents={documents} author={author} />
          )}
        </section>
      )}
      {!placeList && results && results.groups.length > 0 && (
        <ResultList
          results={results}
          shownGroups={shownGroups}
          hasMore={shownGroups < results.groups.length || !answer!.final}
          query={answer!.query}
          openHit={openHit}
          onKeyDown={onResultsKey}
          onNearEnd={showMore}
        />
      )}
    </section>
  );
}
