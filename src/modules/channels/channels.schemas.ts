import { z } from 'zod';
import { channelTypes } from '../../platform/db/schema/index.js';
import { moneySchema } from '../../platform/http/schemas.js';

/** Credential names each connector needs (values are encrypted at rest and never returned). */
export const requiredCredentials: Record<(typeof channelTypes)[number], readonly string[]> = {
  shopify: ['accessToken', 'webhookSecret'],
  woocommerce: ['consumerKey', 'consumerSecret', 'webhookSecret'],
  bigcommerce: ['accessToken', 'webhookToken'],
  amazon: ['lwaClientId', 'lwaClientSecret', 'refreshToken'],
  pos: [],
};

const credentials = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), z.string().min(1).max(4000));
const settings = z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean()]));

export const createConnectionBody = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a lowercase channel name such as shopify-eu (it becomes the orders’ channel)'),
    type: z.enum(channelTypes),
    credentials: credentials.default({}),
    settings: settings.default({}),
  })
  .meta({ id: 'CreateChannelConnection' });

export const updateConnectionBody = z
  .object({ credentials: credentials.optional(), settings: settings.optional(), active: z.boolean().optional() })
  .meta({ id: 'UpdateChannelConnection' });

export const connectionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(channelTypes),
    settings: z.record(z.string(), z.unknown()),
    credentialNames: z.array(z.string()).describe('Which credentials are stored; their values are never returned'),
    active: z.boolean(),
    webhookPath: z.string().nullable().describe('Where the platform sends its webhooks (relative to the server)'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ChannelConnection' });

export const skuMappingSchema = z.object({
  externalSku: z.string().min(1).max(200),
  sku: z.string().min(1).max(64),
  externalInventoryId: z.string().max(200).optional().describe('e.g. Shopify gid://shopify/InventoryItem/…, for the availability push'),
});

export const syncLogSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    topic: z.string(),
    externalId: z.string().nullable(),
    outcome: z.string(),
    message: z.string().nullable(),
  })
  .meta({ id: 'ChannelSyncLogEntry' });

export const channelOrderSchema = z
  .object({
    externalId: z.string(),
    externalName: z.string().nullable(),
    state: z.enum(['placed', 'held', 'cancelled']),
    orderId: z.string().nullable(),
    holdType: z.string().nullable(),
    holdReason: z.string().nullable(),
    externalUpdatedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ChannelOrder' });

export const channelRefundSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    externalRefundId: z.string().nullable().describe('The platform’s refund id'),
    returnId: z.string().nullable().describe('Outbound: the Ordo return whose settlement was pushed'),
    state: z.enum(['pending', 'synced', 'refused']).describe('Outbound: `pending` while the push is being sent (recorded before the platform is called), `synced` once the platform’s refund is recorded, `refused` when the platform refused it (see the errors). Inbound: `synced`'),
    amount: moneySchema,
    lines: z.array(z.object({ externalLineId: z.string(), quantity: z.number().int() })),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ChannelRefund' });
