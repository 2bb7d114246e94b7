import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/app.js';
import { testDatabase, onPostgres } from '../support/db.js';
import { level, makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';
import { ordoArgs } from '../support/ordo-command.js';

/** Acceptance 2: 50 concurrent placements of 1 unit with 10 on hand → exactly 10 orders, 40 × 409. */
function tally(statuses: number[]) {
  return { created: statuses.filter((s) => s === 201).length, refused: statuses.filter((s) => s === 409).length, other: statuses.filter((s) => s !== 201 && s !== 409) };
}

describe('no oversell under concurrency', () => {
  it('50 concurrent placements against 10 units in one process', async () => {
    const t = await testApp();
    try {
      await makeLocation(t, { code: 'BER' });
      await makeProduct(t, { sku: 'HOT' });
      await receiveStock(t, 'HOT', 'BER', 10);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.api('POST', '/api/v1/orders', orderBody([{ sku: 'HOT', quantity: 1 }], { customer: { email: `c${i}@example.com`, name: `C ${i}` } })),
        ),
      );
      const r = tally(results.map((x) => x.status));
      expect(r).toEqual({ created: 10, refused: 40, other: [] });
      for (const x of results.filter((x) => x.status === 409)) expect(x.body.code).toBe('insufficient_stock');
      expect(await level(t, 'HOT', 'BER')).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
      const list = await t.api('GET', '/api/v1/orders?limit=100');
      expect(list.body.items).toHaveLength(10);
    } finally {
      await t.close();
    }
  });

  describe.runIf(onPostgres)('two server processes against one PostgreSQL', () => {
    const procs: ChildProcess[] = [];
    afterAll(async () => {
      for (const p of procs) if (p.exitCode === null) (p.kill('SIGTERM'), await once(p, 'exit'));
    });

    async function startProcess(url: string, key: string): Promise<string> {
      const p = spawn(process.execPath, ordoArgs('serve'), {
        env: { ...process.env, DATABASE_URL: url, PORT: '0', ORDO_DEV_API_KEY: key, LOG_LEVEL: 'info', ORDO_PRETTY_LOGS: 'false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      procs.push(p);
      let out = '';
      return new Promise((resolve, reject) => {
        const onData = (b: Buffer) => {
          out += b.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        };
        p.stdout!.on('data', onData);
        p.stderr!.on('data', onData);
        p.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
      });
    }

    it('50 concurrent placements split over 2 processes → exactly 10 orders', async () => {
      const db = await testDatabase();
      const key = 'bench-key-0123456789abcdef';
      try {
        const setup = await testApp({ database: db });
        await makeLocation(setup, { code: 'BER' });
        await makeProduct(setup, { sku: 'HOT' });
        await receiveStock(setup, 'HOT', 'BER', 10);
        const [a, b] = await Promise.all([startProcess(db.url!, key), startProcess(db.url!, key)]);
        expect(a).not.toBe(b);
        const results = await Promise.all(
          Array.from({ length: 50 }, async (_, i) => {
            const res = await fetch(`${i % 2 ? a : b}/api/v1/orders`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
              body: JSON.stringify(orderBody([{ sku: 'HOT', quantity: 1 }], { customer: { email: `p${i}@example.com`, name: `P ${i}` } })),
            });
            return res.status;
          }),
        );
        expect(tally(results)).toEqual({ created: 10, refused: 40, other: [] });
        expect(await level(setup, 'HOT', 'BER')).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
        await setup.close();
      } finally {
        for (const p of procs) if (p.exitCode === null) (p.kill('SIGTERM'), await once(p, 'exit'));
        await db.close();
      }
    });
  });
});
