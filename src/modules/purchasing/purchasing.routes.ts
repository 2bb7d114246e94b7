import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { createSupplier, getSupplier, listSuppliers, setSupplierProduct, updateSupplier } from './suppliers.js';
import { cancelPurchaseOrder, createPurchaseOrder, sendPurchaseOrder } from './purchase-order-use-cases.js';
import { getPurchaseOrderJson, listPurchaseOrders } from './purchase-orders.repository.js';
import { receivePurchaseOrder } from './receive-purchase-order.js';
import { runReorder } from './reorder.js';
import {
  createPurchaseOrderBody,
  createSupplierBody,
  purchaseOrderSchema,
  purchaseOrdersQuery,
  receiveBody,
  reorderResultSchema,
  reorderRunBody,
  supplierProductBody,
  supplierSchema,
  updateSupplierBody,
} from './purchasing.schemas.js';

const supplierParams = z.object({ id: z.uuid('must be a supplier id (UUID)') });
const productParams = z.object({ id: z.uuid('must be a supplier id (UUID)'), sku: z.string().min(1).max(64) });
const poParams = z.object({ id: z.uuid('must be a purchase order id (UUID)') });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }).loose();

/** Suppliers, purchase orders (draft → sent → received by scan) and the reorder trigger (docs/purchasing.md). */
export const purchasingRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['purchasing'];
    const read = ['admin', 'manager', 'warehouse', 'read-only', 'integration'] as const;
    const write = ['admin', 'manager', 'integration'] as const;
    const receive = access.inventoryWrite;
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });

    app.get('/suppliers', {
      config: { roles: [...read] },
      schema: { tags, summary: 'Suppliers with the products they sell (lead time, MOQ, pack size, cost)', response: { 200: z.object({ items: z.array(supplierSchema) }), ...errorResponses } },
      handler: async () => ({ items: await listSuppliers(deps.db) }),
    });
    app.post('/suppliers', {
      config: { roles: [...write] },
      schema: { tags, summary: 'Create a supplier (code unique; 409 when taken)', headers: idempotencyHeaders, body: createSupplierBody, response: { 201: supplierSchema, ...errorResponses } },
      handler: async (req, reply) => {
        const out = await createSupplier(ctx(req), req.body, req.headers['idempotency-key']);
        return reply.code(201).send(out.body);
      },
    });
    app.get('/suppliers/:id', {
      config: { roles: [...read] },
      schema: { tags, summary: 'One supplier with its products', params: supplierParams, response: { 200: supplierSchema, ...errorResponses } },
      handler: async (req) => getSupplier(deps.db, req.params.id),
    });
    app.patch('/suppliers/:id', {
      config: { roles: [...write] },
      schema: { tags, summary: 'Change a supplier’s name or e-mail', params: supplierParams, body: updateSupplierBody, response: { 200: supplierSchema, ...errorResponses } },
      handler: async (req) => updateSupplier(ctx(req), req.params.id, req.body),
    });
    app.put('/suppliers/:id/products/:sku', {
      config: { roles: [...write] },
      schema: { tags, summary: 'Set what the supplier sells of a SKU: lead time, minimum order quantity, pack size, unit cost', params: productParams, body: supplierProductBody, response: { 200: supplierSchema, ...errorResponses } },
      handler: async (req) => setSupplierProduct(ctx(req), req.params.id, req.params.sku, req.body),
    });

    app.get('/purchase-orders', {
      config: { roles: [...read] },
      schema: { tags, summary: 'Purchase orders, newest first', querystring: purchaseOrdersQuery, response: { 200: z.object({ items: z.array(purchaseOrderSchema), nextCursor: z.string().nullable() }), ...errorResponses } },
      handler: async (req) => listPurchaseOrders(deps.db, req.query),
    });
    app.post('/purchase-orders', {
      config: { roles: [...write] },
      schema: { tags, summary: 'Create a draft purchase order for a supplier and a receiving location', headers: idempotencyHeaders, body: createPurchaseOrderBody, response: { 201: purchaseOrderSchema, ...errorResponses } },
      handler: async (req, reply) => {
        const out = await createPurchaseOrder(ctx(req), req.body, req.headers['idempotency-key']);
        return reply.code(201).send(out.body);
      },
    });
    app.get('/purchase-orders/:id', {
      config: { roles: [...read] },
      schema: { tags, summary: 'One purchase order with its lines', params: poParams, response: { 200: purchaseOrderSchema, ...errorResponses } },
      handler: async (req) => getPurchaseOrderJson(deps.db, req.params.id),
    });
    app.post('/purchase-orders/:id/send', {
      config: { roles: [...write] },
      schema: {
        tags,
        summary: 'Send a draft to the supplier: its quantities count as incoming stock',
        params: poParams,
        body: z.object({ expectedOn: z.iso.date('must be a date YYYY-MM-DD').optional() }).optional(),
        response: { 200: purchaseOrderSchema, ...errorResponses },
      },
      handler: async (req) => sendPurchaseOrder(ctx(req), req.params.id, req.body ?? {}),
    });
    app.post('/purchase-orders/:id/receive', {
      config: { roles: [...receive] },
      schema: {
        tags,
        summary: 'Receive a delivery by scan (GTIN or SKU and quantity): receipt movements, available rises, backorders are allocated',
        description: 'A code not on the order, or more than is outstanding, is a 422 naming the line; nothing is written. Send `Idempotency-Key` to make retries safe.',
        params: poParams,
        headers: idempotencyHeaders,
        body: receiveBody,
        response: { 200: purchaseOrderSchema, ...errorResponses },
      },
      handler: async (req) => (await receivePurchaseOrder(ctx(req), req.params.id, req.body, req.headers['idempotency-key'])).body,
    });
    app.post('/purchase-orders/:id/cancel', {
      config: { roles: [...write] },
      schema: { tags, summary: 'Cancel a draft or a sent order with nothing received', params: poParams, body: z.object({ reason: z.string().max(500).optional() }).optional(), response: { 200: purchaseOrderSchema, ...errorResponses } },
      handler: async (req) => cancelPurchaseOrder(ctx(req), req.params.id, req.body ?? {}),
    });

    app.post('/purchasing/reorder-run', {
      config: { roles: [...write] },
      schema: {
        tags,
        summary: 'Run the reorder trigger now: reorder points per SKU × location from the demand forecast; drafts for what fell below',
        description: 'The same check the worker runs periodically. Idempotent: one open reorder draft per supplier and location, lines raised, never duplicated.',
        body: reorderRunBody.optional(),
        response: { 200: reorderResultSchema, ...errorResponses },
      },
      handler: async (req) => runReorder(ctx(req), reorderRunBody.parse(req.body ?? {})),
    });
  };
