import type { FastifyInstance, FastifyRequest } from 'fastify';
import { containsCardNumber, findCardNumber } from '../../domain/payments/card-number.js';
import { AppError } from '../errors.js';

/** Request headers whose values Ordo stores or echoes (idempotency records, audit, logs, responses). */
export const storedHeaders = ['idempotency-key', 'x-request-id'] as const;

const refuse = (path: string) =>
  new AppError('card_data_rejected', `Field ${path} looks like a card number. Ordo accepts only payment gateway tokens (e.g. pm_…); never send card data.`, {
    errors: [{ path, message: 'looks like a card number; send a gateway token instead' }],
  });

function cardInQueryOrHeaders(req: FastifyRequest): string | undefined {
  for (const h of storedHeaders) {
    const v = req.headers[h];
    if (v !== undefined && containsCardNumber(Array.isArray(v) ? v.join(',') : v)) return `header.${h}`;
  }
  const inQuery = findCardNumber(req.query);
  return inQuery === undefined ? undefined : `query.${inQuery}`;
}

/**
 * Card data never enters Ordo: any string anywhere in a request body, query or stored header
 * (Idempotency-Key, X-Request-Id) that looks like a card number (see domain/payments/card-number.ts)
 * is refused with 422 naming the field, before authentication, validation and handlers run, so
 * nothing is stored. The value is never echoed, and request log lines carry no query string
 * (platform/logger.ts). Raw bodies (signed gateway webhooks) are not inspected: they come from the
 * gateway, which sends tokens, not numbers.
 */
export function registerCardDataGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    const path = cardInQueryOrHeaders(req);
    if (path !== undefined) throw refuse(path);
  });
  app.addHook('preValidation', async (req) => {
    const path = Buffer.isBuffer(req.body) ? undefined : findCardNumber(req.body);
    if (path !== undefined) throw refuse(path);
  });
}
