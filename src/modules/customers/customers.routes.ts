import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { decodeCursor, encodeCursor, errorResponses, pageQuery } from '../../platform/http/schemas.js';
import {
  createCustomerBody,
  customerAddressBody,
  customerAddressPatch,
  customerAddressSchema,
  customerId,
  customerMergeSchema,
  customerOrderSchema,
  customerSchema,
  listCustomersQuery,
  updateCustomerBody,
} from './customers.schemas.js';
import { addAddress, deleteAddress, listAddresses, updateAddress } from './addresses.js';
import { listCustomerMerges } from './merges.js';
import { createCustomer, updateCustomer } from './save-customer.js';
import { getCustomer, listCustomerOrders, listCustomers } from './customers.queries.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Customers: created by order placement (matched by email) or by hand; read, search and edit. */
export const customersRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['customers'];
    const params = z.object({ id: customerId });
    app.get('/customers', {
      config: { roles: access.customersRead },
      schema: {
        tags,
        summary: 'Search customers by email or name, ordered by email',
        querystring: listCustomersQuery,
        response: { 200: z.object({ items: z.array(customerSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
      handler: async (req) => {
        const { q, tag, limit, cursor } = req.query;
        const after = decodeCursor(cursor)?.[0];
        const items = await listCustomers(deps.db, { q, tag, limit: limit + 1, after: typeof after === 'string' ? after : undefined });
        const more = items.length > limit;
        const page = more ? items.slice(0, -1) : items;
        return { items: page, nextCursor: more ? encodeCursor([page.at(-1)!.email]) : null };
      },
    });
    app.post('/customers', {
      config: { roles: access.customersWrite },
      schema: {
        tags,
        summary: 'Create a customer (orders also create customers by email)',
        headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
        body: createCustomerBody,
        response: { 201: customerSchema, ...errorResponses },
      },
      handler: async (req, reply) => {
        const out = await createCustomer({ ...deps, actor: req.actor, requestId: req.id }, req.body, req.headers['idempotency-key']);
        if (out.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(out.body);
      },
    });
    app.patch('/customers/:id', {
      config: { roles: access.customersWrite },
      schema: { tags, summary: 'Change a customer’s name, phone or email', params, body: updateCustomerBody, response: { 200: customerSchema, ...errorResponses } },
      handler: async (req) => updateCustomer({ ...deps, actor: req.actor, requestId: req.id }, req.params.id, req.body),
    });
    app.get('/customers/:id', {
      config: { roles: access.customersRead },
      schema: { tags, summary: 'Get a customer with their order count', params, response: { 200: customerSchema, ...errorResponses } },
      handler: async (req) => getCustomer(deps.db, req.params.id),
    });
    app.get('/customers/:id/orders', {
      config: { roles: access.customersRead },
      schema: {
        tags,
        summary: "A customer's orders, newest first",
        params,
        querystring: z.object(pageQuery),
        response: { 200: z.object({ items: z.array(customerOrderSchema), nextCursor: z.string().nullable() }), ...errorResponses },
      },
      handler: async (req) => {
        const [placedAt, id] = decodeCursor(req.query.cursor) ?? [];
        const before =
          typeof placedAt === 'string' && typeof id === 'string' && uuidPattern.test(id) && !Number.isNaN(Date.parse(placedAt))
            ? { placedAt: new Date(placedAt), id }
            : undefined;
        const items = await listCustomerOrders(deps.db, req.params.id, { before, limit: req.query.limit + 1 });
        const more = items.length > req.query.limit;
        const page = more ? items.slice(0, -1) : items;
        return { items: page, nextCursor: more ? encodeCursor([page.at(-1)!.placedAt, page.at(-1)!.id]) : null };
      },
    });
    const addressParams = z.object({ id: customerId, addressId: z.uuid('must be an address id (UUID)') });
    app.get('/customers/:id/addresses', {
      config: { roles: access.customersRead },
      schema: { tags, summary: "A customer's address book, defaults first", params, response: { 200: z.object({ items: z.array(customerAddressSchema) }), ...errorResponses } },
      handler: async (req) => {
        await getCustomer(deps.db, req.params.id);
        return { items: await listAddresses(deps.db, req.params.id) };
      },
    });
    app.post('/customers/:id/addresses', {
      config: { roles: access.customersWrite },
      schema: {
        tags,
        summary: 'Add an address to the address book',
        description: 'The first address becomes the default for shipping and billing; a new default takes the flag from the previous one.',
        params,
        body: customerAddressBody,
        response: { 201: customerAddressSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.code(201).send(await addAddress({ ...deps, actor: req.actor, requestId: req.id }, req.params.id, req.body)),
    });
    app.patch('/customers/:id/addresses/:addressId', {
      config: { roles: access.customersWrite },
      schema: { tags, summary: 'Change an address or make it the default', params: addressParams, body: customerAddressPatch, response: { 200: customerAddressSchema, ...errorResponses } },
      handler: async (req) => updateAddress({ ...deps, actor: req.actor, requestId: req.id }, req.params.id, req.params.addressId, req.body),
    });
    app.delete('/customers/:id/addresses/:addressId', {
      config: { roles: access.customersWrite },
      schema: { tags, summary: 'Remove an address from the address book (answers the removed address)', params: addressParams, response: { 200: customerAddressSchema, ...errorResponses } },
      handler: async (req) => deleteAddress({ ...deps, actor: req.actor, requestId: req.id }, req.params.id, req.params.addressId),
    });
    app.get('/customers/:id/merges', {
      config: { roles: access.customersRead },
      schema: { tags, summary: 'Merges this customer took part in (as target or source), newest first', params, response: { 200: z.object({ items: z.array(customerMergeSchema) }), ...errorResponses } },
      handler: async (req) => {
        await getCustomer(deps.db, req.params.id);
        return { items: await listCustomerMerges(deps.db, req.params.id) };
      },
    });
  };
