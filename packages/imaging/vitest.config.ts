import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Reconstructions of small phantoms and the adversarial suite; the machine is shared.
    testTimeout: 60_000,
  },
});
