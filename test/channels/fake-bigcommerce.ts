import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback BigCommerce V2 Orders API for one store: `X-Auth-Token` auth (BigCommerce's 401 array
 * body otherwise), GET order / products / shippingaddresses, POST shipments (201 with the shipment),
 * PUT order (status change). Orders are the real V2 example bodies, served under the given ids.
 * V3 payment actions: `POST …/payment_actions/refund_quotes` (PRODUCT items by order product id and
 * quantity → total with the products' tax, and the refund methods: store credit, or the order's
 * offline payment), `POST …/payment_actions/refunds` (items and payments checked against the last
 * quote: each provider one of a quoted method, the payments adding up to the quote's total or to
 * `merchant_calculated_override.total_amount`) answering `{ data: refund, meta }`, and
 * `GET …/payment_actions/refunds` listing the order's refunds.
 */
export async function startFakeBigcommerce(opts: { storeHash: string; token: string; orders: Record<string, { order: any; products: any[]; addresses: any[] }>; shipmentExample: any }) {
  const calls: Array<{ method: string; path: string; body?: any }> = [];
  const refunds: Array<{ orderId: string; body: any; data: any }> = [];
  const quotes = new Map<string, { total: number; methods: any[][] }>();
  let refundSeq = 20;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers['x-auth-token'] !== opts.token) return send(401, [{ status: 401, message: 'You are not authorized to access this resource.' }]);
      const v3 = /^\/stores\/([^/]+)\/v3\/orders\/(\d+)\/payment_actions\/(refund_quotes|refunds)$/.exec(req.url ?? '');
      if (v3 && v3[1] === opts.storeHash) {
        const body = raw ? JSON.parse(raw) : undefined;
        calls.push({ method: req.method ?? '', path: (req.url ?? '').slice(`/stores/${opts.storeHash}`.length), body });
        const orderId = v3[2]!;
        const o = opts.orders[orderId];
        if (!o) return send(404, { status: 404, title: 'Order not found', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' });
        const err = (title: string) => send(422, { status: 422, title, type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes', errors: {} });
        const round2 = (n: number) => Math.round(n * 100) / 100;
        const itemsOk = (items: any[]) =>
          Array.isArray(items) && items.length > 0 && items.every((i) => i.item_type === 'PRODUCT' && o.products.some((p) => p.id === i.item_id && i.quantity > 0 && i.quantity <= p.quantity));
        if (v3[3] === 'refunds' && req.method === 'GET') return send(200, { data: refunds.filter((r) => r.orderId === orderId).map((r) => r.data), meta: {} });
        if (req.method !== 'POST') return send(405, { status: 405, title: 'Method not allowed' });
        if (!itemsOk(body?.items)) return err('Invalid refund items');
        if (v3[3] === 'refund_quotes') {
          let total = 0;
          let tax = 0;
          for (const i of body.items) {
            const p = o.products.find((x) => x.id === i.item_id)!;
            total += Number(p.price_inc_tax) * i.quantity;
            tax += (Number(p.price_inc_tax) - Number(p.price_ex_tax)) * i.quantity;
          }
          total = round2(total);
          const methods = [
            [{ provider_id: 'storecredit', provider_description: 'Store Credit', amount: total, offline: false, offline_provider: false, offline_reason: '' }],
            [{ provider_id: 'cash', provider_description: String(o.order.payment_method ?? 'Cash'), amount: total, offline: true, offline_provider: true, offline_reason: 'This is an offline payment provider.' }],
          ];
          quotes.set(orderId, { total, methods });
          return send(201, { data: { order_id: Number(orderId), total_refund_amount: total, total_refund_tax_amount: round2(tax), rounding: 0, adjustment: 0, tax_inclusive: false, refund_methods: methods }, meta: {} });
        }
        const quote = quotes.get(orderId);
        if (!quote) return err('Create a refund quote first');
        const payments: Array<{ provider_id: string; amount: number; offline: boolean }> = body.payments ?? [];
        const option = quote.methods.find((m) => payments.length === m.length && payments.every((p) => m.some((x) => x.provider_id === p.provider_id && x.offline === p.offline)));
        if (!option) return err('Payment providers do not match the refund methods of the quote');
        const expected = body.merchant_calculated_override?.total_amount ?? quote.total;
        const paid = round2(payments.reduce((sum, p) => sum + p.amount, 0));
        if (paid !== round2(expected) || expected > quote.total) return err(`The payment amount ${paid} does not match the refund total ${expected}`);
        const id = ++refundSeq;
        const data = {
          id,
          order_id: Number(orderId),
          user_id: 0,
          created: '2026-03-04T09:00:00+00:00',
          total_amount: paid,
          total_tax: body.merchant_calculated_override ? (body.merchant_calculated_override.total_tax ?? 0) : 0,
          uses_merchant_override_values: Boolean(body.merchant_calculated_override),
          payments: payments.map((p, k) => ({ id: id * 10 + k, provider_id: p.provider_id, amount: p.amount, offline: p.offline, is_declined: false, declined_message: '' })),
          items: body.items.map((i: any) => ({ item_type: i.item_type, item_id: i.item_id, quantity: i.quantity, requested_amount: null, reason: i.reason ?? '' })),
        };
        refunds.push({ orderId, body, data });
        return send(201, { data, meta: {} });
      }
      const prefix = `/stores/${opts.storeHash}/v2`;
      const path = (req.url ?? '').startsWith(prefix) ? (req.url ?? '').slice(prefix.length) : '';
      const body = raw ? JSON.parse(raw) : undefined;
      calls.push({ method: req.method ?? '', path, body });
      const m = /^\/orders\/(\d+)(\/(products|shippingaddresses|shipments))?$/.exec(path);
      const o = m ? opts.orders[m[1]!] : undefined;
      if (!m || !o) return send(404, [{ status: 404, message: 'The requested resource was not found.' }]);
      if (req.method === 'GET' && !m[3]) return send(200, o.order);
      if (req.method === 'GET' && m[3] === 'products') return send(200, o.products);
      if (req.method === 'GET' && m[3] === 'shippingaddresses') return send(200, o.addresses);
      if (req.method === 'POST' && m[3] === 'shipments') {
        if (!body?.order_address_id || !Array.isArray(body.items) || body.items.length === 0) return send(400, [{ status: 400, message: 'The field order_address_id and items are required.' }]);
        return send(201, { ...opts.shipmentExample, id: 12, order_id: Number(m[1]), order_address_id: body.order_address_id, tracking_number: body.tracking_number, shipping_provider: body.shipping_provider, tracking_carrier: body.tracking_carrier ?? '', items: body.items });
      }
      if (req.method === 'PUT' && !m[3]) {
        Object.assign(o.order, body);
        return send(200, o.order);
      }
      return send(405, [{ status: 405, message: 'Method not allowed' }]);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    refunds,
    /** A refund made by the merchant in BigCommerce's control panel (listed like the API-made ones). */
    seedRefund: (orderId: string, data: any) => refunds.push({ orderId, body: null, data }),
    close: () => new Promise<void>((r) => server.close(() => r())) };
}
