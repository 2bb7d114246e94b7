/**
 * `npx tsx bench/notifications-drain.ts`: 10,000 queued customer e-mails (order confirmations with
 * three lines) drained by the real sender (claim with SKIP LOCKED, MJML render, nodemailer pool) to a
 * real SMTP server on loopback in this process. Prints messages per second. Uses its own database
 * (BENCH_NOTIF_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/ordo_bench_notifications),
 * recreated on each run. Target (issue 12): >= 100 per second.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { recreateDatabase } from './db.js';
import { openDatabase } from '../src/platform/db/client.js';
import { migrateDatabase } from '../src/platform/db/migrate.js';
import { uuidv7 } from '../src/platform/ids.js';
import { sendDueMessages, smtpMailer } from '../src/modules/notifications/index.js';
import { loadNotificationSettings } from '../src/modules/notifications/settings.js';

const url = process.env.BENCH_NOTIF_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ordo_bench_notifications';
const total = Number(process.env.BENCH_NOTIF_MESSAGES ?? 10_000);

async function main() {
  await recreateDatabase(url);
  const database = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 10 });
  await migrateDatabase(database);
  const db = database.db;
  const clock = { now: () => new Date() };
  await loadNotificationSettings(db, clock.now());
  const data = {
    order: {
      number: 'SO-100001',
      customerName: 'Ada Lovelace',
      currency: 'EUR',
      lines: [
        { name: 'Enamel mug', sku: 'MUG-1', quantity: 2, lineTotal: 3980 },
        { name: 'Fountain pen', sku: 'PEN-1', quantity: 1, lineTotal: 4990 },
        { name: 'Field notes', sku: 'BOOK-1', quantity: 3, lineTotal: 2970 },
      ],
      totals: { subtotal: 11940, shipping: 490, discount: 0, tax: 1900, total: 12430 },
    },
  };
  const now = clock.now();
  for (let i = 0; i < total; i += 1000) {
    const n = Math.min(1000, total - i);
    await db.execute(sql`insert into notification_messages (id, dedupe_key, template, channel, recipient, locale, data, status, next_attempt_at, created_at, updated_at)
      select gen_random_uuid(), 'bench:' || g, 'order_confirmation', 'email', 'c' || g || '@example.com', case when g % 2 = 0 then 'de' else 'en' end, ${JSON.stringify(data)}::jsonb, 'queued', ${now}, ${now}, ${now}
      from generate_series(${i}::int, ${i + n - 1}::int) g`);
  }
  let received = 0;
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, onData(stream, _s, cb) { stream.on('data', () => {}); stream.on('end', () => { received++; cb(); }); } });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const mailer = smtpMailer(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, { maxConnections: 8 });
  const env = { db, clock, newId: () => uuidv7(Date.now()), mailer, publicUrl: 'http://shop.test' };
  const t0 = performance.now();
  let sent = 0;
  for (;;) {
    const r = await sendDueMessages(env, { limit: 300, concurrency: 32 });
    sent += r.sent;
    if (r.sent + r.retried + r.failed + r.bounced === 0) break;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ messages: total, sent, receivedBySmtp: received, seconds: Number(s.toFixed(2)), perSecond: Math.round(sent / s) }));
  await mailer.close();
  await new Promise<void>((r) => server.close(() => r()));
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
