import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/context.js';
import { access, type Actor } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import {
  carrierCode,
  carrierSchema,
  createCarrierBody,
  createServiceBody,
  putShippingProfileBody,
  quoteBody,
  quoteSchema,
  serviceSchema,
  shippingProfileSchema,
  customsDestinationBody,
  customsDestinationSchema,
  customsPreviewBody,
  declarationSchema,
  fxRateSchema,
  putFxRateBody,
  updateCarrierBody,
  updateServiceBody,
} from './shipping.schemas.js';
import { createCarrier, createService, listCarriers, listServices, updateCarrier, updateService } from './carriers.service.js';
import { getShippingProfile, putShippingProfile } from './shipping-profiles.js';
import { quoteShipping } from './quote-shipping.js';
import { getCustomsDestination, listCustomsDestinations, listFxRates, previewDeclaration, putCustomsDestination, putFxRate } from './customs.service.js';
import { countryCode, currencyCode } from '../../platform/http/schemas.js';

export const shippingRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['shipping'];
    const ctx = (req: { actor: Actor; id: string }) => ({ ...deps, actor: req.actor, requestId: req.id });
    const carrierParams = z.object({ carrier: carrierCode });

    app.get('/carriers', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'List carriers', response: { 200: z.object({ items: z.array(carrierSchema) }), ...errorResponses } },
      handler: async () => ({ items: await listCarriers(deps.db) }),
    });
    app.post('/carriers', {
      config: { roles: access.shippingManage },
      schema: { tags, summary: 'Add a carrier', body: createCarrierBody, response: { 201: carrierSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await createCarrier(ctx(req), req.body)),
    });
    app.patch('/carriers/:carrier', {
      config: { roles: access.shippingManage },
      schema: { tags, summary: 'Update a carrier', params: carrierParams, body: updateCarrierBody, response: { 200: carrierSchema, ...errorResponses } },
      handler: async (req) => updateCarrier(ctx(req), req.params.carrier, req.body),
    });
    app.get('/carriers/:carrier/services', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'List a carrier’s services with rate tables and transit times', params: carrierParams, response: { 200: z.object({ items: z.array(serviceSchema) }), ...errorResponses } },
      handler: async (req) => ({ items: await listServices(deps.db, req.params.carrier) }),
    });
    app.post('/carriers/:carrier/services', {
      config: { roles: access.shippingManage },
      schema: { tags, summary: 'Add a service with its rate table, transit days and calendar', params: carrierParams, body: createServiceBody, response: { 201: serviceSchema, ...errorResponses } },
      handler: async (req, reply) => reply.code(201).send(await createService(ctx(req), req.params.carrier, req.body)),
    });
    app.patch('/carriers/:carrier/services/:service', {
      config: { roles: access.shippingManage },
      schema: { tags, summary: 'Update a service', params: carrierParams.extend({ service: carrierCode }), body: updateServiceBody, response: { 200: serviceSchema, ...errorResponses } },
      handler: async (req) => updateService(ctx(req), req.params.carrier, req.params.service, req.body),
    });
    app.get('/locations/:code/shipping-profile', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'A location’s shipping calendar, cut-off and processing days', params: z.object({ code: z.string().min(1).max(32) }), response: { 200: shippingProfileSchema, ...errorResponses } },
      handler: async (req) => getShippingProfile(deps.db, req.params.code),
    });
    app.put('/locations/:code/shipping-profile', {
      config: { roles: access.shippingManage },
      schema: { tags, summary: 'Set a location’s shipping calendar, cut-off and processing days', params: z.object({ code: z.string().min(1).max(32) }), body: putShippingProfileBody, response: { 200: shippingProfileSchema, ...errorResponses } },
      handler: async (req) => putShippingProfile(ctx(req), req.params.code, req.body),
    });
    app.post('/shipping/quote', {
      config: { roles: access.shippingQuote },
      schema: {
        tags,
        summary: 'Rate-shop a shipment and estimate its delivery date',
        description: 'Every active service rated for the parcels, with ship and delivery dates from the location’s cut-off and calendars; the cheapest that meets `promisedDate` (or of the paid `level`) is chosen.',
        body: quoteBody,
        response: { 200: quoteSchema, ...errorResponses },
      },
      handler: async (req) => quoteShipping(deps.db, deps.clock.now(), req.body),
    });
    app.get('/customs/destinations', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Destination countries with duty, VAT, CN22 limits and restricted goods', response: { 200: z.object({ items: z.array(customsDestinationSchema) }), ...errorResponses } },
      handler: async () => ({ items: await listCustomsDestinations(deps.db) }),
    });
    app.get('/customs/destinations/:country', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'A destination country’s customs rules', params: z.object({ country: countryCode }), response: { 200: customsDestinationSchema, ...errorResponses } },
      handler: async (req) => getCustomsDestination(deps.db, req.params.country),
    });
    app.put('/customs/destinations/:country', {
      config: { roles: access.shippingManage },
      schema: { tags, summary: 'Set a destination country’s customs rules', params: z.object({ country: countryCode }), body: customsDestinationBody, response: { 200: customsDestinationSchema, ...errorResponses } },
      handler: async (req) => putCustomsDestination(ctx(req), req.params.country, req.body),
    });
    app.get('/fx-rates', {
      config: { roles: access.anyone },
      schema: { tags, summary: 'Exchange rates used for declared values', response: { 200: z.object({ items: z.array(fxRateSchema) }), ...errorResponses } },
      handler: async () => ({ items: await listFxRates(deps.db) }),
    });
    app.put('/fx-rates/:from/:to', {
      config: { roles: access.shippingManage },
      schema: { tags, summary: 'Set an exchange rate (units of `to` per unit of `from`)', params: z.object({ from: currencyCode, to: currencyCode }), body: putFxRateBody, response: { 200: fxRateSchema, ...errorResponses } },
      handler: async (req) => putFxRate(ctx(req), req.params.from, req.params.to, req.body.rate),
    });
    app.post('/customs/preview', {
      config: { roles: access.shippingQuote },
      schema: {
        tags,
        summary: 'The customs declaration for a parcel: items, totals, CN22/CN23, duty and VAT estimate',
        description: 'Refuses (422) goods the destination restricts, naming the lines.',
        body: customsPreviewBody,
        response: { 200: declarationSchema, ...errorResponses },
      },
      handler: async (req) => previewDeclaration(deps.db, req.body),
    });
  };
