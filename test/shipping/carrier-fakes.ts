import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { payloadsDir } from '../support/payloads.js';
import PDFDocument from 'pdfkit';

/**
 * Loopback stand-ins for the EasyPost (REST v2) and Shippo APIs: they check the auth header, answer
 * with the documented response shapes (tracking with the real sample payloads) and record every
 * request Ordo sent, so tests can assert units, headers and how often a label was bought.
 */
export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface Fake {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

const PAYLOADS = payloadsDir.replace(/\/$/, '');
export const easypostTracker = JSON.parse(readFileSync(`${PAYLOADS}/easypost/docs__responses__trackers__trackers-create.json`, 'utf8'));
export const shippoTrack = JSON.parse(readFileSync(`${PAYLOADS}/shippo/track_test_get_status_response.json`, 'utf8'));

/** A one-page 4×6 PDF saying which provider made it. */
async function labelFile(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: [288, 432], margin: 18 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.fontSize(14).text(text);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function serve(handle: (req: Recorded, base: string) => Promise<{ status: number; body: unknown; type?: string }>): Promise<Fake> {
  const requests: Recorded[] = [];
  let base = '';
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const rec: Recorded = { method: req.method!, path: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
    if (!req.url!.startsWith('/files/')) requests.push(rec);
    const out = await handle(rec, base);
    res.writeHead(out.status, { 'content-type': out.type ?? 'application/json' });
    res.end(Buffer.isBuffer(out.body) ? out.body : JSON.stringify(out.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
  return { url: base, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const EASYPOST_KEY = 'EZTK0123456789abcdef';
export const SHIPPO_KEY = 'shippo_test_0123456789abcdef';

/** A pause the test puts on one provider call: `reached` resolves when the call arrives, `release()` lets it answer. */
export interface Hold {
  reached: Promise<void>;
  release(): void;
}

export interface EasypostFake extends Fake {
  purchases: () => number;
  /** The next label purchase (shipment or order buy) waits until released. */
  holdNextBuy(): Hold;
  /** Label downloads answer 500 while true. */
  failDownloads: boolean;
}

/**
 * EasyPost: shipments with rates, buy (a second buy of a bought shipment is refused with 422, as EasyPost
 * does), orders of several shipments (multi-parcel: rates for the whole order, bought by carrier + service),
 * refund per shipment, trackers.
 */
export async function fakeEasypost(): Promise<EasypostFake> {
  const shipments = new Map<string, any>();
  const orders = new Map<string, any>();
  let purchases = 0;
  let seq = 0;
  let hold: { arrive: () => void; gate: Promise<void> } | null = null;
  const state = { failDownloads: false };
  const waitIfHeld = async () => {
    const h = hold;
    if (!h) return;
    hold = null;
    h.arrive();
    await h.gate;
  };
  const pdf = await labelFile('EasyPost test label');
  const rateOf = (owner: string, n: number, carrier: string, service: string, price: string, days: number, shipmentId: string | null) => ({
    id: `rate_${owner}_${n}`, object: 'Rate', mode: 'test', shipment_id: shipmentId, carrier, carrier_account_id: `ca_${carrier}`, service,
    rate: price, currency: 'USD', retail_rate: null, list_rate: price, delivery_days: days, delivery_date: null, delivery_date_guaranteed: false, est_delivery_days: days,
  });
  const buyShipment = (sh: any, rate: any, base: string) => {
    purchases++;
    Object.assign(sh, {
      status: 'unknown',
      tracking_code: purchases === 1 ? easypostTracker.tracking_code : `EZ${String(1000000000 + purchases)}`,
      selected_rate: rate,
      postage_label: { object: 'PostageLabel', id: `pl_${sh.id}`, label_file_type: 'application/pdf', label_url: `${base}/files/${sh.id}.pdf`, label_pdf_url: `${base}/files/${sh.id}.pdf` },
    });
  };
  const fake = await serve(async (r, base) => {
    if (r.path.startsWith('/files/')) return state.failDownloads ? { status: 500, body: { error: 'storage unavailable' } } : { status: 200, body: pdf, type: 'application/pdf' };
    const expected = `Basic ${Buffer.from(`${EASYPOST_KEY}:`).toString('base64')}`;
    if (r.headers.authorization !== expected) return { status: 401, body: { error: { code: 'APIKEY.INACTIVE', message: 'This api key is no longer active.', errors: [] } } };
    let m: RegExpExecArray | null;
    if (r.method === 'POST' && r.path === '/v2/shipments') {
      const id = `shp_${String(++seq).padStart(8, '0')}`;
      const rate = (n: number, carrier: string, service: string, price: string, days: number) => ({
        id: `rate_${id}_${n}`, object: 'Rate', mode: 'test', shipment_id: id, carrier, carrier_account_id: `ca_${carrier}`, service,
        rate: price, currency: 'USD', retail_rate: null, list_rate: price, delivery_days: days, delivery_date: null, delivery_date_guaranteed: false, est_delivery_days: days,
      });
      const sh = {
        id, object: 'Shipment', mode: 'test', reference: r.body?.shipment?.reference ?? null, status: 'unknown', tracking_code: null, postage_label: null, selected_rate: null, refund_status: null,
        to_address: { id: 'adr_to', object: 'Address', ...r.body?.shipment?.to_address }, from_address: { id: 'adr_from', object: 'Address', ...r.body?.shipment?.from_address },
        parcel: { id: 'prcl_1', object: 'Parcel', ...r.body?.shipment?.parcel },
        rates: [rate(1, 'USPS', 'Priority', '7.58', 2), rate(2, 'UPS', 'Ground', '9.10', 5), rate(3, 'USPS', 'Express', '24.90', 1)],
        messages: [],
      };
      shipments.set(id, sh);
      return { status: 201, body: sh };
    }
    if ((m = /^\/v2\/shipments\/([^/]+)\/buy$/.exec(r.path)) && r.method === 'POST') {
      const sh = shipments.get(m[1]!);
      if (!sh) return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'The requested resource could not be found.', errors: [] } } };
      if (sh.postage_label) return { status: 422, body: { error: { code: 'SHIPMENT.POSTAGE.EXISTS', message: 'A postage label has already been purchased for this shipment.', errors: [] } } };
      const rate = sh.rates.find((x: any) => x.id === r.body?.rate?.id);
      if (!rate) return { status: 422, body: { error: { code: 'SHIPMENT.RATE.INVALID', message: 'Invalid rate.', errors: [] } } };
      await waitIfHeld();
      buyShipment(sh, rate, base);
      return { status: 200, body: sh };
    }
    if (r.method === 'POST' && r.path === '/v2/orders') {
      const id = `order_${String(++seq).padStart(8, '0')}`;
      const parts = (r.body?.order?.shipments ?? []).map((x: any, i: number) => ({
        id: `shp_${id}_${i + 1}`, object: 'Shipment', mode: 'test', status: 'unknown', tracking_code: null, postage_label: null, selected_rate: null, refund_status: null,
        parcel: { id: `prcl_${id}_${i + 1}`, object: 'Parcel', ...x.parcel }, options: x.options ?? {},
        rates: [rateOf(`${id}_${i + 1}`, 1, 'UPS', 'Ground', '9.10', 5, `shp_${id}_${i + 1}`), rateOf(`${id}_${i + 1}`, 2, 'UPS', 'NextDayAir', '31.00', 1, `shp_${id}_${i + 1}`)],
      }));
      for (const p of parts) shipments.set(p.id, p);
      const n = parts.length;
      const order = {
        id, object: 'Order', mode: 'test', reference: r.body?.order?.reference ?? null,
        to_address: { id: 'adr_to', object: 'Address', ...r.body?.order?.to_address }, from_address: { id: 'adr_from', object: 'Address', ...r.body?.order?.from_address },
        shipments: parts,
        // The order's rates price every parcel together (here: the per-parcel rate times the parcels).
        rates: [rateOf(id, 1, 'UPS', 'Ground', (9.1 * n).toFixed(2), 5, null), rateOf(id, 2, 'UPS', 'NextDayAir', (31 * n).toFixed(2), 1, null)],
        messages: [],
      };
      orders.set(id, order);
      return { status: 201, body: order };
    }
    if ((m = /^\/v2\/orders\/([^/]+)\/buy$/.exec(r.path)) && r.method === 'POST') {
      const order = orders.get(m[1]!);
      if (!order) return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'The requested resource could not be found.', errors: [] } } };
      if (order.shipments.some((x: any) => x.postage_label)) return { status: 422, body: { error: { code: 'ORDER.POSTAGE.EXISTS', message: 'Postage has already been purchased for this order.', errors: [] } } };
      await waitIfHeld();
      for (const sh of order.shipments) {
        const rate = sh.rates.find((x: any) => x.carrier === r.body?.carrier && x.service === r.body?.service);
        if (!rate) return { status: 422, body: { error: { code: 'ORDER.RATE.INVALID', message: `No ${r.body?.carrier} ${r.body?.service} rate.`, errors: [] } } };
        buyShipment(sh, rate, base);
      }
      return { status: 200, body: order };
    }
    if ((m = /^\/v2\/shipments\/([^/]+)$/.exec(r.path)) && r.method === 'GET') {
      const sh = shipments.get(m[1]!);
      return sh ? { status: 200, body: sh } : { status: 404, body: { error: { code: 'NOT_FOUND', message: 'not found', errors: [] } } };
    }
    if ((m = /^\/v2\/shipments\/([^/]+)\/refund$/.exec(r.path)) && r.method === 'POST') {
      const sh = shipments.get(m[1]!);
      if (!sh?.postage_label) return { status: 422, body: { error: { code: 'SHIPMENT.REFUND.UNAVAILABLE', message: 'No label to refund.', errors: [] } } };
      sh.refund_status = 'submitted';
      return { status: 200, body: sh };
    }
    if (r.method === 'POST' && r.path === '/v2/trackers') {
      const code = r.body?.tracker?.tracking_code;
      return { status: 200, body: { ...easypostTracker, tracking_code: code, carrier: r.body?.tracker?.carrier ?? easypostTracker.carrier } };
    }
    return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no route ${r.method} ${r.path}`, errors: [] } } };
  });
  const out = Object.assign(fake, {
    purchases: () => purchases,
    holdNextBuy(): Hold {
      let arrive!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((r) => (arrive = r));
      const gate = new Promise<void>((r) => (release = r));
      hold = { arrive, gate };
      return { reached, release };
    },
    failDownloads: false,
  });
  // Object.assign copies values, not accessors: the toggle is defined on the object itself.
  Object.defineProperty(out, 'failDownloads', { get: () => state.failDownloads, set: (v: boolean) => (state.failDownloads = v) });
  return out;
}

/** Shippo: synchronous shipments with rates, transactions (PDF labels), refunds, GET /tracks. */
export async function fakeShippo(): Promise<Fake> {
  let seq = 0;
  const transactions = new Map<string, any>();
  const parcelsOfRate = new Map<string, number>();
  const pdf = await labelFile('Shippo test label');
  return serve(async (r, base) => {
    if (r.path.startsWith('/files/')) return { status: 200, body: pdf, type: 'application/pdf' };
    if (r.headers.authorization !== `ShippoToken ${SHIPPO_KEY}`) return { status: 401, body: { detail: 'Invalid token.' } };
    let m: RegExpExecArray | null;
    if (r.method === 'POST' && r.path === '/shipments/') {
      const id = `shp${++seq}`;
      for (const n of [1, 2]) parcelsOfRate.set(`${id}rate${n}`, (r.body?.parcels ?? []).length || 1);
      const rate = (n: number, provider: string, token: string, name: string, amount: string, days: number) => ({
        object_id: `${id}rate${n}`, object_created: '2026-11-26T09:00:00Z', object_owner: 'ordo@example.com', shipment: id, attributes: [], amount, currency: 'USD',
        amount_local: amount, currency_local: 'USD', provider, provider_image_75: '', servicelevel: { name, token, terms: '' }, estimated_days: days, duration_terms: '', carrier_account: `ca${provider}`, zone: '1', messages: [], test: true,
      });
      return {
        status: 201,
        body: {
          object_id: id, object_status: 'SUCCESS', status: 'SUCCESS', address_from: r.body?.address_from, address_to: r.body?.address_to, parcels: r.body?.parcels,
          rates: [rate(1, 'USPS', 'usps_priority', 'Priority Mail', '6.20', 2), rate(2, 'UPS', 'ups_ground', 'Ground', '8.75', 5)], messages: [], metadata: r.body?.metadata ?? '', test: true,
        },
      };
    }
    if (r.method === 'POST' && r.path === '/transactions/') {
      // A multi-piece rate buys one transaction per parcel; the answer is the first parcel's.
      const pieces = parcelsOfRate.get(r.body?.rate) ?? 1;
      const made = [];
      for (let i = 0; i < pieces; i++) {
        const id = `tx${++seq}`;
        const tracking = i === 0 ? shippoTrack.tracking_number : `9205590164917312751${String(seq).padStart(3, '0')}`;
        const tx = {
          object_id: id, object_state: 'VALID', status: 'SUCCESS', rate: r.body?.rate, tracking_number: tracking, tracking_status: 'UNKNOWN',
          tracking_url_provider: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${tracking}`, label_url: `${base}/files/${id}.pdf`, commercial_invoice_url: null, messages: [], metadata: r.body?.metadata ?? '', test: true,
        };
        transactions.set(id, tx);
        made.push(tx);
      }
      return { status: 201, body: made[0] };
    }
    if ((m = /^\/transactions\/\?rate=([^&]+)(?:&results=(\d+))?$/.exec(r.path)) && r.method === 'GET') {
      const results = [...transactions.values()].filter((t) => t.rate === decodeURIComponent(m![1]!));
      return { status: 200, body: { next: null, previous: null, results } };
    }
    if (r.method === 'POST' && r.path === '/refunds/') {
      if (!transactions.has(r.body?.transaction)) return { status: 400, body: { transaction: ['Transaction not found.'] } };
      return { status: 201, body: { object_id: `rf${++seq}`, object_status: 'QUEUED', status: 'QUEUED', transaction: r.body.transaction, test: true } };
    }
    if ((m = /^\/tracks\/([^/]+)\/([^/?]+)$/.exec(r.path)) && r.method === 'GET') {
      if (m[2] !== shippoTrack.tracking_number) return { status: 404, body: { detail: 'Not found.' } };
      return { status: 200, body: { ...shippoTrack, carrier: m[1] } };
    }
    return { status: 404, body: { detail: `no route ${r.method} ${r.path}` } };
  });
}
