import type { ChannelOrder } from '../../../domain/channels/channel-order.js';
import type { ConnectionRow } from '../channels.repository.js';
import { shopifyAdmin } from './shopify-admin.js';
import { pushShopifyCancel, pushShopifyFulfillment, type ShippedLine } from './shopify-push.js';
import { pushWooCancel, pushWooFulfillment, wooRest } from './woocommerce-push.js';
import { amazonSpApi } from './amazon-sp-api.js';
import { bigcommerceApi, pushBigcommerceCancel, pushBigcommerceShipment } from './bigcommerce.js';
import { ChannelApiError } from './shopify-admin.js';
import { pushShopifyRefund } from './shopify-refund.js';
import { pushWooRefund } from './woocommerce-refund.js';
import { pushBigcommerceRefund } from './bigcommerce-refund.js';
import { pushAmazonRefund } from './amazon-refund.js';
import type { RefundProgress, RefundPush, RefundResult } from './refund-push.js';

export type { ShipmentPush } from './shipment-push.js';
export type { RefundProgress, RefundPush, RefundResult } from './refund-push.js';
import type { ShipmentPush } from './shipment-push.js';

type Result = Promise<{ outcome: string; message: string }>;

/** What each platform does with a shipment and a cancellation made in Ordo. */
export interface OutboundConnector {
  fulfillment(conn: ConnectionRow, creds: Record<string, string>, push: ShipmentPush): Result;
  cancel(conn: ConnectionRow, creds: Record<string, string>, order: ChannelOrder, reason: string): Result;
  /**
   * Gives money back on the platform for a return settled in Ordo (platforms without it: not pushed).
   * Must first look for a refund carrying `push.key` on the platform and return it (`already`)
   * instead of creating a second one: it is called again after any failure.
   */
  refund?(conn: ConnectionRow, creds: Record<string, string>, push: RefundPush, progress: RefundProgress): Promise<RefundResult>;
}

export const outboundConnectors: Partial<Record<ConnectionRow['type'], OutboundConnector>> = {
  shopify: {
    fulfillment: (conn, creds, p) => pushShopifyFulfillment(shopifyAdmin(conn, creds), p.order, p.shipped, p.tracking),
    cancel: (conn, creds, order, reason) => pushShopifyCancel(shopifyAdmin(conn, creds), order, reason),
    refund: (conn, creds, p) => pushShopifyRefund(shopifyAdmin(conn, creds), p),
  },
  woocommerce: {
    fulfillment: (conn, creds, p) => pushWooFulfillment(wooRest(conn, creds), p.order, p.tracking, p.complete),
    cancel: (conn, creds, order) => pushWooCancel(wooRest(conn, creds), order),
    refund: (conn, creds, p) => pushWooRefund(wooRest(conn, creds), p, (conn.settings as { refundViaGateway?: boolean }).refundViaGateway !== false),
  },
};

/** Amazon: confirmShipment with the order item ids and quantities; cancellations go through the Feeds API (not yet). */
outboundConnectors.amazon = {
  async fulfillment(conn, creds, p) {
    const api = amazonSpApi(conn, creds);
    const carrier = p.tracking?.carrierCode ?? 'Other';
    await api.confirmShipment(p.order.externalId, {
      marketplaceId: api.marketplaceIds.split(',')[0],
      packageDetail: {
        packageReferenceId: '1',
        carrierCode: amazonCarrier[carrier] ?? amazonCarrier[carrier.split('-').pop()!] ?? 'Other',
        ...(amazonCarrier[carrier] ?? amazonCarrier[carrier.split('-').pop()!] ? {} : { carrierName: carrier }),
        trackingNumber: p.tracking?.trackingNumbers[0] ?? '',
        shipDate: new Date().toISOString(),
        orderItems: p.shipped.map((s) => ({ orderItemId: s.externalLineId, quantity: s.quantity })),
      },
    });
    return { outcome: 'pushed', message: `shipment confirmed${p.tracking ? ` tracking ${p.tracking.trackingNumbers.join(', ')}` : ''}` };
  },
  refund: (conn, creds, p, progress) => pushAmazonRefund(amazonSpApi(conn, creds), conn, p, progress),
  async cancel() {
    throw new ChannelApiError('Amazon order cancellation needs the Feeds API (POST_ORDER_ACKNOWLEDGEMENT_DATA): not supported yet, cancel it in Seller Central', false);
  },
};

const amazonCarrier: Record<string, string> = { ups: 'UPS', usps: 'USPS', fedex: 'FedEx', dhl: 'DHL', dpd: 'DPD', gls: 'GLS', royal_mail: 'Royal Mail' };

outboundConnectors.bigcommerce = {
  fulfillment: (conn, creds, p) => pushBigcommerceShipment(bigcommerceApi(conn, creds), p),
  cancel: (conn, creds, order) => pushBigcommerceCancel(bigcommerceApi(conn, creds), order.externalId),
  refund: (conn, creds, p) => pushBigcommerceRefund(bigcommerceApi(conn, creds, fetch, 'v3'), p),
};
