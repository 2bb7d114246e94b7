import type { Readable } from 'node:stream';
import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { cardDataReason, csvRecords } from '../../platform/csv-records.js';
import { systemActor, actorLabel } from '../../platform/auth/roles.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { orderCsvColumns, orderFieldMismatch, parseOrderCsvRow, type OrderCsvLine } from '../../domain/exchange/order-csv.js';
import { existingOrders, insertHistoricalLines, insertHistoricalOrders, type HistoricalLine, type HistoricalOrder } from '../orders/index.js';
import { ensureCustomers, normaliseEmail } from '../customers/index.js';
import { findProductsBySkus } from '../catalog/index.js';
import { importBatchCommitted } from './imports.events.js';
import { nameUuid } from './name-uuid.js';
import { timing } from './import-timing.js';

export const ordersCsvSource = 'csv-orders';
const CHANNEL = 'csv';

export interface OrdersCsvReport {
  dryRun: boolean;
  /** Data records read (the header excluded). */
  rows: number;
  /** Orders and their lines written now (a dry run: that would be written). */
  ordersCreated: number;
  linesCreated: number;
  /** Lines of orders that an earlier run imported already (left as they are). */
  linesUnchanged: number;
  rejected: Array<{ line: number; reason: string }>;
}

interface OrderGroup {
  number: string;
  first: OrderCsvLine | null;
  lines: Array<{ lineNo: number; line: OrderCsvLine }>;
  lineNos: number[];
  /** The first bad line of the order and why: the whole order is then rejected. */
  bad: { line: number; reason: string } | null;
}

class DryRunRollback extends Error {}

/**
 * `ordo import orders`: an orders CSV (docs/data-exchange.md) as historical, delivered orders, streamed
 * (csv-parse) and written in batches of whole orders, one transaction per batch, while the next batch is
 * parsed. An order with any bad line is rejected whole, every one of its lines reported with its number;
 * every row has a deterministic id, so a re-run writes nothing twice and leaves earlier orders as they are.
 */
