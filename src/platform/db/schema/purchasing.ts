import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgSequence, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locations, products } from './catalog.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** PO-000123 numbers for purchase orders. */
export const purchaseOrderNumberSeq = pgSequence('purchase_order_number_seq', { startWith: 1, increment: 1 });

/** A supplier of goods (owned by purchasing). */
export const suppliers = pgTable('suppliers', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  email: text('email'),
  currency: text('currency').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** What a supplier sells of a SKU: lead time, minimum order quantity, pack size and unit cost (minor units). */
export const supplierProducts = pgTable(
  'supplier_products',
  {
    supplierId: uuid('supplier_id').notNull().references(() => suppliers.id),
    sku: text('sku').notNull().references(() => products.sku),
    supplierSku: text('supplier_sku'),
    leadTimeDays: integer('lead_time_days').notNull(),
    moq: integer('moq').notNull().default(1),
    packSize: integer('pack_size').notNull().default(1),
    costAmount: bigint('cost_amount', { mode: 'bigint' }).notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.supplierId, t.sku] }),
    index('supplier_products_sku_idx').on(t.sku),
    check('supplier_products_positive', sql`${t.leadTimeDays} >= 0 and ${t.moq} >= 1 and ${t.packSize} >= 1 and ${t.costAmount} >= 0`),
  ],
);

/**
 * An order to a supplier for goods delivered to one location. Status moves by the state table in
 * src/domain/purchasing/po-states.ts. At most one open draft per (supplier, location) made by the reorder trigger.
 */
export const purchaseOrders = pgTable(
  'purchase_orders',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    supplierId: uuid('supplier_id').notNull().references(() => suppliers.id),
    locationCode: text('location_code').notNull().references(() => locations.code),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    /** manual | reorder */
    origin: text('origin').notNull(),
    expectedOn: date('expected_on', { mode: 'string' }),
    note: text('note'),
    sentAt: ts('sent_at'),
    receivedAt: ts('received_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('purchase_orders_status_idx').on(t.status, t.createdAt),
    uniqueIndex('purchase_orders_one_reorder_draft').on(t.supplierId, t.locationCode).where(sql`status = 'draft' and origin = 'reorder'`),
  ],
);

/** A SKU on a purchase order: ordered and received quantities, unit cost in the order's currency (minor units). */
export const purchaseOrderLines = pgTable(
  'purchase_order_lines',
  {
    id: uuid('id').primaryKey(),
    purchaseOrderId: uuid('purchase_order_id').notNull().references(() => purchaseOrders.id),
    sku: text('sku').notNull().references(() => products.sku),
    quantityOrdered: integer('quantity_ordered').notNull(),
    quantityReceived: integer('quantity_received').notNull().default(0),
    unitCostAmount: bigint('unit_cost_amount', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    unique('purchase_order_lines_po_sku').on(t.purchaseOrderId, t.sku),
    index('purchase_order_lines_sku_idx').on(t.sku),
    check('purchase_order_lines_quantities', sql`${t.quantityOrdered} > 0 and ${t.quantityReceived} >= 0 and ${t.quantityReceived} <= ${t.quantityOrdered}`),
  ],
);
