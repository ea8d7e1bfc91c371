// The version 2 layout (issue 17): a store written by version 1 upgrades with every annotation intact
// (one copy per id, the newest), documents grow into more buckets as they fill, and a write at desk
// scale reads and writes only the rows of the ids it touches, however many documents are stored.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie, { type DBCore, type DBCoreMutateRequest, type DBCoreGetManyRequest, type DBCoreQueryRequest, type DBCoreGetRequest } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../core/model';
import { importFile } from '../features/import/import';
import { buildNativeExport, serializeNative } from '../../core/formats';
import { readAllAnnotations, readAnnotation, readDocAnnotations } from './reads';
import { repairDatabase } from './repair';
import { ClaimdeskDb, ROW_TARGET, bucketKey, bucketOf } from './schema';
import { TEST_NOW, testClaim } from './test-annotations';
import { bulkPutAnnotations, writeAnnotations } from './writes';

const NOW = TEST_NOW;

// A claim whose quote holds an astral character (stored and read back as is).
const ann = (id: string, docId: string, extra: Partial<Annotation> = {}): Annotation =>
  testClaim(id, docId, { quote: { type: 'TextQuoteSelector', exact: `quote ${id} 𝒜`, prefix: '', suffix: '' }, ...extra });

const sortById = (l: Annotation[]) => [...l].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('upgrade from the version 1 layout', () => {
  it('keeps every annotation (the newest copy of an id stored twice), findable by id and by document', async () => {
    const deps = { indexedDB: new IDBFactory(), IDBKeyRange };
    // Version 1 as it shipped: 32 buckets a document by hash, and a copy of one id in a second document.
    const v1 = new Dexie('claimdesk', deps);
    v1.version(1).stores({ buckets: '&key, docId, bucket', docStats: '&docId', docTexts: '&id', settings: '&key', meta: '&key' });
    await v1.open();
    const list: Annotation[] = [];
    for (let d = 0; d < 30; d++) for (let i = 0; i < (d === 0 ? 1500 : 20); i++) list.push(ann(`a-${d}-${i}`, `doc-${d}`, { note: i % 7 ? '' : `note ${i}` }));
    const rows = new Map<string, { key: string; docId: string; bucket: number; items: Annotation[] }>();
    const put = (a: Annotation) => {
      const key = bucketKey(a.docId, bucketOf(a.id));
      if (!rows.has(key)) rows.set(key, { key, docId: a.docId, bucket: bucketOf(a.id), items: [] });
      rows.get(key)!.items.push(a);
    };
    list.forEach(put);
    const newer = ann('a-1-0', 'doc-2', { note: 'newer copy', updatedAt: '2026-02-01T00:00:00.000Z' });
    put(newer);
    await v1.table('buckets').bulkAdd([...rows.values()]);
    await v1.table('docStats').bulkAdd([{ docId: 'emptied', total: 0, sourced: 0, contested: 0, contradicted: 0, translationErrors: 0, orphans: 0 }]);
    v1.close();

    const db = new ClaimdeskDb('claimdesk', deps);
    await db.open();
    const want = sortById([...list.filter((a) => a.id !== 'a-1-0'), newer]);
    const all = sortById(await readAllAnnotations(db));
    expect(all).toEqual(want);
    const bucketRows = await db.buckets.count();
    console.log(`upgrade v1 -> v${db.verno}: ${want.length} annotations intact (1 duplicate resolved to the newest), ${rows.size} v1 rows -> ${bucketRows} rows`);
    // 29 documents of 20 are one row each; the one of 1,500 has 4 (ROW_TARGET ${ROW_TARGET}).
    expect(bucketRows).toBe(29 + 4);
    expect(sortById(await readDocAnnotations(db, 'doc-0'))).toEqual(want.filter((a) => a.docId === 'doc-0'));
    for (const a of [want[0]!, want[777]!, newer]) expect(await readAnnotation(db, a.id)).toEqual(a);
    expect((await db.docStats.get('doc-2'))?.total).toBe(21);
    expect((await db.docStats.get('doc-1'))?.total).toBe(19);
    expect((await db.docStats.get('emptied'))?.total).toBe(0);
    expect(await repairDatabase(db)).toEqual([]); // the upgrade left nothing to repair
    db.close();
  });
});

/** Counts the rows each table reads and writes (DBCore middleware). */
function counter() {
  const c = { reads: new Map<string, number>(), writes: new Map<string, number>(), scans: new Map<string, number>() };
  const add = (m: Map<string, number>, t: string, n: number) => m.set(t, (m.get(t) ?? 0) + n);
  const middleware = {
    stack: 'dbcore' as const,
    name: 'row-counter',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string) {
          const t = down.table(name);
          return {
            ...t,
            mutate(req: DBCoreMutateRequest) {
              add(c.writes, name, 'keys' in req && req.keys ? req.keys.length : 'values' in req ? req.values.length : 1);
              return t.mutate(req);
            },
            getMany(req: DBCoreGetManyRequest) {
              add(c.reads, name, req.keys.length);
              return t.getMany(req);
            },
            get(req: DBCoreGetRequest) {
              add(c.reads, name, 1);
              return t.get(req);
            },
            async query(req: DBCoreQueryRequest) {
              const r = await t.query(req);
              add(c.scans, name, r.result.length);
              return r;
            },
          };
        },
      };
    },
  };
  const reset = () => {
    c.reads.clear();
    c.writes.clear();
    c.scans.clear();
  };
  return { c, middleware, reset };
}

