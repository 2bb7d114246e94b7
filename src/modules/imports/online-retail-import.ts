import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Deps } from '../../platform/context.js';
import type { Db } from '../../platform/db/client.js';
import { systemActor, actorLabel } from '../../platform/auth/roles.js';
import { enqueueEvents } from '../../platform/outbox/outbox.js';
import { newEvent } from '../../platform/events/define.js';
import { formatDecimal, isWholeMinor, toMinorUnits } from '../../domain/decimal.js';
import { classifyRetailRecord, CreditMatcher, onlineRetailColumns, retailCountryCode, type RetailLine } from '../../domain/imports/online-retail.js';
import { insertHistoricalLines, insertHistoricalOrders, recordHistoricalReturns, refreshHistoricalTotals, type HistoricalLine, type HistoricalOrder } from '../orders/index.js';
import { ensureCustomers, guestEmails } from '../customers/index.js';
import { ensureProducts } from '../catalog/index.js';
import { insertImportLines, type ImportLineRow } from './import-lines.repository.js';
import { importBatchCommitted } from './imports.events.js';
import { nameUuid } from './name-uuid.js';
import { timing } from './import-timing.js';

export const onlineRetailSource = 'online-retail';
const CHANNEL = 'online-retail';
const CURRENCY = 'GBP';
const SOURCE_TZ = 'Europe/London';

export interface ImportReport {
  linesRead: number;
  /** Lines by outcome and reason; the sum over every entry equals `linesRead`. */
  outcomes: Array<{ outcome: string; reason: string; lines: number }>;
  ordersCreated: number;
  orderLinesCreated: number;
  otherLinesRecorded: number;
  /** The first rejected lines (line number in the file, 1 = header). */
  rejected: Array<{ line: number; reason: string }>;
}

interface Pending {
  orders: Map<string, HistoricalOrder & { customerEmail: string; customerName: string }>;
  lines: HistoricalLine[];
  other: ImportLineRow[];
  products: Map<string, { sku: string; name: string; priceAmount: bigint; currency: string }>;
  firstLine: number;
  lastLine: number;
}

const emptyPending = (): Pending => ({ orders: new Map(), lines: [], other: [], products: new Map(), firstLine: 0, lastLine: 0 });

const customerOf = (l: RetailLine) =>
  l.customerRef === null
    ? { email: guestEmails[0], name: 'Online Retail guest' }
    : { email: `customer-${l.customerRef}@online-retail.invalid`, name: `Online Retail customer ${l.customerRef}` };

/**
 * Loads the UCI Online Retail CSV as historical, delivered orders in GBP (see docs/reports.md for the
 * mapping). Streams the file (csv-parse) and writes in batches, one transaction each; every row has a
 * deterministic id, so a re-run (or a run after a crash) adds only what is missing.
 */
