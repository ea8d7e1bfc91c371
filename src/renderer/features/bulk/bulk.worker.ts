// Bulk work off the main thread: imports (parse, validate, merge, write) and exports (read, build)
// run here against the same IndexedDB database, so the window never freezes on 100,000 annotations.
// Dexie tells the window's live queries about these writes over a BroadcastChannel.
import { ClaimdeskDb } from '../../db/schema';
import { installTextSummaries } from '../../db/library-reads';
import { readAllAnnotations } from '../../db/reads';
import { repairDatabase } from '../../db/repair';
import { importSource } from '../import/import';
import { EXPORT_MIME } from '../../platform/files';
import { buildExport } from '../export/build-export';
import type { BulkRequest, BulkResponse } from './bulk-protocol';

let db: ClaimdeskDb | null = null;

async function openDb(): Promise<ClaimdeskDb> {
  if (db?.isOpen()) return db;
  db = new ClaimdeskDb();
  installTextSummaries(db); // imported texts keep their library summary (db/library-reads.ts)
  // Never hold up an upgrade started by a window: let go and reopen on the next request.
  db.on('versionchange', () => {
    db?.close();
    db = null;
    return false;
  });
  await db.open();
  return db;
}

function post(message: BulkResponse): void {
  (self as unknown as Worker).postMessage(message);
}

self.onmessage = async (e: MessageEvent<{ id: number; request: BulkRequest }>) => {
  const { id, request } = e.data;
  try {
    const d = await openDb();
    if (request.type === 'repair') {
      post({ id, type: 'done', result: { kind: 'repair', log: await repairDatabase(d) } });
    } else if (request.type === 'import') {
      const outcome = await importSource(d, request.source, request.corpus, request.author, (stage) => post({ id, type: 'progress', stage, done: 0, total: 0 }), { replaceExisting: request.replaceExisting });
      post({ id, type: 'done', result: { kind: 'import', outcome } });
    } else {
      post({ id, type: 'progress', stage: 'reading', done: 0, total: 0 });
      const annotations = await readAllAnnotations(d);
      post({ id, type: 'progress', stage: 'building', done: 0, total: annotations.length });
      const out = buildExport({ ...request.input, annotations });
      post({ id, type: 'progress', stage: 'saving', done: annotations.length, total: annotations.length });
      if (request.asBlob) {
        const blob = new Blob([out.content], { type: EXPORT_MIME[out.kind] });
        post({ id, type: 'done', result: { kind: 'export', out: { ...out, content: '' }, blob, count: annotations.length } });
      } else post({ id, type: 'done', result: { kind: 'export', out, blob: null, count: annotations.length } });
    }
  } catch (err) {
    post({ id, type: 'error', message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error' });
  }
};
