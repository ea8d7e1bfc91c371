// The desk worker: reads every annotation of the corpus (through db/reads), keeps the desk's index
// of them up to date with a live query, and answers the window's views, row windows and progress,
// so 100,000 annotations are read, sorted and grouped off the window's thread.
import { ClaimdeskDb } from '../../db/schema';
import { watchAllAnnotations } from '../../db/annotation-watch';
import { DeskIndex } from './desk-model';
import type { DeskRequest, DeskResponse } from './desk-protocol';

const index = new DeskIndex();
let ready: Promise<void>;
let markReady: () => void = () => {};
let stop: (() => void) | null = null;

function post(m: DeskResponse): void {
  (self as unknown as Worker).postMessage(m);
}

function watch(): void {
  ready = new Promise((resolve) => (markReady = resolve));
  const db = new ClaimdeskDb();
  // Never hold up an upgrade started by a window: let go, and watch again once it is done.
  db.on('versionchange', () => {
    stop?.();
    db.close();
    setTimeout(watch, 500);
    return false;
  });
  // Read in pieces, so the window's writes never wait behind a read of the whole store (db/annotation-watch).
  stop = watchAllAnnotations(
    db,
    (list, readMs) => {
      index.setAnnotations(list);
      post({ type: 'changed', summary: index.summary(), readMs });
      // Every column's sort key now, before anyone sorts (requests wait for it: they queue behind this).
      index.prepare();
      markReady();
    },
    (e: unknown) => {
      markReady();
      post({ type: 'error', id: null, message: e instanceof Error ? e.message : String(e) });
    },
  );
}

watch();

self.onmessage = async (e: MessageEvent<DeskRequest>) => {
  const m = e.data;
  try {
    if (m.type === 'titles') {
      index.setTitles(m.titles);
      return;
    }
    await ready;
    if (m.type === 'view') {
      const t0 = performance.now();
      const view = index.view(m.request);
      post({ type: 'view', id: m.id, view, rows: index.rows(0, m.first), ms: performance.now() - t0 });
    } else if (m.type === 'rows') {
      post({ type: 'rows', id: m.id, version: index.dataVersion, start: m.start, rows: index.rows(m.start, m.end) });
    } else if (m.type === 'view-rows') {
      post({ type: 'picked', id: m.id, rows: index.viewRows() });
    } else if (m.type === 'count') {
      post({ type: 'count', id: m.id, count: index.count(m.filter) });
    } else if (m.type === 'expand') {
      post({ type: 'picked', id: m.id, rows: index.withAppearances(m.ids) });
    }
  } catch (err) {
    post({ type: 'error', id: 'id' in m ? m.id : null, message: err instanceof Error ? err.message : String(err) });
  }
};
