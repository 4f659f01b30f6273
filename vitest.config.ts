import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Hang guards, not speed checks (timings are bench/'s): a test that spawns several copywatch
    // processes took 29 s of a 30 s cap on this 2-core machine at load 15, so the caps leave room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
