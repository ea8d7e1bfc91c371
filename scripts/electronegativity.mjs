#!/usr/bin/env node
// S8: runs Electronegativity (Doyensec's Electron security linter) on the main-process and preload
// sources, prints the findings and a count by severity, and exits 1 when a HIGH finding is not an
// accepted exception in docs/adr/0003-electronegativity-exceptions.md. Offline-safe: the check that
// downloads Electron's release list is skipped, the Electron version is read from node_modules, and
// the scan is killed after a time limit (the tool's translation fetch gives up after 1 s by itself).
// The tool runs through its programmatic API in a child process that writes the findings as JSON:
// its CLI writes the CSV header and body with two concurrent fs.writeFile calls, which race and
// sometimes leave a mangled file. `--csv <file>` also saves the findings as CSV.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNNER = join(ROOT, 'node_modules/@doyensec/electronegativity/dist/runner.js');
const ADR = join(ROOT, 'docs/adr/0003-electronegativity-exceptions.md');
const TIMEOUT_MS = Number(process.env.ELECTRONEGATIVITY_TIMEOUT_MS ?? 120_000);
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/** Tests and test fakes are not shipped; they call openExternal etc. on fakes and only add noise. */
const isShippedSource = (name) => /\.(ts|tsx|js|mjs|cjs|html)$/.test(name) && !/\.test\.tsx?$/.test(name) && !/^test-fakes\.ts$/.test(name);

function copyShipped(fromDir, toDir) {
  mkdirSync(toDir, { recursive: true });
  let count = 0;
  for (const name of readdirSync(fromDir)) {
    const from = join(fromDir, name);
    if (statSync(from).isDirectory()) count += copyShipped(from, join(toDir, name));
    else if (isShippedSource(name)) {
      cpSync(from, join(toDir, name));
      count++;
    }
  }
  return count;
}

/** Rows of the "Accepted exceptions" table: check id, file, a text the finding's sample contains, reason. */
export function readExceptions(markdown) {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Accepted exceptions'));
  if (!section) return [];
  return section
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .map((line) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/^`|`$/g, '')))
    .filter((cells) => cells.length >= 4 && /^[A-Z_]+$/.test(cells[0]))
    .map(([check, file, sampleContains, reason]) => ({ check, file, sampleContains, reason }));
}

/** Runs in the child: the tool's programmatic API, findings written as JSON to argv[2]. */
const CHILD_SOURCE = `
const { writeFileSync } = require('node:fs');
const [, runnerPath, input, electronVersion, out] = process.argv;
const runner = require(runnerPath);
const run = typeof runner === 'function' ? runner : runner.default;
run({
  input,
  customScan: [],
  // Downloads Electron's release list from GitHub; nothing here can reach it.
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  isRelative: true,
  isVerbose: true,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
}, false).then((result) => {
  const findings = result.issues.map((i) => ({
    check: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file === 'N/A' ? '(global)' : i.file,
    location: i.location ? i.location.line + ':' + i.location.column : '',
    sample: i.sample || '',
    description: i.description,
    manualReview: Boolean(i.manualReview),
  }));
  writeFileSync(out, JSON.stringify({ globalChecks: result.globalChecks, atomicChecks: result.atomicChecks, errors: result.errors.map(String), findings }));
  process.exit(0);
}, (error) => {
  console.error(error && error.stack || String(error));
  process.exit(1);
});
`;

function runScan(input, electronVersion, outJson) {
  return new Promise((resolvePromise) => {
    const args = ['-e', CHILD_SOURCE, '--', RUNNER, input, electronVersion, outJson];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => {
      output += `\n(timed out after ${TIMEOUT_MS} ms)`;
      try {
        if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, output });
    });
  });
}

const csvField = (value) => `"${String(value).replace(/"/g, '""')}"`;

