import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { payloadsDir } from '../support/payloads.js';
import { ok } from '../fulfillment/support.js';
import { easypostSignature } from '../../src/modules/shipping/carriers/webhook-signatures.js';
import { queryRows } from '../../src/platform/db/query.js';

/** The carrier reports the parcel delivered (EasyPost tracker webhook, real body), which opens the return window. */
export async function deliveredByCarrier(t: TestApp, trackingCode: string, secret: string, eventId: string) {
  const sample = JSON.parse(readFileSync(`${payloadsDir}easypost/guides__tracking-guide__json__tracking-webhook.json`, 'utf8'));
  sample.id = eventId;
  sample.result = { ...sample.result, tracking_code: trackingCode, status: 'delivered', tracking_details: sample.result.tracking_details.slice(0, 2) };
  const body = Buffer.from(JSON.stringify(sample));
  await t.http.inject({ method: 'POST', url: '/api/v1/shipping/webhooks/easypost', headers: { 'content-type': 'application/json', 'x-hmac-signature': easypostSignature(body, secret) }, payload: body });
  await t.drain().catch(() => undefined);
}

/** Returns `quantity` of the order's `sku` line, approves it and receives it as new into BER: the return completes. */
export async function settleReturn(t: TestApp, orderId: string, sku: string, quantity = 1) {
  const order = await ok(t.api('GET', `/api/v1/orders/${orderId}`));
  const line = order.lines.find((l: { sku: string }) => l.sku === sku);
  const ret = await ok(t.api('POST', '/api/v1/returns', { orderId, lines: [{ orderLineId: line.id, quantity, reason: 'defective' }] }), 201);
  await ok(t.api('POST', `/api/v1/returns/${ret.id}/approve`, {}));
  const received = await ok(t.api('POST', `/api/v1/returns/${ret.id}/receive`, { locationCode: 'BER', items: [{ code: sku, quantity, condition: 'new', disposition: 'restock' }] }));
  expect(received.return.status).toBe('completed');
  const owed: number = received.return.lines[0].value.amount - received.return.lines[0].restockingFee.amount;
  expect(owed).toBeGreaterThan(0);
  return { returnId: ret.id as string, number: ret.number as string, owed };
}

/**
 * Makes the next recording of an outbound refund fail once, AFTER the platform accepted it: a trigger
 * raises on the first insert of an outbound `channel_refund.synced` event, the last write of the
 * transaction that records the push, so that whole transaction rolls back. A sequence counts the
 * attempts (sequences are not rolled back), so the retry goes through.
 */
export async function failNextRefundRecording(t: TestApp) {
  const db = t.database.db;
  await db.execute(sql`create sequence if not exists test_refund_record_failures`);
  await db.execute(sql`select setval('test_refund_record_failures', 1, false)`);
  await db.execute(
    sql.raw(`create or replace function test_fail_refund_recording() returns trigger language plpgsql as $$
begin
  if new.type = 'channel_refund.synced' and new.payload->>'direction' = 'outbound' and nextval('test_refund_record_failures') = 1 then
    raise exception 'injected failure after the platform accepted the refund';
  end if;
  return new;
end $$`),
  );
  await db.execute(sql`drop trigger if exists test_fail_refund_recording on outbox`);
  await db.execute(sql`create trigger test_fail_refund_recording before insert on outbox for each row execute function test_fail_refund_recording()`);
}

/**
 * Delivers the outbox; the first delivery must fail with the injected failure; `between` runs then
 * (e.g. to check the platform already holds the refund); the failed event is made due at once (its
 * backoff skipped) and delivered again.
 */
export async function drainThroughInjectedFailure(t: TestApp, between: () => Promise<void> | void) {
  // drizzle reports the failed statement (the insert of the outbound channel_refund.synced event) as the error.
  await expect(t.drain()).rejects.toThrow(/"type":"return\.completed".*insert into \\"outbox\\".*channel_refund\.synced/);
  await between();
  await t.database.db.execute(sql`update outbox set available_at = '2000-01-01T00:00:00Z' where dispatched_at is null`);
  await t.drain();
  await t.drain();
}

/** The connection's refund records as stored (state, key). */
export const refundRows = (t: TestApp, connectionId: string) =>
  queryRows<{ state: string; return_id: string | null; idempotency_key: string | null; external_refund_id: string | null; direction: string }>(
    t.database.db,
    sql`select state, return_id, idempotency_key, external_refund_id, direction from channel_refunds where connection_id = ${connectionId} order by created_at, id`,
  );
