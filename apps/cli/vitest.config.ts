import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Every test runs the built binary in a subprocess, on a machine that may be busy.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
