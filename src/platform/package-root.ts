import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository/package folder (the one holding package.json), found by walking up from this file:
 * the same answer whether the code runs from its TypeScript sources (tsx) or compiled to
 * dist/server/ (`npm run build:server`), so migrations/ and dist/web/ are found either way.
 */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json with migrations/ not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
})();
