import { payloadText } from '../support/payloads.js';
import { describe, expect, it } from 'vitest';
import { parseEasypostEvent, parseShippoTrack } from '../../src/modules/shipping/carriers/tracking-payloads.js';
import { easypostSignature, verifyEasypost, verifyShippoToken } from '../../src/modules/shipping/carriers/webhook-signatures.js';
import { isLate, latest } from '../../src/domain/shipping/tracking-events.js';

const payload = payloadText;

describe('EasyPost tracker.updated (real body from EasyPost’s examples)', () => {
  const raw = payload('easypost/guides__tracking-guide__json__tracking-webhook.json');
  const u = parseEasypostEvent(JSON.parse(raw))!;
  it('normalises every tracking detail in order and ends delivered, with the signer', () => {
    expect(u.trackingNumber).toBe('EZ4000000004');
    expect(u.carrier).toBe('UPS');
    expect(u.events.map((e) => e.status)).toEqual(['label_created', 'in_transit', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
    expect(u.events[1]).toMatchObject({ carrierStatus: 'in_transit', message: 'ORIGIN SCAN', location: 'SOUTH SAN FRANCISCO, CA, US' });
    // The sample stamps its delivery before the scans; the tracker's own status is what counts.
    expect(u.current).toBe('delivered');
    expect(latest(u.events)?.status).toBe('out_for_delivery');
    expect(u.proofOfDelivery).toEqual({ signedBy: 'John Tester', reference: null });
    expect(u.estimatedDelivery).toBe('2014-11-27T00:00:00Z');
  });
  it('gives a stable update id for deduplication, and ignores events that are not about trackers', () => {
    expect(parseEasypostEvent(JSON.parse(raw))!.updateId).toBe(u.updateId);
    const batch = JSON.parse(payload('easypost/guides__batch-guide__json__batch-webhooks.json'));
    expect(parseEasypostEvent(Array.isArray(batch) ? batch[0] : batch)).toBeNull();
  });
  it('verifies the HMAC signature over the raw body and rejects anything else', () => {
    const sig = easypostSignature(raw, 'whsec-Ordo');
    expect(sig).toMatch(/^hmac-sha256-hex=[0-9a-f]{64}$/);
    expect(verifyEasypost(raw, sig, 'whsec-Ordo')).toBe(true);
    expect(verifyEasypost(raw + ' ', sig, 'whsec-Ordo')).toBe(false);
    expect(verifyEasypost(raw, sig, 'other-secret')).toBe(false);
    expect(verifyEasypost(raw, undefined, 'whsec-Ordo')).toBe(false);
  });
});

describe('Shippo track (real recorded API response)', () => {
  const track = JSON.parse(payload('shippo/track_test_get_status_response.json'));
  it('normalises the history, recognising out-for-delivery from the text, and ends delivered', () => {
    const u = parseShippoTrack(track)!;
    expect(u).toMatchObject({ carrier: 'usps', trackingNumber: '9205590164917337534322', estimatedDelivery: '2016-12-08T00:00:00Z' });
    expect(u.events[0]).toMatchObject({ status: 'label_created', carrierStatus: 'UNKNOWN' });
    expect(u.events.filter((e) => e.status === 'out_for_delivery')).toHaveLength(1);
    expect(u.current).toBe('delivered');
    expect(latest(u.events)).toMatchObject({ status: 'delivered', location: 'Berkeley, CA, US' });
    expect(u.proofOfDelivery?.reference).toBe(track.tracking_status.object_id);
  });
  it('reads the same Track inside a track_updated webhook envelope, and nothing else', () => {
    expect(parseShippoTrack({ event: 'track_updated', test: true, data: track })).toEqual(parseShippoTrack(track));
    expect(parseShippoTrack({ event: 'transaction_created', data: track })).toBeNull();
  });
  it('checks the webhook token in constant time', () => {
    expect(verifyShippoToken('tok_123', 'tok_123')).toBe(true);
    expect(verifyShippoToken('tok_124', 'tok_123')).toBe(false);
    expect(verifyShippoToken(undefined, 'tok_123')).toBe(false);
  });
});

describe('late detection', () => {
  it('is late when the estimate passes the promise, or the promise passed undelivered', () => {
    expect(isLate({ promisedDate: '2026-12-01', estimatedDelivery: '2026-12-02T00:00:00Z', status: 'in_transit', today: '2026-11-28' })).toBe(true);
    expect(isLate({ promisedDate: '2026-12-01', estimatedDelivery: '2026-12-01T18:00:00Z', status: 'in_transit', today: '2026-11-28' })).toBe(false);
    expect(isLate({ promisedDate: '2026-12-01', estimatedDelivery: null, status: 'exception', today: '2026-12-02' })).toBe(true);
    expect(isLate({ promisedDate: '2026-12-01', estimatedDelivery: null, status: 'delivered', today: '2026-12-05' })).toBe(false);
    expect(isLate({ promisedDate: null, estimatedDelivery: '2027-01-01', status: 'in_transit', today: '2026-12-05' })).toBe(false);
  });
});