export async function importOnlineRetail(
  deps: Pick<Deps, 'db' | 'clock' | 'newId'>,
  input: Readable,
  opts: { batchLines?: number; onBatch?: (linesRead: number) => void; keepRejected?: number } = {},
): Promise<ImportReport> {
  const batchLines = opts.batchLines ?? 20000;
  const keepRejected = opts.keepRejected ?? 100;
  const counts = new Map<string, number>();
  const count = (outcome: string, reason: string) => counts.set(`${outcome}\u0000${reason}`, (counts.get(`${outcome}\u0000${reason}`) ?? 0) + 1);
  const report: ImportReport = { linesRead: 0, outcomes: [], ordersCreated: 0, orderLinesCreated: 0, otherLinesRecorded: 0, rejected: [] };
  const matcher = new CreditMatcher();
  const positions = new Map<string, number>();
  const customerIds = new Map<string, string>();
  const knownSkus = new Set<string>();
  let pending = emptyPending();

  const parser = parse({ relax_column_count: true, skip_records_with_error: true, info: true, raw: true, bom: true });
  const reject = (line: number, reason: string, raw: string | null) => {
    count('rejected', reason);
    if (report.rejected.length < keepRejected) report.rejected.push({ line, reason });
    pending.other.push({ lineKey: `line:${line}`, lineNo: line, outcome: 'rejected', reason, invoice: null, sku: null, quantity: null, unitPrice: null,
      currency: null, localTime: null, customerRef: null, country: null, matchedOrderLineId: null, raw });
  };
  parser.on('skip', (err: Error & { lines?: number }) => {
    report.linesRead++;
    reject(err.lines ?? 0, `malformed CSV: ${err.message}`, null);
  });

  // Batches are written one at a time, in file order, while the next one is parsed: the CSV work in
  // Node and the database work overlap (two cores), and batch N+1 starts writing only after batch N
  // committed, so what a batch's statements see (earlier orders, lines, customers, SKUs) is as before.
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown;
  const flush = async () => {
    await writing;
    if (failed !== undefined) throw failed;
    const batch = pending;
    pending = emptyPending();
    const linesRead = report.linesRead;
    writing = writeBatch(deps, batch, customerIds, knownSkus).then(
      (r) => {
        report.ordersCreated += r.orders;
        report.orderLinesCreated += r.lines;
        report.otherLinesRecorded += r.other;
        opts.onBatch?.(linesRead);
      },
      (e: unknown) => {
        failed = e;
      },
    );
  };

  let header = true;
  input.pipe(parser);
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      const lineNo = info.lines;
      if (header) {
        header = false;
        if (record.join(',') !== onlineRetailColumns.join(',')) throw new Error(`not an Online Retail file: expected the header ${onlineRetailColumns.join(',')}`);
        continue;
      }
      report.linesRead++;
      if (pending.firstLine === 0) pending.firstLine = lineNo;
      pending.lastLine = lineNo;
      const c = classifyRetailRecord(record);
      if (c.kind === 'rejected') {
        reject(lineNo, c.reason, raw.slice(0, 500));
      } else {
        const l = c.line;
        const pos = (positions.get(l.invoice) ?? 0) + 1;
        positions.set(l.invoice, pos);
        const lineKey = `${l.invoice}:${pos}`;
        // Built for the lines recorded in import_lines only (not for the ~98% that are sale lines).
        const base = () => ({ lineKey, lineNo, invoice: l.invoice, sku: l.sku, quantity: l.quantity, unitPrice: formatDecimal(l.unitPrice, 2), currency: CURRENCY,
          localTime: l.localTime, customerRef: l.customerRef, country: retailCountryCode(l.country), raw: null });
        if (c.kind === 'sale') {
          count('order_line', 'sale line (positive quantity and price)');
          addSale(pending, l, lineKey, pos, matcher);
        } else if (c.kind === 'adjustment') {
          count('adjustment', c.reason);
          pending.other.push({ ...base(), outcome: 'adjustment', reason: c.reason, matchedOrderLineId: null });
        } else {
          const m = matcher.matchCredit(l);
          if ('lineId' in m) {
            count('credit_matched', 'credit note line matched to its sale line');
            pending.other.push({ ...base(), outcome: 'credit_matched', reason: 'matched to an earlier sale line', matchedOrderLineId: m.lineId });
          } else {
            count('credit_unmatched', m.unmatched);
            pending.other.push({ ...base(), outcome: 'credit_unmatched', reason: m.unmatched, matchedOrderLineId: null });
          }
        }
      }
      if (pending.lines.length + pending.other.length >= batchLines) await flush();
    }
    if (pending.lines.length + pending.other.length > 0) await flush();
  } finally {
    await writing; // never leave a batch being written behind (a header or parser error)
  }
  if (failed !== undefined) throw failed;
  const t0 = performance.now();
  await deps.db.transaction((tx: Db) => refreshHistoricalTotals(tx, CHANNEL));
  timing('totals', t0);
  report.outcomes = [...counts].map(([k, lines]) => {
    const [outcome, reason] = k.split('\u0000') as [string, string];
    return { outcome, reason, lines };
  });
  report.rejected.sort((a, b) => a.line - b.line);
  report.outcomes.sort((a, b) => a.outcome.localeCompare(b.outcome) || b.lines - a.lines);
  return report;
}

