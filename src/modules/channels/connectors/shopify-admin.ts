import type { ConnectionRow } from '../channels.repository.js';

/**
 * Shopify GraphQL Admin API client for one connection: `POST {apiBase}/admin/api/{version}/graphql.json`
 * with `X-Shopify-Access-Token`. `apiBase` defaults to `https://{shopDomain}` (tests point it at a
 * loopback fake). A GraphQL `errors` array, an HTTP error or `userErrors` are thrown as ChannelApiError.
 */
export class ChannelApiError extends Error {
  override name = 'ChannelApiError';
  constructor(
    message: string,
    /** Worth retrying later (throttled, 5xx, network) rather than a refusal of the request itself. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface ShopifyAdmin {
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
}

export function shopifyAdmin(conn: ConnectionRow, creds: Record<string, string>, fetchFn: typeof fetch = fetch): ShopifyAdmin {
  const s = conn.settings as { shopDomain?: string; apiBase?: string; apiVersion?: string };
  const base = (s.apiBase ?? `https://${s.shopDomain}`).replace(/\/$/, '');
  const url = `${base}/admin/api/${s.apiVersion ?? '2025-07'}/graphql.json`;
  return {
    async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      let res: Response;
      try {
        res = await fetchFn(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': creds.accessToken! },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (e) {
        throw new ChannelApiError(`Shopify did not answer: ${(e as Error).message}`, true);
      }
      const text = await res.text();
      if (!res.ok) throw new ChannelApiError(`Shopify answered HTTP ${res.status}`, res.status === 429 || res.status >= 500);
      const body = JSON.parse(text) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      if (body.errors?.length) {
        const throttled = body.errors.some((e) => e.extensions?.code === 'THROTTLED');
        throw new ChannelApiError(`Shopify GraphQL: ${body.errors.map((e) => e.message).join('; ')}`, throttled);
      }
      return body.data as T;
    },
  };
}

export const orderGid = (externalId: string) => (externalId.startsWith('gid://') ? externalId : `gid://shopify/Order/${externalId}`);

export const FULFILLMENT_ORDERS = `query OrdoFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 50) {
      nodes { id status lineItems(first: 250) { nodes { id remainingQuantity lineItem { id sku } } } }
    }
  }
}`;

export const FULFILLMENT_CREATE = `mutation OrdoFulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status trackingInfo(first: 10) { company number url } }
    userErrors { field message }
  }
}`;

export const ORDER_CANCEL = `mutation OrdoOrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!, $notifyCustomer: Boolean) {
  orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock, notifyCustomer: $notifyCustomer) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;

export const INVENTORY_SET_QUANTITIES = `mutation OrdoInventorySetQuantities($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { reason changes { name delta } }
    userErrors { code field message }
  }
}`;

/** inventorySetQuantities accepts at most 250 quantities per call. */
export const SHOPIFY_INVENTORY_BATCH = 250;

export interface FulfillmentOrdersData {
  order: { id: string; fulfillmentOrders: { nodes: Array<{ id: string; status: string; lineItems: { nodes: Array<{ id: string; remainingQuantity: number; lineItem: { id: string; sku: string | null } }> } }> } } | null;
}
export interface UserErrors {
  userErrors?: Array<{ field: string[] | null; message: string }>;
}

/** The order's successful sale/capture transactions: the parent a refund transaction must name. */
export const ORDER_TRANSACTIONS = `query OrdoOrderTransactions($id: ID!) {
  order(id: $id) {
    id
    transactions(first: 50) { id kind status gateway amountSet { shopMoney { amount currencyCode } } }
  }
}`;

export const REFUND_CREATE = `mutation OrdoRefundCreate($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`;

export interface OrderTransactionsData {
  order: { id: string; transactions: Array<{ id: string; kind: string; status: string; gateway: string; amountSet: { shopMoney: { amount: string; currencyCode: string } } }> } | null;
}

/** The order's refunds with their notes: where a retried push finds the refund it made (its key is in the note). */
export const ORDER_REFUNDS = `query OrdoOrderRefunds($id: ID!) {
  order(id: $id) {
    id
    refunds(first: 250) { id note createdAt }
  }
}`;

export interface OrderRefundsData {
  order: { id: string; refunds: Array<{ id: string; note: string | null; createdAt: string }> } | null;
}
