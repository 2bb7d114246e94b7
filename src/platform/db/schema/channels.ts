import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** Connector types Ordo speaks (src/modules/channels/connectors). */
export const channelTypes = ['shopify', 'woocommerce', 'bigcommerce', 'amazon', 'pos'] as const;
export type ChannelType = (typeof channelTypes)[number];

/**
 * A connection to one sales channel account (a Shopify shop, an Amazon seller account, a store's POS).
 * `name` is also the `orders.channel` of the orders it brings in, so (name, external id) is unique.
 * Credentials are AES-256-GCM ciphertext (modules/channels/secret-box.ts); never stored or logged in clear.
 */
export const channelConnections = pgTable('channel_connections', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull().unique(),
  type: text('type').$type<ChannelType>().notNull(),
  credentialsCiphertext: text('credentials_ciphertext').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  active: boolean('active').notNull().default(true),
  /** Polling connectors (Amazon): the channel's last-updated time up to which orders were read. */
  pollCursor: text('poll_cursor'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** A channel's product (its SKU or variant) → an Ordo SKU; external ids the connector needs to push stock. */
export const channelSkuMappings = pgTable(
  'channel_sku_mappings',
  {
    connectionId: uuid('connection_id').notNull().references(() => channelConnections.id),
    externalSku: text('external_sku').notNull(),
    sku: text('sku').notNull(),
    /** e.g. Shopify `gid://shopify/InventoryItem/…`, for the availability push. */
    externalInventoryId: text('external_inventory_id'),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.externalSku] }), index('channel_sku_mappings_sku_idx').on(t.sku)],
);

/**
 * One row per channel order: the last channel version applied (its updated_at, so older deliveries are
 * ignored), the Ordo order once placed, or a `data` hold with the reason while it cannot be placed.
 */
export const channelOrders = pgTable(
  'channel_orders',
  {
    id: uuid('id').primaryKey(),
    connectionId: uuid('connection_id').notNull().references(() => channelConnections.id),
    externalId: text('external_id').notNull(),
    /** The channel's own reference shown to people (#1001, 114-…). */
    externalName: text('external_name'),
    externalUpdatedAt: timestamp('external_updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    orderId: uuid('order_id'),
    state: text('state').$type<'placed' | 'held' | 'cancelled'>().notNull(),
    holdType: text('hold_type'),
    holdReason: text('hold_reason'),
    /** The normalized order as last received: what a retry places once the data is fixed. */
    normalized: jsonb('normalized').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [unique('channel_orders_connection_external_key').on(t.connectionId, t.externalId), index('channel_orders_order_idx').on(t.orderId)],
);

/** Per-connection sync log: every inbound delivery and outbound push with its outcome. */
export const channelSyncLog = pgTable(
  'channel_sync_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connectionId: uuid('connection_id').notNull().references(() => channelConnections.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    direction: text('direction').$type<'inbound' | 'outbound'>().notNull(),
    topic: text('topic').notNull(),
    externalId: text('external_id'),
    outcome: text('outcome').notNull(),
    /** Human-readable detail; for outcome 'error' or 'held' the reason. Never a secret or a full payload. */
    message: text('message'),
  },
  (t) => [
    index('channel_sync_log_connection_idx').on(t.connectionId, t.id),
    index('channel_sync_log_errors_idx').on(t.connectionId, t.id).where(sql`outcome in ('error', 'held', 'rejected')`),
  ],
);

/** SKUs whose availability changed, waiting for the debounced, batched push to each connection. */
export const channelAvailabilityQueue = pgTable(
  'channel_availability_queue',
  {
    connectionId: uuid('connection_id').notNull().references(() => channelConnections.id),
    sku: text('sku').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.sku] }), index('channel_availability_queue_due_idx').on(t.dueAt)],
);

/**
 * Refunds synced with a channel: made in Ordo and pushed (`outbound`, keyed by the Ordo return that
 * settled it) or made on the platform and recorded (`inbound`). The platform's refund id is unique per
 * connection, so the platform's webhook for a refund Ordo pushed is recognised and not recorded twice.
 */
export const channelRefunds = pgTable(
  'channel_refunds',
  {
    id: uuid('id').primaryKey(),
    connectionId: uuid('connection_id').notNull().references(() => channelConnections.id),
    orderId: uuid('order_id').notNull(),
    direction: text('direction').$type<'inbound' | 'outbound'>().notNull(),
    externalRefundId: text('external_refund_id'),
    /** The Ordo return whose settlement was pushed (outbound). */
    returnId: uuid('return_id').unique(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    currency: text('currency').notNull(),
    /** Channel line ids and quantities refunded. */
    lines: jsonb('lines').$type<Array<{ externalLineId: string; quantity: number; amount?: string }>>().notNull(),
    note: text('note'),
    /**
     * Outbound pushes: `pending` is written (with `idempotencyKey`) BEFORE the platform is called, in
     * the transaction that takes the event; `synced` once the platform's refund is recorded; `refused`
     * when the platform refused it. Inbound rows are `synced`.
     */
    state: text('state').$type<'pending' | 'synced' | 'refused'>().notNull().default('synced'),
    /** Carried to the platform with the refund (note, reason, MerchantAdjustmentItemID) so a retry finds it there. */
    idempotencyKey: text('idempotency_key'),
    /** Platform steps already taken for a pending push (Amazon: the feed document uploaded, when). */
    progress: jsonb('progress').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [unique('channel_refunds_connection_external_key').on(t.connectionId, t.externalRefundId), index('channel_refunds_order_idx').on(t.orderId)],
);
