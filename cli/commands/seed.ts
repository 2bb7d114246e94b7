import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/platform/clock.js';
import { CliError, config, out, withDatabase } from '../support.js';
import { seedDemo, SeedError } from '../seed/seed-demo.js';
import { countOrders } from './serve.js';

export async function seedCommand(opts: { demo?: boolean; orders?: string }): Promise<void> {
  if (!opts.demo) throw new CliError('Nothing to seed: pass --demo to create the demo business.', 2);
  const orders = opts.orders === undefined ? 200 : Number(opts.orders);
  if (!Number.isInteger(orders) || orders < 0 || orders > 100_000) throw new CliError('--orders must be an integer from 0 to 100000', 2);
  const cfg = config();
  await withDatabase(cfg, { migrate: true }, async (database) => {
    const existing = await countOrders(database.db);
    if (existing > 0) {
      throw new CliError(
        `Refusing to seed: the database already has ${existing} order(s). Demo data goes into an empty database only ` +
          `(embedded: point ORDO_DATA_DIR at a new folder; PostgreSQL: use a new database).`,
        1,
      );
    }
    const app = await buildApp({ database, clock: systemClock, logger: false, devApiKey: undefined });
    try {
      const started = Date.now();
      const s = await seedDemo(app, { orders, log: (line) => out(`  ${line}`) });
      out(
        `Demo data created in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s.locations} locations, ${s.products} products, ` +
          `${s.stockAdjustments} stock receipts, ${s.suppliers} suppliers, ${s.orders} orders from ${s.firstPlacedAt?.slice(0, 10)} to ${s.lastPlacedAt?.slice(0, 10)} (${s.backorderedOrders} with backorders, ${s.cancelled} cancelled, ${s.held} on hold), ` +
          `${s.lifecycle.shipments} shipments (${s.lifecycle.delivered} delivered, ${s.lifecycle.inTransit} in transit), ${s.lifecycle.returns} returns.`,
      );
    } catch (err) {
      if (err instanceof SeedError) throw new CliError(err.message, 1);
      throw err;
    } finally {
      await app.http.close();
    }
  });
}
