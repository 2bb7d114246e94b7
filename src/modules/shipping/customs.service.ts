import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { customsDestinations, fxRates, products } from '../../platform/db/schema/index.js';
import type { Ctx } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { moneyJson } from '../../platform/http/schemas.js';
import { declare, type Declaration } from '../../domain/shipping/customs.js';
import { convert, type FxRate } from '../../domain/shipping/fx.js';
import { restrictedLines } from '../../domain/shipping/restrictions.js';
import { forgetDestinationRestrictions } from './destination-restrictions.js';
import type { CustomsDestinationJson, customsDestinationBody, customsPreviewBody, DeclarationJson } from './shipping.schemas.js';
import { newEvent } from '../../platform/events/define.js';
import { customsDestinationUpdated, fxRateUpdated } from './shipping.events.js';

type DestRow = typeof customsDestinations.$inferSelect;
const toDestJson = (r: DestRow): CustomsDestinationJson => ({
  country: r.country,
  currency: r.currency,
  defaultDutyBp: r.defaultDutyBp,
  dutyByHsPrefix: r.dutyByHsPrefix,
  vatBp: r.vatBp,
  vatOnShipping: r.vatOnShipping,
  dutyDeMinimis: r.dutyDeMinimis === null ? null : Number(r.dutyDeMinimis),
  vatDeMinimis: r.vatDeMinimis === null ? null : Number(r.vatDeMinimis),
  cn22MaxValue: Number(r.cn22MaxValue),
  cn22MaxWeightGrams: r.cn22MaxWeightGrams,
  defaultIncoterm: r.defaultIncoterm,
  restrictions: r.restrictions,
  updatedAt: r.updatedAt.toISOString(),
});

export async function listCustomsDestinations(db: Db): Promise<CustomsDestinationJson[]> {
  return (await db.select().from(customsDestinations).orderBy(asc(customsDestinations.country))).map(toDestJson);
}

export async function getCustomsDestination(db: Db, country: string): Promise<CustomsDestinationJson> {
  const [row] = await db.select().from(customsDestinations).where(eq(customsDestinations.country, country));
  if (!row) throw notFound('Customs destination', country);
  return toDestJson(row);
}

export async function putCustomsDestination(ctx: Ctx, country: string, input: z.output<typeof customsDestinationBody>): Promise<CustomsDestinationJson> {
  const at = ctx.clock.now();
  const big = (n: number | null) => (n === null ? null : BigInt(n));
  const values = {
    ...input,
    country,
    dutyDeMinimis: big(input.dutyDeMinimis),
    vatDeMinimis: big(input.vatDeMinimis),
    cn22MaxValue: BigInt(input.cn22MaxValue),
    restrictions: input.restrictions.map((r) => ({ ...r })),
    updatedAt: at,
  };
  const json = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customsDestinations).where(eq(customsDestinations.country, country)).for('update');
    const [row] = await tx.insert(customsDestinations).values(values).onConflictDoUpdate({ target: customsDestinations.country, set: values }).returning();
    const json = toDestJson(row!);
    await recordAudit(tx, { ...ctx, at }, { action: 'customs_destination.updated', entityType: 'customs_destination', entityId: country, before: before ? toDestJson(before) : null, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(customsDestinationUpdated, country, json)]);
    return json;
  });
  // After commit: placements in this process see the new restrictions at once (others within the TTL).
  forgetDestinationRestrictions(ctx.db);
  return json;
}

export async function listFxRates(db: Db) {
  return (await db.select().from(fxRates).orderBy(asc(fxRates.from), asc(fxRates.to))).map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}

export async function putFxRate(ctx: Ctx, from: string, to: string, rate: string) {
  if (from === to) throw new AppError('validation_failed', 'Invalid to', { errors: [{ path: 'to', message: 'must differ from the from currency' }] });
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(fxRates).where(and(eq(fxRates.from, from), eq(fxRates.to, to))).for('update');
    const values = { from, to, rate, updatedAt: at };
    const [row] = await tx.insert(fxRates).values(values).onConflictDoUpdate({ target: [fxRates.from, fxRates.to], set: { rate, updatedAt: at } }).returning();
    const json = { ...row!, updatedAt: row!.updatedAt.toISOString() };
    await recordAudit(tx, { ...ctx, at }, { action: 'fx_rate.updated', entityType: 'fx_rate', entityId: `${from}/${to}`, before: before ? { rate: before.rate } : null, after: json });
    await enqueueEvents(tx, { ...ctx, at }, [newEvent(fxRateUpdated, `${from}/${to}`, json)]);
    return json;
  });
}

