import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Login with Amazon token endpoint and SP-API Orders v0: `POST /auth/o2/token`
 * (form-encoded refresh_token grant → `{ access_token, token_type, expires_in, refresh_token }`),
 * `GET /orders/v0/orders` paged with NextToken, `GET /orders/v0/orders/{id}/orderItems`, and
 * `POST /orders/v0/orders/{id}/shipmentConfirmation` (204). Requests need `x-amz-access-token` with a
 * live token, else 403 `Unauthorized` like SP-API; `expireTokens()` revokes the issued ones.
 */
export async function startFakeAmazon(opts: { clientId: string; clientSecret: string; refreshToken: string; pages: Array<{ Orders: unknown[]; NextToken?: string }>; items: (orderId: string) => unknown[] }) {
  const live = new Set<string>();
  const calls: Array<{ method: string; path: string; query: Record<string, string>; body?: any; token?: string }> = [];
  let issued = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://x');
      const query = Object.fromEntries(url.searchParams);
      if (url.pathname === '/auth/o2/token' && req.method === 'POST') {
        const f = Object.fromEntries(new URLSearchParams(raw));
        calls.push({ method: 'POST', path: url.pathname, query: {}, body: { grant_type: f.grant_type } });
        if (f.grant_type !== 'refresh_token' || f.client_id !== opts.clientId || f.client_secret !== opts.clientSecret) return send(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
        if (f.refresh_token !== opts.refreshToken) return send(400, { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' });
        const token = `Atza|fake-${++issued}`;
        live.add(token);
        return send(200, { access_token: token, refresh_token: opts.refreshToken, token_type: 'bearer', expires_in: 3600 });
      }
      const token = String(req.headers['x-amz-access-token'] ?? '');
      calls.push({ method: req.method ?? '', path: url.pathname, query, body: raw ? JSON.parse(raw) : undefined, token });
      if (!live.has(token)) return send(403, { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The access token you provided has expired.' }] });
      if (url.pathname === '/orders/v0/orders' && req.method === 'GET') {
        if (!query.MarketplaceIds) return send(400, { errors: [{ code: 'InvalidInput', message: 'Missing required MarketplaceIds' }] });
        const i = query.NextToken ? opts.pages.findIndex((p, k) => k > 0 && opts.pages[k - 1]!.NextToken === query.NextToken) : 0;
        if (i < 0) return send(400, { errors: [{ code: 'InvalidInput', message: 'Invalid NextToken' }] });
        if (!query.NextToken && !query.LastUpdatedAfter && !query.CreatedAfter) return send(400, { errors: [{ code: 'InvalidInput', message: 'Either CreatedAfter or LastUpdatedAfter must be specified' }] });
        return send(200, { payload: opts.pages[i] });
      }
      const items = /^\/orders\/v0\/orders\/([\w-]+)\/orderItems$/.exec(url.pathname);
      if (items && req.method === 'GET') return send(200, { payload: { AmazonOrderId: items[1], OrderItems: opts.items(items[1]!) } });
      const confirm = /^\/orders\/v0\/orders\/([\w-]+)\/shipmentConfirmation$/.exec(url.pathname);
      if (confirm && req.method === 'POST') {
        const b = JSON.parse(raw);
        if (!b.marketplaceId || !b.packageDetail?.packageReferenceId || !b.packageDetail?.carrierCode || !b.packageDetail?.shipDate || !Array.isArray(b.packageDetail?.orderItems)) {
          return send(400, { errors: [{ code: 'InvalidInput', message: 'Invalid packageDetail' }] });
        }
        return send(204);
      }
      return send(404, { errors: [{ code: 'NotFound', message: 'Resource not found' }] });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, expireTokens: () => live.clear(), close: () => new Promise<void>((r) => server.close(() => r())) };
}
