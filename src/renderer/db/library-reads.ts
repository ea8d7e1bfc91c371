// The library's reads without the texts (issue 13/17): what the list needs at start-up (id, file, title,
// hash, word count, import time) comes from small summary rows, and a text is read only when a document
// opens, or in chunks for a job that needs them all (export, annotation import, search).
//
// Why summary rows: IndexedDB returns whole rows, so listing 2,000 documents from `docTexts` meant
// deserializing every text (tens of MB) on the window's thread. A summary of each docTexts row is kept
// in `meta` under `text-summary:<id>`, written in the same transaction as the row by a Dexie DBCore
// middleware (installTextSummaries), so every writer of docTexts keeps it without knowing of it and no
// schema version is needed (every docTexts write already has `meta` in its transaction; one that did
// not would skip the summary, and the read below fills in any that are missing). See docs/adr/0021.
import Dexie, { type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreTable, type Middleware } from 'dexie';
import { countWords } from '../../core/model';
import type { ClaimdeskDb, DocTextRow, KeyValueRow } from './schema';

export const SUMMARY_PREFIX = 'text-summary:';

/** A docTexts row without its text (and of the text it replaced, only the file name). */
export interface DocTextSummary {
  id: string;
  file: string;
  title: string;
  hash: string;
  importedAt: string;
  words: number;
  previous?: { file: string };
}

export function summaryOf(row: DocTextRow): DocTextSummary {
  const s: DocTextSummary = { id: row.id, file: row.file, title: row.title, hash: row.hash, importedAt: row.importedAt, words: row.words ?? countWords(row.text) };
  if (row.previous) s.previous = { file: row.previous.file };
  return s;
}

const summaryKey = (id: string) => `${SUMMARY_PREFIX}${id}`;

function hasStore(trans: unknown, name: string): boolean {
  const names = (trans as { objectStoreNames?: DOMStringList } | null)?.objectStoreNames;
  return !!names && names.contains(name);
}

/** The summary rows' key range for a range of docTexts ids. */
function summaryRange(range: DBCoreKeyRange): DBCoreKeyRange {
  const lower = typeof range.lower === 'string' ? summaryKey(range.lower) : SUMMARY_PREFIX;
  const upper = typeof range.upper === 'string' ? summaryKey(range.upper) : `${SUMMARY_PREFIX}\uffff`;
  return { type: 2 /* DBCoreRangeType.Range */, lower, upper, lowerOpen: typeof range.lower === 'string' ? range.lowerOpen : false, upperOpen: typeof range.upper === 'string' ? range.upperOpen : false };
}

/** The middleware: after each write to docTexts, the same change to its summaries, in the same transaction. */
export const textSummariesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'claimdesk-text-summaries',
  create(down: DBCore): Partial<DBCore> {
    return {
      table(name: string): DBCoreTable {
        const table = down.table(name);
        if (name !== 'docTexts') return table;
        return {
          ...table,
          async mutate(req: DBCoreMutateRequest) {
            const result = await table.mutate(req);
            // A writer whose transaction lacks meta leaves the summary to the next read (readDocTextSummaries fills missing ones).
            if (!hasStore(req.trans, 'meta')) return result;
            const meta = down.table('meta');
            if (req.type === 'add' || req.type === 'put') {
              const values: KeyValueRow[] = (req.values as DocTextRow[]).map((row) => ({ key: summaryKey(row.id), value: summaryOf(row) }));
              if (values.length) await meta.mutate({ type: 'put', trans: req.trans, values });
            } else if (req.type === 'delete') {
              if (req.keys.length) await meta.mutate({ type: 'delete', trans: req.trans, keys: req.keys.map((k) => summaryKey(String(k))) });
            } else if (req.type === 'deleteRange') {
              await meta.mutate({ type: 'deleteRange', trans: req.trans, range: summaryRange(req.range) });
            }
            return result;
          },
        };
      },
    };
  },
};

