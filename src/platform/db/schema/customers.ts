import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers, type Address } from './catalog.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A customer's address book (owned by modules/customers): at most one default shipping and one default billing address. */
export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    label: text('label'),
    address: jsonb('address').$type<Address>().notNull(),
    defaultShipping: boolean('default_shipping').notNull().default(false),
    defaultBilling: boolean('default_billing').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('customer_addresses_customer_idx').on(t.customerId, t.createdAt),
    uniqueIndex('customer_addresses_default_shipping_key').on(t.customerId).where(sql`default_shipping`),
    uniqueIndex('customer_addresses_default_billing_key').on(t.customerId).where(sql`default_billing`),
  ],
);

/**
 * One merge of a source customer into a target (owned by modules/customers). `moved` is the record of
 * what moved, ids per table, so an undo moves exactly those back (src/flows/merge-customers.ts).
 */
export const customerMerges = pgTable(
  'customer_merges',
  {
    id: uuid('id').primaryKey(),
    targetId: uuid('target_id').notNull().references(() => customers.id),
    sourceId: uuid('source_id').notNull().references(() => customers.id),
    moved: jsonb('moved').$type<Record<string, unknown>>().notNull(),
    actor: text('actor').notNull(),
    mergedAt: ts('merged_at').notNull(),
    undoneAt: ts('undone_at'),
    undoneBy: text('undone_by'),
  },
  (t) => [index('customer_merges_target_idx').on(t.targetId, t.mergedAt), index('customer_merges_source_idx').on(t.sourceId, t.mergedAt)],
);
