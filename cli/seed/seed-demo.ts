import { and, eq, isNull } from 'drizzle-orm';
import type { App } from '../../src/app.js';
import { createApiKey } from '../../src/platform/auth/api-keys.js';
import { apiKeys } from '../../src/platform/db/schema/index.js';
import { gtinCheckDigit } from '../../src/domain/gtin.js';
import {
  demoBoxes,
  demoCarrier,
  demoCarrierServices,
  demoChannels,
  demoCities,
  demoFirstNames,
  demoGtinCompanyPrefix,
  demoHoldReasons,
  demoLastNames,
  demoLocations,
  demoOutOfStock,
  demoProducts,
} from './demo-data.js';
import { between, pick, prng, weighted } from './prng.js';
import { demoCustomsDestinations, demoForeignCities, demoFxRates, demoSuppliers, historyDays, orderTimes, pickSeasonal, steerClock } from './demo-history.js';
import { Agenda, outboxDrainer } from './seed-agenda.js';
import { demoLifecycle, type LifecycleSummary } from './demo-lifecycle.js';

/** Units the demo store keeps on the shelf at least (its levels' minimum reorder point). */
const storeShelfMinimum = 8;

export class SeedError extends Error {
  override name = 'SeedError';
}

export interface SeedSummary {
  locations: number;
  products: number;
  stockAdjustments: number;
  orders: number;
  backorderedOrders: number;
  cancelled: number;
  held: number;
  suppliers: number;
  /** What happened to the orders after placement (shipments, deliveries, returns). */
  lifecycle: LifecycleSummary;
  /** First and last placement (ISO instants): the history spans about 13 months. */
  firstPlacedAt: string | null;
  lastPlacedAt: string | null;
}

export interface SeedOptions {
  orders?: number;
  seed?: number;
  log?: (line: string) => void;
}

interface Res {
  status: number;
  body: any;
}

