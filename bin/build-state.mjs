// Whether the compiled build in dist/server/ (`npm run build:server`) is current: newer than every
// TypeScript source under src/ and cli/. Used by bin/ordo.mjs and the benchmarks.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const compiledEntry = join(root, 'dist/server/cli/ordo.js');
const built = join(root, 'dist/server/.built');

/** The newest modification time of a .ts file under `dir`. */
function newest(dir) {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newest(p));
    else if (e.name.endsWith('.ts')) max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

export function compiledIsCurrent() {
  return existsSync(built) && existsSync(compiledEntry) && statSync(built).mtimeMs >= Math.max(newest(join(root, 'src')), newest(join(root, 'cli')));
}
