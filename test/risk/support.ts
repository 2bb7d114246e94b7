import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/platform/db/query.js';
import type { TestApp } from '../support/app.js';
import { orderBody } from '../support/factories.js';

/** Outbox events of one order, oldest first. */
export async function orderEvents(t: TestApp, orderId: string) {
  return queryRows<{ type: string; payload: Record<string, any> }>(t.database.db, sql`select type, payload from outbox where aggregate_id = ${orderId} order by id`);
}

let n = 0;
/** A distinct customer per call so history and velocity rules stay quiet unless a test wants them. */
export function riskyBody(sku: string, over: Record<string, unknown> = {}) {
  n++;
  return orderBody([{ sku, quantity: 1, amount: 4990 }], { customer: { email: `shopper${n}-${Date.now()}@example.com`, name: `Shopper ${n}` }, ...over });
}
