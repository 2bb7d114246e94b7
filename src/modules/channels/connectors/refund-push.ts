import type { ChannelOrder } from '../../../domain/channels/channel-order.js';

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

export interface RefundResult {
  outcome: 'pushed' | 'already';
  message: string;
  externalRefundId: string;
}

/** Steps a multi-call push already took (kept in channel_refunds.progress, committed as they happen). */
export interface RefundProgress {
  state: Record<string, string>;
  save(patch: Record<string, string>): Promise<void>;
  /** Which of these platform refund ids Ordo has already recorded for the connection. */
  recorded(ids: string[]): Promise<Set<string>>;
}
