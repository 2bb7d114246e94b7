import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the Shopify GraphQL Admin API (`POST /admin/api/{version}/graphql.json`)
 * speaking its request and response shapes: `X-Shopify-Access-Token` auth (401 with Shopify's error
 * text otherwise), `{ query, variables }` in, `{ data, extensions.cost }` out, `userErrors` for
 * refusals, the 250-item input limit of inventorySetQuantities as a top-level MAX_INPUT_SIZE_EXCEEDED
 * error. Orders are seeded from real REST order payloads (their line items become one OPEN
 * fulfillment order and one SALE transaction), fulfillments consume the remaining quantities like
 * Shopify does, and refundCreate checks its RefundInput (parent transaction, line items).
 */
export interface FakeShopify {
  url: string;
  calls: Array<{ operation: string; variables: any; version: string; at: number }>;
  seedOrder(order: { id: number | string; total_price?: string; currency?: string; line_items: Array<{ id: number | string; quantity: number; sku: string | null }> }): void;
  /** Refunds created through refundCreate (its RefundInput as received). */
  refunds: Array<{ id: string; orderId: string; input: any }>;
  fulfillmentOrders(orderId: string): Array<{ id: string; status: string; lineItems: Array<{ id: string; lineItemId: string; remainingQuantity: number }> }>;
  cancelled: Set<string>;
  /** inventoryItemId → quantity at the location (what inventorySetQuantities set). */
  available: Map<string, number>;
  /** Answer the next N calls with HTTP 503 (to test retries). */
  failNext(n: number): void;
  close(): Promise<void>;
}

