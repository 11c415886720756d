import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The 11-locus hla.demo comparison takes a few seconds alone, 40 s on a loaded 2-core machine:
    // the limit catches hangs, not slowness.
    testTimeout: 120_000,
  },
});
