#!/usr/bin/env node
// Regenerates README's performance table from bench/results.json (and bench/reanchor.json), naming the
// commit that run measured, between the bench:table markers. Run after a full `npm run bench`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeTable } from '../bench/lib/report.mjs';

const root = new URL('..', import.meta.url).pathname;
const read = (p) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const results = read('bench/results.json');
const meta = read('bench/results.meta.json');
let reanchor = null;
try {
  reanchor = read('bench/reanchor.json');
  // The re-anchoring figures are written by their own benchmark, not by the run of results.json: they
  // are named by the commit that last recorded them, or, not committed yet (written by the full run
  // just made, which runs that benchmark too), by the commit that run measured.
  const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const uncommitted = git('status', '--porcelain', '--', 'bench/reanchor.json').stdout.trim() !== '';
  reanchor.commit ??= (uncommitted ? meta.commit : git('log', '-1', '--format=%h', '--', 'bench/reanchor.json').stdout.trim()) || undefined;
} catch {
  /* no re-anchor figures */
}
if (meta.mode !== 'full') throw new Error('bench/results.meta.json is not from a full run');
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- bench:table:start -->';
const end = '<!-- bench:table:end -->';
const a = readme.indexOf(start);
const b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} markers`);
writeFileSync(readmePath, `${readme.slice(0, a + start.length)}\n${readmeTable(results, meta, reanchor)}\n${readme.slice(b)}`);
console.log(`README.md: performance table regenerated from the run of ${meta.commit}`);
