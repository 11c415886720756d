import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Fits of shipped data sets and the adversarial suite; the machine is shared.
    testTimeout: 30_000,
  },
});
