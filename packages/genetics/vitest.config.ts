import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The 11-locus hla.demo comparison takes a few seconds; the machine is shared.
    testTimeout: 30_000,
  },
});
