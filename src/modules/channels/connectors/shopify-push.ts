import type { ChannelOrder } from '../../../domain/channels/channel-order.js';
import { ChannelApiError, FULFILLMENT_CREATE, FULFILLMENT_ORDERS, INVENTORY_SET_QUANTITIES, ORDER_CANCEL, orderGid, SHOPIFY_INVENTORY_BATCH, type FulfillmentOrdersData, type ShopifyAdmin, type UserErrors } from './shopify-admin.js';

/** Shopify's names for carriers it recognizes (tracking links in the customer's notification). */
const shopifyCompany: Record<string, string> = { ups: 'UPS', usps: 'USPS', fedex: 'FedEx', dhl: 'DHL Express', dhl_express: 'DHL Express', dpd: 'DPD', gls: 'GLS', royal_mail: 'Royal Mail', canada_post: 'Canada Post' };

export interface ShippedLine {
  /** The channel line id (Shopify LineItem id) and how many of it shipped. */
  externalLineId: string;
  quantity: number;
}

/**
 * Pushes a shipment as a Shopify fulfillment: reads the order's fulfillment orders, assigns the shipped
 * quantities to their open line items, and creates one fulfillment with the tracking info. A retry
 * after a lost answer finds nothing left open and does nothing ('already').
 */
export async function pushShopifyFulfillment(api: ShopifyAdmin, order: ChannelOrder, shipped: ShippedLine[], tracking: { carrierCode: string; trackingNumbers: string[] } | null): Promise<{ outcome: 'pushed' | 'already'; message: string }> {
  const data = await api.graphql<FulfillmentOrdersData>(FULFILLMENT_ORDERS, { id: orderGid(order.externalId) });
  if (!data.order) throw new ChannelApiError(`Shopify has no order ${order.externalId}`, false);
  const want = new Map<string, number>();
  for (const s of shipped) want.set(`gid://shopify/LineItem/${s.externalLineId}`, (want.get(`gid://shopify/LineItem/${s.externalLineId}`) ?? 0) + s.quantity);
  const byFo: Array<{ fulfillmentOrderId: string; fulfillmentOrderLineItems: Array<{ id: string; quantity: number }> }> = [];
  for (const fo of data.order.fulfillmentOrders.nodes) {
    if (!['OPEN', 'IN_PROGRESS'].includes(fo.status)) continue;
    const items: Array<{ id: string; quantity: number }> = [];
    for (const li of fo.lineItems.nodes) {
      const left = want.get(li.lineItem.id) ?? 0;
      const q = Math.min(left, li.remainingQuantity);
      if (q > 0) {
        items.push({ id: li.id, quantity: q });
        want.set(li.lineItem.id, left - q);
      }
    }
    if (items.length) byFo.push({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: items });
  }
  if (byFo.length === 0) return { outcome: 'already', message: 'nothing left open on the Shopify fulfillment orders' };
  const trackingInfo = tracking
    ? { company: shopifyCompany[tracking.carrierCode] ?? shopifyCompany[tracking.carrierCode.split('-').pop()!] ?? tracking.carrierCode, numbers: tracking.trackingNumbers }
    : undefined;
  const out = await api.graphql<{ fulfillmentCreate: UserErrors & { fulfillment: { id: string } | null } }>(FULFILLMENT_CREATE, {
    fulfillment: { lineItemsByFulfillmentOrder: byFo, notifyCustomer: true, ...(trackingInfo ? { trackingInfo } : {}) },
  });
  refuseUserErrors(out.fulfillmentCreate);
  return { outcome: 'pushed', message: `fulfillment ${out.fulfillmentCreate.fulfillment?.id ?? '?'}${tracking ? ` tracking ${tracking.trackingNumbers.join(', ')}` : ''}` };
}

/** Cancels the order on Shopify (no refund here: refunds follow Ordo's payment refunds; stock restocked). */
export async function pushShopifyCancel(api: ShopifyAdmin, order: ChannelOrder, reason: string): Promise<{ outcome: 'pushed'; message: string }> {
  const out = await api.graphql<{ orderCancel: { job: { id: string } | null; orderCancelUserErrors: Array<{ field: string[] | null; message: string; code: string }> } }>(ORDER_CANCEL, {
    orderId: orderGid(order.externalId),
    reason: 'OTHER',
    refund: false,
    restock: true,
    notifyCustomer: true,
  });
  if (out.orderCancel.orderCancelUserErrors.length) throw new ChannelApiError(`Shopify refused: ${out.orderCancel.orderCancelUserErrors.map((e) => `${e.code} ${e.message}`).join('; ')}`, false);
  return { outcome: 'pushed', message: `cancel job ${out.orderCancel.job?.id ?? '?'} (${reason.slice(0, 200)})` };
}

/** Sets `available` at one Shopify location, at most 250 items per mutation; returns the number of calls. */
export async function pushShopifyAvailability(api: ShopifyAdmin, locationId: string, items: Array<{ inventoryItemId: string; quantity: number }>): Promise<number> {
  let calls = 0;
  for (let i = 0; i < items.length; i += SHOPIFY_INVENTORY_BATCH) {
    const batch = items.slice(i, i + SHOPIFY_INVENTORY_BATCH);
    const out = await api.graphql<{ inventorySetQuantities: UserErrors }>(INVENTORY_SET_QUANTITIES, {
      input: { name: 'available', reason: 'correction', ignoreCompareQuantity: true, quantities: batch.map((b) => ({ inventoryItemId: b.inventoryItemId, locationId, quantity: Math.max(0, b.quantity) })) },
    });
    refuseUserErrors(out.inventorySetQuantities);
    calls++;
  }
  return calls;
}

function refuseUserErrors(r: UserErrors) {
  if (r.userErrors?.length) throw new ChannelApiError(`Shopify refused: ${r.userErrors.map((e) => `${(e.field ?? []).join('.')} ${e.message}`).join('; ')}`, false);
}
