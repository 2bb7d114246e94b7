import type { Db } from '../platform/db/client.js';
import { moneyJson } from '../platform/http/schemas.js';
import { getCustomer, listAddresses, listCustomerMerges, listCustomerOrders } from '../modules/customers/index.js';
import { customerOrderFigures } from '../modules/orders/index.js';
import { listCustomerReturns, storeCreditOf } from '../modules/returns/index.js';
import { listCustomerMessages } from '../modules/notifications/index.js';
import { listNotes, tagsOf } from '../modules/notes/index.js';

/**
 * Customer 360: everything support needs about one customer on one page, read through each owning
 * module's exported queries. Figures are per currency, exact in minor units (never summed across currencies).
 */
export async function customerOverview(db: Db, customerId: string, opts: { recent?: number } = {}) {
  const customer = await getCustomer(db, customerId);
  const subject = { type: 'customer' as const, id: customerId };
  const figures = await customerOrderFigures(db, customerId);
  return {
    customer,
    figures: {
      orderCount: figures.reduce((n, f) => n + f.orderCount, 0),
      perCurrency: figures.map((f) => ({
        currency: f.currency,
        orderCount: f.orderCount,
        placed: moneyJson({ amount: f.placed, currency: f.currency }),
        lifetimeValue: moneyJson({ amount: f.net, currency: f.currency }),
      })),
    },
    recentOrders: await listCustomerOrders(db, customerId, { limit: opts.recent ?? 10 }),
    returns: await listCustomerReturns(db, customerId),
    messages: await listCustomerMessages(db, customerId),
    notes: await listNotes(db, subject),
    tags: await tagsOf(db, subject),
    addresses: await listAddresses(db, customerId),
    storeCredit: (await storeCreditOf(db, customerId)).balances.filter((b) => b.amount !== 0),
    merges: await listCustomerMerges(db, customerId),
  };
}
