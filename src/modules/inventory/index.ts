import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { inventoryRoutes as stockRoutes } from './inventory.routes.js';
import { softReservationRoutes } from './soft-reservations.routes.js';

/** Every /inventory route: levels, adjustments, transfers, counts, availability, ledger, soft holds. */
export const inventoryRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(stockRoutes(deps));
    await app.register(softReservationRoutes(deps));
  };

export { applyMovement, toMovementJson, type MovementInput, type MovementJson, type MovementRow } from './inventory.ledger.js';
export { changeReserved, toReservationJson, getReservation, createSoftReservation, releaseSoftReservation, type ReservationJson } from './soft-reservations.js';
export { releaseExpiredReservations } from './expire-reservations.js';
export { reconcileInventory, type ReconcileReport } from './reconcile-inventory.js';
export { getAvailability, listLevels, listMovements } from './inventory.queries.js';
export { findLevel, insufficientStock, levelId, requireLocation, requireSku, requireSkus, toLevelJson, type LevelJson, type LevelRow } from './inventory.repository.js';
export { adjustStock } from './adjust-stock.js';
export { receiveStockInTx, type ReceiptInput } from './receive-stock.js';
export { transferStock } from './transfer-stock.js';
export { countStock } from './count-stock.js';
export { updateLevel } from './update-level.js';
export * from './inventory.events.js';
export { loadPickupCandidate, reservePlanned, releaseLineAllocation, type CatalogEntry, type PickupCandidate, type PlannedUnits } from './reservations.js';
export { insertReservations, takeReservations, type TakeInput } from './take-reservations.js';
