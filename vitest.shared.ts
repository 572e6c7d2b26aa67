import { defineConfig } from 'vitest/config';

/** The test set-up every package shares: unit tests beside the source, type tests as `*.test-d.ts`. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A guard against hangs, not a performance budget: the conformance suites make hundreds of
    // simulated requests, and on a loaded 2-core CI machine 5 s is too tight for that.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    // The JSON report lets `npm test` print one closing line with the totals of every package.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
  },
});
