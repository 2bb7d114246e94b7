import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.js';
import { createProductBody, listProductsQuery, productSchema, sku, updateProductBody } from './products.schemas.js';
import { getProduct, listProducts, toProductJson } from './products.repository.js';
import { createProduct } from './create-product.js';
import { updateProduct } from './update-product.js';

export const productsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['catalog'];
    const params = z.object({ sku });
    app.post('/products', {
      config: { roles: access.catalogWrite },
      schema: {
        tags,
        summary: 'Create a product (accepts Idempotency-Key)',
        headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
        body: createProductBody,
        response: { 201: productSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const out = await createProduct({ ...deps, actor: req.actor, requestId: req.id }, req.body, req.headers['idempotency-key']);
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(out.status as 201).send(out.body);
      },
    });
    app.patch('/products/:sku', {
      config: { roles: access.catalogWrite },
      schema: { tags, summary: 'Update a product', params, body: updateProductBody, response: { 200: productSchema, ...errorResponses } },
      handler: async (req) => updateProduct({ ...deps, actor: req.actor, requestId: req.id }, req.params.sku, req.body),
    });
    app.get('/products/:sku', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Get a product', params, response: { 200: productSchema, ...errorResponses } },
      handler: async (req) => toProductJson(await getProduct(deps.db, req.params.sku)),
    });
    app.get('/products', {
      config: { roles: access.anyone },
      schema: {
        tags,
        summary: 'Search products, ordered by SKU',
        querystring: listProductsQuery,
        response: { 200: z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
      handler: async (req) => {
        const { q, active, limit, cursor } = req.query;
        const after = decodeCursor(cursor)?.[0];
        const rows = await listProducts(deps.db, { q, active, limit: limit + 1, after: typeof after === 'string' ? after : undefined });
        const more = rows.length > limit;
        const page = more ? rows.slice(0, -1) : rows;
        return { items: page.map(toProductJson), nextCursor: more ? encodeCursor([page.at(-1)!.sku]) : null };
      },
    });
  };