/** `4260123450017`-style GTIN-13: company prefix, 3-digit item reference, GS1 check digit. */
export const demoGtin = (index: number): string => {
  const body = `${demoGtinCompanyPrefix}${String(index + 1).padStart(3, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
};

const ascii = (s: string) =>
  s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/[^a-z]/g, '');

/**
 * Creates a small, realistic business through the public HTTP API of `app` (in-process inject), so
 * the seed runs the same validation and use cases a client would. Uses a temporary admin key that is
 * revoked at the end. Deterministic: the same options give the same data (relative to the start time).
 *
 * History: the app's clock is steered (demo-history.ts) so the business starts about 13 months ago —
 * locations, products, suppliers and first stock then — and each order is placed at its own instant
 * (growth, a Christmas peak, a weekly pattern, seasonal products); cancellations follow their order
 * within hours, stock is topped up every quarter, and orders older than about two and a half days are
 * picked, packed, shipped, delivered and sometimes returned on the same clock (demo-lifecycle.ts). The
 * event handlers run after every step at the simulated instant (seed-agenda.ts), so releases, promises,
 * re-sourcing and the sales roll-ups happen as in production; at the end the clock is given back.
 */
export async function seedDemo(app: App, opts: SeedOptions = {}): Promise<SeedSummary> {
  const log = opts.log ?? (() => undefined);
  const r = prng(opts.seed ?? 20_240_601);
  const { id: keyId, key } = await createApiKey(app.deps.db, app.deps, { name: 'seed --demo (temporary)', role: 'admin' });
  let step = 'start';
  const end = app.deps.clock.now();
  const total = opts.orders ?? 200;
  const times = orderTimes(r, end, total);
  const clock = steerClock(app.deps.clock);
  const dayMs = 86_400_000;
  clock.set(new Date(end.getTime() - (historyDays + 2) * dayMs));

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown, idempotencyKey?: string): Promise<Res> => {
    const res = await app.http.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}`, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed };
  };
  const expect = (res: Res, ok: number[], what: string): Res => {
    if (ok.includes(res.status)) return res;
    const b = res.body as { detail?: string; message?: string; errors?: Array<{ path: string; message: string }> } | undefined;
    const routeMissing = res.status === 404 && typeof b?.message === 'string' && /^Route .* not found$/.test(b.message);
    const detail = routeMissing
      ? 'the route does not exist (is its module registered in src/routes.ts?)'
      : [b?.detail ?? b?.message ?? JSON.stringify(res.body), ...(b?.errors ?? []).map((e) => `${e.path}: ${e.message}`)].join('; ');
    throw new SeedError(`Seeding failed at step "${step}": ${what} → ${res.status}: ${detail}`);
  };

  try {
    // Locations
    step = 'create locations';
    for (const loc of demoLocations) {
      expect(await call('POST', '/api/v1/locations', loc, `seed-demo-location-${loc.code}`), [201, 409], `POST /api/v1/locations (${loc.code})`);
    }
    log(`locations: ${demoLocations.map((l) => l.code).join(', ')}`);

    // Products
    step = 'create products';
    const prices = new Map<string, number>();
    for (const [i, [sku, name, price, weightGrams, length, width, height, hsCode, originCountry]] of demoProducts.entries()) {
      const body = {
        sku, name, price: { amount: price, currency: 'EUR' }, gtin: demoGtin(i), weightGrams,
        dimensionsMm: { length, width, height }, hsCode, originCountry, returnable: !sku.startsWith('COF-BEAN') && !sku.startsWith('TEA-OSTF'),
      };
      expect(await call('POST', '/api/v1/products', body, `seed-demo-product-${sku}`), [201, 409], `POST /api/v1/products (${sku})`);
      prices.set(sku, price);
    }
    log(`products: ${demoProducts.length}`);

    // Packing and shipping: a box catalog and a built-in table-rate carrier, so released
    // fulfillment orders can be packed and labelled in the console straight away.
    step = 'create boxes';
    for (const box of demoBoxes) {
      expect(await call('POST', '/api/v1/boxes', box, `seed-demo-box-${box.code}`), [201, 409], `POST /api/v1/boxes (${box.code})`);
    }
    log(`boxes: ${demoBoxes.map((b) => b.code).join(', ')}`);
    step = 'create carrier';
    expect(await call('POST', '/api/v1/carriers', demoCarrier, `seed-demo-carrier-${demoCarrier.code}`), [201, 409], `POST /api/v1/carriers (${demoCarrier.code})`);
    for (const service of demoCarrierServices) {
      const url = `/api/v1/carriers/${demoCarrier.code}/services`;
      expect(await call('POST', url, service, `seed-demo-service-${service.code}`), [201, 409], `POST ${url} (${service.code})`);
    }
    log(`carrier: ${demoCarrier.code} (${demoCarrierServices.map((s) => s.code).join(', ')})`);
    step = 'customs profiles';
    for (const fx of demoFxRates) expect(await call('PUT', `/api/v1/fx-rates/${fx.from}/${fx.to}`, { rate: fx.rate }), [200], `PUT /api/v1/fx-rates/${fx.from}/${fx.to}`);
    for (const d of demoCustomsDestinations) {
      expect(await call('PUT', `/api/v1/customs/destinations/${d.country}`, d.body), [200], `PUT /api/v1/customs/destinations/${d.country}`);
    }

    // Stock: receipts; a level that already has stock (an earlier, interrupted seed) is left alone.
    step = 'receive stock';
    let stockAdjustments = 0;
    for (const [sku] of demoProducts) {
      const levels = expect(await call('GET', `/api/v1/inventory?sku=${encodeURIComponent(sku)}`), [200], `GET /api/v1/inventory?sku=${sku}`);
      const onHand = new Map<string, number>(
        ((levels.body as { items?: Array<{ locationCode: string; onHand: number }> }).items ?? []).map((l) => [l.locationCode, l.onHand]),
      );
      const plan: Array<[string, number]> = demoOutOfStock.has(sku)
        ? []
        : [
            ['BER-WH1', between(r, 20, 120)],
            ['HAM-WH1', between(r, 10, 80)],
            ...(r() < 0.6 ? ([['MUC-ST1', between(r, 2, 15)]] as Array<[string, number]>) : []),
          ];
      for (const [locationCode, delta] of plan) {
        if ((onHand.get(locationCode) ?? 0) > 0) continue;
        const body = { sku, locationCode, delta, reason: 'receipt' };
        expect(await call('POST', '/api/v1/inventory/adjustments', body, `seed-demo-stock-${sku}-${locationCode}`), [200, 201], `POST /api/v1/inventory/adjustments (${sku} @ ${locationCode})`);
        stockAdjustments++;
        // The store keeps a shelf minimum: below it the reorder trigger refills it even when the forecast is small.
        if (locationCode === 'MUC-ST1') {
          const url = `/api/v1/inventory/levels/${encodeURIComponent(sku)}/${locationCode}`;
          expect(await call('PATCH', url, { reorderPoint: storeShelfMinimum }), [200], `PATCH ${url}`);
        }
      }
    }
    log(`stock receipts: ${stockAdjustments}`);

    // Suppliers and what they sell: lead time, MOQ, pack size, unit cost — the reorder trigger's inputs.
    step = 'create suppliers';
    for (const sup of demoSuppliers) {
      const created = expect(await call('POST', '/api/v1/suppliers', { code: sup.code, name: sup.name, email: sup.email, currency: 'EUR' }, `seed-demo-supplier-${sup.code}`), [201, 409], `POST /api/v1/suppliers (${sup.code})`);
      let id = (created.body as { id?: string }).id;
      if (created.status === 409 || !id) {
        const all = expect(await call('GET', '/api/v1/suppliers'), [200], 'GET /api/v1/suppliers');
        id = (all.body as { items: Array<{ id: string; code: string }> }).items.find((x) => x.code === sup.code)?.id;
      }
      for (const [sku, , price] of demoProducts.filter(([sku]) => sup.prefixes.some((p) => sku.startsWith(p)))) {
        const body = { supplierSku: `${sup.code.slice(0, 4)}-${sku}`, leadTimeDays: sup.leadTimeDays, moq: sup.moq, packSize: sup.packSize, cost: Math.round(price * sup.costShare) };
        expect(await call('PUT', `/api/v1/suppliers/${id}/products/${encodeURIComponent(sku)}`, body), [200], `PUT /api/v1/suppliers/${sup.code}/products/${sku}`);
      }
    }
    log(`suppliers: ${demoSuppliers.map((x) => x.code).join(', ')}`);

    // Customers (a pool, so some order more than once)
    const customers = Array.from({ length: 80 }, (_, i) => {
      const first = pick(r, demoFirstNames);
      const last = pick(r, demoLastNames);
      const [city, postalCode, lat, lon, streets] = pick(r, demoCities);
      return {
        email: `${ascii(first)}.${ascii(last)}${i > 40 ? i : ''}@example.com`,
        name: `${first} ${last}`,
        address: {
          name: `${first} ${last}`,
          line1: `${pick(r, streets)} ${between(r, 1, 140)}`,
          city,
          postalCode,
          country: 'DE',
          latitude: Math.round((lat + (r() - 0.5) * 0.02) * 1e5) / 1e5,
          longitude: Math.round((lon + (r() - 0.5) * 0.03) * 1e5) / 1e5,
        },
      };
    });

    // A few customers in the EU neighbours the shop ships to.
    for (let i = 0; i < 16; i++) {
      const first = pick(r, demoFirstNames);
      const last = pick(r, demoLastNames);
      const [country, city, postalCode, lat, lon, streets] = pick(r, demoForeignCities);
      customers.push({
        email: `${ascii(first)}.${ascii(last)}.${country.toLowerCase()}${i}@example.com`,
        name: `${first} ${last}`,
        address: {
          name: `${first} ${last}`, line1: `${pick(r, streets)} ${between(r, 1, 90)}`, city, postalCode, country,
          latitude: Math.round(lat * 1e5) / 1e5, longitude: Math.round(lon * 1e5) / 1e5,
        },
      });
    }

    // Orders, oldest first, each placed at its own instant; ~7% cancelled by the customer a few hours
    // later; the rest picked, packed, shipped, delivered and sometimes returned (demo-lifecycle.ts).
    // Everything runs off one agenda in time order, with the event handlers drained after each step.
    step = 'place orders';
    const perChannel = new Map<string, number>();
    const placed: Array<{ id: string; number: string; at: Date }> = [];
    const skuList = demoProducts.map(([sku]) => sku);
    const stocked = skuList.filter((sku) => !demoOutOfStock.has(sku));
    let backorderedOrders = 0;
    let cancelled = 0;
    const agenda = new Agenda();
    const drain = outboxDrainer(app, (detail) => new SeedError(`Seeding failed at step "${step}": ${detail}`));
    const at = (ms: number) => clock.set(new Date(Math.max(ms, app.deps.clock.now().getTime())));
    const api = async (method: 'GET' | 'POST', url: string, ok: number[], body?: unknown, idempotencyKey?: string) =>
      expect(await call(method, url, body, idempotencyKey), ok, `${method} ${url}`).body;
    const lifecycle = demoLifecycle({ app, agenda, r, api, at, drain, end: end.getTime() });
    await drain(); // catalog, locations and first stock

    // Quarterly restock at the main warehouse.
    for (let topUp = end.getTime() - historyDays * dayMs + 91 * dayMs; topUp < end.getTime(); topUp += 91 * dayMs) {
      const when = topUp;
      agenda.add(when, async () => {
        step = 'restock';
        at(when);
        for (const sku of stocked) {
          const body = { sku, locationCode: 'BER-WH1', delta: between(r, 10, 40), reason: 'receipt' };
          expect(await call('POST', '/api/v1/inventory/adjustments', body, `seed-demo-restock-${when}-${sku}`), [200, 201], `POST /api/v1/inventory/adjustments (restock ${sku})`);
          stockAdjustments++;
        }
        await drain();
        lifecycle.received();
      });
    }
    // Orders of the last day and a half (and the last 1 %, at least two) are left open: they wait in the
    // console to be worked on. The warehouses work until this morning, so the last parcels are on their way.
    const backlog = Math.max(2, Math.round(total * 0.01));
    const idleFrom = Math.min(end.getTime() - 1.5 * dayMs, times[Math.max(0, total - backlog)]?.getTime() ?? end.getTime());
    if (times.length) lifecycle.scheduleShifts(times[0]!.getTime(), end.getTime() - dayMs / 2);

    for (let n = 1; n <= total; n++) {
      const when = times[n - 1]!;
      agenda.add(when.getTime(), async () => {
        step = 'place orders';
        at(when.getTime());
        const ch = weighted(r, demoChannels);
        const seq = (perChannel.get(ch.channel) ?? 0) + 1;
        perChannel.set(ch.channel, seq);
        const customer = pick(r, customers);
        const lineCount = r() < 0.55 ? 1 : r() < 0.67 ? 2 : 3;
        const skus = new Set<string>();
        while (skus.size < lineCount) skus.add(pickSeasonal(r, skuList, when.getUTCMonth()));
        const lines = [...skus].map((sku) => ({
          sku,
          quantity: r() < 0.78 ? 1 : r() < 0.8 ? 2 : 3,
          unitPrice: { amount: prices.get(sku)!, currency: 'EUR' },
        }));
        const externalId = ch.externalId(seq, r);
        const body = {
          channel: ch.channel,
          externalId,
          customer: { email: customer.email, name: customer.name },
          shippingAddress: customer.address,
          lines,
          inventoryPolicy: 'backorder',
        };
        const res = expect(await call('POST', '/api/v1/orders', body, `seed-demo-order-${ch.channel}-${externalId}`), [200, 201], `POST /api/v1/orders (${ch.channel} ${externalId})`);
        const order = res.body as { id: string; number: string; status?: string; lines?: Array<{ quantityBackordered?: number; quantities?: { backordered?: number } }> };
        await drain();
        lifecycle.placed(order.id, customer.address.city, when.getTime() >= idleFrom);
        if (r() < 0.07) {
          const cancelAt = when.getTime() + between(r, 10, 360) * 60_000;
          lifecycle.cancelling.add(order.id);
          agenda.add(cancelAt, async () => {
            step = 'cancel orders';
            at(cancelAt);
            expect(await call('POST', `/api/v1/orders/${order.id}/cancel`, { reason: 'customer_request' }, `seed-demo-cancel-${order.id}`), [200, 201], `POST /api/v1/orders/${order.id}/cancel (${order.number})`);
            lifecycle.cancelling.delete(order.id);
            await drain();
          });
          cancelled++;
        } else placed.push({ id: order.id, number: order.number, at: when });
        if (order.status === 'backordered' || order.lines?.some((l) => (l.quantityBackordered ?? l.quantities?.backordered ?? 0) > 0)) backorderedOrders++;
        if (n % 100 === 0) log(`orders: ${n}/${total}`);
      });
    }
    step = 'history';
    await agenda.runUntil(end.getTime());
    const life = lifecycle.summary;
    log(`shipments: ${life.shipments} (${life.delivered} delivered, ${life.deliveredLate} of them late, ${life.inTransit} in transit), ${life.returns} returns`);
    clock.restore();
    await drain();

    // Manual holds on a few orders of the last days (the ones still waiting to be worked on).
    step = 'place holds';
    let held = 0;
    const recent = placed.filter((o) => o.at.getTime() >= idleFrom);
    for (const o of recent.filter(() => r() < 0.3)) {
      const body = { type: 'manual', reason: pick(r, demoHoldReasons) };
      expect(await call('POST', `/api/v1/orders/${o.id}/holds`, body, `seed-demo-hold-${o.id}`), [200, 201], `POST /api/v1/orders/${o.id}/holds (${o.number})`);
      held++;
    }
    log(`orders: ${total} placed, ${cancelled} cancelled, ${held} on hold`);

    await drain();

    return {
      locations: demoLocations.length, products: demoProducts.length, stockAdjustments, orders: total, backorderedOrders, cancelled, held,
      suppliers: demoSuppliers.length, lifecycle: lifecycle.summary, firstPlacedAt: times[0]?.toISOString() ?? null, lastPlacedAt: times.at(-1)?.toISOString() ?? null,
    };
  } finally {
    clock.restore();
    // The seed key must not outlive the seed.
    await app.deps.db
      .update(apiKeys)
      .set({ revokedAt: app.deps.clock.now() })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
    app.apiKeys.invalidate();
  }
}
