import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fulfillmentsOf, ok, placeOrder, warehouse } from '../fulfillment/support.js';
import { classifyIntent, detectLanguage, type Intent } from '../../src/domain/notifications/assistant.js';

/** Customer messages → intent (and language): ways to ask where an order is, cancel, change address, return, unrelated. */
const table: Array<[string, Intent, 'en' | 'de']> = [
  ['Where is my order?', 'where_is_order', 'en'],
  ['where is my package', 'where_is_order', 'en'],
  ['Has my order shipped yet?', 'where_is_order', 'en'],
  ['What is the status of my order', 'where_is_order', 'en'],
  ['Can I track my parcel?', 'where_is_order', 'en'],
  ['Wo ist meine Bestellung?', 'where_is_order', 'de'],
  ['Wo bleibt mein Paket?', 'where_is_order', 'de'],
  ['Ist meine Bestellung schon versendet?', 'where_is_order', 'de'],
  ['Ich möchte meine Sendung verfolgen', 'where_is_order', 'de'],
  ['When will my order arrive?', 'delivery_date', 'en'],
  ['How long does delivery take?', 'delivery_date', 'en'],
  ['What is the delivery date', 'delivery_date', 'en'],
  ['Wann kommt mein Paket?', 'delivery_date', 'de'],
  ['Wie lange dauert die Lieferung noch?', 'delivery_date', 'de'],
  ['Bis wann wird geliefert?', 'delivery_date', 'de'],
  ['I want to cancel my order', 'cancel', 'en'],
  ['Please cancel it', 'cancel', 'en'],
  ["I don't want this order anymore", 'cancel', 'en'],
  ['Ich möchte meine Bestellung stornieren', 'cancel', 'de'],
  ['Bitte Bestellung abbestellen', 'cancel', 'de'],
  ['Storno bitte!', 'cancel', 'de'],
  ['I need to change my delivery address', 'change_address', 'en'],
  ['I moved, can you deliver to a different place?', 'change_address', 'en'],
  ['Wrong address on the order', 'change_address', 'en'],
  ['Ich bin umgezogen', 'change_address', 'de'],
  ['Kann ich die Lieferadresse ändern?', 'change_address', 'de'],
  ['How do I return an item?', 'return', 'en'],
  ['I want to send it back', 'return', 'en'],
  ['Can I get a refund?', 'return', 'en'],
  ['Ich möchte den Artikel zurücksenden', 'return', 'de'],
  ['Wie funktioniert der Umtausch?', 'return', 'de'],
  ['Bekomme ich mein Geld zurück?', 'return', 'de'],
  ['Can I pick up my order today?', 'pickup', 'en'],
  ['What are the store hours?', 'pickup', 'en'],
  ['Wann kann ich die Bestellung abholen?', 'pickup', 'de'],
  ['Öffnungszeiten der Filiale?', 'pickup', 'de'],
  ['I want to talk to a human', 'handover', 'en'],
  ['Ich möchte mit einem Mitarbeiter sprechen', 'handover', 'de'],
  ['Do you sell gift cards?', 'unknown', 'en'],
  ['What is the weather tomorrow', 'unknown', 'en'],
  ['Hallo, habt ihr auch Kaffee?', 'unknown', 'de'],
  ['asdfgh', 'unknown', 'en'],
];

