// Unit tests: core (pure) and main (Node, Electron objects passed in), plus renderer db tests on fake-indexeddb.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
