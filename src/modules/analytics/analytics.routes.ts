import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.js';
import { access } from '../../platform/auth/roles.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { salesReport, salesReportCsv } from './sales-report.js';
import { salesReportQuery, salesReportSchema } from './sales-report.schemas.js';
import { demandForecast, forecastQuery, forecastSchema } from './demand-forecast.js';
import { topQuery, topReport, topReportCsv, topSchema } from './top-report.js';
import { fulfillmentSpeed, fulfillmentSpeedCsv, fulfillmentSpeedQuery, fulfillmentSpeedSchema } from './fulfillment-speed.js';
import { onTimeDelivery, onTimeDeliveryCsv, onTimeDeliveryQuery, onTimeDeliverySchema } from './on-time-delivery.js';
import { backorderAgeing, backorderAgeingCsv, backorderAgeingQuery, backorderAgeingSchema } from './backorder-ageing.js';
import { sellThrough, sellThroughCsv, sellThroughQuery, sellThroughSchema } from './sell-through.js';
import { fulfillmentStageSpeed, fulfillmentStagesCsv, fulfillmentStagesQuery, fulfillmentStagesSchema } from './fulfillment-stages.js';
import { cohortsCsv, cohortsQuery, cohortsSchema, repeatCohorts } from './repeat-cohorts.js';
import { inventoryTurnover, inventoryTurnoverCsv, inventoryTurnoverQuery, inventoryTurnoverSchema } from './inventory-turnover.js';

/** Analytics reports over the roll-up tables (docs/reports.md). Money is shown to every role but warehouse. */
/** A report's CSV answer: text/csv as an attachment named `file`. */
const sendCsv = (reply: FastifyReply, file: string, csv: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}"`).send(csv);