describe('assistant intents (pure)', () => {
  it.each(table)('%s → %s (%s)', (text, intent, lang) => {
    expect(classifyIntent(text)).toBe(intent);
    expect(detectLanguage(text)).toBe(lang);
  });
  it('has at least 40 messages in both languages', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
    expect(table.filter((r) => r[2] === 'de').length).toBeGreaterThanOrEqual(15);
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await warehouse(t, 'BER');
});
afterAll(() => t.close());

async function tokenOf(orderNumber: string, email: string) {
  const r = await t.api('POST', '/api/v1/public/order-status/lookup', { orderNumber, email }, { key: null, remoteAddress: `10.1.0.${Math.floor(Math.random() * 200)}` });
  expect(r.status).toBe(200);
  return r.body.token as string;
}
const ask = (token: string, message: string, extra: Record<string, unknown> = {}) => t.api('POST', '/api/v1/assistant/messages', { token, message, ...extra }, { key: null, remoteAddress: '10.2.0.1' });

describe('assistant API', () => {
  it('answers from the order: where, when; cancel needs a confirmation and then cancels', async () => {
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'a1@example.com', name: 'A' } });
    await t.drain();
    const token = await tokenOf(o.number, 'a1@example.com');
    const where = await ask(token, 'Wo ist meine Bestellung?');
    expect(where.status, JSON.stringify(where.body)).toBe(200);
    expect(where.body).toMatchObject({ intent: 'where_is_order', language: 'de', action: 'answered', reply: `Ihre Bestellung ${o.number} ist bestätigt.` });
    const when = await ask(token, 'When will it arrive?');
    expect(when.body).toMatchObject({ intent: 'delivery_date', language: 'en', action: 'answered' });
    expect(when.body.reply).toMatch(new RegExp(`^Order ${o.number} is expected on \\d+ \\w+ \\d{4}\\.$|no delivery date`));
    const first = await ask(token, 'I want to cancel my order');
    expect(first.body).toMatchObject({ intent: 'cancel', action: 'confirm_cancel' });
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('confirmed'); // nothing done yet
    const done = await ask(token, 'yes', { confirm: 'cancel' });
    expect(done.body).toMatchObject({ intent: 'cancel', action: 'cancelled' });
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('cancelled');
    expect((await ask(token, 'cancel it', { confirm: 'cancel' })).body.action).toBe('answered'); // already cancelled
  });

  it('cancel is refused once picking started; returns, address changes and the unknown go to a person', async () => {
    const settings = await ok(t.api('GET', '/api/v1/notification-settings'));
    await ok(t.api('PUT', '/api/v1/notification-settings', { ...settings, supportEmail: 'help@shop.example' }));
    const o = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'a2@example.com', name: 'B' } });
    await t.drain();
    const [f] = await fulfillmentsOf(t, o.id);
    await ok(t.api('POST', `/api/v1/fulfillment-orders/${f!.id}/start-picking`, undefined, { as: 'warehouse' }));
    const token = await tokenOf(o.number, 'a2@example.com');
    const refused = await ask(token, 'Bitte stornieren', { confirm: 'cancel' });
    expect(refused.body).toMatchObject({ intent: 'cancel', action: 'refused', language: 'de' });
    expect((await t.api('GET', `/api/v1/orders/${o.id}`)).body.status).toBe('processing');
    for (const [msg, intent] of [['How do I return this?', 'return'], ['I moved to a new address', 'change_address'], ['Do you sell gift cards?', 'unknown']] as const) {
      const r = await ask(token, msg);
      expect(r.body).toMatchObject({ intent, action: 'handover' });
      expect(r.body.reply).toContain('help@shop.example');
    }
  });

  it('a token of one order never reveals another order; a forged token is 404', async () => {
    const a = await placeOrder(t, [{ sku: 'MUG-1', quantity: 1 }], { customer: { email: 'iso-a@example.com', name: 'IA' } });
    const b = await placeOrder(t, [{ sku: 'PEN-1', quantity: 1 }], { customer: { email: 'iso-b@example.com', name: 'IB' } });
    await t.drain();
    const tokenA = await tokenOf(a.number, 'iso-a@example.com');
    for (const msg of [`Where is order ${b.number}?`, `Cancel ${b.number}`, `wann kommt ${b.number}`]) {
      const r = await ask(tokenA, msg);
      expect(r.status).toBe(200);
      expect(r.body.orderNumber).toBe(a.number);
      expect(r.body.reply).not.toContain(b.number);
    }
    expect((await t.api('GET', `/api/v1/orders/${b.id}`)).body.status).toBe('confirmed'); // B untouched
    const forged = await ask(`${b.id}.${tokenA.split('.')[1]}`, 'where is my order');
    expect(forged.status).toBe(404);
  });
});
