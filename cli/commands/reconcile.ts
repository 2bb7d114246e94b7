import { reconcileInventory } from '../../src/modules/inventory/index.js';
import { config, out, table, withDatabase } from '../support.js';

/**
 * Checks the bookkeeping invariants (design §3 "Ledger"): on_hand = sum of movements and reserved =
 * sum of active reservations, for every (sku, location). Prints a table; exits 1 on any mismatch.
 */
export async function reconcileCommand(): Promise<void> {
  const cfg = config();
  const report = await withDatabase(cfg, { migrate: false }, ({ db }) => reconcileInventory(db));
  const { checked, mismatches, reservedMismatches } = report;
  out(`Checked ${checked} inventory level(s) against the movement ledger and active reservations.`);
  out();
  if (mismatches.length === 0 && reservedMismatches.length === 0) {
    out(table(['CHECK', 'LEVELS', 'MISMATCHES'], [['on hand = sum of movements', checked, 0], ['reserved = active reservations', checked, 0]]));
    out();
    out('OK: every level matches.');
    return;
  }
  if (mismatches.length) {
    out('on hand ≠ sum of movements:');
    out(table(['SKU', 'LOCATION', 'ON HAND', 'LEDGER SUM', 'DIFFERENCE'], mismatches.map((m) => [m.sku, m.locationCode, m.onHand, m.ledgerSum, m.onHand - m.ledgerSum])));
    out();
  }
  if (reservedMismatches.length) {
    out('reserved ≠ active reservations:');
    out(
      table(
        ['SKU', 'LOCATION', 'RESERVED', 'ACTIVE RESERVATIONS', 'DIFFERENCE'],
        reservedMismatches.map((m) => [m.sku, m.locationCode, m.reserved, m.activeReservations, m.reserved - m.activeReservations]),
      ),
    );
    out();
  }
  out(`MISMATCH: ${mismatches.length} ledger and ${reservedMismatches.length} reservation mismatch(es).`);
  process.exitCode = 1;
}
