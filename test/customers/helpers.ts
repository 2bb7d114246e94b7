import { expect } from 'vitest';
import type { TestApp } from '../support/app.js';
import { makeLocation, makeProduct, orderBody, receiveStock } from '../support/factories.js';

/** A location with stock of SKU-1 (EUR 49.90), so orders can be placed through the API. */
export async function stockedShop(t: TestApp) {
  await makeLocation(t);
  await makeProduct(t);
  await receiveStock(t, 'SKU-1', 'BER', 500);
}

/** Places an order through the API for the given email; returns its id and customer id. */
export async function placeOrder(t: TestApp, email: string, lines: Array<{ quantity: number; amount?: number; currency?: string }> = [{ quantity: 1 }]) {
  const body = orderBody(
    lines.map((l) => ({ sku: 'SKU-1', quantity: l.quantity, ...(l.amount !== undefined ? { amount: l.amount } : {}) })),
    { customer: { email, name: email.split('@')[0] } },
  );
  for (const [i, l] of lines.entries()) if (l.currency) body.lines[i]!.unitPrice.currency = l.currency;
  const res = await t.api('POST', '/api/v1/orders', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; customer: { id: string }; lines: Array<{ id: string }>; totals: Record<string, { amount: number; currency: string }> };
}
