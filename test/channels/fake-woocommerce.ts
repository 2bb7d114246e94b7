import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback WooCommerce REST v3 (`/wp-json/wc/v3`): HTTP Basic auth with the consumer key/secret
 * (Woo's 401 body otherwise), `POST /orders/{id}/notes` answering an order note, and
 * `PUT /orders/{id}` answering the order with the changed status, as the real API does.
 */
export async function startFakeWoo(opts: { consumerKey: string; consumerSecret: string; orders: Record<string, Record<string, unknown>> }) {
  const calls: Array<{ method: string; path: string; body: any }> = [];
  let noteId = 400;
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
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}
