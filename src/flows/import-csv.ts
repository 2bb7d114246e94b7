import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { cardDataReason, csvRecords } from '../platform/csv-records.js';
import { isCurrency } from '../domain/currency.js';
import { decimalToMinor } from '../domain/channels/decimal-money.js';
import { createProduct, createProductBody, findProductsBySkus, updateProduct } from '../modules/catalog/index.js';
import { countStock } from '../modules/inventory/index.js';
import { createCustomer, normaliseEmail, updateCustomer } from '../modules/customers/index.js';
import { importOrdersCsv } from '../modules/imports/index.js';
import { customers } from '../platform/db/schema/index.js';
import { eq } from 'drizzle-orm';

export const importKinds = ['products', 'inventory', 'customers', 'orders'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  /** Data records read (the header excluded). */
  rows: number;
  created: number;
  updated: number;
  /** orders: lines of orders an earlier run imported already (left as they are), and the orders created. */
  unchanged?: number;
  ordersCreated?: number;
  rejected: Array<{ line: number; reason: string }>;
}

type Row = Record<string, string>;
type Apply = (ctx: Ctx, row: Row) => Promise<'created' | 'updated'>;

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
const int = (v: string | undefined, field: string) => {
  const b = blank(v);
  if (b === undefined) return undefined;
  if (!/^-?\d+$/.test(b)) throw fieldError(field, 'must be a whole number');
  return Number(b);
};
const bool = (v: string | undefined, field: string) => {
  const b = blank(v)?.toLowerCase();
  if (b === undefined) return undefined;
  if (['true', 'yes', '1'].includes(b)) return true;
  if (['false', 'no', '0'].includes(b)) return false;
  throw fieldError(field, 'must be true or false');
};
const fieldError = (field: string, message: string) => new AppError('validation_failed', `${field} ${message}`, { errors: [{ path: field, message }] });

/** products.csv: sku,name,description,price,currency,gtin,weight_grams,hs_code,origin_country,returnable,active (price as a decimal). */
const applyProduct: Apply = async (ctx, r) => {
  const sku = blank(r.sku);
  if (!sku) throw fieldError('sku', 'is required');
  const currency = blank(r.currency)?.toUpperCase();
  if (!currency || !isCurrency(currency)) throw fieldError('currency', 'must be an ISO 4217 code such as EUR');
  const amount = decimalToMinor(blank(r.price) ?? '', currency);
  if (amount === null) throw fieldError('price', `must be a decimal amount with at most the ${currency} minor unit, e.g. 49.90`);
  const fields = {
    name: blank(r.name),
    price: { amount: Number(amount), currency },
    description: blank(r.description) ?? null,
    gtin: blank(r.gtin) ?? null,
    weightGrams: int(r.weight_grams, 'weight_grams') ?? null,
    hsCode: blank(r.hs_code) ?? null,
    originCountry: blank(r.origin_country)?.toUpperCase() ?? null,
    returnable: bool(r.returnable, 'returnable'),
    active: bool(r.active, 'active'),
  };
  const existing = (await findProductsBySkus(ctx.db, [sku])).get(sku);
  if (existing) {
    const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    await updateProduct(ctx, sku, patch as Parameters<typeof updateProduct>[2]);
    return 'updated';
  }
  const parsed = createProductBody.safeParse({ sku, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null)) });
  if (!parsed.success) throw zodError(parsed.error);
  await createProduct(ctx, parsed.data);
  return 'created';
};

/** inventory.csv: sku,location_code,counted_quantity (or on_hand, as the export writes it): a stock count per row. */
const applyCount: Apply = async (ctx, r) => {
  const sku = blank(r.sku);
  const locationCode = blank(r.location_code);
  const counted = int(r.counted_quantity ?? r.on_hand, r.counted_quantity !== undefined ? 'counted_quantity' : 'on_hand');
  if (!sku) throw fieldError('sku', 'is required');
  if (!locationCode) throw fieldError('location_code', 'is required');
  if (counted === undefined || counted < 0) throw fieldError('counted_quantity', 'must be 0 or more');
  await countStock(ctx, { locationCode, counts: [{ sku, countedQuantity: counted }], note: 'CSV import' } as Parameters<typeof countStock>[1]);
  return 'updated';
};

const customerRow = z.object({ email: z.string().trim().pipe(z.email('must be an email address').max(320)), name: z.string().trim().min(1, 'is required').max(200), phone: z.string().trim().max(40).optional() });

