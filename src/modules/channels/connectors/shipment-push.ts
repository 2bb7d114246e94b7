import type { ChannelOrder } from '../../../domain/channels/channel-order.js';
import type { ShippedLine } from './shopify-push.js';

/** What an outbound connector sends when an order (or part of it) shipped. */
export interface ShipmentPush {
  order: ChannelOrder;
  shipped: ShippedLine[];
  tracking: { carrierCode: string; trackingNumbers: string[] } | null;
  /** Nothing is left to ship on the order after this shipment. */
  complete: boolean;
}
