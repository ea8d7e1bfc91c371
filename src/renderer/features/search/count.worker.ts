// The search worker's helper: counts the words of the texts it is sent (countDocumentWords), so a
// large library is read by two threads at once. Building the index of 2,000 articles spent most of
// its time reading words, a third of it in the segmenter for Chinese; this counts five texts in twelve
// while the search worker reads the rest, then the search worker adds the counts (ADR 0017).
import { countDocumentWords } from '../../../core/search';
import type { CountRequest, CountResponse } from './search-protocol';

self.onmessage = (e: MessageEvent<CountRequest>) => {
  const { id, texts } = e.data;
  let reply: CountResponse;
  try {
    reply = { id, counted: countDocumentWords(texts) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  const transfer = 'counted' in reply ? reply.counted.texts.map((pairs) => pairs.buffer) : [];
  (self as unknown as Worker).postMessage(reply, transfer);
};
(self as unknown as Worker).postMessage({ ready: true } satisfies CountResponse);
