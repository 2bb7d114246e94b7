/**
 * The console in German, end to end (issue 16, acceptance 4 "German labels"): a browser whose language
 * is German (de-DE) gets the console in German without choosing it, and the pages a warehouse worker
 * and a support agent use all day show German labels, with dates, numbers and money formatted the
 * German way: orders list, order page, inventory, pack station, returns, a case and reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import type { RunningServer } from '../../src/server.js';
import { apiCaller, field, startConsoleRun, stopConsoleRun } from '../support/e2e.js';

const admin = { email: 'de-admin@shop.example', password: 'correct-horse-battery' };
const devApiKey = 'ordo_e2e_german_key_0123456789abcdef';
const MUG = '4006381333931';

let server: RunningServer;
let browser: Browser;
let page: Page;
let dataDir: string;
const api = apiCaller(() => `${server.url}/api/v1`, devApiKey);

async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('never became true');
}

type Order = { id: string; number: string; lines: Array<{ id: string }> };
const fulfillmentOf = (orderId: string) => eventually(async () => (await api<{ items: Array<{ id: string }> }>('GET', `/fulfillment-orders?orderId=${orderId}`)).items[0]);

/** Two mugs to collect at the store STO, picked and packed through the API, then collected → delivered. */
async function deliveredOrder(): Promise<Order> {
  const o = await api<Order>('POST', '/orders', {
    channel: 'web',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    shippingAddress: { name: 'Ada Lovelace', line1: 'Unter den Linden 5', city: 'Berlin', postalCode: '10117', country: 'DE' },
    delivery: { method: 'pickup', locationCode: 'STO' },
    lines: [{ sku: 'MUG-1', quantity: 2, unitPrice: { amount: 1990, currency: 'EUR' } }],
  });
  const f = await fulfillmentOf(o.id);
  await api('POST', `/fulfillment-orders/${f.id}/start-picking`);
  await api('POST', `/fulfillment-orders/${f.id}/scan`, { code: MUG, quantity: 2 });
  await api('POST', `/fulfillment-orders/${f.id}/pack`, {});
  const ready = await api<{ code: string }>('POST', `/fulfillment-orders/${f.id}/ready-for-pickup`);
  await api('POST', `/fulfillment-orders/${f.id}/picked-up`, { code: ready.code });
  await eventually(async () => ((await api<{ status: string }>('GET', `/orders/${o.id}`)).status === 'delivered' ? true : undefined));
  return o;
}

let shipped: Order;
let delivered: Order;
let packId: string;