export async function startFakeShopify(opts: { accessToken: string }): Promise<FakeShopify> {
  const calls: FakeShopify['calls'] = [];
  const fos = new Map<string, Array<{ id: string; status: string; lineItems: Array<{ id: string; lineItemId: string; sku: string | null; remainingQuantity: number }> }>>();
  const cancelled = new Set<string>();
  const available = new Map<string, number>();
  const orders = new Map<string, { saleId: number; total: string; currency: string; lineItemIds: string[] }>();
  const refunds: FakeShopify['refunds'] = [];
  let failures = 0;
  let seq = 1000;
  const cost = { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 } };

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(json));
      };
      const m = /^\/admin\/api\/(\d{4}-\d{2})\/graphql\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return send(404, { errors: 'Not Found' });
      if (req.headers['x-shopify-access-token'] !== opts.accessToken) return send(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      if (failures > 0) {
        failures--;
        return send(503, { errors: 'Service Unavailable' });
      }
      const { query, variables } = JSON.parse(body) as { query: string; variables: any };
      const op = /(fulfillmentOrders|fulfillmentCreate|orderCancel|inventorySetQuantities|refundCreate|transactions|refunds)\s*\(/.exec(query)?.[1] ?? 'unknown';
      calls.push({ operation: op, variables, version: m[1]!, at: Date.now() });
      if (op === 'fulfillmentOrders') {
        const id = String(variables.id).replace('gid://shopify/Order/', '');
        const list = fos.get(id);
        if (!list) return send(200, { data: { order: null }, extensions: { cost } });
        return send(200, {
          data: {
            order: {
              id: variables.id,
              fulfillmentOrders: { nodes: list.map((f) => ({ id: f.id, status: f.status, lineItems: { nodes: f.lineItems.map((li) => ({ id: li.id, remainingQuantity: li.remainingQuantity, lineItem: { id: li.lineItemId, sku: li.sku } })) } })) },
            },
          },
          extensions: { cost },
        });
      }
      if (op === 'fulfillmentCreate') {
        const f = variables.fulfillment;
        const userErrors: Array<{ field: string[]; message: string }> = [];
        if (!Array.isArray(f?.lineItemsByFulfillmentOrder) || f.lineItemsByFulfillmentOrder.length === 0) userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: "can't be blank" });
        for (const g of f?.lineItemsByFulfillmentOrder ?? []) {
          const fo = [...fos.values()].flat().find((x) => x.id === g.fulfillmentOrderId);
          if (!fo || fo.status === 'CLOSED') {
            userErrors.push({ field: ['fulfillment'], message: 'Fulfillment order does not exist or is not open.' });
            continue;
          }
          for (const it of g.fulfillmentOrderLineItems ?? []) {
            const li = fo.lineItems.find((x) => x.id === it.id);
            if (!li || it.quantity > li.remainingQuantity) userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: 'Invalid fulfillment order line item quantity requested.' });
          }
        }
        if (f?.trackingInfo && Object.keys(f.trackingInfo).some((k) => !['company', 'number', 'numbers', 'url', 'urls'].includes(k))) userErrors.push({ field: ['fulfillment', 'trackingInfo'], message: 'unknown field' });
        if (userErrors.length) return send(200, { data: { fulfillmentCreate: { fulfillment: null, userErrors } }, extensions: { cost } });
        for (const g of f.lineItemsByFulfillmentOrder) {
          const fo = [...fos.values()].flat().find((x) => x.id === g.fulfillmentOrderId)!;
          for (const it of g.fulfillmentOrderLineItems) fo.lineItems.find((x) => x.id === it.id)!.remainingQuantity -= it.quantity;
          if (fo.lineItems.every((x) => x.remainingQuantity === 0)) fo.status = 'CLOSED';
          else fo.status = 'IN_PROGRESS';
        }
        const t = f.trackingInfo ?? {};
        const numbers: string[] = t.numbers ?? (t.number ? [t.number] : []);
        return send(200, {
          data: { fulfillmentCreate: { fulfillment: { id: `gid://shopify/Fulfillment/${++seq}`, status: 'SUCCESS', trackingInfo: numbers.map((n) => ({ company: t.company ?? null, number: n, url: null })) }, userErrors: [] } },
          extensions: { cost },
        });
      }
      if (op === 'orderCancel') {
        const id = String(variables.orderId).replace('gid://shopify/Order/', '');
        if (!fos.has(id)) return send(200, { data: { orderCancel: { job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Order does not exist', code: 'INVALID' }] } }, extensions: { cost } });
        for (const k of ['reason', 'refund', 'restock']) if (variables[k] === undefined) return send(200, { errors: [{ message: `Variable $${k} of type required was provided invalid value`, extensions: { code: 'INVALID_VARIABLE' } }] });
        cancelled.add(id);
        return send(200, { data: { orderCancel: { job: { id: `gid://shopify/Job/${++seq}`, done: false }, orderCancelUserErrors: [] } }, extensions: { cost } });
      }
      if (op === 'transactions') {
        // The order's transactions: one successful SALE of its total through the `bogus` gateway.
        const id = String(variables.id).replace('gid://shopify/Order/', '');
        const o = orders.get(id);
        if (!o) return send(200, { data: { order: null }, extensions: { cost } });
        return send(200, { data: { order: { id: variables.id, transactions: [{ id: `gid://shopify/OrderTransaction/${o.saleId}`, kind: 'SALE', status: 'SUCCESS', gateway: 'bogus', amountSet: { shopMoney: { amount: o.total, currencyCode: o.currency } } }] } }, extensions: { cost } });
      }
      if (op === 'refunds') {
        // Order.refunds: the order's refunds with their notes (what refundCreate stored).
        const id = String(variables.id).replace('gid://shopify/Order/', '');
        if (!orders.has(id)) return send(200, { data: { order: null }, extensions: { cost } });
        const list = refunds.filter((r) => r.orderId === id).map((r) => ({ id: `gid://shopify/Refund/${r.id}`, note: r.input.note ?? null, createdAt: '2026-03-04T09:00:00Z' }));
        return send(200, { data: { order: { id: variables.id, refunds: list } }, extensions: { cost } });
      }
      if (op === 'refundCreate') {
        // RefundInput as Shopify validates it: a known order; each transaction names orderId, gateway,
        // kind REFUND, an amount and the parent SALE/CAPTURE (parentId); line items are known LineItems.
        const input = variables.input ?? {};
        const id = String(input.orderId ?? '').replace('gid://shopify/Order/', '');
        const o = orders.get(id);
        const userErrors: Array<{ field: string[]; message: string }> = [];
        if (!o) userErrors.push({ field: ['orderId'], message: 'Order does not exist' });
        for (const [i, tx] of (input.transactions ?? []).entries()) {
          for (const k of ['orderId', 'gateway', 'kind', 'amount', 'parentId']) if (tx[k] === undefined) userErrors.push({ field: ['transactions', String(i), k], message: "can't be blank" });
          if (o && tx.parentId !== `gid://shopify/OrderTransaction/${o.saleId}`) userErrors.push({ field: ['transactions', String(i), 'parentId'], message: 'Parent transaction does not exist' });
          if (tx.kind !== 'REFUND') userErrors.push({ field: ['transactions', String(i), 'kind'], message: 'must be REFUND' });
        }
        for (const [i, li] of (input.refundLineItems ?? []).entries()) {
          if (o && !o.lineItemIds.includes(String(li.lineItemId))) userErrors.push({ field: ['refundLineItems', String(i), 'lineItemId'], message: 'Line item does not exist' });
          if (!['NO_RESTOCK', 'CANCEL', 'RETURN'].includes(li.restockType)) userErrors.push({ field: ['refundLineItems', String(i), 'restockType'], message: 'is invalid' });
        }
        if (userErrors.length) return send(200, { data: { refundCreate: { refund: null, userErrors } }, extensions: { cost } });
        const refundId = ++seq;
        const amount = (input.transactions ?? []).reduce((sum: number, tx: { amount: string }) => sum + Number(tx.amount), 0).toFixed(2);
        refunds.push({ id: String(refundId), orderId: id, input });
        return send(200, { data: { refundCreate: { refund: { id: `gid://shopify/Refund/${refundId}`, totalRefundedSet: { shopMoney: { amount, currencyCode: o!.currency } } }, userErrors: [] } }, extensions: { cost } });
      }
      if (op === 'inventorySetQuantities') {
        const input = variables.input;
        const qs: Array<{ inventoryItemId: string; locationId: string; quantity: number }> = input?.quantities ?? [];
        if (qs.length > 250) {
          return send(200, { errors: [{ message: `The input array size of ${qs.length} is greater than the maximum allowed of 250.`, locations: [{ line: 2, column: 3 }], path: ['inventorySetQuantities', 'input', 'quantities'], extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' } }] });
        }
        if (input.name !== 'available' || !input.reason) return send(200, { data: { inventorySetQuantities: { inventoryAdjustmentGroup: null, userErrors: [{ code: 'INVALID_NAME', field: ['input', 'name'], message: 'The quantity name must be available or on_hand.' }] } }, extensions: { cost } });
        const changes = qs.map((q) => {
          const delta = q.quantity - (available.get(q.inventoryItemId) ?? 0);
          available.set(q.inventoryItemId, q.quantity);
          return { name: 'available', delta };
        });
        return send(200, { data: { inventorySetQuantities: { inventoryAdjustmentGroup: { reason: input.reason, changes }, userErrors: [] } }, extensions: { cost } });
      }
      return send(200, { errors: [{ message: 'Field does not exist on type QueryRoot', extensions: { code: 'undefinedField' } }] });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    cancelled,
    available,
    refunds,
    seedOrder(order) {
      orders.set(String(order.id), { saleId: ++seq, total: order.total_price ?? '0.00', currency: order.currency ?? 'USD', lineItemIds: order.line_items.map((li) => `gid://shopify/LineItem/${li.id}`) });
      fos.set(String(order.id), [
        { id: `gid://shopify/FulfillmentOrder/${++seq}`, status: 'OPEN', lineItems: order.line_items.map((li) => ({ id: `gid://shopify/FulfillmentOrderLineItem/${++seq}`, lineItemId: `gid://shopify/LineItem/${li.id}`, sku: li.sku, remainingQuantity: li.quantity })) },
      ]);
    },
    fulfillmentOrders: (id) => (fos.get(id) ?? []).map((f) => ({ id: f.id, status: f.status, lineItems: f.lineItems.map((l) => ({ id: l.id, lineItemId: l.lineItemId, remainingQuantity: l.remainingQuantity })) })),
    failNext(n) {
      failures = n;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
