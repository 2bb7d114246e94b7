import type { Ctx } from '../../platform/context.js';
import type { Outcome } from '../../platform/idempotency.js';
import type { OrderJson, PlaceOrderInput } from './orders.schemas.js';
import type { EditOrderInput, OrderEditDiff } from './order-edits.schemas.js';

/**
 * The cross-module use cases on orders (src/flows/place-order.ts, src/flows/cancel-order.ts), as the
 * orders module sees them. Modules never import src/flows (that would close an import cycle: flows use
 * modules); the composition root (src/routes.ts, src/server.ts) passes the implementations in.
 */
export interface PlaceOrderOptions {
  idempotencyKey?: string | undefined;
  /**
   * Leave every quantity `pending` (nothing reserved) instead of sourcing now: the order is held for
   * review or waits for payment, and sourcing runs when it is released. Not set: ORDO_SOURCING_AT decides
   * (`authorization` defers orders that carry payments).
   */
  deferSourcing?: boolean;
  /** The caller's IP (req.ip), for the risk velocity rule. */
  clientIp?: string | undefined;
  /**
   * Place the order even though some line SKUs are not in the catalog (a channel order before its SKU
   * mapping exists): those lines keep the given SKU, `names[i]` as name and their given price; nothing
   * is sourced, and the order gets a `data` hold with `reason` in the same transaction.
   */
  dataHold?: { reason: string; names: readonly string[] } | undefined;
}

export interface CancelOrderInput {
  orderId: string;
  reason: string;
  /** Quantities per line; omitted = everything not yet shipped. */
  lines?: Array<{ lineId: string; quantity: number }> | undefined;
}

export type PlaceOrder = (ctx: Ctx, input: PlaceOrderInput, opts?: PlaceOrderOptions) => Promise<Outcome<OrderJson> & { replayed: boolean }>;
export type CancelOrder = (ctx: Ctx, input: CancelOrderInput) => Promise<OrderJson>;

/** What the orders routes need from src/flows. */
export interface OrderFlows {
  placeOrder: PlaceOrder;
  cancelOrder: CancelOrder;
  editOrder: EditOrder;
}

/** The answer to an edit: the new version, its diff and the order as it now stands. */
export interface EditOrderResult {
  version: number;
  diff: OrderEditDiff;
  order: OrderJson;
}

export type EditOrder = (ctx: Ctx, input: EditOrderInput & { orderId: string }, opts?: { idempotencyKey?: string | undefined }) => Promise<Outcome<EditOrderResult> & { replayed: boolean }>;