describe('writes at desk scale touch only their rows', () => {
  it('2,000 documents x 10 annotations: a create and a 50-annotation import read and write a handful of rows', async () => {
    const db = new ClaimdeskDb('scale', { indexedDB: new IDBFactory(), IDBKeyRange });
    const { c, middleware, reset } = counter();
    db.use(middleware);
    await db.open();
    const list: Annotation[] = [];
    for (let d = 0; d < 2000; d++) for (let i = 0; i < 10; i++) list.push(ann(`s-${d}-${i}`, `doc-${d}`));
    await bulkPutAnnotations(db, list);
    expect(await db.buckets.count()).toBe(2000);
    reset();
    await writeAnnotations(db, [{ type: 'put', annotation: ann('new-1', 'doc-5') }]);
    const create = { reads: Object.fromEntries(c.reads), writes: Object.fromEntries(c.writes), scans: Object.fromEntries(c.scans) };
    expect(create.writes).toEqual({ buckets: 1, locator: 1, docStats: 1, meta: 1 });
    expect(create.reads.buckets ?? 0).toBeLessThanOrEqual(1);
    expect(create.scans).toEqual({});
    reset();
    const incoming = Array.from({ length: 50 }, (_, i) => (i < 25 ? ann(`s-${i * 40}-1`, `doc-${i * 40}`, { note: 'updated', updatedAt: '2026-03-01T00:00:00.000Z' }) : ann(`imp-${i}`, `doc-${i * 37}`)));
    const content = serializeNative(buildNativeExport({ appVersion: 't', now: NOW, documents: [], annotations: incoming }));
    const corpus = Array.from({ length: 2000 }, (_, d) => ({ id: `doc-${d}`, file: `doc-${d}.txt`, title: `Doc ${d}`, text: 'x', hash: 'a'.repeat(64), publication: null, author: null, date: null, language: 'en', translation: null }));
    const outcome = await importFile(db, { name: 'in.json', content }, corpus, 't');
    expect(outcome.ok).toBe(true);
    const imp = { reads: Object.fromEntries(c.reads), writes: Object.fromEntries(c.writes), scans: Object.fromEntries(c.scans) };
    console.log(`at 2,000 documents / 20,001 annotations: a create read ${JSON.stringify(create.reads)}, wrote ${JSON.stringify(create.writes)}; a 50-annotation import read ${JSON.stringify(imp.reads)}, scanned ${JSON.stringify(imp.scans)}, wrote ${JSON.stringify(imp.writes)}`);
    expect(imp.scans.buckets ?? 0).toBe(0);
    expect(imp.reads.buckets).toBeLessThanOrEqual(50);
    expect(imp.writes.buckets).toBeLessThanOrEqual(50);
    expect(await readAnnotation(db, 's-40-1')).toMatchObject({ note: 'updated' });
    expect(await db.locator.count()).toBeLessThanOrEqual(256);
    expect((await readAllAnnotations(db)).length).toBe(20000 + 1 + 25);
    db.close();
  });

  it('a document that fills up splits into more rows and keeps every annotation; removing and moving keep counts right', async () => {
    const db = new ClaimdeskDb('grow', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    const list = Array.from({ length: ROW_TARGET * 2 + 5 }, (_, i) => ann(`g-${i}`, 'big'));
    for (let i = 0; i < list.length; i += 100) await bulkPutAnnotations(db, list.slice(i, i + 100));
    const stats = await db.docStats.get('big');
    expect(stats).toMatchObject({ total: list.length, bits: 2 });
    expect(await db.buckets.where('docId').equals('big').count()).toBe(4);
    expect(sortById(await readDocAnnotations(db, 'big'))).toEqual(sortById(list));
    await writeAnnotations(db, [{ type: 'remove', id: 'g-3' }, { type: 'put', annotation: ann('g-4', 'small') }]);
    expect((await db.docStats.get('big'))?.total).toBe(list.length - 2);
    expect((await db.docStats.get('small'))?.total).toBe(1);
    expect(await readAnnotation(db, 'g-4')).toMatchObject({ docId: 'small' });
    expect(await readAnnotation(db, 'g-3')).toBeNull();
    expect(await repairDatabase(db)).toEqual([]);
    // A row written around the store (the locator does not know it): the check on open finds and repairs it.
    await db.buckets.put({ key: bucketKey('stray', 0), docId: 'stray', bucket: 0, items: [ann('s-1', 'stray')] });
    expect(await readAnnotation(db, 's-1')).toBeNull();
    const log = await repairDatabase(db);
    console.log(`a row written around the store: ${log.join('; ')}`);
    expect(log.length).toBeGreaterThan(0);
    expect(await readAnnotation(db, 's-1')).toMatchObject({ docId: 'stray' });
    expect(await repairDatabase(db)).toEqual([]);
    db.close();
  });
});
