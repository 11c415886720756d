import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Reference fits on real data sets (diabetes with missing cells: ~1 s alone) take several times
    // longer when CI runs every package's tests at once on two cores.
    testTimeout: 30_000,
  },
});
