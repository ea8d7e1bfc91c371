// Bulk work off the main thread: imports (parse, validate, merge, write) and exports (read, build)
// run here against the same IndexedDB database, so the window never freezes on 100,000 annotations.
// Dexie tells the window's live queries about these writes over a BroadcastChannel.
import { ClaimdeskDb } from '../../db/schema';
import { selectForExport } from '../filters/export-scope';
import { installTextSummaries } from '../../db/library-reads';
import { readAllAnnotations } from '../../db/reads';
import { repairDatabase } from '../../db/repair';
import { sharedConnection } from '../../db/shared-connection';
import { importSource } from '../import/import';
import { EXPORT_MIME } from '../../platform/files';
import { buildExportParts } from '../export/build-export';
import type { BulkRequest, BulkResponse } from './bulk-protocol';

// Imports and exports come first: the on-open check waits between its chunks while one runs.
let jobs = 0;
let idle: Array<() => void> = [];
function whenIdle(): Promise<void> {
  return jobs === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
}
function jobDone(): void {
  jobs--;
  if (jobs === 0) {
    const waiting = idle;
    idle = [];
    for (const resolve of waiting) resolve();
  }
}

// One connection, shared by requests that arrive while it opens, and let go on `versionchange` so a
// window's upgrade (or the user clearing the site's data) never waits on this worker; the next
// request opens it again (db/shared-connection.ts).
const openDb = sharedConnection(() => {
  const db = new ClaimdeskDb();
  installTextSummaries(db); // imported texts keep their library summary (db/library-reads.ts)
  return db;
});

function post(message: BulkResponse): void {
  (self as unknown as Worker).postMessage(message);
}

self.onmessage = async (e: MessageEvent<{ id: number; request: BulkRequest }>) => {
  const { id, request } = e.data;
  if (request.type !== 'repair') jobs++;
  try {
    const d = await openDb();
    if (request.type === 'repair') {
      post({ id, type: 'done', result: { kind: 'repair', log: await repairDatabase(d, { pause: whenIdle }) } });
    } else if (request.type === 'import') {
      const outcome = await importSource(d, request.source, request.corpus, request.author, (stage) => post({ id, type: 'progress', stage, done: 0, total: 0 }), { replaceExisting: request.replaceExisting });
      post({ id, type: 'done', result: { kind: 'import', outcome } });
    } else {
      post({ id, type: 'progress', stage: 'reading', done: 0, total: 0 });
      const annotations = selectForExport(await readAllAnnotations(d), request.only);
      post({ id, type: 'progress', stage: 'building', done: 0, total: annotations.length });
      const { parts, ...out } = buildExportParts({ ...request.input, annotations });
      post({ id, type: 'progress', stage: 'saving', done: annotations.length, total: annotations.length });
      if (request.asBlob) {
        // The pieces go into the Blob as they are: no single string of the whole file is ever made.
        const blob = new Blob(parts, { type: EXPORT_MIME[out.kind] });
        post({ id, type: 'done', result: { kind: 'export', out: { ...out, content: '' }, blob, count: annotations.length } });
      } else post({ id, type: 'done', result: { kind: 'export', out: { ...out, content: parts.join('') }, blob: null, count: annotations.length } });
    }
  } catch (err) {
    post({ id, type: 'error', message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error' });
  } finally {
    if (request.type !== 'repair') jobDone();
  }
};
