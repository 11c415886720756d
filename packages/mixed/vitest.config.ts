import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // The animal model's dense mixed-model equations and the adversarial suite; the machine is shared.
    testTimeout: 30_000,
  },
});
