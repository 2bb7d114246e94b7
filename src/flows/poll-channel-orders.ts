import type { Deps } from '../platform/context.js';
import { systemActor } from '../platform/auth/roles.js';
import { activeConnectionsOfType, amazonOrderToChannelOrder, amazonSpApi, credentialsOf, loadConnection, logSync, setPollCursor, type ConnectionRow } from '../modules/channels/index.js';
import { ingestChannelOrder } from './ingest-channel-order.js';

export interface PollResult {
  connections: number;
  orders: number;
  outcomes: Record<string, number>;
}

/**
 * Pulls the orders of polling connectors (Amazon SP-API getOrders) updated since each connection's
 * cursor, following NextToken, and ingests each one (idempotent and order-safe, so overlapping
 * windows and repeats are harmless). The cursor advances to the newest LastUpdateDate read only
 * after the whole window went through; a failure leaves it where it was and the next poll repeats.
 */
export async function pollChannelOrders(deps: Deps, opts: { connectionId?: string | undefined } = {}): Promise<PollResult> {
  const conns = opts.connectionId ? [await loadConnection(deps.db, opts.connectionId)] : await activeConnectionsOfType(deps.db, 'amazon');
  const result: PollResult = { connections: 0, orders: 0, outcomes: {} };
  for (const conn of conns) {
    if (conn.type !== 'amazon') continue;
    result.connections++;
    await pollAmazon(deps, conn, result);
  }
  return result;
}

async function pollAmazon(deps: Deps, conn: ConnectionRow, result: PollResult) {
  const at = deps.clock.now();
  const api = amazonSpApi(conn, credentialsOf(deps, conn));
  const since = conn.pollCursor ?? String((conn.settings as { pollFrom?: string }).pollFrom ?? new Date(at.getTime() - 24 * 3600_000).toISOString());
  let newest = since;
  const ctx = { ...deps, actor: { ...systemActor, id: `channel:${conn.name}`, name: conn.name } };
  let read = 0;
  try {
    for await (const o of api.ordersUpdatedSince(since)) {
      const order = amazonOrderToChannelOrder(o, await api.orderItems(String(o.AmazonOrderId)));
      read++;
      result.orders++;
      const outcome = await ingestChannelOrder(ctx, conn, 'getOrders', order).then(
        (r) => r.outcome,
        () => 'error', // already in the sync log with its reason
      );
      result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
      if (order.updatedAt > newest) newest = order.updatedAt;
    }
  } catch (e) {
    await logSync(deps.db, { connectionId: conn.id, at, direction: 'inbound', topic: 'getOrders', externalId: null, outcome: 'error', message: `poll stopped after ${read} order(s): ${(e as Error).message}` });
    result.outcomes.error = (result.outcomes.error ?? 0) + 1;
    return;
  }
  await setPollCursor(deps.db, conn.id, newest, at);
  await logSync(deps.db, { connectionId: conn.id, at, direction: 'inbound', topic: 'getOrders', externalId: null, outcome: 'polled', message: `${read} order(s) updated after ${since}; cursor ${newest}` });
}
