import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canTransitionShipment, isFinalShipment, shipmentPath, shipmentStatuses, shipmentTransitions } from '../../../src/domain/shipping/shipment-states.js';
import { trackingStatuses } from '../../../src/domain/shipping/tracking-events.js';
import { validateTransitionTable } from '../../../src/domain/orders/order-states.js';

describe('shipment states', () => {
  it('is a valid table: all reachable, final states without exits', () => {
    expect(validateTransitionTable(shipmentStatuses, 'label_purchased', shipmentTransitions, ['delivered', 'returned_to_sender', 'voided'])).toEqual([]);
    expect(['delivered', 'returned_to_sender', 'voided'].every((s) => isFinalShipment(s as never))).toBe(true);
  });

  it('voids only before hand-off', () => {
    expect(shipmentStatuses.filter((s) => canTransitionShipment(s, 'voided'))).toEqual(['label_purchased']);
  });

  it.each([
    ['label_purchased', 'label_created', []],
    ['label_purchased', 'in_transit', ['handed_off', 'in_transit']],
    ['label_purchased', 'delivered', ['handed_off', 'delivered']],
    ['label_purchased', 'exception', []],
    ['label_purchased', 'returned_to_sender', ['handed_off', 'returned_to_sender']],
    ['handed_off', 'out_for_delivery', ['out_for_delivery']],
    ['out_for_delivery', 'in_transit', ['in_transit']],
    ['exception', 'delivered', ['delivered']],
    ['delivered', 'in_transit', []],
    ['voided', 'delivered', []],
    ['in_transit', 'in_transit', []],
  ] as const)('%s + carrier %s → %j', (from, carrier, path) => {
    expect(shipmentPath(from, carrier)).toEqual(path);
  });

  it('every path is a chain of legal moves', () => {
    fc.assert(
      fc.property(fc.constantFrom(...shipmentStatuses), fc.constantFrom(...trackingStatuses, null), (from, carrier) => {
        let at = from;
        for (const to of shipmentPath(from, carrier)) {
          expect(canTransitionShipment(at, to)).toBe(true);
          at = to;
        }
      }),
    );
  });
});
