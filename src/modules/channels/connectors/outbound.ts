import type { ChannelOrder } from '../../../domain/channels/channel-order.js';
import type { ConnectionRow } from '../channels.repository.js';
import { shopifyAdmin } from './shopify-admin.js';
import { pushShopifyCancel, pushShopifyFulfillment, type ShippedLine } from './shopify-push.js';
import { pushWooCancel, pushWooFulfillment, wooRest } from './woocommerce-push.js';

export interface ShipmentPush {
  order: ChannelOrder;
  shipped: ShippedLine[];
  tracking: { carrierCode: string; trackingNumbers: string[] } | null;
  /** Nothing is left to ship on the order after this shipment. */
  complete: boolean;
}

type Result = Promise<{ outcome: string; message: string }>;

/** What each platform does with a shipment and a cancellation made in Ordo. */
export interface OutboundConnector {
  fulfillment(conn: ConnectionRow, creds: Record<string, string>, push: ShipmentPush): Result;
  cancel(conn: ConnectionRow, creds: Record<string, string>, order: ChannelOrder, reason: string): Result;
}

export const outboundConnectors: Partial<Record<ConnectionRow['type'], OutboundConnector>> = {
  shopify: {
    fulfillment: (conn, creds, p) => pushShopifyFulfillment(shopifyAdmin(conn, creds), p.order, p.shipped, p.tracking),
    cancel: (conn, creds, order, reason) => pushShopifyCancel(shopifyAdmin(conn, creds), order, reason),
  },
  woocommerce: {
    fulfillment: (conn, creds, p) => pushWooFulfillment(wooRest(conn, creds), p.order, p.tracking, p.complete),
    cancel: (conn, creds, order) => pushWooCancel(wooRest(conn, creds), order),
  },
};
