import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/client.js';
import { queryRows } from '../../src/platform/db/query.js';
import { systemClock } from '../../src/platform/clock.js';
import { uuidv7 } from '../../src/platform/ids.js';
import { ensureFirstAdmin } from '../../src/modules/users/index.js';
import { verifyPassword } from '../../src/modules/users/passwords.js';
import { freshTarget } from './target.js';
import { ordoArgs } from '../support/ordo-command.js';

let target: Awaited<ReturnType<typeof freshTarget>>;
beforeAll(async () => {
  target = await freshTarget();
});
afterAll(() => target?.dispose());

/** Runs the real CLI in its own process, as a user would (node bin/ordo.mjs …, test/support/ordo-command.ts). */
function ordo(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env, ...extraEnv };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  delete env.LOG_LEVEL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ordoArgs(...args), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ordo CLI', () => {
  it('migrate applies the migrations and exits 0', async () => {
    const r = await ordo(['migrate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Migrations applied');
    expect((await ordo(['migrate'])).code).toBe(0); // idempotent
  }, 180_000);

  it('api-key create prints a key once; api-key list never shows secrets', async () => {
    const r = await ordo(['api-key', 'create', '--name', 'ci robot', '--role', 'admin']);
    expect(r.code).toBe(0);
    const key = /ordo_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{20,}/.exec(r.stdout)?.[0];
    expect(key).toBeDefined();
    expect(r.stdout).toMatch(/will not be shown again/);
    const list = await ordo(['api-key', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('ci robot');
    expect(list.stdout).not.toContain(key!);
  }, 120_000);

  it('exits 2 naming the variable on bad configuration', async () => {
    const r = await ordo(['migrate'], { PORT: 'abc' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PORT');
    expect(r.stdout).toBe('');
  });

  it('exits 2 on bad usage', async () => {
    expect((await ordo(['api-key', 'create', '--name', 'x', '--role', 'boss'])).code).toBe(2);
    expect((await ordo(['api-key', 'create', '--role', 'admin'])).code).toBe(2);
    expect((await ordo(['no-such-command'])).code).toBe(2);
    expect((await ordo(['seed'])).code).toBe(2);
  }, 120_000);

  it('seed --demo builds a business through the API, refuses a second time; reconcile finds it consistent', async () => {
    const seeded = await ordo(['seed', '--demo', '--orders', '5']);
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/Demo data created .*3 locations, 50 products, \d+ stock receipts, \d+ suppliers, 5 orders/);

    const again = await ordo(['seed', '--demo']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Refusing to seed: the database already has 5 order/);

    const ok = await ordo(['reconcile']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('OK: every level matches');
  }, 240_000);

  it('reconcile exits 1 and shows the level when on_hand drifts from the ledger', async () => {
    const database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.dataDir, poolSize: 1 });
    try {
      await database.db.execute(sql`update inventory_levels set on_hand = on_hand + 5 where (sku, location_code) = (select sku, location_code from inventory_levels order by 1, 2 limit 1)`);
    } finally {
      await database.close();
    }
    const r = await ordo(['reconcile']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('MISMATCH');
    expect(r.stdout).toMatch(/on hand ≠ sum of movements/);
  }, 120_000);

  it('user reset-password prints a single-use link, or sets a password with --password', async () => {
    const database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.dataDir, poolSize: 1 });
    try {
      const deps = { db: database.db, clock: systemClock, newId: () => uuidv7(Date.now()) };
      await ensureFirstAdmin(deps, { email: 'cli-admin@example.com', password: 'first password here' });
    } finally {
      await database.close();
    }
    const link = await ordo(['user', 'reset-password', 'CLI-Admin@example.com'], { ORDO_PUBLIC_URL: 'https://ordo.example' });
    expect(link.stderr).toBe('');
    expect(link.code).toBe(0);
    expect(link.stdout).toMatch(/https:\/\/ordo\.example\/reset-password#token=[A-Za-z0-9_-]{40,}/);

    const set = await ordo(['user', 'reset-password', 'cli-admin@example.com', '--password', 'second password here']);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Password of cli-admin@example.com set');
    const check = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.dataDir, poolSize: 1 });
    try {
      const [row] = await queryRows<{ password_hash: string }>(check.db, sql`select password_hash from users where email = 'cli-admin@example.com'`);
      expect(await verifyPassword(row!.password_hash, 'second password here')).toBe(true);
    } finally {
      await check.close();
    }
    expect((await ordo(['user', 'reset-password', 'cli-admin@example.com', '--password', 'short'])).code).toBe(2);
    const unknown = await ordo(['user', 'reset-password', 'nobody@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No console user with the e-mail nobody@example.com');
  }, 180_000);

  it('import postal-codes loads GeoNames centroids, re-runs replace them, and a file without rows exits 1', async () => {
    const file = join(target.dir, 'DE.txt');
    writeFileSync(file, 'DE\t80331\tMünchen\tBayern\tBY\t\t\t\t\t48.1372\t11.5755\t4\nDE\t10117\tBerlin\tBerlin\tBE\t\t\t\t\t52.5170\t13.3889\t4\nnot a row\n');
    const r = await ordo(['import', 'postal-codes', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported 2 postal code centroid(s); skipped 1 unreadable line(s), first at line 3');
    writeFileSync(file, 'DE\t10117\tBerlin Mitte\tBerlin\tBE\t\t\t\t\t52.52\t13.39\t4\n');
    expect((await ordo(['import', 'postal-codes', file])).code).toBe(0);
    const database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.dataDir, poolSize: 1 });
    try {
      const rows = await queryRows<{ postal_code: string; place: string; latitude: number }>(database.db, sql`select postal_code, place, latitude from postal_code_centroids order by postal_code`);
      expect(rows).toEqual([{ postal_code: '10117', place: 'Berlin Mitte', latitude: 52.52 }, { postal_code: '80331', place: 'München', latitude: 48.1372 }]);
    } finally {
      await database.close();
    }
    writeFileSync(file, 'nothing useful\n');
    const empty = await ordo(['import', 'postal-codes', file]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('has no postal code rows');
  }, 180_000);
});
