import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTarget, onPostgres } from './target.js';
import { ordoArgs } from '../support/ordo-command.js';

let target: Awaited<ReturnType<typeof freshTarget>>;
beforeAll(async () => {
  target = await freshTarget();
});
afterAll(() => target?.dispose());

describe('ordo worker', () => {
  it('runs event handlers and periodic jobs on PostgreSQL until SIGTERM; refuses the embedded database', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...target.env, LOG_LEVEL: 'info', ORDO_PRETTY_LOGS: 'false' };
    if (!onPostgres) delete env.DATABASE_URL;
    const child = spawn(process.execPath, ordoArgs('worker'), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d) => {
      stdout += String(d);
      if (!signalled && stdout.includes('worker started')) signalled = child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (onPostgres) {
      if (code !== 0) console.log(stdout.slice(-3000));
      expect(code).toBe(0);
      expect(stdout).toContain('worker started');
      expect(stdout).toContain('worker stopped');
    } else {
      expect(code).toBe(2);
      expect(stderr).toContain('ordo worker needs DATABASE_URL');
    }
  }, 120_000);
});