/** customers.csv: email,name,phone — matched by email (created or updated). */
const applyCustomer: Apply = async (ctx, r) => {
  const parsed = customerRow.safeParse({ email: r.email ?? '', name: r.name ?? '', phone: blank(r.phone) });
  if (!parsed.success) throw zodError(parsed.error);
  const [existing] = await ctx.db.select({ id: customers.id }).from(customers).where(eq(customers.email, normaliseEmail(parsed.data.email)));
  if (existing) {
    await updateCustomer(ctx, existing.id, { name: parsed.data.name, phone: parsed.data.phone ?? null });
    return 'updated';
  }
  await createCustomer(ctx, parsed.data);
  return 'created';
};

const zodError = (e: z.ZodError) => {
  const errors = e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return new AppError('validation_failed', errors.map((x) => `${x.path} ${x.message}`).join('; '), { errors });
};

const appliers: Record<Exclude<ImportKind, 'orders'>, { apply: Apply; required: string[] }> = {
  products: { apply: applyProduct, required: ['sku', 'name', 'price', 'currency'] },
  inventory: { apply: applyCount, required: ['sku', 'location_code'] },
  customers: { apply: applyCustomer, required: ['email', 'name'] },
};

class DryRunRollback extends Error {}

/**
 * Imports a CSV stream (header row first) record by record, never holding the file in memory: each
 * record goes through the owning module's use case in its OWN transaction, so one bad line is
 * rejected whole (nothing of it written) with its line number and reason while the others go in.
 * `dryRun` runs every record the same way and rolls each one back: the report is what a real run
 * would do. `onProgress` gets the bytes read so far (for a progress bar); the import waits for the promise it may return.
 */
export async function importCsv(ctx: Ctx, input: { kind: ImportKind; source: Readable; dryRun?: boolean; onProgress?: (bytes: number, rows: number) => void | Promise<void> }): Promise<ImportReport> {
  if (input.kind === 'orders') {
    // Orders go in batches of whole orders (modules/imports): an order with a bad line is rejected whole.
    const r = await importOrdersCsv(ctx, input);
    return { kind: 'orders', dryRun: r.dryRun, rows: r.rows, created: r.linesCreated, updated: 0, unchanged: r.linesUnchanged, ordersCreated: r.ordersCreated, rejected: r.rejected };
  }
  const { apply, required } = appliers[input.kind];
  const report: ImportReport = { kind: input.kind, dryRun: input.dryRun === true, rows: 0, created: 0, updated: 0, rejected: [] };
  const { records, bytes } = csvRecords(input.source, report);
  let checkedHeader = false;
  try {
    for await (const rec of records) {
      if (!checkedHeader) {
        const missing = required.filter((c) => !(c in rec.record) && !(c === 'counted_quantity' && 'on_hand' in rec.record));
        if (missing.length) throw new AppError('validation_failed', `The header lacks column(s) ${missing.join(', ')}`, { errors: missing.map((m) => ({ path: `header.${m}`, message: 'is required' })) });
        checkedHeader = true;
      }
      report.rows++;
      const card = cardDataReason(rec);
      if (card !== undefined) report.rejected.push({ line: rec.info.lines, reason: card });
      else try {
        const outcome = input.dryRun
          ? await ctx.db
              .transaction(async (tx) => {
                const o = await apply({ ...ctx, db: tx }, rec.record);
                throw Object.assign(new DryRunRollback(), { outcome: o });
              })
              .catch((e: unknown) => {
                if (e instanceof DryRunRollback) return (e as DryRunRollback & { outcome: 'created' | 'updated' }).outcome;
                throw e;
              })
          : await apply(ctx, rec.record);
        report[outcome]++;
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e;
        const fields = e.extra.errors?.map((f) => `${f.path} ${f.message}`).join('; ');
        report.rejected.push({ line: rec.info.lines, reason: fields && !e.message.includes(fields) ? `${e.message}: ${fields}` : e.message });
      }
      // Awaited: a streaming answer gets the event loop between rows (PGlite's queries alone never yield to I/O).
      if (report.rows % 100 === 0) await input.onProgress?.(bytes(), report.rows);
    }
  } catch (e) {
    // A malformed file (unclosed quote, …): csv-parse names the line; what went before is kept.
    const err = e as { code?: string; lines?: number; message: string };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      report.rejected.push({ line: err.lines ?? report.rows + 1, reason: `malformed CSV: ${err.message}` });
    } else throw e;
  }
  input.onProgress?.(bytes(), report.rows);
  // csv-parse reports unreadable records while reading ahead: list every rejection in file order.
  report.rejected.sort((x, y) => x.line - y.line);
  return report;
}
