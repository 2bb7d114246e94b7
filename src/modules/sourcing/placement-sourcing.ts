import type { Db } from '../../platform/db/client.js';
import type { Address } from '../../platform/db/schema/index.js';
import type { Money } from '../../domain/money.js';
import type { ShipTo, SourcingLocation } from '../../domain/sourcing/index.js';
import type { PickupCandidate } from '../inventory/index.js';
import { loadSourcingSnapshot, type SourcingSnapshot } from './sourcing-snapshot.js';
import { planAndReserve, type DemandLine, type ReservedPlan } from './plan-and-reserve.js';
import type { StoredPlan } from './sourcing-plans.js';

export const shipToOf = (a: Pick<Address, 'latitude' | 'longitude' | 'country'>): ShipTo => ({
  latitude: a.latitude ?? null,
  longitude: a.longitude ?? null,
  country: a.country,
});

/**
 * A customer collecting at a store is served by that store alone, whether or not it ships: no
 * carrier, no country or weight rules, nothing to pay but its handling.
 */
export const pickupLocation = (c: PickupCandidate, like?: SourcingLocation): SourcingLocation => ({
  code: c.code,
  latitude: c.latitude,
  longitude: c.longitude,
  priority: c.priority,
  available: c.available,
  remainingCapacity: null,
  handlingPerOrder: like?.handlingPerOrder ?? 0n,
  handlingPerUnit: like?.handlingPerUnit ?? 0n,
  shipping: { base: 0n, perKm: 0n, perKg: 0n },
});

export interface PlacementSourced extends Pick<ReservedPlan, 'allocations' | 'short' | 'reservationRows'> {
  plan: Omit<StoredPlan, 'orderId' | 'trigger' | 'createdAt'>;
}

/**
 * The sourcing steps of order placement (src/flows/place-order.ts): `load` is the placement's one
 * snapshot read; `reserve` plans and reserves (one statement, a second only after a lost race).
 */
export const placementSourcing = {
  async load(tx: Db, skus: string[], at: Date) {
    const snapshot: SourcingSnapshot = await loadSourcingSnapshot(tx, skus, { at });
    let locations = snapshot.locations;
    let pickup = false;
    return {
      snapshot,
      onlyPickup(c: PickupCandidate) {
        locations = [pickupLocation(c, snapshot.locations.find((l) => l.code === c.code))];
        pickup = true;
      },
      async reserve(
        tx: Db,
        o: {
          orderId: string;
          lines: DemandLine[];
          shippingAddress: Pick<Address, 'latitude' | 'longitude' | 'country'>;
          orderTotal: Money;
          sourcingCurrency: string;
          at: Date;
          newId: () => string;
        },
      ): Promise<PlacementSourced> {
        const shipTo = pickup ? { latitude: locations[0]!.latitude, longitude: locations[0]!.longitude, country: o.shippingAddress.country } : shipToOf(o.shippingAddress);
        const r = await planAndReserve(tx, {
          orderId: o.orderId,
          at: o.at,
          newId: o.newId,
          req: {
            lines: o.lines,
            shipTo,
            orderValue: o.orderTotal.currency === o.sourcingCurrency ? o.orderTotal.amount : undefined,
            locations,
            settings: snapshot.settings,
            weights: snapshot.weights,
          },
        });
        return { allocations: r.allocations, short: r.short, reservationRows: r.reservationRows, plan: { id: o.newId(), currency: o.sourcingCurrency, ...r.stored } };
      },
    };
  },
};