/**
 * The customs declaration a parcel of these lines to `country` would carry: product HS codes, origins
 * and weights from the catalog, values converted into the destination's currency with the FX table,
 * duty and VAT estimated, CN22/CN23 chosen. Restricted goods are refused (422) naming the lines.
 */
export async function previewDeclaration(db: Db, input: z.output<typeof customsPreviewBody>): Promise<DeclarationJson> {
  return (await buildDeclaration(db, input)).json;
}

/** The declaration as the domain computes it (for documents) and as the API shows it. */
export async function buildDeclaration(db: Db, input: z.output<typeof customsPreviewBody>): Promise<{ declaration: Declaration; json: DeclarationJson; shipping: bigint }> {
  const dest = await getCustomsDestination(db, input.country);
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const rows = await db.select().from(products).where(inArray(products.sku, skus));
  const bySku = new Map(rows.map((p) => [p.sku, p]));
  const unknown = input.lines.flatMap((l, i) => (bySku.has(l.sku) ? [] : [{ path: `lines.${i}.sku`, message: `unknown SKU ${l.sku}` }]));
  if (unknown.length) throw new AppError('validation_failed', 'Unknown SKUs', { errors: unknown });
  const refused = restrictedLines(input.lines.map((l) => ({ sku: l.sku, hsCode: bySku.get(l.sku)!.hsCode })), dest.restrictions);
  if (refused.length) {
    throw new AppError('business_rule', `Not allowed to ${input.country}: ${refused.map((r) => r.sku).join(', ')}`, {
      errors: refused.map((r) => ({ path: `lines.${r.index}.sku`, message: r.reason })),
    });
  }
  const rates: FxRate[] = await db.select({ from: fxRates.from, to: fxRates.to, rate: fxRates.rate }).from(fxRates);
  const cur = dest.currency;
  const toDest = (amount: number) => {
    try {
      return convert(BigInt(amount), input.currency, cur, rates);
    } catch {
      throw new AppError('business_rule', `No exchange rate ${input.currency}→${cur}`, { errors: [{ path: 'currency', message: `no exchange rate to ${cur} is configured` }], fx: { from: input.currency, to: cur } });
    }
  };
  const d = declare({
    items: input.lines.map((l) => {
      const p = bySku.get(l.sku)!;
      return { sku: l.sku, description: p.name, quantity: l.quantity, unitValue: toDest(l.unitValue), unitWeightGrams: p.weightGrams ?? 0, hsCode: p.hsCode, originCountry: p.originCountry };
    }),
    packagingWeightGrams: input.packagingWeightGrams,
    shipping: toDest(input.shipping),
    thresholds: { cn22MaxValue: BigInt(dest.cn22MaxValue), cn22MaxWeightGrams: dest.cn22MaxWeightGrams },
    duties: {
      country: dest.country,
      dutyByHsPrefix: dest.dutyByHsPrefix,
      defaultDutyBp: dest.defaultDutyBp,
      vatBp: dest.vatBp,
      vatOnShipping: dest.vatOnShipping,
      ...(dest.dutyDeMinimis === null ? {} : { dutyDeMinimis: BigInt(dest.dutyDeMinimis) }),
      ...(dest.vatDeMinimis === null ? {} : { vatDeMinimis: BigInt(dest.vatDeMinimis) }),
    },
    incoterm: input.incoterm ?? dest.defaultIncoterm,
  });
  const m = (amount: bigint) => moneyJson({ amount, currency: cur });
  const json: DeclarationJson = {
    country: dest.country,
    currency: cur,
    form: d.form,
    formReason: d.formReason,
    incoterm: d.incoterm,
    payer: d.payer,
    lines: d.lines.map((l) => ({ sku: l.sku, description: l.description, quantity: l.quantity, hsCode: l.hsCode, originCountry: l.originCountry, unitValue: m(l.unitValue), lineValue: m(l.lineValue), lineWeightGrams: l.lineWeightGrams, dutyBp: l.dutyBp })),
    totalValue: m(d.totalValue),
    totalWeightGrams: d.totalWeightGrams,
    shipping: m(toDest(input.shipping)),
    duty: m(d.duty),
    vat: m(d.vat),
    missing: d.missing,
  };
  return { declaration: d, json, shipping: toDest(input.shipping) };
}
