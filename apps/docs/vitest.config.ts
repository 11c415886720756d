import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Examples fit real models; the machine is shared.
    testTimeout: 60_000,
  },
});
