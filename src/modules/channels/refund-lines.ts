import type { ChannelOrder } from '../../domain/channels/channel-order.js';
import { allocate, money } from '../../domain/money.js';
import type { Db } from '../../platform/db/client.js';
import { loadOrder } from '../orders/index.js';
import { getReturnJson } from '../returns/index.js';

/** One channel line given back: its platform id, the units and their share of the refund (minor units). */
export interface RefundLine {
  externalLineId: string;
  quantity: number;
  amount: bigint;
}

/** What a connector sends to refund a return settled in Ordo (every platform gets the same facts). */
export interface RefundPush {
  order: ChannelOrder;
  lines: RefundLine[];
  /** Minor units of `currency` to give back (the sum of the lines' amounts). */
  amount: bigint;
  currency: string;
  /** Human text (e.g. `Ordo return R-1001`). */
  note: string;
  /** Derived from the Ordo return: carried to the platform with the refund so a retry can find it there. */
  key: string;
}

/** The idempotency key of the refund pushed for an Ordo return (stable across retries and processes). */
export const refundKeyOf = (returnId: string) => `ordo-refund-${returnId}`;

/** `<note> [<key>]`, cut to `max` characters without ever cutting the key. */
export function noteWithKey(note: string, key: string, max = 255): string {
  const tail = ` [${key}]`;
  return `${note.slice(0, Math.max(0, max - tail.length))}${tail}`;
}

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
