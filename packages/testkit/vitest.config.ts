import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/fixtures holds suites that the tests run in a child vitest.
    include: ['test/*.test.ts'],
    setupFiles: ['test/setup.ts'],
  },
});
