import { z } from 'zod';

const date = z.iso.date('must be a date YYYY-MM-DD');

export const salesReportQuery = z.object({
  from: date.optional().describe('First local day (inclusive), in the shop time zone (ORDO_TIME_ZONE). Default: the first day with sales'),
  to: date.optional().describe('Last local day (inclusive). Default: the last day with sales'),
  groupBy: z.enum(['day', 'week', 'month', 'channel', 'country', 'location']).default('month').describe('week = ISO week (Monday first), key 2011-W05'),
  channel: z.string().min(1).max(64).optional().describe('Only this channel'),
  country: z.string().min(1).max(64).optional().describe('Only this ship-to country (ISO code, or the name as imported)'),
  location: z.string().min(1).max(64).optional().describe("Only orders of this fulfilling location (code); 'unassigned' = orders without one (imported history, not yet released)"),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as GBP').optional().describe('Default: the currency with the most gross sales in the range'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: the rows as text/csv'),
});
export type SalesReportQuery = z.infer<typeof salesReportQuery>;

const decimalMoney = z
  .object({ amount: z.string().describe('Exact decimal of the major unit, e.g. "10666684.544"'), currency: z.string() })
  .meta({ id: 'DecimalMoney' });

const figures = {
  orders: z.number().int().describe('Orders with at least one sale line (positive quantity and price)'),
  units: z.number().int().describe('Units on sale lines'),
  grossSales: decimalMoney.describe('Σ quantity × unit price over sale lines; nothing netted'),
  averageOrderValue: decimalMoney.nullable().describe('grossSales / orders, rounded half-even to 6 decimals; null without orders'),
  cancellations: z.object({ units: z.number().int(), amount: decimalMoney }).describe('Cancelled quantities of these orders, beside gross sales'),
  returns: z.object({ units: z.number().int(), amount: decimalMoney }).describe('Returns and credit notes dated in the range (imported C invoices)'),
};

export const salesReportSchema = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    groupBy: z.string(),
    timeZone: z.string(),
    currency: z.string(),
    rows: z.array(z.object({ key: z.string(), ...figures })),
    totals: z.object(figures),
  })
  .meta({ id: 'SalesReport' });
export type SalesReportJson = z.infer<typeof salesReportSchema>;
