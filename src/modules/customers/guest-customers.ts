import { sql, type SQL } from 'drizzle-orm';

/**
 * E-mail addresses of shared guest customers: orders placed without a customer of their own (the Online Retail
 * rows without a CustomerID) are filed under one of these. Reports about customers leave them out.
 */
export const guestEmails = ['guest@online-retail.invalid'] as const;

/** The ids (as text) of the guest customers, as a SELECT for reports to compose. */
export const guestCustomerIdsSql = (): SQL => sql`select id::text from customers where email = any(${sql.param([...guestEmails])}::text[])`;
