import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each file starts its own redis-server and worker processes; under CI load on two cores a
    // fault test (a killed worker's job noticed after its lock expires) takes several seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The fault tests kill and restart processes: one file at a time keeps them from starving.
    fileParallelism: false,
  },
});
