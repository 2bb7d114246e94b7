import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { systemActor } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { parseEasypostEvent, parseShippoTrack } from './carriers/tracking-payloads.js';
import { verifyEasypost, verifyShippoToken } from './carriers/webhook-signatures.js';
import { applyTrackingUpdate } from './apply-tracking.js';
import type { Ctx } from '../../platform/context.js';
import type { TrackingUpdate } from '../../domain/shipping/tracking-events.js';

/** EASYPOST_WEBHOOK_SECRET and SHIPPO_WEBHOOK_TOKEN; a provider without one refuses its webhooks (503). */
export interface ShippingWebhookSettings {
  easypostSecret?: string | undefined;
  shippoToken?: string | undefined;
  /** Parcels that are no outbound shipment (return labels): given the update, null when unknown there too. */
  otherParcels?: ((ctx: Ctx, update: TrackingUpdate) => Promise<{ outcome: 'applied' | 'ignored'; shipment?: string } | null>) | undefined;
}

const received = z.object({ received: z.literal(true), outcome: z.enum(['applied', 'duplicate', 'unknown', 'ignored']), shipment: z.string().optional() });

/**
 * Carrier tracking webhooks: public (no API key), authenticated by the provider's scheme over the
 * RAW body, so this plugin parses JSON as a Buffer for its own routes only (Fastify encapsulation).
 * Bad signature or token → 400; unknown tracking number → 202 (logged); a replay → 200 'duplicate'.
 */
export const shippingWebhookRoutes =
  (deps: Deps, settings: ShippingWebhookSettings): FastifyPluginAsyncZod =>
  async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const ctx = (reqId: string) => ({ ...deps, actor: systemActor, requestId: reqId });
    const json = (raw: unknown): unknown => {
      if (!Buffer.isBuffer(raw)) throw new AppError('validation_failed', 'Send the update as application/json', { errors: [{ path: '(body)', message: 'is required' }] });
      try {
        return JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('validation_failed', 'The body is not JSON', { errors: [{ path: '(body)', message: 'is not valid JSON' }] });
      }
    };
    // An outbound shipment's update, else a return label's (settings.otherParcels), else unknown (logged).
    const apply: typeof applyTrackingUpdate = async (c, provider, update, log) => {
      const r = await applyTrackingUpdate(c, provider, update, settings.otherParcels ? undefined : log);
      if (r.outcome !== 'unknown' || !settings.otherParcels) return r;
      const other = await settings.otherParcels(c, update);
      if (other) return other;
      log?.('tracking update for an unknown tracking number ignored', { provider, trackingNumber: update.trackingNumber, updateId: update.updateId });
      return r;
    };
    const schema = (summary: string, extra: object = {}) => ({ hide: true, tags: ['shipping'], summary, ...extra, response: { 200: received, 202: received, ...errorResponses } });

    app.post('/shipping/webhooks/easypost', {
      config: { public: true },
      schema: schema('Receive an EasyPost tracker webhook (X-Hmac-Signature over the raw body)'),
      handler: async (req, reply) => {
        if (!settings.easypostSecret) throw new AppError('unavailable', 'EasyPost webhooks are not configured (EASYPOST_WEBHOOK_SECRET)');
        const raw = req.body as unknown;
        const header = req.headers['x-hmac-signature'];
        if (!Buffer.isBuffer(raw) || !verifyEasypost(raw, typeof header === 'string' ? header : undefined, settings.easypostSecret)) {
          throw new AppError('validation_failed', 'Webhook signature verification failed', { errors: [{ path: 'header.x-hmac-signature', message: 'does not verify' }] });
        }
        const update = parseEasypostEvent(json(raw));
        if (!update) return { received: true as const, outcome: 'ignored' as const };
        const r = await apply(ctx(req.id), 'easypost', update, (m, d) => req.log.warn(d, m));
        return reply.code(r.outcome === 'unknown' ? 202 : 200).send({ received: true, ...r });
      },
    });

    app.post('/shipping/webhooks/shippo', {
      config: { public: true },
      schema: schema('Receive a Shippo track_updated webhook (token in the URL)', { querystring: z.object({ token: z.string().max(200).optional() }) }),
      handler: async (req, reply) => {
        if (!settings.shippoToken) throw new AppError('unavailable', 'Shippo webhooks are not configured (SHIPPO_WEBHOOK_TOKEN)');
        if (!verifyShippoToken((req.query as { token?: string }).token, settings.shippoToken)) {
          throw new AppError('validation_failed', 'Webhook token verification failed', { errors: [{ path: 'query.token', message: 'does not verify' }] });
        }
        const update = parseShippoTrack(json(req.body));
        if (!update) return { received: true as const, outcome: 'ignored' as const };
        const r = await apply(ctx(req.id), 'shippo', update, (m, d) => req.log.warn(d, m));
        return reply.code(r.outcome === 'unknown' ? 202 : 200).send({ received: true, ...r });
      },
    });
  };