async function main() {
  if (!existsSync(RUNNER)) {
    console.error('Electronegativity is not installed (npm i -D @doyensec/electronegativity).');
    process.exit(2);
  }
  const electronVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version;
  const stage = mkdtempSync(join(tmpdir(), 'claimdesk-electronegativity-'));
  try {
    // One scan over main + preload (+ the renderer's index.html): the global checks (navigation
    // limits, permission handler, CSP) must see the whole app, or each half reports the other's absence.
    const app = join(stage, 'app');
    const scanned = {
      'src/main': copyShipped(join(ROOT, 'src/main'), join(app, 'main')),
      'src/preload': copyShipped(join(ROOT, 'src/preload'), join(app, 'preload')),
    };
    const indexHtml = join(ROOT, 'src/renderer/index.html');
    if (existsSync(indexHtml)) {
      mkdirSync(join(app, 'renderer'));
      cpSync(indexHtml, join(app, 'renderer/index.html'));
      scanned['src/renderer/index.html'] = 1;
    }
    const json = join(stage, 'findings.json');
    const started = Date.now();
    const result = await runScan(app, electronVersion, json);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.signal || result.code !== 0 || !existsSync(json)) {
      console.error(`Electronegativity failed (exit ${result.code ?? result.signal}, ${seconds} s):\n${result.output}`);
      process.exit(2);
    }
    const report = JSON.parse(readFileSync(json, 'utf8'));
    if (report.errors.length > 0) {
      // A file the tool could not parse was not checked: never report that as clean.
      console.error(`Electronegativity could not parse every file:\n  ${report.errors.join('\n  ')}`);
      process.exit(2);
    }
    const findings = report.findings;
    const csvIndex = process.argv.indexOf('--csv');
    if (csvIndex > 0 && process.argv[csvIndex + 1]) {
      const header = 'issue,severity,confidence,filename,location,sample,description';
      const lines = findings.map((f) => [f.check, f.severity, f.confidence, f.file, f.location, f.sample, f.description].map(csvField).join(','));
      writeFileSync(resolve(process.argv[csvIndex + 1]), `${[header, ...lines].join('\n')}\n`);
    }
    console.log(
      `Scanned ${Object.entries(scanned).map(([k, n]) => `${k} (${n} file${n === 1 ? '' : 's'})`).join(', ')} as one app with ${report.atomicChecks} atomic and ${report.globalChecks} global checks; Electron ${electronVersion} assumed; ${seconds} s`,
    );

    const exceptions = existsSync(ADR) ? readExceptions(readFileSync(ADR, 'utf8')) : [];
    const isExcused = (f) =>
      exceptions.some((e) => e.check === f.check && (e.file === f.file || e.file === basename(f.file)) && (e.sampleContains === '*' || f.sample.includes(e.sampleContains)));

    console.log('');
    console.log(`${'Severity'.padEnd(14)} ${'Confidence'.padEnd(11)} ${'Check'.padEnd(40)} ${'Where'.padEnd(28)} Status`);
    for (const f of findings) {
      const status = f.severity === 'HIGH' || f.severity === 'CRITICAL' ? (isExcused(f) ? 'accepted exception (ADR 0003)' : 'NOT ACCEPTED') : 'reviewed, not gating';
      const where = f.file === '(global)' ? '(global)' : `${f.file}:${f.location}`;
      console.log(`${f.severity.padEnd(14)} ${f.confidence.padEnd(11)} ${f.check.padEnd(40)} ${where.padEnd(28)} ${status}`);
      console.log(`${''.padEnd(27)}${f.description}${f.sample ? ` — ${f.sample.length > 110 ? `${f.sample.slice(0, 110)}…` : f.sample}` : ''}`);
    }
    console.log('');
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]));
    console.log('Findings by severity:');
    for (const s of SEVERITIES) console.log(`  ${s.padEnd(14)} ${counts[s]}`);
    const unaccepted = findings.filter((f) => (f.severity === 'HIGH' || f.severity === 'CRITICAL') && !isExcused(f));
    console.log(
      `S8: ${findings.length} findings (${counts.CRITICAL + counts.HIGH} high or critical, ${counts.CRITICAL + counts.HIGH - unaccepted.length} accepted exceptions), ${unaccepted.length} high findings not accepted`,
    );
    if (unaccepted.length > 0) {
      for (const f of unaccepted) console.error(`  ${f.check} in ${f.file}:${f.location}: ${f.description}\n    ${f.sample}`);
      console.error(`Fix these, or record a reviewed exception in ${relative(ROOT, ADR)}.`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
