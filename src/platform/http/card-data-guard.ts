import type { FastifyInstance } from 'fastify';
import { findCardNumber } from '../../domain/payments/card-number.js';
import { AppError } from '../errors.js';

/**
 * Card data never enters Ordo: any string anywhere in a request body or query that looks like a card
 * number (see domain/payments/card-number.ts) is refused with 422 naming the field, before validation
 * and handlers run, so nothing is stored. The value is never echoed. Raw bodies (signed gateway
 * webhooks) are not inspected: they come from the gateway, which sends tokens, not numbers.
 */
export function registerCardDataGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const inQuery = findCardNumber(req.query);
    const inBody = Buffer.isBuffer(req.body) ? undefined : findCardNumber(req.body);
    const path = inQuery !== undefined ? `query.${inQuery}` : inBody;
    if (path === undefined) return;
    throw new AppError('card_data_rejected', `Field ${path} looks like a card number. Ordo accepts only payment gateway tokens (e.g. pm_…); never send card data.`, {
      errors: [{ path, message: 'looks like a card number; send a gateway token instead' }],
    });
  });
}
