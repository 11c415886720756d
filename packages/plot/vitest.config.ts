import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The adversarial suite and the doc examples; CI runs every package's tests at once on two cores.
    testTimeout: 30_000,
  },
});