function addSale(p: Pending, l: RetailLine, lineKey: string, pos: number, matcher: CreditMatcher): void {
  let order = p.orders.get(l.invoice);
  if (!order) {
    const who = customerOf(l);
    order = {
      id: nameUuid(`${onlineRetailSource}:order:${l.invoice}`), number: `OR-${l.invoice}`, channel: CHANNEL, externalId: l.invoice, customerId: '', email: who.email, customerName: who.name,
      customerEmail: who.email, currency: CURRENCY, placedAt: l.localTime, timeZone: SOURCE_TZ,
      shippingAddress: { name: who.name, line1: '', city: '', postalCode: '', country: retailCountryCode(l.country) },
    };
    p.orders.set(l.invoice, order);
  }
  const orderId = order.id;
  if (!p.products.has(l.sku)) p.products.set(l.sku, { sku: l.sku, name: l.description, priceAmount: toMinorUnits(l.unitPrice), currency: CURRENCY });
  const id = nameUuid(`${onlineRetailSource}:line:${lineKey}`);
  const total = l.unitPrice * BigInt(l.quantity);
  p.lines.push({
    id, orderId, lineNo: pos, sku: l.sku, name: l.description, quantity: l.quantity,
    unitPriceAmount: toMinorUnits(l.unitPrice), lineTotalAmount: toMinorUnits(total),
    unitPriceExact: isWholeMinor(l.unitPrice) ? null : formatDecimal(l.unitPrice, 2),
  });
  matcher.addSale(l, id);
}

async function writeBatch(deps: Pick<Deps, 'db' | 'clock' | 'newId'>, b: Pending, customerIds: Map<string, string>, knownSkus: Set<string>) {
  const at = deps.clock.now();
  const newCustomers = new Map<string, { id: string; email: string; name: string }>();
  for (const o of b.orders.values()) {
    if (!customerIds.has(o.customerEmail)) newCustomers.set(o.customerEmail, { id: nameUuid(`${onlineRetailSource}:customer:${o.customerEmail}`), email: o.customerEmail, name: o.customerName });
  }
  const products = [...b.products.values()].filter((p) => !knownSkus.has(p.sku));
  return deps.db.transaction(async (tx: Db) => {
    const tm = timing;
    let t0 = performance.now();
    const ids = await ensureCustomers(tx, [...newCustomers.values()], at);
    tm('customers', t0);
    t0 = performance.now();
    const orders = [...b.orders.values()].map(({ customerEmail, ...o }) => ({ ...o, customerId: customerIds.get(customerEmail) ?? ids.get(customerEmail)! }));
    await ensureProducts(tx, products, at);
    tm('products', t0);
    t0 = performance.now();
    const newOrders = await insertHistoricalOrders(tx, orders, actorLabel(systemActor));
    tm('orders', t0);
    t0 = performance.now();
    const newLines = await insertHistoricalLines(tx, b.lines, newOrders);
    tm('lines', t0);
    t0 = performance.now();
    const newOther = await insertImportLines(tx, onlineRetailSource, SOURCE_TZ, b.other, at);
    tm('other', t0);
    const returns = b.other.filter((r) => r.matchedOrderLineId !== null && newOther.has(r.lineKey)).map((r) => ({ orderLineId: r.matchedOrderLineId!, quantity: -(r.quantity ?? 0) }));
    await recordHistoricalReturns(tx, returns);
    await enqueueEvents(tx, { actor: systemActor, newId: deps.newId, at }, [
      newEvent(importBatchCommitted, onlineRetailSource, {
        source: onlineRetailSource, firstLine: b.firstLine, lastLine: b.lastLine, ordersCreated: newOrders.size, orderLinesCreated: newLines, otherLinesRecorded: newOther.size,
      }),
    ]);
    for (const [email, id] of ids) customerIds.set(email, id);
    for (const p of products) knownSkus.add(p.sku);
    return { orders: newOrders.size, lines: newLines, other: newOther.size };
  });
}
