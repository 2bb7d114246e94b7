export { upsertCustomerByEmail, normaliseEmail, type CustomerRow, type UpsertedCustomer } from './customers.repository.js';
export { getCustomer } from './customers.queries.js';
export { customersRoutes } from './customers.routes.js';
export type { CustomerJson } from './customers.schemas.js';
export * from './customers.events.js';
export { createCustomer, updateCustomer } from './save-customer.js';
export { listCustomers } from './customers.queries.js';
export { ensureCustomers } from './import-customers.js';
