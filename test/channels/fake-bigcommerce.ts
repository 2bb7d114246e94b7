import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback BigCommerce V2 Orders API for one store: `X-Auth-Token` auth (BigCommerce's 401 array
 * body otherwise), GET order / products / shippingaddresses, POST shipments (201 with the shipment),
 * PUT order (status change). Orders are the real V2 example bodies, served under the given ids.
 */
export async function startFakeBigcommerce(opts: { storeHash: string; token: string; orders: Record<string, { order: any; products: any[]; addresses: any[] }>; shipmentExample: any }) {
  const calls: Array<{ method: string; path: string; body?: any }> = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers['x-auth-token'] !== opts.token) return send(401, [{ status: 401, message: 'You are not authorized to access this resource.' }]);
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
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}
