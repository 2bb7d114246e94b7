import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { gatewayProviders } from '../../platform/db/schema/index.js';
import { WebhookSignatureError } from './providers/provider.js';
import { applyWebhook } from './apply-webhook.js';

/**
 * Inbound gateway webhooks: public (no API key) but signature-verified over the RAW body, so this
 * plugin replaces the JSON parser with a Buffer one for its own routes only (Fastify encapsulation).
 */
export const paymentWebhookRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.post('/payments/webhooks/:provider', {
      config: { public: true },
      schema: {
        hide: true,
        tags: ['payments'],
        summary: 'Receive a signed payment gateway webhook (sandbox or Stripe)',
        description: 'The signature (Stripe-Signature, or Ordo-Sandbox-Signature for the sandbox) is checked over the raw body; a bad one is a 400. A replayed event id is acknowledged with 200 and ignored.',
        params: z.object({ provider: z.enum(gatewayProviders) }),
        response: { 200: z.object({ received: z.literal(true), outcome: z.enum(['applied', 'duplicate', 'ignored']) }), ...errorResponses },
      },
      handler: async (req) => {
        const raw = req.body as unknown;
        if (!Buffer.isBuffer(raw)) throw new AppError('validation_failed', 'Send the event as application/json', { errors: [{ path: '(body)', message: 'is required' }] });
        const provider = deps.payments!.provider(req.params.provider);
        let event;
        try {
          event = provider.parseAndVerifyWebhook(raw, req.headers);
        } catch (e) {
          if (e instanceof WebhookSignatureError) throw new AppError('validation_failed', `Webhook signature verification failed: ${e.message}`, { errors: [{ path: 'header.signature', message: 'does not verify' }] });
          throw new AppError('validation_failed', 'The webhook body is not a valid event', { errors: [{ path: '(body)', message: 'is not a valid event' }] });
        }
        return { received: true as const, outcome: await applyWebhook(deps, req.params.provider, event) };
      },
    });
  };
