import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { astralDocument, loadCorpus, sampleAnnotations } from './fixtures/sample';
import { decodeImportBytes, decodeUtf8, findInvalidUtf8, parseImportFile } from './import-file';
import { buildNativeExport, serializeNative } from './native';
import { buildW3CCollection } from './w3c';

const corpusDir = new URL('../../../corpus/', import.meta.url);
const corpus = [...loadCorpus((name) => readFileSync(new URL(name, corpusDir), 'utf8')), astralDocument()];
const NOW = '2024-06-01T12:00:00.000Z';
const all = sampleAnnotations(corpus);
const nativeFull = serializeNative(buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: corpus, annotations: all }));
const nativeSmall = serializeNative(
  buildNativeExport({ appVersion: '0.1.0', now: NOW, documents: corpus.slice(0, 1), annotations: all.filter((a) => a.docId === corpus[0]!.id) }),
);
const w3cText = JSON.stringify(buildW3CCollection({ documents: corpus, annotations: all, now: NOW, generator: { name: 'Claimdesk', version: '0.1.0' } }), null, 2);
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** Small seeded PRNG so the fuzz corpus is the same on every run. */
function prng(seed: number) {
  let t = seed >>> 0;
  const next = () => {
    t += 0x6d2b79f5;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

type JsonKind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object';
function kindOf(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as JsonKind;
}

/** Every path inside a JSON value (iteratively). */
function allPaths(root: unknown): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const stack: Array<{ v: unknown; path: Array<string | number> }> = [{ v: root, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (path.length) out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return out;
}

const deep = (n: number) => JSON.parse(`${'['.repeat(n)}${']'.repeat(n)}`) as unknown;
const REPLACEMENTS: unknown[] = [
  42, -1, 1.5, 1e308, 0, '', 'x', '__proto__', true, false, null, [], [1, 'a'], {},
  JSON.parse('{"__proto__": {"polluted": true}}'), JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'), deep(1000),
];

interface Case {
  label: string;
  bytes?: Uint8Array;
  text?: string;
}

function buildCases(): Case[] {
  const r = prng(20240601);
  const cases: Case[] = [];
  // Truncated exports: every proper prefix of a JSON object is invalid.
  for (const [name, text, n] of [['native', nativeSmall, 1500], ['native-full', nativeFull, 1000], ['w3c', w3cText, 1000]] as const) {
    const body = text.trimEnd();
    for (let i = 0; i < n; i++) cases.push({ label: `truncated ${name}`, bytes: utf8(body.slice(0, r.int(body.length))) });
  }
  // Wrong JSON types at random paths of a valid native export.
  const native = JSON.parse(nativeSmall) as unknown;
  const paths = allPaths(native);
  for (let i = 0; i < 4000; i++) {
    const copy = JSON.parse(nativeSmall) as Record<string | number, unknown>;
    const path = r.pick(paths);
    let parent: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    const original = kindOf(parent[last]);
    let value: unknown;
    // A document's details may be null (unknown author, publication, date, url): null is no wrong type there.
    const nullable = path.length === 3 && path[0] === 'documents' && ['publication', 'author', 'date', 'url', 'translation'].includes(String(last));
    do value = r.pick(REPLACEMENTS);
    while (kindOf(value) === original || (nullable && value === null));
    parent[last] = value;
    cases.push({ label: `wrong type at ${path.join('.')}`, bytes: utf8(JSON.stringify(copy)) });
  }
  // W3C with strictly-checked fields broken.
  const w3c = JSON.parse(w3cText) as { first: { items: Array<Record<string, unknown> & { target: { selector: Array<Record<string, unknown>> } }> } };
  const breakers: Array<(item: (typeof w3c.first.items)[number]) => void> = [
    (it) => (it.target.selector[0]!.exact = r.pick([5, null, [], {}, true])),
    (it) => (it.target.selector[1] = { type: 'TextPositionSelector', start: r.pick([-1, 1.5, '3', null]), end: 4 }),
    (it) => (it.target.selector[1] = { type: 'TextPositionSelector', start: 9, end: 2 }),
    (it) => delete (it as Record<string, unknown>).target,
    (it) => ((it as Record<string, unknown>).target = r.pick([5, true, [7]])),
    (it) => ((it as Record<string, unknown>).created = r.pick(['yesterday', 5, [], '2024-13-45T99:00:00Z'])),
    (it) => ((it as Record<string, unknown>).type = r.pick(['Note', 'TextualBody'])),
    (it) => ((it as Record<string, unknown>)['claimdesk:history'] = r.pick([[{ x: 1 }], 'none', [null]])),
  ];
  for (let i = 0; i < 600; i++) {
    const copy = JSON.parse(w3cText) as typeof w3c;
    r.pick(breakers)(copy.first.items[r.int(copy.first.items.length)]!);
    cases.push({ label: 'broken w3c', bytes: utf8(JSON.stringify(copy)) });
  }
  // Invalid UTF-8 inserted at random byte offsets.
  const smallBytes = utf8(nativeSmall);
  const badSequences = [[0xff], [0xfe], [0xc0, 0x80], [0xc1, 0xbf], [0xed, 0xa0, 0x80], [0xf5, 0x80], [0x80], [0xbf], [0xe2, 0x82, 0x41], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x80, 0x80, 0x80]];
  for (let i = 0; i < 1500; i++) {
    const at = r.int(smallBytes.length + 1);
    const seq = r.pick(badSequences);
    const b = new Uint8Array(smallBytes.length + seq.length);
    b.set(smallBytes.subarray(0, at));
    b.set(seq, at);
    b.set(smallBytes.subarray(at), at + seq.length);
    cases.push({ label: 'invalid UTF-8', bytes: b });
  }
  cases.push({ label: 'cut multi-byte at end', bytes: utf8('{"a":"é').subarray(0, 7) });
  // BOM variants.
  const withPrefix = (prefix: number[], body: Uint8Array) => {
    const b = new Uint8Array(prefix.length + body.length);
    b.set(prefix);
    b.set(body, prefix.length);
    return b;
  };
  const utf16le = new Uint8Array(Buffer.from(nativeSmall, 'utf16le'));
  const utf16be = new Uint8Array(utf16le.length);
  for (let i = 0; i < utf16le.length; i += 2) {
    utf16be[i] = utf16le[i + 1]!;
    utf16be[i + 1] = utf16le[i]!;
  }
  cases.push(
    { label: 'UTF-16 LE with BOM', bytes: withPrefix([0xff, 0xfe], utf16le) },
    { label: 'UTF-16 BE with BOM', bytes: withPrefix([0xfe, 0xff], utf16be) },
    { label: 'UTF-16 LE without BOM', bytes: utf16le },
    { label: 'UTF-32 LE BOM', bytes: withPrefix([0xff, 0xfe, 0, 0], utf8('{}')) },
    { label: 'UTF-32 BE BOM', bytes: withPrefix([0, 0, 0xfe, 0xff], utf8('{}')) },
    { label: 'BOM only', bytes: new Uint8Array([0xef, 0xbb, 0xbf]) },
    { label: 'half a BOM', bytes: new Uint8Array([0xef, 0xbb]) },
    { label: 'BOM + null', bytes: withPrefix([0xef, 0xbb, 0xbf], utf8('null')) },
    { label: 'BOM inside', bytes: utf8(`{\ufeff"format": "claimdesk"}`) },
    { label: 'triple BOM', bytes: withPrefix([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], utf8(nativeSmall)) },
  );
  for (let i = 0; i < 40; i++) cases.push({ label: 'BOM + truncated', bytes: withPrefix([0xef, 0xbb, 0xbf], utf8(nativeSmall.slice(0, r.int(nativeSmall.length - 2)))) });
  // Hand-made shapes.
  const valid = JSON.parse(nativeSmall) as Record<string, unknown>;
  const hand: Array<[string, string]> = [
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['null', 'null'],
    ['zero', '0'],
    ['number', '42'],
    ['negative', '-1'],
    ['huge number', '1e400'],
    ['true', 'true'],
    ['string', '"hello"'],
    ['empty array', '[]'],
    ['empty object', '{}'],
    ['array of null', '[null]'],
    ['array of numbers', '[1,2,3]'],
    ['format only', '{"format":"claimdesk"}'],
    ['format and version', '{"format":"claimdesk","version":1}'],
    ['version as string', JSON.stringify({ ...valid, version: '1' })],
    ['newer version', JSON.stringify({ ...valid, version: 2 })],
    ['bare Annotation', '{"type":"Annotation"}'],
    ['bare collection', '{"type":"AnnotationCollection"}'],
    ['collection, linked page', '{"type":"AnnotationCollection","first":"https://x.example/p1"}'],
    ['page without items', '{"type":"AnnotationPage"}'],
    ['__proto__ only', '{"__proto__":{"polluted":true}}'],
    ['__proto__ in export', nativeSmall.replace('{', '{"__proto__":{"polluted":true},')],
    ['__proto__ in annotation', nativeSmall.replace('"kind":', '"__proto__":{"polluted":true},"kind":')],
    ['constructor.prototype', nativeSmall.replace('{', '{"constructor":{"prototype":{"polluted":true}},')],
    ['NaN', '{"format":"claimdesk","version":NaN}'],
    ['comment', '// hi\n{}'],
    ['trailing comma', '{"format":"claimdesk",}'],
    ['single quotes', "{'format':'claimdesk'}"],
    ['control char in string', '{"a":"\u0001"}'],
    ['bad escape', '{"a":"\\x41"}'],
    ['deep arrays 100k', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['deep arrays unclosed 100k', '['.repeat(100_000)],
    ['deep objects 100k', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['deep array in note', nativeSmall.replace(/"note": "[^"]*"/, `"note": ${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
    ['deep array as W3C body', JSON.stringify({ type: 'Annotation', target: { source: 'x:y', selector: { type: 'TextQuoteSelector', exact: 1 } } }).replace('1', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
  ];
  for (const [label, text] of hand) cases.push({ label, bytes: utf8(text) });
  // 50 MB strings, a few times, not thousands.
  const big = 'a'.repeat(50 * 1024 * 1024);
  cases.push(
    { label: '50 MB string as a number field', bytes: utf8(nativeSmall.replace(/"start": \d+/, `"start": "${big}"`)) },
    { label: '50 MB unterminated string', bytes: utf8(`{"format":"claimdesk","appVersion":"${big}`) },
    { label: '50 MB top-level string', bytes: utf8(`"${big}"`) },
    { label: '50 MB note with a wrong verdict', bytes: utf8(nativeSmall.replace(/"note": "[^"]*"/, `"note": "${big}"`).replace('"verdict": "sourced"', '"verdict": "maybe"')) },
    { label: 'over 200 MB of text', text: 'x'.repeat(201 * 1024 * 1024) },
  );
  // Random text and random bytes.
  for (const s of fc.sample(fc.string({ unit: 'binary', maxLength: 300 }), { numRuns: 1000, seed: 7 })) cases.push({ label: 'random text', bytes: utf8(s) });
  for (const b of fc.sample(fc.uint8Array({ maxLength: 300 }), { numRuns: 500, seed: 8 })) cases.push({ label: 'random bytes', bytes: b });
  return cases;
}

const NAMES_THE_PROBLEM =
  /JSON|UTF-8|UTF-16|UTF-32|too large|newer Claimdesk|not a Claimdesk or W3C|(\(root\)|[\w$:]+(\[\d+\])*(\.[\w$:]+|\[\d+\])*|\[\d+\](\.[\w$:]+|\[\d+\])*): /;

describe('F5: malformed import files', () => {
  it('rejects every one with a message, without throwing, each in under 5 s, without polluting prototypes', () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).join(',');
    const cases = buildCases();
    let uncaught = 0;
    let accepted = 0;
    let vague = 0;
    let max = 0;
    let slowest = '';
    const examples: string[] = [];
    for (const c of cases) {
      const t0 = performance.now();
      let result: { ok: boolean; error?: string };
      try {
        if (c.bytes) {
          const decoded = decodeImportBytes(c.bytes);
          result = decoded.ok ? parseImportFile(decoded.value) : decoded;
        } else result = parseImportFile(c.text!);
      } catch (e) {
        uncaught++;
        examples.push(`THREW on ${c.label}: ${String(e)}`);
        continue;
      }
      const ms = performance.now() - t0;
      if (ms > max) {
        max = ms;
        slowest = c.label;
      }
      if (result.ok) {
        accepted++;
        examples.push(`ACCEPTED ${c.label}`);
      } else if (!result.error || !NAMES_THE_PROBLEM.test(result.error)) {
        vague++;
        examples.push(`VAGUE ${c.label}: ${result.error}`);
      }
    }
    expect(examples.slice(0, 10)).toEqual([]);
    expect({ uncaught, accepted, vague }).toEqual({ uncaught: 0, accepted: 0, vague: 0 });
    expect(max).toBeLessThan(5000);
    expect(cases.length).toBeGreaterThanOrEqual(10_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).join(',')).toBe(protoBefore);
    console.log(`F5: ${cases.length} malformed files, ${uncaught} uncaught, max ${max.toFixed(0)} ms (${slowest}), all rejected with a message`);
  });

  it('gives messages a person can act on', () => {
    const msg = (text: string) => {
      const r = parseImportFile(text);
      return r.ok ? 'ACCEPTED' : r.error;
    };
    expect(msg('')).toBe('not valid JSON: the file is empty');
    expect(msg('{"a": 1,')).toMatch(/^not valid JSON: .*\(line 1, column 9, offset 8\)$/);
    expect(msg('[1, 2]')).toMatch(/^not a Claimdesk or W3C Web Annotation file/);
    expect(msg('{"format":"claimdesk","version":7}')).toBe('made by a newer Claimdesk (version 7); this app reads version 1');
    const bad = decodeImportBytes(new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22]));
    expect(bad).toEqual({ ok: false, error: 'not valid UTF-8: bad byte 0x28 at byte offset 3' });
    expect(decodeImportBytes(new Uint8Array([0xff, 0xfe, 0x7b, 0]))).toMatchObject({ ok: false, error: expect.stringMatching(/UTF-16/) });
  });
});

describe('import detection and decoding', () => {
  it('tells native from W3C, including single foreign annotations', () => {
    expect(parseImportFile(nativeFull)).toMatchObject({ ok: true, value: { kind: 'native' } });
    const w = parseImportFile(`\ufeff${w3cText}`);
    expect(w).toMatchObject({ ok: true, value: { kind: 'w3c' } });
    if (w.ok) expect(w.value.value).toHaveLength(all.length);
    const single = parseImportFile(JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', target: 'https://x.example/a', bodyValue: 'hi' }));
    expect(single).toMatchObject({ ok: true, value: { kind: 'w3c', value: [{ comments: ['hi'] }] } });
  });

  it('accepts a W3C file carrying __proto__ keys as plain data, polluting nothing', () => {
    const text = '{"type":"Annotation","__proto__":{"polluted":true},"target":{"source":"x:y","__proto__":{"selector":1},"selector":{"type":"TextQuoteSelector","exact":"q"}}}';
    const r = parseImportFile(text);
    expect(r).toMatchObject({ ok: true, value: { kind: 'w3c', value: [{ target: { quote: { exact: 'q' } } }] } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decodes strict UTF-8, strips one BOM, and the fallback decoder agrees with TextDecoder', () => {
    const text = 'Ташкент 塔什干 😀 e\u0301';
    expect(decodeImportBytes(utf8(`\ufeff${text}`))).toEqual({ ok: true, value: text });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const b = utf8(s);
        expect(findInvalidUtf8(b)).toBeNull();
        expect(decodeUtf8(b)).toBe(s);
      }),
      { numRuns: 300 },
    );
    // Surrogate, overlong lead, above U+10FFFF, cut off by the end: the offset of the first byte that cannot be.
    for (const [bad, offset] of [[[0xed, 0xa0, 0x80], 1], [[0xc0, 0xaf], 0], [[0xf4, 0x90, 0x80, 0x80], 1], [[0xe2, 0x82], 0]] as const) {
      expect(findInvalidUtf8(new Uint8Array(bad))).toBe(offset);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bad))).toThrow();
    }
  });
});
