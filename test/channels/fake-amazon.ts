import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Login with Amazon token endpoint and SP-API Orders v0: `POST /auth/o2/token`
 * (form-encoded refresh_token grant → `{ access_token, token_type, expires_in, refresh_token }`),
 * `GET /orders/v0/orders` paged with NextToken, `GET /orders/v0/orders/{id}/orderItems`, and
 * `POST /orders/v0/orders/{id}/shipmentConfirmation` (204). Requests need `x-amz-access-token` with a
 * live token, else 403 `Unauthorized` like SP-API; `expireTokens()` revokes the issued ones.
 * Feeds API 2021-06-30: `POST /feeds/2021-06-30/documents` (201 `{ feedDocumentId, url }`, the url a
 * presigned upload that takes no token but the same Content-Type, as S3's signature does),
 * `POST /feeds/2021-06-30/feeds` (202 `{ feedId }`; a `POST_PAYMENT_ADJUSTMENT_DATA` document is read as
 * Amazon's OrderAdjustment XML and each adjustment kept in `adjustments` — like Amazon, the fake does
 * not deduplicate a resubmitted adjustment) and `GET /feeds/2021-06-30/feeds` (feedTypes, createdSince).
 */
export async function startFakeAmazon(opts: { clientId: string; clientSecret: string; refreshToken: string; pages: Array<{ Orders: unknown[]; NextToken?: string }>; items: (orderId: string) => unknown[] }) {
  const live = new Set<string>();
  const calls: Array<{ method: string; path: string; query: Record<string, string>; body?: any; token?: string }> = [];
  let issued = 0;
  const docs = new Map<string, { contentType: string; content?: string }>();
  const feeds: Array<{ feedId: string; feedType: string; marketplaceIds: string[]; createdTime: string; processingStatus: string; inputFeedDocumentId: string }> = [];
  const adjustments: Array<{ feedId: string; messageType: string; amazonOrderId: string; actionType: string; items: Array<{ orderItemCode: string; merchantAdjustmentItemId: string; reason: string; type: string; amount: string; currency: string; quantity: number }> }> = [];
  let seq = 50000;
  const tag = (x: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(x)?.[1];
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
      const upload = /^\/upload\/([\w.-]+)$/.exec(url.pathname);
      if (upload && req.method === 'PUT') {
        const doc = docs.get(upload[1]!);
        if (!doc) return send(404, undefined);
        // The presigned URL signs the Content-Type given to createFeedDocument.
        if (req.headers['content-type'] !== doc.contentType) return send(403, undefined);
        doc.content = raw;
        return send(200, undefined);
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
      if (url.pathname === '/feeds/2021-06-30/documents' && req.method === 'POST') {
        const b = JSON.parse(raw || '{}');
        if (typeof b.contentType !== 'string') return send(400, { errors: [{ code: 'InvalidInput', message: 'contentType is required' }] });
        const id = `amzn1.tortuga.4.na.${++seq}`;
        docs.set(id, { contentType: b.contentType });
        return send(201, { feedDocumentId: id, url: `${base()}/upload/${id}` });
      }
      if (url.pathname === '/feeds/2021-06-30/feeds' && req.method === 'POST') {
        const b = JSON.parse(raw || '{}');
        const doc = docs.get(b.inputFeedDocumentId);
        if (typeof b.feedType !== 'string' || !Array.isArray(b.marketplaceIds) || b.marketplaceIds.length === 0) return send(400, { errors: [{ code: 'InvalidInput', message: 'feedType and marketplaceIds are required' }] });
        if (!doc?.content) return send(400, { errors: [{ code: 'InvalidInput', message: 'Invalid inputFeedDocumentId' }] });
        const feedId = String(++seq);
        if (b.feedType === 'POST_PAYMENT_ADJUSTMENT_DATA') {
          const x = doc.content;
          const items = [...x.matchAll(/<AdjustedItem>([\s\S]*?)<\/AdjustedItem>/g)].map((m) => {
            const it = m[1]!;
            const amount = /<Component><Type>([^<]+)<\/Type><Amount currency="([A-Z]{3})">([^<]+)<\/Amount><\/Component>/.exec(it);
            return { orderItemCode: tag(it, 'AmazonOrderItemCode') ?? '', merchantAdjustmentItemId: tag(it, 'MerchantAdjustmentItemID') ?? '', reason: tag(it, 'AdjustmentReason') ?? '', type: amount?.[1] ?? '', currency: amount?.[2] ?? '', amount: amount?.[3] ?? '', quantity: Number(tag(it, 'Quantity') ?? 0) };
          });
          const ok =
            x.startsWith('<?xml') && tag(x, 'MessageType') === 'OrderAdjustment' && tag(x, 'MessageID') && tag(x, 'MerchantIdentifier') && tag(x, 'AmazonOrderID') && items.length > 0 &&
            items.every((i) => i.orderItemCode && i.reason && i.type && /^\d+\.\d{2}$/.test(i.amount) && i.merchantAdjustmentItemId.length <= 40);
          // Amazon accepts any document and reports problems in the processing report; the fake refuses outright so a test sees them.
          if (!ok) return send(400, { errors: [{ code: 'InvalidInput', message: 'The feed document is not a valid OrderAdjustment feed' }] });
          adjustments.push({ feedId, messageType: 'OrderAdjustment', amazonOrderId: tag(x, 'AmazonOrderID')!, actionType: tag(x, 'ActionType') ?? '', items });
        }
        feeds.push({ feedId, feedType: b.feedType, marketplaceIds: b.marketplaceIds, createdTime: new Date().toISOString(), processingStatus: 'IN_QUEUE', inputFeedDocumentId: b.inputFeedDocumentId });
        return send(202, { feedId });
      }
      if (url.pathname === '/feeds/2021-06-30/feeds' && req.method === 'GET') {
        if (!query.feedTypes && !query.nextToken) return send(400, { errors: [{ code: 'InvalidInput', message: 'feedTypes or nextToken is required' }] });
        const types = (query.feedTypes ?? '').split(',');
        const since = query.createdSince ? Date.parse(query.createdSince) : 0;
        return send(200, { feeds: feeds.filter((f) => types.includes(f.feedType) && Date.parse(f.createdTime) >= since).map(({ inputFeedDocumentId: _d, ...f }) => f) });
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
  return { url, calls, feeds, adjustments, docs, expireTokens: () => live.clear(), close: () => new Promise<void>((r) => server.close(() => r())) };
}
