#!/usr/bin/env node
// The `ordo` command (`npm start` runs `ordo serve`). Runs the compiled JavaScript in dist/server/
// (built by `npm install` / `npm run build:server`) when that build is newer than every source file;
// otherwise (a source changed since, or no build) the TypeScript sources through tsx's loader.
// ORDO_FROM_SOURCE=1 always runs the sources. One process (no child), so signals reach `ordo serve`
// directly and exit codes pass through.
import { pathToFileURL } from 'node:url';
import { compiledEntry, compiledIsCurrent } from './build-state.mjs';

if (process.env.ORDO_FROM_SOURCE !== '1' && compiledIsCurrent()) {
  await import(pathToFileURL(compiledEntry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../cli/ordo.ts', import.meta.url).href);
}
