import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { systemActor } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import type { ChannelOrder } from '../../domain/channels/channel-order.js';
import { loadConnection, type ConnectionRow } from './channels.repository.js';
import { credentialsOf } from './save-connection.js';
import type { IngestFn } from './channels.routes.js';
import { hmacBase64, sameSignature } from './connectors/hmac.js';
import { parseShopifyJson, shopifyOrderToChannelOrder } from './connectors/shopify-order.js';
import { wooOrderToChannelOrder } from './connectors/woocommerce-order.js';
import { shopifyRefundToInbound } from './connectors/shopify-refund.js';
import { fetchBigcommerceRefund } from './connectors/bigcommerce-refund.js';
import { recordInboundRefund, type InboundRefund } from './channel-refunds.js';
import { bigcommerceApi, fetchBigcommerceOrder } from './connectors/bigcommerce.js';

const received = z.object({ received: z.literal(true), outcome: z.string(), orderId: z.string().nullable().optional(), reason: z.string().nullable().optional() });

/** Parses and verifies one platform's webhook; returns the topic and the order (or null for a topic Ordo ignores). */
type Verified = { topic: string; order: ChannelOrder | null; refund?: InboundRefund | undefined };
type Verify = (conn: ConnectionRow, creds: Record<string, string>, raw: Buffer, headers: Record<string, string | string[] | undefined>) => Verified | Promise<Verified>;

const shopifyOrderTopics = new Set(['orders/create', 'orders/updated', 'orders/cancelled', 'orders/edited', 'orders/paid']);

export const verifiers: Partial<Record<ConnectionRow['type'], Verify>> = {
  shopify(_conn, creds, raw, headers) {
    if (!sameSignature(headers['x-shopify-hmac-sha256'], hmacBase64(creds.webhookSecret!, raw))) throw unsigned('header.x-shopify-hmac-sha256');
    const topic = String(headers['x-shopify-topic'] ?? '');
    if (topic === 'refunds/create') {
      const refund = shopifyRefundToInbound(json(() => JSON.parse(raw.toString('utf8')) as Record<string, unknown>));
      if (!refund) throw new AppError('validation_failed', 'Not a Shopify refund', { errors: [{ path: '(body)', message: 'needs id, order_id and refund transactions in one currency' }] });
      return { topic, order: null, refund };
    }
    if (!shopifyOrderTopics.has(topic)) return { topic, order: null };
    return { topic, order: shopifyOrderToChannelOrder(json(() => parseShopifyJson(raw.toString('utf8')))) };
  },
  woocommerce(_conn, creds, raw, headers) {
    // WooCommerce pings a new webhook with `webhook_id=<n>` (form-encoded, unsigned): acknowledge it.
    if (!headers['x-wc-webhook-signature'] && /^webhook_id=\d+$/.test(raw.toString('utf8'))) return { topic: 'ping', order: null };
    if (!sameSignature(headers['x-wc-webhook-signature'], hmacBase64(creds.webhookSecret!, raw))) throw unsigned('header.x-wc-webhook-signature');
    const topic = String(headers['x-wc-webhook-topic'] ?? '');
    if (topic !== 'order.created' && topic !== 'order.updated') return { topic, order: null };
    return { topic, order: wooOrderToChannelOrder(json(() => JSON.parse(raw.toString('utf8')) as Record<string, unknown>)) };
  },
  /**
   * BigCommerce does not sign webhooks; the webhook is registered with a custom header
   * `X-Ordo-Webhook-Token: <credentials.webhookToken>` (its `headers` field), checked here. The body
   * is thin, so the order is fetched from the V2 API (that fetch is also what proves the id real).
   */
  async bigcommerce(conn, creds, raw, headers) {
    if (!sameSignature(headers['x-ordo-webhook-token'], creds.webhookToken!)) throw unsigned('header.x-ordo-webhook-token');
    const body = json(() => JSON.parse(raw.toString('utf8')) as { scope?: string; data?: { type?: string; id?: number | string } });
    const topic = String(body.scope ?? '');
    const refundId = (body.data as { refund?: { refund_id?: number | string } } | undefined)?.refund?.refund_id;
    if (topic === 'store/order/refund/created' && body.data?.id !== undefined && refundId !== undefined) {
      const refund = await fetchBigcommerceRefund(bigcommerceApi(conn, creds), bigcommerceApi(conn, creds, fetch, 'v3'), String(body.data.id), String(refundId));
      if (!refund) throw new AppError('not_found', `BigCommerce lists no refund ${refundId} of order ${body.data.id}`);
      return { topic, order: null, refund };
    }
    if (!/^store\/order\/(created|updated|statusUpdated)$/.test(topic) || body.data?.id === undefined) return { topic, order: null };
    return { topic, order: await fetchBigcommerceOrder(bigcommerceApi(conn, creds), String(body.data.id)) };
  },
};

const unsigned = (path: string) => new AppError('unauthenticated', 'Webhook signature verification failed', { errors: [{ path, message: 'does not verify' }] });

function json<T>(parse: () => T): T {
  try {
    return parse();
  } catch {
    throw new AppError('validation_failed', 'The body is not JSON', { errors: [{ path: '(body)', message: 'is not valid JSON' }] });
  }
}

/**
 * Inbound platform webhooks: public (no API key), authenticated by the platform's signature over the
 * RAW body (so this plugin keeps JSON bodies as Buffers). A bad signature is a 401 and writes nothing.
 */
export const channelWebhookRoutes =
  (deps: Deps, flows: { ingest: IngestFn }): FastifyPluginAsyncZod =>
  async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // WooCommerce's unsigned activation ping is form-encoded.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.post('/channels/webhooks/:type/:id', {
      config: { public: true },
      schema: {
        hide: true,
        tags: ['channels'],
        summary: 'Receive a platform webhook for one connection (signature verified)',
        params: z.object({ type: z.string().max(20), id: z.string().max(64) }),
        response: { 200: received, ...errorResponses },
      },
      handler: async (req) => {
        const conn = await loadConnection(deps.db, req.params.id);
        const verify = verifiers[conn.type];
        if (conn.type !== req.params.type || !verify || !conn.active) throw new AppError('not_found', `No active ${req.params.type} connection ${req.params.id}`);
        const raw = req.body as unknown;
        if (!Buffer.isBuffer(raw)) throw new AppError('validation_failed', 'Send the webhook as application/json', { errors: [{ path: '(body)', message: 'is required' }] });
        const { topic, order, refund } = await verify(conn, credentialsOf(deps, conn), raw, req.headers);
        const ctx = { ...deps, actor: { ...systemActor, id: `channel:${conn.name}`, name: conn.name }, requestId: req.id };
        if (refund) return { received: true as const, ...(await recordInboundRefund(ctx, conn, topic, refund)) };
        if (!order) return { received: true as const, outcome: 'ignored' };
        const r = await flows.ingest(ctx, conn, topic, order);
        return { received: true as const, ...r };
      },
    });
  };
