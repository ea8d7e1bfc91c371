// Builds big exports off the main thread so the window stays responsive; reports its stages.
import { buildExport, type ExportInput } from './build-export';

self.onmessage = (e: MessageEvent<ExportInput>) => {
  try {
    self.postMessage({ type: 'progress', stage: 'building', done: 0, total: e.data.annotations.length });
    const out = buildExport(e.data);
    self.postMessage({ type: 'progress', stage: 'built', done: e.data.annotations.length, total: e.data.annotations.length });
    self.postMessage({ type: 'done', out });
  } catch (err) {
    self.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
