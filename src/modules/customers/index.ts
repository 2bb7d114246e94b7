export { upsertCustomerByEmail, normaliseEmail, type CustomerRow, type UpsertedCustomer } from './customers.repository.js';
