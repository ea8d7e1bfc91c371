#!/usr/bin/env node
// The one test command (`npm test`): type checks, lint, unit tests, builds, security scan, end-to-end
// tests in Chromium, the anchoring suite and the quick benchmark. Runs every step, prints a summary of
// each with its counts, and exits non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2);

const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;

function run(name, cmd, args, { env = {}, count } = {}) {
  if (only.length && !only.includes(name)) return;
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  const counts = count?.() ?? null;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  } else if (ok) passed += 1;
  if (!ok && (!counts || counts.failed === 0)) failed += 1;
  results.push({ name, ok, seconds, counts });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const vitestJson = join(tmp, 'vitest.json');
const playwrightJson = join(tmp, 'playwright.json');
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.core.json', '--noEmit']);
run('typecheck-node', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
run('typecheck-web', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
run('typecheck-tests', 'npx', ['tsc', '-p', 'tsconfig.test.json', '--noEmit']);
run('lint', 'npx', ['eslint', 'src']);
run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], {
  count() {
    const j = readJson(vitestJson);
    if (!j) return null;
    return { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + (j.numTodoTests ?? 0) };
  },
});
// The published JSON Schema of Claimdesk JSON (docs/schema/) must match the zod schema in the code.
run('schema-drift', 'npx', ['vitest', 'run', 'src/core/formats/native-schema.test.ts']);
run('build-web', 'npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']);
run('build-electron', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']);
if (existsSync(join(root, 'scripts/electronegativity.mjs'))) run('electronegativity', 'node', ['scripts/electronegativity.mjs']);
run('e2e', 'npx', ['playwright', 'test'], {
  env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  count() {
    const j = readJson(playwrightJson);
    if (!j?.stats) return null;
    return { passed: j.stats.expected, failed: j.stats.unexpected + j.stats.flaky, skipped: j.stats.skipped };
  },
});
if (existsSync(join(root, 'scripts/bench.mjs'))) run('bench-quick', 'node', ['scripts/bench.mjs', '--quick']);

/**
 * A failed Playwright test's error in one line: the first line of the message, the spec line it stopped
 * at, and what was waited for (locator, expected, received), so the summary alone says where it failed.
 */
function describeE2eError(error) {
  if (!error) return '';
  const lines = String(error.message ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim());
  const at = error.location ? ` [at ${error.location.file.replace(root, '')}:${error.location.line}]` : '';
  // Each of these with the lines that carry on its value (an axe report is several lines long).
  const detail = [];
  let carrying = false;
  for (const l of lines.slice(1)) {
    if (/^(Locator|Expected|Received|Timeout|Error: element)\b/.test(l)) {
      detail.push(l);
      carrying = true;
    } else if (l === '' || /^(Call log|at |>|\d+ \|)/.test(l)) carrying = false;
    else if (carrying) detail[detail.length - 1] += ` ${l}`;
  }
  return [`${lines[0] ?? ''}${at}`, ...detail].join(' · ');
}

/**
 * What the page showed when a test failed, from Playwright's error context (its accessibility
 * snapshot): the status line, any alert, and the open document's title. CI keeps no files, so this is
 * all a failure there leaves to go on.
 */
function describePage(result) {
  const path = result?.attachments?.find((a) => a.name === 'error-context')?.path;
  if (!path || !existsSync(path)) return '';
  const snapshot = readFileSync(path, 'utf8').match(/```yaml\n([\s\S]*?)```/)?.[1] ?? '';
  const shown = snapshot
    .split('\n')
    .filter((l) => /^\s*- (status|alert)\b/.test(l) || /heading .*\[level=2\]/.test(l))
    .map((l) => l.trim().replace(/^- /, '').replace(/ \[ref=\w+\]/g, ''));
  return shown.length ? ` · page: ${shown.join('; ')}` : '';
}

/** Names of the failed tests and where they failed, so a truncated CI log still says what failed. */
function failures() {
  const out = [];
  const v = readJson(vitestJson);
  for (const file of v?.testResults ?? [])
    for (const t of file.assertionResults ?? [])
      if (t.status === 'failed') out.push(`unit: ${file.name.replace(root, '')} › ${t.fullName}: ${String(t.failureMessages?.[0] ?? '').split('\n')[0]}`);
  const p = readJson(playwrightJson);
  const walk = (suite, path) => {
    for (const s of suite.suites ?? []) walk(s, [...path, s.title]);
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected' || t.status === 'flaky') {
          const failedRun = t.results?.find((r) => r.error);
          out.push(`e2e: ${[...path, spec.title].filter(Boolean).join(' › ')}: ${describeE2eError(failedRun?.error)}${describePage(failedRun)}`);
        }
  };
  if (p) walk(p, []);
  return out;
}

console.log('\n=== summary');
for (const r of results) {
  const c = r.counts ? ` (${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped)` : '';
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(18)} ${r.seconds.padStart(6)} s${c}`);
}
if (skipped) console.log(`${skipped} skipped: a skipped test is not a pass (the Electron spec needs an Electron binary).`);
for (const f of failures()) console.log(`failed: ${f.slice(0, 1000)}`);
console.log(`claimdesk: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
