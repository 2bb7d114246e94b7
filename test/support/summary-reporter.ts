import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the output with one plain line CI can read: `N passed, N failed, N skipped`.
 * A file that failed outside its tests (an import error, a failing beforeAll) counts its tests that
 * never ran as failed, so a broken setup cannot pass for "skipped".
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      let mPassed = 0;
      let mFailed = 0;
      let mSkipped = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') mPassed++;
        else if (s === 'failed') mFailed++;
        else mSkipped++;
      }
      if (m.state() === 'failed' && mFailed === 0) {
        mFailed = Math.max(1, mSkipped);
        mSkipped = 0;
      }
      passed += mPassed;
      failed += mFailed;
      skipped += mSkipped;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
