import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { receiveInboundSms, verifyTwilioSignature } from './inbound-sms.js';

const emptyTwiml = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Twilio's inbound message webhook (or a compatible provider's): form-encoded, signed with
 * X-Twilio-Signature over ORDO_PUBLIC_URL + the path. Answers an empty TwiML response (no reply SMS:
 * the provider confirms STOP itself); 401 for a missing or wrong signature or when no auth token is set.
 */
export const inboundSmsRoutes =
  (deps: Deps, opts: { authToken?: string | undefined }): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.post('/sms/inbound/twilio', {
      config: { public: true },
      // A provider callback like the carrier webhooks: not part of the API clients call (hidden from openapi.json).
      schema: {
        hide: true,
        tags: ['notifications'],
        summary: 'Inbound SMS from Twilio (signed): STOP and the other opt-out keywords revoke SMS consent for the number, START / UNSTOP give it back',
        security: [],
        headers: z.object({ 'x-twilio-signature': z.string().max(200).optional() }),
        response: { 200: z.string().describe('Empty TwiML `<Response></Response>`'), ...errorResponses },
      },
      handler: async (req, reply) => {
        const raw = req.body;
        const form = new URLSearchParams(Buffer.isBuffer(raw) ? raw.toString('utf8') : '');
        const signature = req.headers['x-twilio-signature'];
        const url = `${(deps.publicUrl ?? '').replace(/\/+$/, '')}${req.url}`;
        if (!opts.authToken || !signature || !verifyTwilioSignature(opts.authToken, url, form, signature)) {
          throw new AppError('unauthenticated', 'The X-Twilio-Signature does not verify');
        }
        const messageSid = form.get('MessageSid') ?? form.get('SmsSid');
        if (!messageSid) throw new AppError('validation_failed', 'MessageSid is required', { errors: [{ path: 'MessageSid', message: 'is required' }] });
        const outcome = await receiveInboundSms(deps, { messageSid, from: form.get('From') ?? '', body: form.get('Body') ?? '' });
        req.log.info({ outcome }, 'inbound SMS');
        return reply.type('text/xml').send(emptyTwiml);
      },
    });
  };
