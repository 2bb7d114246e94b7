import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take minutes, longest first (docs/testing.md). vitest orders a run by the durations it cached
 * last time, and without a cache (CI's fresh clone) by file size, largest first: these short files would
 * start among the last and finish the run alone on one worker while the others idle. Started first, they
 * overlap with the many short files instead. A new file of minutes belongs here.
 */
export const slowFiles = [
  'test/cli/cli.test.ts',
  'test/e2e/a11y.e2e.test.ts',
  'test/cli/seed-demo-history.test.ts',
  'test/e2e/reports-operations.e2e.test.ts',
  'test/users/first-admin.test.ts',
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = slowFiles.findIndex((s) => f.moduleId.replaceAll('\\', '/').endsWith(`/${s}`));
      return i < 0 ? slowFiles.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b)); // stable: the rest keep vitest's order
  }
}