export async function importOrdersCsv(
  deps: Pick<Deps, 'db' | 'clock' | 'newId'>,
  input: { source: Readable; dryRun?: boolean; batchLines?: number; onProgress?: (bytes: number, rows: number) => void },
): Promise<OrdersCsvReport> {
  const batchLines = input.batchLines ?? 20000;
  const dryRun = input.dryRun === true;
  const report: OrdersCsvReport = { dryRun, rows: 0, ordersCreated: 0, linesCreated: 0, linesUnchanged: 0, rejected: [] };
  const seen = new Map<string, number>();
  const products = new Map<string, { name: string } | null>();
  const customerIds = new Map<string, string>();
  // A record csv-parse cannot read is rejected alone, with its line (it names no order for sure).
  const { records, bytes } = csvRecords(input.source, report);

  const rejectOrder = (g: OrderGroup, bad: { line: number; reason: string }) => {
    for (const n of g.lineNos) report.rejected.push({ line: n, reason: n === bad.line ? bad.reason : `order ${g.number} not imported: line ${bad.line} was rejected` });
  };

  let pending: OrderGroup[] = [];
  let pendingLines = 0;
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown;
  let parseStart = performance.now();
  const flush = async () => {
    timing('parse', parseStart);
    const w0 = performance.now();
    await writing;
    timing('wait for previous batch', w0);
    if (failed !== undefined) throw failed;
    const groups = pending;
    pending = [];
    pendingLines = 0;
    // SKUs are looked up once per run; an order naming an unknown one is rejected whole.
    const t0 = performance.now();
    const unknown = [...new Set(groups.flatMap((g) => g.lines.map((l) => l.line.sku)))].filter((s) => !products.has(s));
    if (unknown.length) {
      const found = await findProductsBySkus(deps.db, unknown);
      for (const s of unknown) products.set(s, found.get(s) ?? null);
    }
    timing('sku lookup', t0);
    const good = groups.filter((g) => {
      const missing = g.lines.find((l) => products.get(l.line.sku) === null);
      if (missing) rejectOrder(g, { line: missing.lineNo, reason: `sku ${missing.line.sku}: no such product` });
      return !missing;
    });
    const rows = report.rows;
    parseStart = performance.now();
    writing = writeOrders(deps, good, products, customerIds, dryRun).then(
      (r) => {
        timing('batch written', t0);
        report.ordersCreated += r.orders;
        report.linesCreated += r.lines;
        report.linesUnchanged += r.unchanged;
        input.onProgress?.(bytes(), rows);
      },
      (e: unknown) => {
        failed = e;
      },
    );
  };

  let cur: OrderGroup | null = null;
  const close = async () => {
    if (!cur) return;
    const g = cur;
    cur = null;
    if (g.bad) return rejectOrder(g, g.bad);
    const subtotal = g.lines.reduce((s, { line: l }) => s + l.unitPriceAmount * BigInt(l.quantity), 0n);
    if (g.first!.discountAmount > subtotal) return rejectOrder(g, { line: g.lineNos[0]!, reason: `discount exceeds the subtotal of order ${g.number}'s lines` });
    pending.push(g);
    pendingLines += g.lines.length;
    if (pendingLines >= batchLines) await flush();
  };

  let checkedHeader = false;
  try {
    for await (const rec of records) {
      if (!checkedHeader) {
        const missing = orderCsvColumns.filter((c) => !(c in rec.record));
        if (missing.length) throw new AppError('validation_failed', `The header lacks column(s) ${missing.join(', ')}`, { errors: missing.map((m) => ({ path: `header.${m}`, message: 'is required' })) });
        checkedHeader = true;
      }
      report.rows++;
      const lineNo = rec.info.lines;
      const number = (rec.record.order_number ?? '').trim();
      if (cur && cur.number !== number) await close();
      if (!number) {
        report.rejected.push({ line: lineNo, reason: 'order_number is required' });
        continue;
      }
      if (!cur) {
        const firstSeen = seen.get(number);
        cur = { number, first: null, lines: [], lineNos: [], bad: firstSeen === undefined ? null : { line: lineNo, reason: `order_number ${number}: the lines of an order must be consecutive (first seen at line ${firstSeen})` } };
        if (firstSeen === undefined) seen.set(number, lineNo);
      }
      const g: OrderGroup = cur;
      g.lineNos.push(lineNo);
      if (g.bad) continue;
      const card = cardDataReason(rec);
      if (card !== undefined) {
        g.bad = { line: lineNo, reason: card };
        continue;
      }
      const p = parseOrderCsvRow(rec.record);
      if (!p.ok) {
        g.bad = { line: lineNo, reason: `${p.field} ${p.message}` };
        continue;
      }
      const differs = g.first ? orderFieldMismatch(g.first, p.line) : null;
      if (differs) {
        g.bad = { line: lineNo, reason: `${differs} differs from the order's first line (${g.lines[0]!.lineNo})` };
        continue;
      }
      g.first ??= p.line;
      g.lines.push({ lineNo, line: p.line });
    }
    await close();
    if (pending.length) await flush();
  } catch (e) {
    // A malformed file (unclosed quote, …): csv-parse names the line; what went before is kept.
    const err = e as { code?: string; lines?: number; message: string };
    if (!(typeof err.code === 'string' && err.code.startsWith('CSV_'))) throw e;
    report.rejected.push({ line: err.lines ?? report.rows + 1, reason: `malformed CSV: ${err.message}` });
  } finally {
    await writing; // never leave a batch being written behind
  }
  if (failed !== undefined) throw failed;
  input.onProgress?.(bytes(), report.rows);
  report.rejected.sort((x, y) => x.line - y.line);
  return report;
}

