/**
 * Which module writes each table (docs/architecture.md, "Module map"). Only the owner inserts, updates or
 * deletes its rows; other modules call the functions it exports (or react to its events), and flows own
 * nothing. `npm run lint:deps` runs scripts/check-table-owners.ts, which fails on any other write and on a
 * written table missing here: a new table gets its owner in the same commit.
 * `platform` tables are written through platform functions (enqueueEvents, recordAudit, runIdempotent).
 */
export interface TableOwners {
  /** SQL table name → owning module (a folder of src/modules, or `platform`). */
  owners: Record<string, string>;
  /** Writes allowed outside the owner, keyed `<file>:<table>` (file relative to the repository), with the reason. */
  exceptions?: Record<string, string>;
}

const ONE_STATEMENT = 'placement hot path: one statement of data-modifying CTEs (docs/architecture.md, "Placing an order")';

export const tableOwners: TableOwners = {
  owners: {
    // platform
    audit_log: 'platform',
    outbox: 'platform',
    processed_events: 'platform',
    idempotency_keys: 'platform',
    api_keys: 'admin',
    users: 'users',
    sessions: 'users',
    password_reset_tokens: 'users',
    products: 'catalog',
    locations: 'locations',
    postal_code_centroids: 'locations',
    customers: 'customers',
    inventory_levels: 'inventory',
    inventory_movements: 'inventory',
    reservations: 'inventory',
    orders: 'orders',
    order_lines: 'orders',
    order_holds: 'orders',
    order_status_history: 'orders',
    order_versions: 'orders',
    order_drafts: 'orders',
    payments: 'payments',
    payment_transactions: 'payments',
    payment_operations: 'payments',
    payment_webhook_events: 'payments',
    risk_assessments: 'risk',
    risk_blocklist: 'risk',
    risk_settings: 'risk',
    sourcing_settings: 'sourcing',
    sourcing_plans: 'sourcing',
    sourcing_exclusions: 'sourcing',
    pick_lists: 'fulfillment',
    fulfillment_orders: 'fulfillment',
    fulfillment_lines: 'fulfillment',
    fulfillment_work_steps: 'fulfillment',
    boxes: 'fulfillment',
    fulfillment_packages: 'fulfillment',
    pickup_codes: 'fulfillment',
    carriers: 'shipping',
    carrier_services: 'shipping',
    location_shipping_profiles: 'shipping',
    customs_destinations: 'shipping',
    fx_rates: 'shipping',
    manifests: 'shipping',
    shipments: 'shipping',
    shipment_parcels: 'shipping',
    label_operations: 'shipping',
    tracking_events: 'shipping',
    tracking_updates: 'shipping',
    order_promises: 'shipping',
    // Tables of branches merged into main meanwhile (their writers as found on main at e14c09b).
    login_failures: 'users',
    returns: 'returns',
    return_lines: 'returns',
    return_status_history: 'returns',
    return_policy_settings: 'returns',
    notification_messages: 'notifications',
    notification_settings: 'notifications',
    customer_contact_preferences: 'notifications',
    notification_consent_log: 'notifications',
    channel_connections: 'channels',
    channel_orders: 'channels',
    channel_sku_mappings: 'channels',
    channel_sync_log: 'channels',
    channel_refunds: 'channels',
    channel_availability_queue: 'channels',
    return_receipts: 'returns',
    store_credit_ledger: 'returns',
    import_lines: 'imports',
    order_line_exact_prices: 'orders',
    sales_facts: 'analytics',
    sales_daily: 'analytics',
    sales_sku_facts: 'analytics',
    sales_sku_daily: 'analytics',
    sales_sku_monthly: 'analytics',
    suppliers: 'purchasing',
    supplier_products: 'purchasing',
    purchase_orders: 'purchasing',
    purchase_order_lines: 'purchasing',
    webhook_subscriptions: 'webhooks',
    webhook_deliveries: 'webhooks',
    webhook_attempts: 'webhooks',
    customer_addresses: 'customers',
    customer_merges: 'customers',
    notes: 'notes',
    entity_tags: 'notes',
    support_cases: 'support',
    support_case_activity: 'support',
    support_reply_templates: 'support',
    support_sla_policies: 'support',
    support_settings: 'support',
    support_inbound_keys: 'support',
  },
  exceptions: {
    // Placement writes the order with its reservations, plan, events, audit rows and risk assessment in
    // ONE statement (7 round trips per order; splitting it per owner would add five). The customer upsert
    // runs as a CTE of the order insert, from the customers module's own text (customerUpsertSql).
    'src/modules/orders/place-order.writes.ts:reservations': ONE_STATEMENT,
    'src/modules/orders/place-order.writes.ts:risk_assessments': ONE_STATEMENT,
    'src/modules/orders/place-order.writes.ts:sourcing_plans': ONE_STATEMENT,
    'src/modules/orders/place-order.writes.ts:outbox': ONE_STATEMENT,
    'src/modules/orders/place-order.writes.ts:audit_log': ONE_STATEMENT,
    // The risk assessment at payment: assessment, fraud hold, events and audit row in one statement.
    'src/modules/risk/risk.writes.ts:order_holds': ONE_STATEMENT,
    'src/modules/risk/risk.writes.ts:outbox': ONE_STATEMENT,
    'src/modules/risk/risk.writes.ts:audit_log': ONE_STATEMENT,
  },
};
