// The app:// scheme handler serves the built renderer and the corpus and nothing else: other hosts,
// traversal (plain, percent-encoded, backslashes), links out of the folders, folders and other
// methods are refused. The print jobs are served only on app://print and only while they live.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../core/ipc/csp';
import { APP_INDEX_URL, PRINT_CONTENT_SECURITY_POLICY, createAppProtocolHandler, createPrintJobs, mapAppUrl } from './app-protocol';

let work: string;
let rendererDir: string;
let corpusDir: string;
const SECRET = 'TOP-SECRET-OUTSIDE-THE-APP';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'claimdesk-protocol-'));
  rendererDir = join(work, 'out', 'renderer');
  corpusDir = join(work, 'corpus');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  mkdirSync(join(work, 'out', 'main'), { recursive: true });
  mkdirSync(corpusDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Claimdesk</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log("app")');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(corpusDir, 'manifest.json'), '{"version":1,"documents":[]}');
  writeFileSync(join(corpusDir, 'article.txt'), 'An article.');
  writeFileSync(join(work, 'out', 'main', 'index.js'), SECRET);
  writeFileSync(join(work, 'secret.txt'), SECRET);
  symlinkSync(join(work, 'secret.txt'), join(rendererDir, 'assets', 'escape.js'));
  symlinkSync(join(work, 'secret.txt'), join(corpusDir, 'linked.txt'));
  symlinkSync(join(work, 'out', 'main'), join(rendererDir, 'main-link'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => createAppProtocolHandler({ rendererDir, corpusDir })(new Request(url, { method }));

describe('app:// scheme handler', () => {
  it('serves the renderer at the root and the corpus under /corpus/, with types and the CSP on pages', async () => {
    const index = await get('app://claimdesk/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await index.text()).toContain('<title>Claimdesk</title>');
    expect((await get(APP_INDEX_URL)).status).toBe(200);
    const js = await get('app://claimdesk/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    // Cross-origin isolated: the page may share memory with its workers (search answers, ADR 0017).
    for (const served of [index, js]) {
      expect(served.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(served.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    }
    expect(await js.text()).toBe('console.log("app")');
    expect((await get('app://claimdesk/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await (await get('app://claimdesk/corpus/article.txt')).text()).toBe('An article.');
    expect(await (await get('app://claimdesk/corpus/manifest.json')).text()).toContain('"version":1');
    expect(await (await get('app://claimdesk/assets/index%2Dabc.js')).text()).toBe('console.log("app")');
    const head = await get('app://claimdesk/assets/index-abc.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses everything outside the renderer and the corpus: traversal, encoded traversal, links out, other hosts', async () => {
    const refused = [
      'app://claimdesk/../main/index.js',
      'app://claimdesk/assets/../../main/index.js',
      'app://claimdesk/%2e%2e/main/index.js',
      'app://claimdesk/%2E%2E/%2E%2E/secret.txt',
      'app://claimdesk/.%2e/main/index.js',
      'app://claimdesk/%2e%2e%2fmain%2findex.js',
      'app://claimdesk/assets/..%2F..%2Fmain%2Findex.js',
      'app://claimdesk/..%5c..%5csecret.txt',
      'app://claimdesk/assets\\..\\..\\secret.txt',
      'app://claimdesk/corpus/../../secret.txt',
      'app://claimdesk/corpus/%2e%2e/secret.txt',
      'app://claimdesk/corpus/..%2f..%2fsecret.txt',
      'app://claimdesk/corpus/linked.txt',
      'app://claimdesk/assets/escape.js',
      'app://claimdesk/main-link/index.js',
      'app://claimdesk//etc/passwd',
      `app://claimdesk/${encodeURIComponent(join(work, 'secret.txt'))}`,
      'app://claimdesk/%2fetc%2fpasswd',
      'app://claimdesk/C:%5cWindows%5cwin.ini',
      'app://claimdesk/index.html%00.js',
      'app://claimdesk/assets',
      'app://claimdesk/assets/',
      'app://claimdesk/corpus/',
      'app://claimdesk/missing.js',
      'app://claimdesk/%E0%A4%A',
      'app://evil/index.html',
      'app://claimdesk.evil/index.html',
      'app://claimdesk:8080/index.html',
      'app://print/anything.html',
      'file:///etc/passwd',
      'https://claimdesk/index.html',
    ];
    let leaked = 0;
    for (const url of refused) {
      const response = await get(url);
      const body = await response.text();
      if (body.includes(SECRET)) leaked++;
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(body, url).not.toContain(SECRET);
      expect(body, url).not.toContain(work);
    }
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await get(APP_INDEX_URL, method)).status).toBe(405);
    console.log(`Scheme: ${refused.length} URLs outside the renderer and corpus refused, ${leaked} leaked; 3 write methods refused`);
    expect(leaked).toBe(0);
  });

  it('maps only plain names inside the two roots', () => {
    const roots = { rendererDir: '/app/out/renderer', corpusDir: '/app/corpus' };
    expect(mapAppUrl('app://claimdesk/', roots)).toEqual({ root: roots.rendererDir, segments: ['index.html'] });
    expect(mapAppUrl('app://claimdesk/corpus/a%20b.txt', roots)).toEqual({ root: roots.corpusDir, segments: ['a b.txt'] });
    expect(mapAppUrl('app://claimdesk/assets/x.js?v=1#top', roots)).toEqual({ root: roots.rendererDir, segments: ['assets', 'x.js'] });
    expect(mapAppUrl('app://claimdesk/a/%2e%2e/b', roots)).toBeNull();
    expect(mapAppUrl('app://claimdesk/a%2Fb', roots)).toBeNull();
    expect(mapAppUrl('app://user:pw@claimdesk/index.html', roots)).toBeNull();
    expect(mapAppUrl('app://claimdesk/a/../b', roots)).toBeNull();
  });
});

describe('print jobs (the print session only)', () => {
  it('serve a report from memory by its id, on app://print only, until released', async () => {
    const jobs = createPrintJobs();
    const job = jobs.add('<style>h1{color:red}</style><h1>Report</h1>');
    expect(job.url).toMatch(/^app:\/\/print\/[0-9a-f-]{36}\.html$/);
    const served = await jobs.handler(new Request(job.url));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-security-policy')).toBe(PRINT_CONTENT_SECURITY_POLICY);
    expect(await served.text()).toContain('<h1>Report</h1>');
    for (const url of [job.url.replace('print', 'claimdesk'), 'app://print/other.html', 'app://print/../index.html', `${job.url}/x`, APP_INDEX_URL]) {
      expect((await jobs.handler(new Request(url))).status, url).toBe(404);
    }
    // The app's own handler never serves it.
    expect((await get(job.url)).status).toBe(404);
    job.release();
    expect(jobs.size).toBe(0);
    expect((await jobs.handler(new Request(job.url))).status).toBe(404);
  });
});
