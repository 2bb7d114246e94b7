import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/sequencer.js';

process.env.VITEST_RUN_ID ??= `${process.pid}`;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The files of minutes start first, so they do not end the run alone (test/support/sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
