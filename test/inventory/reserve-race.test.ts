/**
 * The reserve statement under concurrent writers (PostgreSQL): placements reserving, write-offs and
 * receipts changing on_hand, all on one level row near its limits. The quantity must be computed and
 * checked inside the one UPDATE, so the stock CHECK never fires (it would be a 500) and safety
 * stock is never reserved.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { onPostgres, testDatabase } from '../support/db.js';
import { makeLocation, makeProduct, receiveStock } from '../support/factories.js';
import { reservePlanned } from '../../src/modules/inventory/reservations.js';
import { applyMovement } from '../../src/modules/inventory/inventory.ledger.js';
import { changeReserved } from '../../src/modules/inventory/soft-reservations.js';
import { queryRows } from '../../src/platform/db/query.js';
import type { Database } from '../../src/platform/db/client.js';

describe.runIf(onPostgres)('reservation race (PostgreSQL)', () => {
  let t: TestApp;
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase({ poolSize: 16 });
    t = await testApp({ database });
    await makeLocation(t, { code: 'BER' });
    await makeProduct(t, { sku: 'HOT' });
    await makeProduct(t, { sku: 'COLD' });
  });
  afterAll(async () => {
    await t.close();
    await database.close();
  });

  const levelOf = async (sku: string) =>
    (await queryRows<{ on_hand: number; reserved: number; safety_stock: number }>(database.db, sql`select on_hand, reserved, safety_stock from inventory_levels where sku = ${sku}`))[0]!;

  it('reservers, write-offs and receipts at once: no CHECK violation, safety stock never reserved, counts add up', async () => {
    await receiveStock(t, 'HOT', 'BER', 400);
    await receiveStock(t, 'COLD', 'BER', 400);
    await database.db.execute(sql`update inventory_levels set safety_stock = 20`);
    const at = t.deps.clock.now();
    const errors: string[] = [];
    let reservedByUs = 0;
    let writtenOff = 0;
    let received = 0;
    const deadline = Date.now() + 15_000;
    let ops = 0;
    const reserver = async (w: number) => {
      for (let i = 0; ops < 3000 && Date.now() < deadline; i++, ops++) {
        try {
          const got = await database.db.transaction(async (tx) => {
            const r = await reservePlanned(tx, {
              orderId: `o-${w}-${i}`,
              planned: [
                { orderLineId: `l-${w}-${i}-a`, sku: 'COLD', locationCode: 'BER', quantity: 1 + (i % 3) },
                { orderLineId: `l-${w}-${i}-b`, sku: 'HOT', locationCode: 'BER', quantity: 1 + (i % 2) },
              ],
              at,
              newId: () => `r-${w}-${i}`,
            });
            // Safety stock is never reserved: what is left after the reservation is >= safety stock.
            for (const [k, avail] of r.lockedAvailable) {
              const took = r.got.filter((g) => `${g.locationCode}|${g.sku}` === k).reduce((s, g) => s + g.quantity, 0);
              if (took > avail) errors.push(`took ${took} of ${avail} available at ${k}`);
            }
            return r.got.reduce((s, g) => s + g.quantity, 0);
          });
          reservedByUs += got;
        } catch (e) {
          errors.push(String((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message));
        }
      }
    };
    const mover = async (w: number, delta: number) => {
      for (let i = 0; ops < 3000 && Date.now() < deadline; i++, ops++) {
        const sku = i % 2 ? 'HOT' : 'COLD';
        try {
          await database.db.transaction((tx) => applyMovement(tx, { sku, locationCode: 'BER', delta, reason: delta > 0 ? 'receipt' : 'write-off', actor: `test:${w}`, at }));
          if (delta > 0) received += delta;
          else writtenOff -= delta;
        } catch (e) {
          const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
          if (code !== 'insufficient_stock') errors.push(String(code ?? (e as Error).message));
        }
      }
    };
    const holder = async () => {
      for (let i = 0; ops < 3000 && Date.now() < deadline; i++, ops++) {
        try {
          await database.db.transaction(async (tx) => {
            if (await changeReserved(tx, { sku: 'HOT', locationCode: 'BER' }, 2, at)) await changeReserved(tx, { sku: 'HOT', locationCode: 'BER' }, -2, at);
          });
        } catch (e) {
          errors.push(String((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message));
        }
      }
    };
    await Promise.all([holder(), holder(),...Array.from({ length: 8 }, (_, w) => reserver(w)), mover(100, -1), mover(101, -1), mover(102, -1), mover(103, 1)]);
    expect(errors.slice(0, 5)).toEqual([]);
    expect(ops).toBeGreaterThan(500);
    const hot = await levelOf('HOT');
    const cold = await levelOf('COLD');
    // Write-offs may eat into safety stock (a broken unit is gone); reservations never do (checked above).
    for (const l of [hot, cold]) expect(l.reserved).toBeLessThanOrEqual(l.on_hand);
    expect(hot.reserved + cold.reserved).toBe(reservedByUs);
    expect(hot.on_hand + cold.on_hand).toBe(800 + received - writtenOff);
    // The stock ran out: the race happened at the limit, not far from it.
    expect(hot.on_hand - hot.reserved - hot.safety_stock).toBeLessThan(5);
    expect(cold.on_hand - cold.reserved - cold.safety_stock).toBeLessThan(5);
  }, 60_000);
});
