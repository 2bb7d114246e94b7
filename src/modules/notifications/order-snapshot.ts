import type { Db } from '../../platform/db/client.js';
import { getOrderJson, getOrderJsons, type OrderJson } from '../orders/index.js';
import type { OrderSnapshot } from '../../domain/notifications/templates.js';

/** What every message needs to know about its order, read through the orders module. */
export interface OrderFacts {
  json: OrderJson;
  snapshot: OrderSnapshot;
  /** The language tag the order was placed with, if any. */
  orderLocale: string | null;
}

export async function orderFacts(db: Db, orderId: string): Promise<OrderFacts> {
  return factsOf(await getOrderJson(db, orderId));
}

/** `orderFacts` of several orders in a few statements (a handler's batch); missing orders are left out. */
export async function orderFactsMany(db: Db, orderIds: string[]): Promise<Map<string, OrderFacts>> {
  const jsons = await getOrderJsons(db, orderIds);
  return new Map([...jsons].map(([id, json]) => [id, factsOf(json)]));
}

function factsOf(json: OrderJson): OrderFacts {
  const num = (v: unknown) => Number(v ?? 0);
  return {
    json,
    orderLocale: json.locale ?? null,
    snapshot: {
      number: json.number,
      customerName: json.customer.name,
      currency: json.currency,
      lines: json.lines.map((l) => ({ name: l.name, sku: l.sku, quantity: l.quantity, lineTotal: num(l.lineTotal.amount) })),
      totals: {
        subtotal: num(json.totals.subtotal.amount),
        shipping: num(json.totals.shipping.amount),
        discount: num(json.totals.discount.amount),
        tax: num(json.totals.tax.amount),
        total: num(json.totals.total.amount),
      },
    },
  };
}
