#!/usr/bin/env node
// S8: runs Electronegativity (Doyensec's Electron security linter) on the main-process and preload
// sources, prints the findings and a count by severity, and exits 1 when a HIGH finding is not an
// accepted exception in docs/adr/0003-electronegativity-exceptions.md. Offline-safe: the check that
// downloads Electron's release list is skipped, the Electron version is read from node_modules, and
// each scan is killed after a time limit (the tool's translation fetch gives up after 1 s by itself).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');
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

/** RFC 4180 CSV (quoted fields, "" escapes, newlines inside quotes), as Electronegativity writes it. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
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

function runScan(label, input, electronVersion, outCsv) {
  return new Promise((resolvePromise) => {
    const args = [CLI, '-i', input, '-r', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', outCsv];
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
      resolvePromise({ label, code, signal, output });
    });
  });
}

async function waitForFile(path, ms = 2000) {
  // The tool writes its CSV with an asynchronous fs.writeFile and may exit a moment before it lands.
  const until = Date.now() + ms;
  while (!existsSync(path) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return existsSync(path);
}

async function main() {
  if (!existsSync(CLI)) {
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
    const csv = join(stage, 'findings.csv');
    const started = Date.now();
    const result = await runScan('app', app, electronVersion, csv);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.signal || result.code !== 0 || !(await waitForFile(csv))) {
      console.error(`Electronegativity failed (exit ${result.code ?? result.signal}, ${seconds} s):\n${result.output}`);
      process.exit(2);
    }
    const findings = [];
    const [, ...body] = parseCsv(readFileSync(csv, 'utf8')); // header: issue, severity, confidence, filename, location, sample, description, url
    for (const [check, severity, confidence, file, location, sample, description] of body) {
      findings.push({ check, severity, confidence, file: file === 'N/A' ? '(global)' : file, location, sample: sample === 'N/A' ? '' : sample, description });
    }
    console.log(
      `Scanned ${Object.entries(scanned).map(([k, n]) => `${k} (${n} file${n === 1 ? '' : 's'})`).join(', ')} as one app; Electron ${electronVersion} assumed; ${seconds} s`,
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