export const analyticsRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/reports/sales', {
      config: { roles: ['admin', 'manager', 'support', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Orders, units and gross sales by day, ISO week, month, channel, country or fulfilling location (local days of ORDO_TIME_ZONE)',
        description: 'Gross sales = Σ quantity × unit price of sale lines with positive quantity and price. Cancellations and returns are reported beside it, never netted. Amounts are exact decimal strings. format=csv answers text/csv.',
        querystring: salesReportQuery,
        response: { 200: salesReportSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const report = await salesReport(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC', defaultCurrency: deps.sourcing?.currency ?? 'EUR' });
        if (req.query.format === 'csv') return sendCsv(reply, `sales-by-${req.query.groupBy}.csv`, salesReportCsv(report));
        return report;
      },
    });

    app.get('/reports/top', {
      config: { roles: ['admin', 'manager', 'support', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Top products or customers by gross sales in a date range (sale lines only; format=csv for text/csv)',
        querystring: topQuery,
        response: { 200: topSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await topReport(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC' });
        if (req.query.format === 'csv') return sendCsv(reply, `top-${r.by}s.csv`, topReportCsv(r));
        return r;
      },
    });

    app.get('/reports/forecast', {
      config: { roles: ['admin', 'manager', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Weekly demand of a SKU, its forecast with a prediction band, and the reorder point for a lead time and service level',
        description: 'Models: naive, SES, Holt damped, Holt-Winters (two years of history), Croston-SBA and TSB (intermittent demand), chosen by rolling-origin backtest.',
        querystring: forecastQuery,
        response: { 200: forecastSchema, ...errorResponses },
      },
      handler: async (req) => demandForecast(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC', today: deps.clock.now() }),
    });

    app.get('/reports/fulfillment-speed', {
      config: { roles: ['admin', 'manager', 'support', 'warehouse', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Placement → shipped (handed to the carrier): p50 / p90 / mean hours per ISO week and ship-from location (format=csv for text/csv)',
        querystring: fulfillmentSpeedQuery,
        response: { 200: fulfillmentSpeedSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await fulfillmentSpeed(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC' });
        if (req.query.format === 'csv') return sendCsv(reply, 'fulfillment-speed.csv', fulfillmentSpeedCsv(r));
        return r;
      },
    });

    app.get('/reports/fulfillment-stages', {
      config: { roles: ['admin', 'manager', 'support', 'warehouse', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Fulfillment speed per stage: placed → released → picked → packed → shipped → delivered, p50 / p90 / p99 hours per location (format=csv for text/csv)',
        description: 'Fulfillment orders (not rejected or cancelled) of the orders placed on [from, to] (local days); each stage over those that reached both its ends. Pickup orders: shipped = ready for pickup, delivered = collected.',
        querystring: fulfillmentStagesQuery,
        response: { 200: fulfillmentStagesSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await fulfillmentStageSpeed(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC' });
        if (req.query.format === 'csv') return sendCsv(reply, 'fulfillment-stages.csv', fulfillmentStagesCsv(r));
        return r;
      },
    });

    app.get('/reports/cohorts', {
      config: { roles: ['admin', 'manager', 'support', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Repeat-purchase cohorts: customers by month of first order and the share who ordered again in month +1 … +months (format=csv for text/csv)',
        description: 'A purchase is an order with a sale line not wholly cancelled; guest customers (orders without a customer of their own) are left out and counted in guestOrdersExcluded. Months are local (ORDO_TIME_ZONE).',
        querystring: cohortsQuery,
        response: { 200: cohortsSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await repeatCohorts(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC', today: deps.clock.now() });
        if (req.query.format === 'csv') return sendCsv(reply, 'cohorts.csv', cohortsCsv(r));
        return r;
      },
    });

    app.get('/reports/on-time-delivery', {
      config: { roles: ['admin', 'manager', 'support', 'warehouse', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'On-time delivery: share of orders delivered on or before their promised date, by day, ISO week, month, location or carrier (format=csv for text/csv)',
        description: 'An order counts on the local day its last shipment was delivered; promises are those the shipping module keeps (GET /orders/{id}/promise). Orders without a promise are counted as delivered but left out of the share.',
        querystring: onTimeDeliveryQuery,
        response: { 200: onTimeDeliverySchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await onTimeDelivery(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC' });
        if (req.query.format === 'csv') return sendCsv(reply, `on-time-delivery-by-${r.groupBy}.csv`, onTimeDeliveryCsv(r));
        return r;
      },
    });

    app.get('/reports/backorder-ageing', {
      config: { roles: ['admin', 'manager', 'support', 'warehouse', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Open backordered units per SKU and location by age since placement (0–2, 3–7, 8–14, 15–30, >30 local days), oldest first (format=csv for text/csv)',
        querystring: backorderAgeingQuery,
        response: { 200: backorderAgeingSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await backorderAgeing(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC', today: deps.clock.now() });
        if (req.query.format === 'csv') return sendCsv(reply, 'backorder-ageing.csv', backorderAgeingCsv(r));
        return r;
      },
    });

    app.get('/reports/sell-through', {
      config: { roles: ['admin', 'manager', 'warehouse', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Sell-through per SKU over a range (units sold / (sold + on hand)) and dead stock (on hand, no sale in deadDays), lowest first (format=csv for text/csv)',
        querystring: sellThroughQuery,
        response: { 200: sellThroughSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await sellThrough(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC', today: deps.clock.now() });
        if (req.query.format === 'csv') return sendCsv(reply, 'sell-through.csv', sellThroughCsv(r));
        return r;
      },
    });

    app.get('/reports/inventory-turnover', {
      config: { roles: ['admin', 'manager', 'warehouse', 'read-only', 'integration'] },
      schema: {
        tags: ['reports'],
        summary: 'Inventory turnover and days of cover per SKU × location over a period, from the movement ledger (format=csv for text/csv)',
        querystring: inventoryTurnoverQuery,
        response: { 200: inventoryTurnoverSchema.or(z.string()), ...errorResponses },
      },
      handler: async (req, reply) => {
        const r = await inventoryTurnover(deps.db, req.query, { timeZone: deps.timeZone ?? 'UTC', today: deps.clock.now() });
        if (req.query.format === 'csv') return sendCsv(reply, 'inventory-turnover.csv', inventoryTurnoverCsv(r));
        return r;
      },
    });
  };