beforeAll(async () => {
  ({ server, browser, page, dataDir } = await startConsoleRun({ name: 'german', devApiKey, admin, env: { ORDO_OUTBOX_POLL_MS: '50' }, context: { locale: 'de-DE' } }));
  const address = { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
  await api('POST', '/locations', { code: 'BER', name: 'Lager Berlin', type: 'warehouse', address, latitude: 52.52, longitude: 13.405 });
  await api('POST', '/locations', { code: 'STO', name: 'Filiale Mitte', type: 'store', canShip: false, canPickup: true, address: { ...address, line1: 'Torstraße 1' }, latitude: 52.53, longitude: 13.41 });
  await api('POST', '/products', { sku: 'MUG-1', name: 'Emaillebecher', gtin: MUG, weightGrams: 300, dimensionsMm: { length: 120, width: 90, height: 100 }, price: { amount: 1990, currency: 'EUR' } });
  await api('POST', '/boxes', { code: 'M', name: 'Mittel', dimensionsMm: { length: 300, width: 250, height: 150 }, maxWeightGrams: 5000, tareWeightGrams: 150 });
  await api('POST', '/inventory/adjustments', { sku: 'MUG-1', locationCode: 'STO', delta: 10, reason: 'receipt' });
  await api('POST', '/inventory/adjustments', { sku: 'MUG-1', locationCode: 'BER', delta: 1234, reason: 'receipt' });

  // An order to ship from BER, picked: it waits at the pack station.
  shipped = await api<Order>('POST', '/orders', {
    channel: 'web',
    customer: { email: 'grace@example.com', name: 'Grace Hopper' },
    shippingAddress: { name: 'Grace Hopper', line1: 'Hafenstraße 2', city: 'Hamburg', postalCode: '20359', country: 'DE' },
    lines: [{ sku: 'MUG-1', quantity: 3, unitPrice: { amount: 1990, currency: 'EUR' } }],
  });
  packId = (await fulfillmentOf(shipped.id)).id;
  await api('POST', `/fulfillment-orders/${packId}/start-picking`);
  await api('POST', `/fulfillment-orders/${packId}/scan`, { code: MUG, quantity: 3 });

  delivered = await deliveredOrder();
}, 120_000);
afterAll(() => stopConsoleRun({ browser, server, dataDir }));

/** The column headers of a table as written (the uppercase look is CSS). */
const columns = (table: string) => page.getByRole('table', { name: table }).locator('thead th').allTextContents();
const heading = (name: string | RegExp) => page.getByRole('heading', { name, level: 1 }).waitFor();
/** "59,70 €" — German Intl puts a (narrow) no-break space before the euro sign. */
const euros = (text: string) => new RegExp(`${text}\\s€`);

describe('console in German', () => {
  it('follows the browser language: the sign-in page and the frame are German', async () => {
    await page.goto(`${server.url}/login`);
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await field(page, 'E-Mail').fill(admin.email);
    await field(page, 'Passwort').fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('de');
  });

  it('orders list and order page', async () => {
    await page.goto(`${server.url}/orders`);
    await heading('Bestellungen');
    await page.getByText('Alle Bestellungen aus allen Kanälen, neueste zuerst.').waitFor();
    const table = page.getByRole('table', { name: 'Bestellungen' });
    await table.getByRole('row').filter({ hasText: shipped.number }).waitFor();
    // The first column holds the selection checkboxes (no text; a German label).
    expect(await columns('Bestellungen')).toEqual(['', 'Bestellung', 'Eingegangen', 'Kunde', 'Kanal', 'Status', 'Gesamt']);
    await page.getByRole('checkbox', { name: 'Alle Bestellungen dieser Seite auswählen' }).waitFor();
    await table.getByRole('row').filter({ hasText: shipped.number }).filter({ hasText: euros('59,70') }).waitFor();
    await page.getByRole('link', { name: 'Neue Bestellung' }).waitFor();

    await page.goto(`${server.url}/orders/${shipped.id}`);
    await heading(`Bestellung ${shipped.number}`);
    await page.getByText(/^Eingegangen am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} über Onlineshop$/).waitFor();
    await page.getByText('Lieferadresse', { exact: true }).waitFor();
    await page.getByText('Rechnungsadresse', { exact: true }).waitFor();
    await page.getByText('Verlauf', { exact: true }).waitFor();
    const lines = page.getByRole('table', { name: 'Bestellpositionen' });
    expect(await columns('Bestellpositionen')).toEqual(['Artikel', 'Menge', 'Status der Einheiten', 'Einzelpreis', 'Gesamt', 'Aktionen']);
    await lines.getByText('3 zugeteilt').waitFor();
    await page.getByText('Bestellung eingegangen').waitFor(); // the timeline
    await page.getByRole('button', { name: 'Sperre setzen' }).waitFor();
    expect(await page.getByTestId('order-total').textContent()).toMatch(euros('59,70'));
  });

  it('inventory', async () => {
    await page.goto(`${server.url}/inventory`);
    await heading('Lagerbestand');
    await page.getByRole('tab', { name: 'Bestände' }).waitFor();
    await page.getByRole('tab', { name: 'Bewegungsjournal' }).waitFor();
    await page.getByRole('button', { name: 'Bestand korrigieren' }).waitFor();
    const table = page.getByRole('table', { name: 'Bestände' });
    await table.getByRole('row').filter({ hasText: 'BER' }).waitFor();
    expect(await columns('Bestände')).toEqual(['Artikelnr.', 'Artikel', 'Lagerort', 'Lagerplatz', 'Physisch', 'Reserviert', 'Sicherheit', 'Verfügbar', 'Meldebestand']);
    // Numbers in German: 1.234 on hand at BER.
    await table.getByRole('row').filter({ hasText: 'BER' }).filter({ hasText: '1.234' }).waitFor();
    await page.getByRole('tab', { name: 'Bewegungsjournal' }).click();
    await page.getByRole('table', { name: 'Lagerbewegungen' }).getByText('Wareneingang').first().waitFor();
  });

  it('pack station', async () => {
    await page.goto(`${server.url}/fulfillment/${packId}`);
    await page.getByTestId('fo-status').filter({ hasText: 'Kommissioniert' }).waitFor();
    await page.getByRole('heading', { name: 'Packstation' }).waitFor();
    await page.getByRole('heading', { name: 'Pickliste' }).waitFor();
    await page.getByRole('button', { name: 'Verpacken' }).waitFor();
    await page.getByRole('button', { name: 'Karton hinzufügen' }).waitFor();
    await page.getByText('Gewicht (g)').waitFor();
    await page.getByTestId('box-suggestion').filter({ hasText: /^Vorgeschlagener Karton: M \([\d.]+ g mit Inhalt\)$/ }).waitFor();
    await page.getByTestId('picked-MUG-1').filter({ hasText: '3 / 3' }).waitFor();
  });

  it('returns list and a return', async () => {
    const line = delivered.lines[0]!;
    const ret = await api<{ id: string; number: string }>('POST', '/returns', { orderId: delivered.id, lines: [{ orderLineId: line.id, quantity: 1, reason: 'wrong_size' }] });
    await page.goto(`${server.url}/returns`);
    await heading('Retouren');
    await page.getByRole('link', { name: 'Retourenannahme' }).waitFor();
    const table = page.getByRole('table', { name: 'Retouren' });
    await table.getByRole('row').filter({ hasText: ret.number }).filter({ hasText: 'Angefragt' }).filter({ hasText: 'Erstattung' }).waitFor();

    await page.goto(`${server.url}/returns/${ret.id}`);
    await heading(`Retoure ${ret.number}`);
    await page.getByRole('button', { name: 'Genehmigen' }).waitFor();
    await page.getByRole('button', { name: 'Ablehnen' }).waitFor();
    await page.getByText('Falsche Größe').waitFor();
    await page.getByRole('main').getByText('Betrugsprüfung').waitFor();
    await page.getByText(euros('19,90')).first().waitFor();
  });

  it('a case', async () => {
    const c = await api<{ id: string; reference: string }>('POST', '/cases', { subject: 'Wo bleibt mein Becher?', category: 'delivery', priority: 'high', orderId: shipped.id, message: 'Noch nicht angekommen.' });
    await page.goto(`${server.url}/cases/${c.id}`);
    await heading(new RegExp(c.reference));
    expect(await page.getByTestId('case-status').first().textContent()).toBe('Offen');
    await page.getByRole('tab', { name: 'Kunden antworten' }).waitFor();
    await page.getByRole('tab', { name: 'Interner Kommentar' }).waitFor();
    await page.getByRole('button', { name: 'Antwort senden' }).waitFor();
    await page.getByRole('button', { name: 'Mir zuweisen' }).waitFor();
    await page.getByText('Priorität').waitFor();
    await page.getByText('Hoch', { exact: true }).waitFor();
    await page.getByText('Lieferung', { exact: true }).waitFor();
    await page.getByText(/^Fall eröffnet/).waitFor();
  });

  it('reports', async () => {
    await page.goto(`${server.url}/reports`);
    await heading('Berichte');
    await page.getByText('Umsatz im Zeitverlauf').waitFor();
    await page.getByText('Top-Artikel', { exact: true }).waitFor();
    await page.getByText('Versandgeschwindigkeit', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Umsatz (CSV)' }).waitFor();
    await page.getByText('Monat', { exact: true }).waitFor(); // grouping: Tag / Woche / Monat
  });
});
