import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packs the tarballs and installs them in a fresh project once, for every test file.
    globalSetup: ['test/global-setup.ts'],
    // Builds, installs and browsers on two cores shared with every other package's tests.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
