// Benchmarks: vitest files under bench/ that print figures and write JSON; run with
// `npx vitest run --config bench/vitest.bench.config.mts`. They never fail on timing.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['bench/**/*.bench.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    reporters: ['default'],
  },
});
