import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Fits of 10,000-step sequences take a second alone, several times that when CI runs every
    // package's tests at once on two cores: a time-out there says nothing about the code.
    testTimeout: 30_000,
  },
});