/** One transaction: customers by email, the orders that are new (with their totals), their lines, one event. */
async function writeOrders(
  deps: Pick<Deps, 'db' | 'clock' | 'newId'>,
  groups: OrderGroup[],
  products: Map<string, { name: string } | null>,
  customerIds: Map<string, string>,
  dryRun: boolean,
): Promise<{ orders: number; lines: number; unchanged: number }> {
  if (groups.length === 0) return { orders: 0, lines: 0, unchanged: 0 };
  const at = deps.clock.now();
  const work = async (tx: Db) => {
    let t0 = performance.now();
    const ids = groups.map((g) => nameUuid(`${ordersCsvSource}:order:${g.number}`));
    // An order written by an earlier run (same id), or an order of this database exported by its number
    // (GET /exports/order-lines.csv) with the same email and time: left as it is.
    const found = await existingOrders(tx, ids, groups.map((g) => g.number));
    const byId = new Set(found.map((o) => o.id));
    const byNumber = new Map(found.map((o) => [o.number, o]));
    const exists = (g: OrderGroup, i: number) => {
      const o = byNumber.get(g.number);
      return byId.has(ids[i]!) || (o !== undefined && o.email === normaliseEmail(g.first!.email) && o.placedAt === new Date(g.first!.placedAt).toISOString());
    };
    const present = groups.map(exists);
    const fresh = groups.map((g, i) => ({ g, id: ids[i]!, first: g.first! })).filter((_, i) => !present[i]);
    const unchanged = groups.reduce((s, g, i) => s + (present[i] ? g.lines.length : 0), 0);
    const newCustomers = new Map<string, { id: string; email: string; name: string }>();
    for (const { first } of fresh) {
      const email = normaliseEmail(first.email);
      if (!customerIds.has(email) && !newCustomers.has(email)) newCustomers.set(email, { id: nameUuid(`${ordersCsvSource}:customer:${email}`), email, name: first.customerName });
    }
    const ensured = await ensureCustomers(tx, [...newCustomers.values()], at);
    timing('existing+customers', t0);
    const orders: HistoricalOrder[] = [];
    const lines: HistoricalLine[] = [];
    for (const { g, id, first } of fresh) {
      const email = normaliseEmail(first.email);
      let total = 0n;
      g.lines.forEach(({ line: l }, i) => {
        const lineTotal = l.unitPriceAmount * BigInt(l.quantity);
        total += lineTotal;
        lines.push({ id: nameUuid(`${ordersCsvSource}:line:${g.number}:${i + 1}`), orderId: id, lineNo: i + 1, sku: l.sku, name: products.get(l.sku)!.name,
          quantity: l.quantity, unitPriceAmount: l.unitPriceAmount, lineTotalAmount: lineTotal, unitPriceExact: null });
      });
      orders.push({
        id, number: `CSV-${g.number}`, channel: CHANNEL, externalId: g.number, customerId: customerIds.get(email) ?? ensured.get(email)!, email, customerName: first.customerName,
        currency: first.currency, placedAt: new Date(first.placedAt).toISOString(), timeZone: 'UTC', totalAmount: total,
        shippingAmount: first.shippingAmount, discountAmount: first.discountAmount, taxAmount: first.taxAmount,
        shippingAddress: { name: first.shipName, line1: first.shipLine1, city: first.shipCity, postalCode: first.shipPostalCode, country: first.shipCountry },
      });
    }
    t0 = performance.now();
    const newOrders = await insertHistoricalOrders(tx, orders, actorLabel(systemActor));
    timing('orders', t0);
    t0 = performance.now();
    // An order not created now (another order holds its number already) is left out with its lines.
    const newLines = await insertHistoricalLines(tx, lines.filter((l) => newOrders.has(l.orderId)), newOrders);
    timing('lines', t0);
    const firstLine = groups[0]!.lineNos[0]!;
    const lastLine = groups.at(-1)!.lineNos.at(-1)!;
    // A batch of orders that were all there already writes nothing at all (not even its event).
    if (newOrders.size > 0) {
      await enqueueEvents(tx, { actor: systemActor, newId: deps.newId, at }, [
        newEvent(importBatchCommitted, ordersCsvSource, { source: ordersCsvSource, firstLine, lastLine, ordersCreated: newOrders.size, orderLinesCreated: newLines, otherLinesRecorded: 0 }),
      ]);
    }
    const r = { orders: newOrders.size, lines: newLines, unchanged: unchanged + lines.length - newLines };
    if (dryRun) throw Object.assign(new DryRunRollback(), { result: r });
    for (const [email, cid] of ensured) customerIds.set(email, cid);
    return r;
  };
  return deps.db.transaction(work).catch((e: unknown) => {
    if (e instanceof DryRunRollback) return (e as DryRunRollback & { result: { orders: number; lines: number; unchanged: number } }).result;
    throw e;
  });
}
