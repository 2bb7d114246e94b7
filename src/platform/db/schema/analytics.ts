import { bigint, date, index, integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Lines of an imported history that are not order lines (credit notes, adjustments, rejected lines),
 * kept as they came so that every line of a source file is accounted for. Owned by the imports module.
 * `unitPrice` is the exact decimal of the file (numeric, never a float).
 */
export const importLines = pgTable(
  'import_lines',
  {
    source: text('source').notNull(),
    /** `<invoice>:<position in the invoice>`, or `line:<file line>` for a line without a valid invoice. */
    lineKey: text('line_key').notNull(),
    /** The line number in the imported file (1 = the first data line). */
    lineNo: integer('line_no').notNull(),
    outcome: text('outcome').$type<'credit_matched' | 'credit_unmatched' | 'adjustment' | 'rejected'>().notNull(),
    reason: text('reason').notNull(),
    invoice: text('invoice'),
    sku: text('sku'),
    quantity: integer('quantity'),
    unitPrice: numeric('unit_price', { precision: 18, scale: 6 }),
    currency: text('currency'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }),
    customerRef: text('customer_ref'),
    country: text('country'),
    /** The sale order line a credit was matched to (only when the match is certain). */
    matchedOrderLineId: text('matched_order_line_id'),
    raw: text('raw'),
    importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.lineKey] }), index('import_lines_outcome_idx').on(t.source, t.outcome)],
);

/**
 * One row per order (key `order:<id>`), per received live return (key `return:<id>`, on the day of receipt) or per
 * credit note of an imported history (key `credit:<source>:<invoice>`): its contribution to the sales reports, dated
 * by the local day in the shop's time zone. Owned by analytics; rebuilt exactly from the orders and returns, kept
 * current by the order and return event handlers.
 */
export const salesFacts = pgTable(
  'sales_facts',
  {
    key: text('key').primaryKey(),
    day: date('day', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    country: text('country').notNull(),
    currency: text('currency').notNull(),
    /** 1 when the order has at least one sale line (positive quantity and price), else 0. */
    orders: integer('orders').notNull(),
    units: bigint('units', { mode: 'bigint' }).notNull(),
    grossSales: numeric('gross_sales', { precision: 20, scale: 6 }).notNull(),
    cancelledUnits: bigint('cancelled_units', { mode: 'bigint' }).notNull(),
    cancelledAmount: numeric('cancelled_amount', { precision: 20, scale: 6 }).notNull(),
    returnedUnits: bigint('returned_units', { mode: 'bigint' }).notNull(),
    returnedAmount: numeric('returned_amount', { precision: 20, scale: 6 }).notNull(),
    /** The order's customer (null for credit notes and returns): the top-customers report reads it. */
    customerId: text('customer_id'),
    /**
     * The order's fulfilling location (docs/reports.md, "Location"); '' = unassigned (no fulfillment order yet,
     * imported history, credit notes). A return carries its order's location.
     */
    location: text('location').notNull().default(''),
  },
  (t) => [index('sales_facts_day_idx').on(t.day)],
);

/** The daily roll-up of sales_facts by (day, channel, country, location, currency): what the sales report reads. */
export const salesDaily = pgTable(
  'sales_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    channel: text('channel').notNull(),
    country: text('country').notNull(),
    location: text('location').notNull().default(''),
    currency: text('currency').notNull(),
    orders: bigint('orders', { mode: 'bigint' }).notNull(),
    units: bigint('units', { mode: 'bigint' }).notNull(),
    grossSales: numeric('gross_sales', { precision: 20, scale: 6 }).notNull(),
    cancelledUnits: bigint('cancelled_units', { mode: 'bigint' }).notNull(),
    cancelledAmount: numeric('cancelled_amount', { precision: 20, scale: 6 }).notNull(),
    returnedUnits: bigint('returned_units', { mode: 'bigint' }).notNull(),
    returnedAmount: numeric('returned_amount', { precision: 20, scale: 6 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel, t.country, t.location, t.currency] })],
);

/**
 * One row per (order, SKU) with a sale line: what that SKU of that order contributes to the top-products report,
 * on the order's local day. Owned by analytics; derived like sales_facts (rebuilt exactly, kept by the handler).
 */
export const salesSkuFacts = pgTable(
  'sales_sku_facts',
  {
    key: text('key').notNull(),
    sku: text('sku').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    currency: text('currency').notNull(),
    orders: integer('orders').notNull(),
    units: bigint('units', { mode: 'bigint' }).notNull(),
    grossSales: numeric('gross_sales', { precision: 20, scale: 6 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.sku] })],
);

/** The daily roll-up of sales_sku_facts by (day, SKU, currency): what the top-products report reads. */
export const salesSkuDaily = pgTable(
  'sales_sku_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    sku: text('sku').notNull(),
    currency: text('currency').notNull(),
    orders: bigint('orders', { mode: 'bigint' }).notNull(),
    units: bigint('units', { mode: 'bigint' }).notNull(),
    grossSales: numeric('gross_sales', { precision: 20, scale: 6 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.sku, t.currency] }), index('sales_sku_daily_currency_day_idx').on(t.currency, t.day)],
);

/** The monthly roll-up of sales_sku_facts by (first day of the month, SKU, currency): whole months of long ranges. */
export const salesSkuMonthly = pgTable(
  'sales_sku_monthly',
  {
    month: date('month', { mode: 'string' }).notNull(),
    sku: text('sku').notNull(),
    currency: text('currency').notNull(),
    orders: bigint('orders', { mode: 'bigint' }).notNull(),
    units: bigint('units', { mode: 'bigint' }).notNull(),
    grossSales: numeric('gross_sales', { precision: 20, scale: 6 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.sku, t.currency] })],
);
