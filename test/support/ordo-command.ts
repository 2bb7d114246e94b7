/**
 * How the tests start a real `ordo` process: `node bin/ordo.mjs <args>`, exactly as a user runs it. The
 * launcher runs the compiled build in dist/server/ when it is newer than every source file (CI: `npm ci`
 * builds it in its prepare step) and otherwise the TypeScript sources through tsx, so a test always runs
 * the current code. The compiled start costs about half the CPU of tsx compiling the app on every start
 * (docs/testing.md), which adds up over the suite's few dozen process starts.
 */
export const ordoArgs = (...args: string[]): string[] => ['bin/ordo.mjs', ...args];
