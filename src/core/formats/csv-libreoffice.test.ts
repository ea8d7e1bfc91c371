// Opens the CSV export in LibreOffice Calc (headless, formula evaluation on) and counts the cells it
// turned into formulas: every character OWASP lists, at the start of every text column, must give 0.
// Needs `soffice` (Debian's libreoffice-calc-nogui; .ci/run installs it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../model/annotation';
import { buildCsv } from './csv';
import { astralDocument, loadCorpus, sampleAnnotations } from './fixtures/sample';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const corpus = [...loadCorpus((name) => readFileSync(join(root, 'corpus', name), 'utf8')), astralDocument()];
const STARTS = ['=', '+', '-', '@', '\t', '\r', '\n', '\0', '\uff1d', '\uff0b', '\uff0d', '\uff20', ' =', '\0='];
const PAYLOADS = ['1+1', 'SUM(1;2)', 'HYPERLINK("http://evil.example";"x")', '2+5+cmd|\' /C calc\'!A0'];

function hasSoffice(): boolean {
  return spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('CSV in LibreOffice', () => {
  it('opens with formula evaluation on and contains 0 formulas', () => {
    expect(hasSoffice(), 'soffice not found: apt-get install -y libreoffice-calc-nogui').toBe(true);
    const base = sampleAnnotations(corpus)[0]!;
    const hostile: Annotation[] = [];
    let n = 0;
    for (const start of STARTS) {
      for (const payload of PAYLOADS) {
        const cell = `${start}${payload}`;
        hostile.push({
          ...base,
          id: `${cell}-${n++}`,
          note: cell,
          author: cell,
          quote: { type: 'TextQuoteSelector', exact: cell, prefix: cell, suffix: cell },
          sources: [{ url: cell, title: cell, accessed: '', quote: '' }],
        });
      }
    }
    const dir = join(root, '.tmp', 'csv-libreoffice');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const csvPath = join(dir, 'export.csv');
    writeFileSync(csvPath, buildCsv({ documents: corpus, annotations: hostile }), 'utf8');
    // CSV filter options: comma, double quote, UTF-8, from line 1, ..., token 13 = evaluate formulas.
    const r = spawnSync(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true',
        '--convert-to',
        'fods',
        '--outdir',
        dir,
        csvPath,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const fods = readFileSync(join(dir, 'export.fods'), 'utf8');
    const formulas = fods.match(/table:formula="/g)?.length ?? 0;
    const cells = fods.match(/<table:table-cell/g)?.length ?? 0;
    // The check has teeth: the same cells unguarded do evaluate.
    writeFileSync(join(dir, 'control.csv'), `a\r\n"\0=1+1"\r\n=2+2\r\n`, 'utf8');
    spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true', '--convert-to', 'fods', '--outdir', dir, join(dir, 'control.csv')], { timeout: 120_000 });
    const control = readFileSync(join(dir, 'control.fods'), 'utf8').match(/table:formula="/g)?.length ?? 0;
    console.log(`CSV in LibreOffice: ${hostile.length} hostile rows, ${cells} cells, ${formulas} formulas (unguarded control: ${control} formulas)`);
    expect(control).toBe(2);
    expect(formulas).toBe(0);
  }, 240_000);
});
