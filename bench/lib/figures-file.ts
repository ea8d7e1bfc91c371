// Where the vitest benchmarks put their figures: bench/ (CLAIMDESK_BENCH_OUT=bench, as `npm run bench`
// does) or .tmp/bench, merged into the named JSON file so other figures in it are kept.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = fileURLToPath(new URL(`../../${process.env.CLAIMDESK_BENCH_OUT ?? '.tmp/bench'}/`, import.meta.url));

/** Merges `figures` into `benchDir/name` (other keys kept) and prints them. */
export function mergeFigures(name: string, figures: Record<string, unknown>): void {
  mkdirSync(benchDir, { recursive: true });
  const file = join(benchDir, name);
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    previous = {};
  }
  writeFileSync(file, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`);
  console.log(JSON.stringify(figures, null, 2));
}
