import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { createShipmentBody, listShipmentsQuery, shipmentSchema, shipmentSummarySchema, voidShipmentBody } from './shipments.schemas.js';
import { createShipment } from './create-shipment.js';
import { voidShipment } from './void-shipment.js';
import { createManifest, createManifestBody, listManifests, manifestFile, manifestSchema } from './create-manifest.js';
import { getOrderPromise, orderPromiseSchema, promiseBody, promiseFor, promiseSchema } from './promises.js';
import { getShipmentJson, listShipments, loadShipment, parcelsOf } from './shipments.repository.js';

const pdf = z.string().describe('A PDF document (Content-Type: application/pdf)');
const idParams = z.object({ id: z.string().min(1).max(64) });

export const shipmentsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['shipments'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    const one = { 200: shipmentSchema, ...errorResponses };

    app.post('/fulfillment-orders/:id/shipments', {
      config: { roles: access.shipmentsWrite },
      schema: {
        tags,
        summary: 'Buy the label of a packed fulfillment order (rate-shopped), or record one bought outside Ordo',
        description:
          'Rate-shops the built-in carrier’s services for the parcels (default: the packed package) and buys the cheapest meeting the promise, of the paid `level`, or the fixed `carrier`/`service`; makes tracking numbers and labels (PDF, ZPL). International parcels get a customs declaration and a commercial invoice; restricted goods are refused (422) before anything is written. For an EasyPost/Shippo `carrier` the aggregator’s rates are shopped and the labels are bought there — several parcels as one multi-piece purchase — with no database transaction open while the provider answers (409 while another label purchase or void of the same fulfillment order is in progress or when the order changed meanwhile — the bought labels are then refunded; 502 when the provider fails, 503 without its API key); with `trackingNumber` a label bought elsewhere is only recorded.',
        params: idParams,
        body: createShipmentBody,
        headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
        response: { 201: shipmentSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const out = await createShipment(ctx(req), req.params.id, req.body, req.headers['idempotency-key']);
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(out.body);
      },
    });
    app.get('/shipments', {
      config: { roles: access.shipmentsRead },
      schema: { tags, summary: 'List shipments, newest first (filter by status, carrier, location, order, date)', querystring: listShipmentsQuery, response: { 200: z.object({ items: z.array(shipmentSummarySchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => listShipments(deps.db, req.query),
    });
    app.get('/shipments/:id', {
      config: { roles: access.shipmentsRead },
      schema: { tags, summary: 'A shipment with parcels, tracking timeline, rate choice and alternatives, customs', params: idParams, response: one },
      handler: async (req) => getShipmentJson(deps.db, req.params.id),
    });
    app.post('/shipments/:id/void', {
      config: { roles: access.shipmentsWrite },
      schema: { tags, summary: 'Void a label not yet handed off (a new one can then be bought); an EasyPost/Shippo label is refunded there', params: idParams, body: voidShipmentBody, response: one },
      handler: async (req) => voidShipment(ctx(req), req.params.id, req.body.reason),
    });
    app.get('/shipments/:id/label.pdf', {
      config: { roles: access.shipmentsRead },
      schema: { tags, summary: 'The shipment’s labels as a 4×6 PDF, one page per parcel (a reprint is the same file)', params: idParams, response: { 200: pdf, ...errorResponses } },
      handler: async (req, reply) => {
        const s = await loadShipment(deps.db, req.params.id);
        if (!s.labelPdf) throw new AppError('not_found', `Shipment ${s.number} has no label made by Ordo (recorded from ${s.carrierCode})`);
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${s.number}-label.pdf"`).send(s.labelPdf as never);
      },
    });
    app.get('/shipments/:id/label.zpl', {
      config: { roles: access.shipmentsRead },
      schema: { tags, summary: 'The shipment’s labels in ZPL II for thermal printers, one ^XA…^XZ per parcel', params: idParams, response: { 200: z.string(), ...errorResponses } },
      handler: async (req, reply) => {
        const s = await loadShipment(deps.db, req.params.id);
        const zpl = (await parcelsOf(deps.db, [s.id])).map((p) => p.labelZpl).filter((z): z is string => z !== null);
        if (!zpl.length) throw new AppError('not_found', `Shipment ${s.number} has no label made by Ordo (recorded from ${s.carrierCode})`);
        return reply.type('application/zpl; charset=utf-8').header('content-disposition', `attachment; filename="${s.number}-label.zpl"`).send(zpl.join('\n'));
      },
    });
    app.get('/shipments/:id/commercial-invoice.pdf', {
      config: { roles: access.shipmentsRead },
      schema: { tags, summary: 'The commercial invoice of an international shipment', params: idParams, response: { 200: pdf, ...errorResponses } },
      handler: async (req, reply) => {
        const s = await loadShipment(deps.db, req.params.id);
        if (!s.commercialInvoicePdf) throw new AppError('not_found', `Shipment ${s.number} is domestic: it has no commercial invoice`);
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${s.number}-commercial-invoice.pdf"`).send(s.commercialInvoicePdf as never);
      },
    });
    app.post('/manifests', {
      config: { roles: access.shipmentsWrite },
      schema: { tags, summary: 'Close the day for a carrier at a location: a manifest (scan form) of every handed-off shipment not yet manifested', body: createManifestBody, response: { 201: manifestSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await createManifest(ctx(req), req.body)),
    });
    app.get('/manifests', {
      config: { roles: access.shipmentsRead },
      schema: { tags, summary: 'Manifests, newest first', querystring: z.object({ carrierCode: z.string().max(32).optional(), locationCode: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: z.object({ items: z.array(manifestSchema) }), ...errorResponses } },
      handler: async (req) => ({ items: await listManifests(deps.db, req.query) }),
    });
    app.get('/manifests/:id.pdf', {
      config: { roles: access.shipmentsRead },
      schema: { tags, summary: 'The manifest’s scan form PDF (Code 128 of the manifest number)', params: idParams, response: { 200: pdf, ...errorResponses } },
      handler: async (req, reply) => {
        const m = await manifestFile(deps.db, req.params.id);
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${m.number}.pdf"`).send(m.pdf as never);
      },
    });
    app.post('/promise', {
      config: { roles: access.shippingQuote },
      schema: { tags, summary: 'Delivery dates and prices for a cart from the shipments sourcing would plan now (read-only, nothing reserved)', body: promiseBody, response: { 200: promiseSchema, ...errorResponses } },
      handler: async (req) => promiseFor(deps.db, deps.clock.now(), req.body, { sourcingCurrency: deps.sourcing?.currency ?? 'EUR' }),
    });
    app.get('/orders/:id/promise', {
      config: { roles: access.shipmentsRead },
      schema: { tags, summary: 'The delivery date promised for an order (kept current after placement, sourcing and labelling)', params: z.object({ id: z.uuid() }), response: { 200: orderPromiseSchema, ...errorResponses } },
      handler: async (req) => getOrderPromise(deps.db, req.params.id),
    });
  };
