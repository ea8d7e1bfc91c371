// Benchmark inputs made from the real articles in corpus/: documents of a given size (paragraphs
// shuffled deterministically), highlights placed on sentence clauses, and Claimdesk JSON exports.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const CONTEXT_LENGTH = 32;

/** mulberry32: a small seeded PRNG, so every run builds the same inputs. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(list, rnd) {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export function sha256Hex(text) {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}

/** The non-empty paragraphs of every corpus article, in file order. */
export function corpusParagraphs(root) {
  const dir = join(root, 'corpus');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '');
}

/**
 * A document of about `bytes` UTF-8 bytes: a unique title line, then the corpus paragraphs shuffled
 * (a new shuffle each round through the corpus), separated by a blank line as in the corpus files.
 */
export function makeDocument({ id, title, bytes, seed, paragraphs }) {
  const rnd = rng(seed);
  const out = [title];
  let size = Buffer.byteLength(title);
  while (size < bytes) {
    for (const p of shuffled(paragraphs, rnd)) {
      out.push(p);
      size += Buffer.byteLength(p) + 2;
      if (size >= bytes) break;
    }
  }
  const text = out.join('\n\n');
  return { id, title, file: `${id}.txt`, text, hash: sha256Hex(text), lines: text.split('\n').length, bytes: Buffer.byteLength(text) };
}

/** Sentence clauses (a sentence split at , ; :) of at least 15 characters, after the title line. */
function clauseRanges(text, from) {
  const out = [];
  const sentence = /[^\s.!?][^.!?\n]*[.!?]+/g;
  sentence.lastIndex = from;
  for (let m = sentence.exec(text); m; m = sentence.exec(text)) {
    const s = m.index;
    const piece = /[^,;:]+[,;:]?/g;
    for (let p = piece.exec(m[0]); p; p = piece.exec(m[0])) {
      let a = s + p.index;
      let b = a + p[0].length;
      while (a < b && /\s/.test(text[a])) a++;
      while (b > a && /[\s,;:]/.test(text[b - 1])) b--;
      if (b - a >= 15) out.push([a, b]);
    }
  }
  return out;
}

function splitsSurrogatePair(text, i) {
  if (i <= 0 || i >= text.length) return false;
  const hi = text.charCodeAt(i - 1);
  const lo = text.charCodeAt(i);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

/** Quote and position selectors exactly as src/core/anchoring/describe.ts makes them. */
export function describe(text, start, end) {
  let prefixStart = Math.max(0, start - CONTEXT_LENGTH);
  if (splitsSurrogatePair(text, prefixStart)) prefixStart += 1;
  let suffixEnd = Math.min(text.length, end + CONTEXT_LENGTH);
  if (splitsSurrogatePair(text, suffixEnd)) suffixEnd -= 1;
  return {
    quote: { type: 'TextQuoteSelector', exact: text.slice(start, end), prefix: text.slice(prefixStart, start), suffix: text.slice(end, suffixEnd) },
    position: { type: 'TextPositionSelector', start, end },
  };
}

function uuid(rnd) {
  const h = () => Math.floor(rnd() * 16).toString(16);
  const s = (n) => Array.from({ length: n }, h).join('');
  return `${s(8)}-${s(4)}-4${s(3)}-${'89ab'[Math.floor(rnd() * 4)]}${s(3)}-${s(12)}`;
}

/**
 * `count` annotations on distinct clauses of the document, in the canonical shape of
 * src/core/formats/native.ts (canonicalAnnotation). Mix: 90 % claims (35 % sourced, 40 % contested,
 * 25 % contradicted), 10 % translation errors; 30 % carry a note, 20 % a source.
 */
export function makeAnnotations(doc, count, seed, notes) {
  const rnd = rng(seed);
  const candidates = clauseRanges(doc.text, doc.title.length);
  if (candidates.length < count) throw new Error(`${doc.id}: only ${candidates.length} clauses for ${count} highlights`);
  const picked = shuffled(candidates, rnd).slice(0, count).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const base = Date.parse('2026-01-05T09:00:00.000Z');
  return picked.map(([start, end], i) => {
    const r = rnd();
    const claim = r < 0.9;
    const verdict = !claim ? null : r < 0.315 ? 'sourced' : r < 0.675 ? 'contested' : 'contradicted';
    const at = new Date(base + i * 37_000 + Math.floor(rnd() * 30_000)).toISOString();
    const { quote, position } = describe(doc.text, start, end);
    return {
      id: uuid(rnd),
      docId: doc.id,
      kind: claim ? 'claim' : 'translation-error',
      verdict,
      translation: claim ? null : { dimension: 'accuracy', subtype: 'mistranslation', severity: 'major', correction: '' },
      quote,
      position,
      docHash: doc.hash,
      orphan: false,
      note: rnd() < 0.3 ? notes[Math.floor(rnd() * notes.length)] : '',
      sources:
        rnd() < 0.2
          ? [{ url: `https://example.org/evidence/${i}`, title: 'Ministry statement', accessed: '2026-01-04', quote: '' }]
          : [],
      author: 'Bench Editor',
      createdAt: at,
      updatedAt: at,
      history: [],
    };
  });
}

/** The text of a Claimdesk JSON export (serializeNative: two-space indent, trailing newline). */
export function nativeExportText(docs, annotations) {
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...annotations].sort(
    (a, b) => cmp(a.docId, b.docId) || a.position.start - b.position.start || a.position.end - b.position.end || cmp(a.id, b.id),
  );
  const x = {
    format: 'claimdesk',
    version: 1,
    appVersion: '0.1.0',
    exportedAt: '2026-01-06T12:00:00.000Z',
    documents: docs.map((d) => ({ id: d.id, title: d.title, hash: d.hash, file: d.file })).sort((a, b) => cmp(a.id, b.id)),
    annotations: sorted,
  };
  return `${JSON.stringify(x, null, 2)}\n`;
}
