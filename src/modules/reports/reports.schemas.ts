import { z } from 'zod';
import { moneySchema } from '../../platform/http/schemas.js';
import { isTimeZone } from '../../domain/local-time.js';

export const dashboardQuery = z.object({
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .default('UTC')
    .describe('Time zone that defines “today” and the week (ISO, starting Monday)'),
});

const money = moneySchema.nullable().describe('null for the warehouse role');
const openStatuses = ['placed', 'confirmed', 'processing', 'partially_shipped'] as const;
export const backlogStatuses = openStatuses;

export const dashboardSchema = z
  .object({
    generatedAt: z.string(),
    currency: z.string().describe('The dominant currency (most orders in the last 14 days); revenue is in it'),
    today: z.object({ orders: z.number().int(), revenue: money }),
    week: z.object({ orders: z.number().int(), revenue: money }),
    byChannel: z.array(
      z.object({ channel: z.string(), ordersToday: z.number().int(), ordersWeek: z.number().int(), revenueToday: money, revenueWeek: money }),
    ),
    ordersPerDay: z.array(z.object({ date: z.string(), orders: z.number().int(), revenue: money })).describe('The last 14 days, oldest first'),
    backlog: z.array(
      z.object({
        status: z.enum(openStatuses),
        count: z.number().int(),
        ageBuckets: z.object({ under1d: z.number().int(), from1to3d: z.number().int(), over3d: z.number().int() }),
      }),
    ),
    onHold: z.number().int().describe('Orders with at least one active hold'),
    lowStock: z.array(
      z.object({ sku: z.string(), name: z.string(), locationCode: z.string(), available: z.number().int(), reorderPoint: z.number().int() }),
    ),
  })
  .meta({ id: 'Dashboard' });

export type DashboardJson = z.infer<typeof dashboardSchema>;
