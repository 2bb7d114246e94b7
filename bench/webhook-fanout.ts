/**
 * Cost of the webhook fan-out handler on outbox drain throughput: 2,000 product.created events through
 * the dispatcher with a no-op handler alone, then plus webhooks.fan_out (no subscription, then one to
 * another type). `npx tsx bench/webhook-fanout.ts` (embedded in memory; DATABASE_URL for PostgreSQL).
 */
import { openDatabase } from '../src/platform/db/client.js';
import { migrateDatabase } from '../src/platform/db/migrate.js';
import { OutboxDispatcher, type EventHandler } from '../src/platform/outbox/dispatcher.js';
import { enqueueEvents } from '../src/platform/outbox/outbox.js';
import { newEvent } from '../src/platform/events/define.js';
import { productCreated } from '../src/modules/catalog/index.js';
import { systemActor } from '../src/platform/auth/roles.js';
import { uuidv7 } from '../src/platform/ids.js';
import { webhookFanOutHandler } from '../src/modules/webhooks/index.js';
import { sql } from 'drizzle-orm';

const url = process.env.DATABASE_URL;
const database = await openDatabase(url ? { databaseUrl: url } : { dataDir: 'memory://' });
await migrateDatabase(database);
const db = database.db;
const clock = { now: () => new Date() };
const deps = { db, clock, newId: () => uuidv7(Date.now()) };
const noop: EventHandler = { name: 'noop', types: ['product.created'], handle: async () => {} };
const product = { sku: 'S', name: 'n', description: null, price: { amount: 1, currency: 'EUR' }, gtin: null, weightGrams: null, dimensionsMm: null, hsCode: null, originCountry: null, returnable: true, customizationFields: [], active: true, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() };
async function run(label: string, handlers: EventHandler[], n = 2000) {
  await db.execute(sql`update outbox set dispatched_at = now() where dispatched_at is null`);
  for (let i = 0; i < n; i += 500) {
    await db.transaction((tx) => enqueueEvents(tx, { actor: systemActor, newId: deps.newId, at: new Date() }, Array.from({ length: 500 }, (_, j) => newEvent(productCreated, `S${i + j}`, product as never))));
  }
  const d = new OutboxDispatcher(db, handlers, { clock, concurrency: url ? 4 : 1 });
  const t0 = performance.now();
  let total = 0;
  for (;;) { const r = await d.dispatchOnce(); total += r.dispatched; if (r.dispatched === 0) break; }
  const s = (performance.now() - t0) / 1000;
  console.log(`${label}: ${total} events in ${s.toFixed(2)} s = ${(total / s).toFixed(0)} events/s`);
}
try {
  await run('warm-up', [noop], 500);
  await run('1 handler (noop)', [noop]);
  await run('noop + webhooks.fan_out, 0 subscriptions', [noop, webhookFanOutHandler(deps)]);
  await db.execute(sql`insert into webhook_subscriptions (id, url, event_types, secret, enabled, created_at, updated_at) values (gen_random_uuid(), 'http://x', '{order.placed}', 'whsec_x', true, now(), now())`);
  await run('noop + webhooks.fan_out, 1 subscription to another type', [noop, webhookFanOutHandler(deps)]);
} finally {
  await database.close();
}
