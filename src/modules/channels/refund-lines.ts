import type { ChannelOrder } from '../../domain/channels/channel-order.js';
import { allocate, money } from '../../domain/money.js';
import type { Db } from '../../platform/db/client.js';
import { loadOrder } from '../orders/index.js';
import { getReturnJson } from '../returns/index.js';
import type { RefundLine } from './connectors/refund-push.js';

/**
 * The channel lines of a return and the amount each one gets back: the return's lines mapped to the
 * channel order's lines (by line number, as the order was placed from them), the amount spread over
 * them by what each line is worth after its restocking fee (largest remainder: the shares add up to
 * `amount` exactly). Lines that have no channel line (none today) are left out.
 */
export async function refundLinesOfReturn(db: Db, returnId: string, orderId: string, order: ChannelOrder, amount: bigint, currency: string): Promise<{ number: string; lines: RefundLine[] }> {
  const ret = await getReturnJson(db, returnId);
  const { lines } = await loadOrder(db, orderId);
  const mapped = ret.lines.flatMap((rl) => {
    const line = lines.find((l) => l.id === rl.orderLineId);
    const channelLine = line ? order.lines[line.lineNo - 1] : undefined;
    return channelLine ? [{ externalLineId: channelLine.externalLineId, quantity: rl.quantity, weight: BigInt(rl.value.amount - rl.restockingFee.amount) }] : [];
  });
  const shares = allocate(money(amount, currency), mapped.map((m) => (m.weight > 0n ? m.weight : 0n)));
  return { number: ret.number, lines: mapped.map((m, i) => ({ externalLineId: m.externalLineId, quantity: m.quantity, amount: shares[i]!.amount })) };
}
