import { orderQuantity, reorderPolicy, selectModel } from '../forecasting/index.js';

export interface ReorderInput {
  /** Units demanded per week at the location, oldest first (complete weeks only). */
  weeklyDemand: readonly number[];
  leadTimeDays: number;
  serviceLevel: number;
  /** A reorder point set by hand on the stock level: the computed one never goes below it. */
  minimumReorderPoint: number;
  available: number;
  /** Outstanding units of sent purchase orders. */
  incoming: number;
  /** Units ordered by customers and not yet allocated anywhere (attributed to this location). */
  backordered: number;
  /** Supplier's minimum order quantity and pack size. */
  moq: number;
  packSize: number;
  /** Weeks of demand an order covers beyond the reorder point. */
  coverWeeks: number;
}

export interface ReorderDecision {
  model: string;
  leadTimeDemand: number;
  safetyStock: number;
  reorderPoint: number;
  /** available + incoming − backordered */
  position: number;
  /** Units to order now (0 when the position is not below the reorder point). */
  quantity: number;
}

/**
 * The reorder rule for one SKU at one location (pure): the weekly demand forecast (model chosen by rolling-origin
 * backtest, src/domain/forecasting) gives the demand over the supplier's lead time and the safety stock for the
 * service level; their sum, at least the hand-set minimum, is the reorder point. When the inventory position
 * (available + incoming − backordered) falls below it, the order lifts the position to the reorder point plus
 * `coverWeeks` of demand, at least the supplier's minimum, in whole packs.
 */
export function reorderDecision(input: ReorderInput): ReorderDecision {
  const y = input.weeklyDemand.length >= 8 ? [...input.weeklyDemand] : [...Array(8 - input.weeklyDemand.length).fill(0), ...input.weeklyDemand];
  const fitted = selectModel(y, { horizon: 4, origins: 4, seasonLength: 52 }).model.fit(y);
  const leadWeeks = Math.max(input.leadTimeDays, 1) / 7;
  const mean = fitted.forecast(Math.max(4, Math.ceil(leadWeeks) + Math.ceil(input.coverWeeks)));
  const policy = reorderPolicy({ forecastMean: mean, sigma: fitted.sigma, leadTimePeriods: leadWeeks, serviceLevel: input.serviceLevel });
  const reorderPoint = Math.max(policy.reorderPoint, input.minimumReorderPoint);
  const position = input.available + input.incoming - input.backordered;
  const quantity =
    position < reorderPoint
      ? orderQuantity({ position, reorderPoint, demandPerPeriod: mean[0] ?? 0, coverPeriods: input.coverWeeks, minimum: Math.max(1, input.moq), packSize: input.packSize })
      : 0;
  return { model: fitted.model, leadTimeDemand: policy.leadTimeDemand, safetyStock: policy.safetyStock, reorderPoint, position, quantity };
}
