import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { csvRecord, minorToDecimal } from '../../domain/exchange/csv.js';
import { listProducts, type ProductRow } from '../catalog/index.js';
import { listLevels, type LevelJson } from '../inventory/index.js';
import { listCustomers, type CustomerJson } from '../customers/index.js';
import { listOrders, listOrderLinesForExport, listOrdersQuery, type OrderLineExportRow } from '../orders/index.js';
import { orderCsvExportColumns } from '../../domain/exchange/order-csv.js';

const PAGE = 1000;

/** Pages through a keyset-ordered list and yields CSV text: the header, then one record per row. */
function csvStream<T extends object>(header: string[], page: (after: T | undefined) => Promise<T[]>, record: (row: T) => Array<string | number | boolean | null | undefined>): Readable {
  return Readable.from(
    (async function* () {
      yield csvRecord(header);
      let after: T | undefined;
      for (;;) {
        const rows = await page(after);
        if (rows.length) yield rows.map((r) => csvRecord(record(r))).join('');
        if (rows.length < PAGE) return;
        after = rows.at(-1);
      }
    })(),
  );
}

/**
 * CSV exports, streamed page by page (never the whole table in memory), in the format
 * `ordo import <kind>` reads back: export → import gives the same data (docs/data-exchange.md).
 * Filters mirror the list endpoints' (`q`, `active`, `locationCode`).
 */
export const exportsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['exports'];
    const csv = { 200: z.string().describe('text/csv; charset=utf-8'), ...errorResponses };
    // The stream is sent as is (a Readable bypasses response serialization).
    const send = <R extends { type(t: string): R; header(k: string, v: string): R; send(p: never): R }>(reply: R, name: string, stream: Readable) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(stream as never);
    app.get('/exports/products.csv', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Products as CSV (price as a decimal in its currency)', querystring: z.object({ q: z.string().max(200).optional(), active: z.enum(['true', 'false']).optional() }), response: csv },
      handler: async (req, reply) =>
        send(
          reply,
          'products.csv',
          csvStream(
            ['sku', 'name', 'description', 'price', 'currency', 'gtin', 'weight_grams', 'hs_code', 'origin_country', 'returnable', 'active'],
            (after: ProductRow | undefined) => listProducts(deps.db, { q: req.query.q, active: req.query.active === undefined ? undefined : req.query.active === 'true', after: after?.sku, limit: PAGE }),
            (p: ProductRow) => [p.sku, p.name, p.description, minorToDecimal(p.priceAmount, p.currency), p.currency, p.gtin, p.weightGrams, p.hsCode, p.originCountry, p.returnable, p.active],
          ),
        ),
    });
    app.get('/exports/inventory.csv', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Inventory levels as CSV (on_hand re-imports as a count)', querystring: z.object({ locationCode: z.string().max(32).optional() }), response: csv },
      handler: async (req, reply) =>
        send(
          reply,
          'inventory.csv',
          csvStream(
            ['sku', 'location_code', 'on_hand', 'reserved', 'safety_stock', 'available'],
            (after: LevelJson | undefined) => listLevels(deps.db, { locationCode: req.query.locationCode, after: after ? [after.sku, after.locationCode] : undefined, limit: PAGE }),
            (l: LevelJson) => [l.sku, l.locationCode, l.onHand, l.reserved, l.safetyStock, l.available],
          ),
        ),
    });
    app.get('/exports/customers.csv', {
      config: { roles: access.customersRead },
      schema: { tags, summary: 'Customers as CSV', querystring: z.object({ q: z.string().max(200).optional() }), response: csv },
      handler: async (req, reply) =>
        send(
          reply,
          'customers.csv',
          csvStream(['email', 'name', 'phone'], (after: CustomerJson | undefined) => listCustomers(deps.db, { q: req.query.q, after: after?.email, limit: PAGE }), (c: CustomerJson) => [c.email, c.name, c.phone]),
        ),
    });
    app.get('/exports/orders.csv', {
      config: { roles: access.customersRead },
      schema: { tags, summary: 'Orders as CSV: the orders list with the same filters (the console exports its current filtered list)', querystring: listOrdersQuery.omit({ limit: true, cursor: true }), response: csv },
      handler: async (req, reply) => {
        // The list pages by its own cursor; each page's cursor is kept with its last row.
        type Row = Awaited<ReturnType<typeof listOrders>>['items'][number] & { next: string | null };
        const page = async (after: Row | undefined): Promise<Row[]> => {
          if (after && !after.next) return [];
          const r = await listOrders(deps.db, { ...req.query, limit: PAGE, cursor: after?.next ?? undefined });
          return r.items.map((o, i) => ({ ...o, next: i === r.items.length - 1 ? r.nextCursor : null }));
        };
        const header = ['number', 'placed_at', 'status', 'channel', 'external_id', 'customer_name', 'email', 'total', 'currency', 'active_holds'];
        return send(reply, 'orders.csv', csvStream(header, page, (o: Row) => [o.number, o.placedAt, o.status, o.channel, o.externalId, o.customerName, o.email, minorToDecimal(BigInt(o.total.amount), o.total.currency), o.total.currency, o.activeHolds]));
      },
    });
    app.get('/exports/order-lines.csv', {
      config: { roles: access.customersRead },
      schema: {
        tags,
        summary: 'Orders as CSV in the format `ordo import orders` reads: one record per order line, oldest order first (export → import gives equal orders)',
        querystring: listOrdersQuery.pick({ from: true, to: true, status: true, channel: true }),
        response: csv,
      },
      handler: async (req, reply) => {
        const money = (a: bigint, r: OrderLineExportRow) => minorToDecimal(a, r.currency);
        return send(
          reply,
          'order-lines.csv',
          csvStream(
            [...orderCsvExportColumns],
            (after: OrderLineExportRow | undefined) => listOrderLinesForExport(deps.db, { ...req.query, after: after?.key, limit: PAGE }),
            (r: OrderLineExportRow) => {
              // No recipient name on the address means the customer's: written out, as the import reads it back.
              const a = r.shippingAddress;
              return [r.orderNumber, r.placedAt.toISOString(), r.email, r.customerName, r.currency, a.name ?? r.customerName, a.line1, a.city, a.postalCode, a.country,
                money(r.shippingAmount, r), money(r.discountAmount, r), money(r.taxAmount, r), r.sku, r.quantity, money(r.unitPriceAmount, r)];
            },
          ),
        );
      },
    });
  };