/** Keeps text summaries beside docTexts for this database instance; call before the database opens. */
export function installTextSummaries(db: Dexie): void {
  db.use(textSummariesMiddleware);
}

/**
 * Every docTexts row without its text: the ids (keys only) and the summary rows, and for an id without a
 * summary (written by an older version, or outside the middleware) the row itself, summarized here and
 * saved for next time. Safe in a live query (it writes nothing itself; the backfill runs after it).
 */
export async function readDocTextSummaries(db: ClaimdeskDb): Promise<DocTextSummary[]> {
  const [ids, rows] = await Promise.all([db.docTexts.toCollection().primaryKeys(), db.meta.where('key').startsWith(SUMMARY_PREFIX).toArray()]);
  const byId = new Map<string, DocTextSummary>();
  for (const r of rows) {
    const s = r.value as DocTextSummary;
    if (s && typeof s.id === 'string') byId.set(s.id, s);
  }
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) {
    const found: DocTextSummary[] = [];
    for (let i = 0; i < missing.length; i += TEXT_CHUNK) {
      for (const row of await db.docTexts.bulkGet(missing.slice(i, i + TEXT_CHUNK))) if (row) found.push(summaryOf(row));
    }
    for (const s of found) byId.set(s.id, s);
    // Outside the live query's read-only scope; a later read finds them.
    setTimeout(() => void saveSummaries(db, found).catch(() => undefined), 0);
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function saveSummaries(db: ClaimdeskDb, summaries: readonly DocTextSummary[]): Promise<void> {
  if (!summaries.length) return;
  await db.transaction('rw', db.docTexts, db.meta, async () => {
    // Only where the row is still the one summarized (it may have changed since).
    const rows = await db.docTexts.bulkGet(summaries.map((s) => s.id));
    const puts = summaries.filter((s, i) => rows[i]?.hash === s.hash).map((s) => ({ key: summaryKey(s.id), value: s }));
    await db.meta.bulkPut(puts);
  });
}

/** One document's stored text (null when there is none). */
export async function readDocText(db: ClaimdeskDb, id: string): Promise<DocTextRow | null> {
  return (await db.docTexts.get(id)) ?? null;
}

/** Rows read per step when many texts are needed: ~1.5 MB of 30 KB texts, a few milliseconds of the window's time each. */
export const TEXT_CHUNK = 50;

/** The stored texts of these ids, read a chunk at a time (yielding between chunks). */
export async function readDocTextsByIds(db: ClaimdeskDb, ids: readonly string[]): Promise<Map<string, DocTextRow>> {
  const out = new Map<string, DocTextRow>();
  for (let i = 0; i < ids.length; i += TEXT_CHUNK) {
    const rows = await db.docTexts.bulkGet(ids.slice(i, i + TEXT_CHUNK));
    for (const r of rows) if (r) out.set(r.id, r);
    if (i + TEXT_CHUNK < ids.length) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return out;
}

/** True when the entry's text is still in the database (a stored text is never empty: imports refuse empty texts). */
export function needsText(d: { text: string; hash: string }): boolean {
  return d.text === '' && d.hash !== '';
}

/**
 * The entries with their stored texts filled in where `wanted` says so (an entry whose text is in the
 * database has `text: ''` in the window's list). For jobs in a worker, which read texts themselves
 * instead of being sent every text of the library (issue 17: a 50-annotation import at 2,000 documents).
 */
export async function fillStoredTexts<T extends { id: string; hash: string; text: string }>(db: ClaimdeskDb, documents: readonly T[], wanted: (d: T) => boolean = () => true): Promise<T[]> {
  const missing = documents.filter((d) => needsText(d) && wanted(d));
  if (!missing.length) return [...documents];
  const rows = await readDocTextsByIds(db, missing.map((d) => d.id));
  return documents.map((d) => {
    const row = needsText(d) ? rows.get(d.id) : undefined;
    return row && row.hash === d.hash ? { ...d, text: row.text } : d;
  });
}
