import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { payloadText } from '../support/payloads.js';

/** Woo's refund resource as its docs show it (Create a refund response); ids, amounts and lines are set per refund. */
const refundExample = JSON.parse(payloadText('woocommerce/wc-v3_order-refunds_create-a-refund_response.json'));
const cents = (v: string) => Math.round(Number(v) * 100);

/**
 * A loopback WooCommerce REST v3 (`/wp-json/wc/v3`): HTTP Basic auth with the consumer key/secret
 * (Woo's 401 body otherwise), `POST /orders/{id}/notes` answering an order note, and
 * `PUT /orders/{id}` answering the order with the changed status, as the real API does; order
 * refunds: `POST /orders/{id}/refunds` checked as WooCommerce checks them (amount a positive decimal
 * string not above what is left to refund, line items of the order, `api_refund` only through a
 * gateway that supports refunds — not `bacs`/`cheque`/`cod`) answering the refund resource (line items
 * with negative quantities and `_refunded_item_id` meta), and `GET /orders/{id}/refunds` listing them.
 */
export async function startFakeWoo(opts: { consumerKey: string; consumerSecret: string; orders: Record<string, Record<string, unknown>> }) {
  const calls: Array<{ method: string; path: string; body: any }> = [];
  let noteId = 400;
  let refundId = 800;
  const refunds: Array<{ orderId: string; body: any; response: any }> = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(body));
      };
      const expected = `Basic ${Buffer.from(`${opts.consumerKey}:${opts.consumerSecret}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return send(401, { code: 'woocommerce_rest_authentication_error', message: 'Consumer key is invalid.', data: { status: 401 } });
      const body = raw ? JSON.parse(raw) : undefined;
      const path = (req.url ?? '').replace(/^\/wp-json\/wc\/v3/, '');
      calls.push({ method: req.method ?? '', path, body });
      const refundPath = /^\/orders\/(\d+)\/refunds(\?.*)?$/.exec(path);
      if (refundPath) {
        const o = opts.orders[refundPath[1]!] as { total: string; payment_method: string; line_items: Array<{ id: number; quantity: number; name: string; product_id: number }> } | undefined;
        if (!o) return send(404, { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
        const mine = refunds.filter((r) => r.orderId === refundPath[1]);
        if (req.method === 'GET') return send(200, mine.map((r) => r.response).reverse());
        if (req.method !== 'POST') return send(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
        if (typeof body?.amount !== 'string' || !/^\d+(\.\d{1,2})?$/.test(body.amount) || cents(body.amount) <= 0) return send(400, { code: 'woocommerce_rest_invalid_order_refund', message: 'Refund amount must be greater than zero.', data: { status: 400 } });
        const left = cents(o.total) - mine.reduce((sum, r) => sum + cents(r.response.amount), 0);
        if (cents(body.amount) > left) return send(500, { code: 'woocommerce_rest_cannot_create_order_refund', message: 'Invalid refund amount.', data: { status: 500 } });
        for (const li of body.line_items ?? []) {
          const line = o.line_items.find((l) => l.id === li.id);
          if (!line || !(li.quantity > 0) || li.quantity > line.quantity) return send(500, { code: 'woocommerce_rest_cannot_create_order_refund', message: 'Invalid line item.', data: { status: 500 } });
        }
        if (body.api_refund !== false && ['bacs', 'cheque', 'cod'].includes(o.payment_method)) {
          return send(500, { code: 'woocommerce_rest_cannot_create_order_refund', message: 'The payment gateway for this order does not support automatic refunds.', data: { status: 500 } });
        }
        const id = ++refundId;
        const response = {
          ...refundExample,
          id,
          amount: body.amount,
          reason: body.reason ?? '',
          refunded_payment: body.api_refund !== false,
          meta_data: (body.meta_data ?? []).map((m: { key: string; value: unknown }, i: number) => ({ id: 3000 + id * 10 + i, key: m.key, value: m.value })),
          line_items: (body.line_items ?? []).map((li: { id: number; quantity: number; refund_total?: string }, i: number) => {
            const line = o.line_items.find((l) => l.id === li.id)!;
            const total = `-${Number(li.refund_total ?? 0).toFixed(2)}`;
            return { id: 4000 + id * 10 + i, name: line.name, product_id: line.product_id, variation_id: 0, quantity: -li.quantity, tax_class: '', subtotal: total, subtotal_tax: '0.00', total, total_tax: '0.00', taxes: [], meta_data: [{ id: 5000 + id * 10 + i, key: '_refunded_item_id', value: String(li.id) }], sku: '', price: -Number(li.refund_total ?? 0) / li.quantity };
          }),
          _links: { self: [{ href: `https://example.com/wp-json/wc/v3/orders/${refundPath[1]}/refunds/${id}` }], collection: [{ href: `https://example.com/wp-json/wc/v3/orders/${refundPath[1]}/refunds` }], up: [{ href: `https://example.com/wp-json/wc/v3/orders/${refundPath[1]}` }] },
        };
        refunds.push({ orderId: refundPath[1]!, body, response });
        return send(201, response);
      }
      const notes = /^\/orders\/(\d+)\/notes$/.exec(path);
      const order = /^\/orders\/(\d+)$/.exec(path);
      if (req.method === 'POST' && notes) {
        if (!opts.orders[notes[1]!]) return send(404, { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
        if (typeof body?.note !== 'string') return send(400, { code: 'rest_missing_callback_param', message: 'Missing parameter(s): note', data: { status: 400, params: ['note'] } });
        return send(201, { id: ++noteId, author: 'system', date_created: '2026-03-04T10:00:00', date_created_gmt: '2026-03-04T09:00:00', note: body.note, customer_note: body.customer_note === true });
      }
      if (req.method === 'PUT' && order) {
        const o = opts.orders[order[1]!];
        if (!o) return send(404, { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
        Object.assign(o, body);
        return send(200, o);
      }
      return send(404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, refunds, close: () => new Promise<void>((r) => server.close(() => r())) };
}
