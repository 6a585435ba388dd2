import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./src/testing/build-demo.ts'],
    testTimeout: 30_000,
    // Many files place real-time calls and judge what the caller heard; on a 2-core machine,
    // files running side by side starve each other's 20 ms pacing. One file at a time.
    fileParallelism: false,
    hookTimeout: 30_000,
  },
});
