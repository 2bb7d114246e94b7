import type { Schemas } from '../../api/client';

type ApiOrder = Schemas['Order'];
type ApiLine = ApiOrder['lines'][number];

/** An order as the console sees it: money and email are null for roles that may not see them. */
export type Order = Omit<ApiOrder, 'totals' | 'lines' | 'customer'> & {
  totals: ApiOrder['totals'] | null;
  customer: { id: string; name: string; email: string | null };
  lines: Array<Omit<ApiLine, 'unitPrice' | 'lineTotal'> & { unitPrice: Schemas['Money'] | null; lineTotal: Schemas['Money'] | null }>;
};
export type OrderLine = Order['lines'][number];
/** Added to the order's totals by the returns branch (until web/src/api/schema.d.ts is regenerated). */
export interface OrderAdjustmentTotals {
  cancelled: Schemas['Money'];
  returned: Schemas['Money'];
  refunded: Schemas['Money'];
  net: Schemas['Money'];
}
export type Hold = Schemas['OrderHold'];
export interface OrderEvent {
  id: string;
  type: string;
  occurredAt: string;
  actor: string | null;
  payload: Record<string, unknown>;
}

export { cancellable, orderCancellable } from './cancel-rule';
export const holdTypes = ['fraud', 'payment', 'address', 'stock', 'manual', 'data'] as const;
