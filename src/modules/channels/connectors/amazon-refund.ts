import { minorToDecimal } from '../../../domain/exchange/csv.js';
import type { ConnectionRow } from '../channels.repository.js';
import type { RefundProgress, RefundPush, RefundResult } from './refund-push.js';
import type { amazonSpApi } from './amazon-sp-api.js';
import { ChannelApiError } from './shopify-admin.js';

export const AMAZON_ADJUSTMENT_FEED = 'POST_PAYMENT_ADJUSTMENT_DATA';
const CONTENT_TYPE = 'text/xml; charset=UTF-8';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The OrderAdjustment feed (XML, `POST_PAYMENT_ADJUSTMENT_DATA`) refunding a return: one message for
 * the order, one AdjustedItem per returned order item (AmazonOrderItemCode = the order item id),
 * reason `CustomerReturn`, the item's share as the `Principal` component, and Ordo's key in each
 * item's MerchantAdjustmentItemID (`<return id without dashes>-<n>`, within the field's 40 characters).
 */
export function adjustmentFeedXml(sellerId: string, p: RefundPush): string {
  const base = p.key.replace(/^ordo-refund-/, '').replace(/-/g, '');
  const items = p.lines
    .map(
      (l, i) =>
        `<AdjustedItem><AmazonOrderItemCode>${xml(l.externalLineId)}</AmazonOrderItemCode><MerchantAdjustmentItemID>${base}-${i + 1}</MerchantAdjustmentItemID><AdjustmentReason>CustomerReturn</AdjustmentReason>` +
        `<ItemPriceAdjustments><Component><Type>Principal</Type><Amount currency="${xml(p.currency)}">${minorToDecimal(l.amount, p.currency)}</Amount></Component></ItemPriceAdjustments><Quantity>${l.quantity}</Quantity></AdjustedItem>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">` +
    `<Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${xml(sellerId)}</MerchantIdentifier></Header><MessageType>OrderAdjustment</MessageType>` +
    `<Message><MessageID>1</MessageID><OrderAdjustment><AmazonOrderID>${xml(p.order.externalId)}</AmazonOrderID><ActionType>Refund</ActionType>${items}</OrderAdjustment></Message></AmazonEnvelope>`
  );
}

/**
 * Amazon has no refund call in the Orders API: the refund is an OrderAdjustment feed, sent as
 * createFeedDocument → upload to the presigned URL → createFeed (LWA token reused as for every call).
 * The feed id is the refund's external id (Amazon applies the adjustment asynchronously).
 *
 * Idempotent: before createFeed the time is saved in the push's progress (committed). A retry that
 * finds that mark lists the adjustment feeds created since then (getFeeds): one that no Ordo refund
 * of this connection has recorded is taken as this push's feed (`already`) rather than sending a
 * second adjustment. Only when no such feed exists is the feed created again. (The Feeds API does not
 * return a feed's input document, so the link is by type and time: an adjustment feed someone else
 * submitted in that window would be taken for Ordo's — the error is then a missing refund, never a
 * second one.)
 */
export async function pushAmazonRefund(api: ReturnType<typeof amazonSpApi>, conn: ConnectionRow, p: RefundPush, progress: RefundProgress): Promise<RefundResult> {
  const sellerId = String((conn.settings as { sellerId?: string }).sellerId ?? '');
  if (!sellerId) throw new ChannelApiError('Amazon refunds need the connection setting sellerId (the MerchantIdentifier of the adjustment feed)', false);
  const marketplaceIds = api.marketplaceIds.split(',');
  const since = progress.state.submittingSince;
  if (since) {
    const { feeds } = await api.getFeeds({ feedTypes: AMAZON_ADJUSTMENT_FEED, marketplaceIds: marketplaceIds.join(','), createdSince: since });
    const candidates = (feeds ?? []).filter((f) => f.feedType === AMAZON_ADJUSTMENT_FEED && Date.parse(f.createdTime) >= Date.parse(since));
    const known = await progress.recorded(candidates.map((f) => f.feedId));
    const mine = candidates.find((f) => !known.has(f.feedId));
    if (mine) return { outcome: 'already', message: `adjustment feed ${mine.feedId} already submitted to Amazon (${p.key})`, externalRefundId: mine.feedId };
  }
  const content = adjustmentFeedXml(sellerId, p);
  const doc = await api.createFeedDocument(CONTENT_TYPE);
  await api.uploadFeedDocument(doc.url, CONTENT_TYPE, content);
  // Amazon's createdTime is its own clock: a minute of slack before our mark.
  await progress.save({ feedDocumentId: doc.feedDocumentId, submittingSince: since ?? new Date(Date.now() - 60_000).toISOString() });
  const feed = await api.createFeed({ feedType: AMAZON_ADJUSTMENT_FEED, marketplaceIds, inputFeedDocumentId: doc.feedDocumentId });
  return { outcome: 'pushed', message: `adjustment feed ${feed.feedId} (${minorToDecimal(p.amount, p.currency)} ${p.currency}, ${p.lines.length} item(s))`, externalRefundId: feed.feedId };
}
