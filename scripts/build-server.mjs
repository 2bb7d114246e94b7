// `npm run build:server` (also run by `npm install`): compiles src/ and cli/ to dist/server/ with tsc,
// then stamps the build with the time it started, so bin/ordo.mjs can tell whether a source file
// changed since (it then runs the TypeScript sources instead of a stale build).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const started = new Date();
rmSync('dist/server', { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync('dist/server', { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
mkdirSync('dist/server', { recursive: true });
writeFileSync('dist/server/.built', `${started.toISOString()}\n`);
utimesSync('dist/server/.built', started, started);
