import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./src/testing/build-demo.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
