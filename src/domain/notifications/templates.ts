import { formatDate, formatMoney, type Locale } from './locale.js';

/**
 * Customer message templates as a content model (pure): a template turns its data snapshot into a
 * subject and blocks; the notifications module renders the blocks to MJML (HTML) and to plain text,
 * so both parts always say the same thing.
 */
export const templateNames = [
  'order_confirmation',
  'payment_failed',
  'backorder_notice',
  'delay_notice',
  'shipped',
  'out_for_delivery',
  'delivered',
  'delivery_exception',
  'ready_for_pickup',
  'pickup_reminder',
  'cancellation',
  'refund_issued',
  'return_approved',
  'return_label',
] as const;
export type TemplateName = (typeof templateNames)[number];
export const isTemplateName = (v: string): v is TemplateName => (templateNames as readonly string[]).includes(v);

export interface OrderSnapshot {
  number: string;
  customerName: string;
  currency: string;
  lines: Array<{ name: string; sku: string; quantity: number; lineTotal: number }>;
  totals: { subtotal: number; shipping: number; discount: number; tax: number; total: number };
}

export interface ShipmentSnapshot {
  number: string;
  carrier: string;
  trackingNumbers: string[];
  estimatedDelivery: string | null;
  lines: Array<{ name: string; quantity: number }>;
}

/** The data a message is rendered from, snapshotted when it is queued (merged shipments add to `shipments`). */
export interface TemplateData {
  order: OrderSnapshot;
  shipments?: ShipmentSnapshot[];
  backordered?: Array<{ name: string; quantity: number }>;
  amount?: number;
  reason?: string | null;
  message?: string | null;
  pickup?: { code: string; location: string; expiresAt: string; hours?: string | null; fulfillmentOrderId?: string };
  promisedDate?: string | null;
  estimatedDelivery?: string | null;
  proofOfDelivery?: { signedBy: string | null; at: string } | null;
  /** A return (RMA): its lines and, once issued, its label (the PDF is attached when the e-mail is sent). */
  return?: ReturnSnapshot;
}

export interface ReturnSnapshot {
  id: string;
  number: string;
  lines: Array<{ name: string; quantity: number }>;
  label: { carrier: string; trackingNumber: string } | null;
}

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'lines'; rows: Array<{ name: string; quantity: number; amount?: string }>; totals?: Array<{ label: string; amount: string; strong?: boolean }> }
  | { kind: 'code'; label: string; code: string }
  | { kind: 'facts'; rows: Array<{ label: string; value: string }> }
  | { kind: 'button'; label: string; url: string };

export interface Content {
  subject: string;
  preheader: string;
  heading: string;
  blocks: Block[];
  footer: string;
}

export interface Links {
  statusUrl: string;
  unsubscribeUrl: string;
}

type Dict = Record<string, string>;
const en: Dict = {
  hello: 'Hello {name},',
  track: 'View your order',
  items: 'Items',
  subtotal: 'Subtotal',
  shipping: 'Shipping',
  discount: 'Discount',
  tax: 'Tax',
  total: 'Total',
  carrier: 'Carrier',
  tracking: 'Tracking number',
  estimated: 'Expected delivery',
  footer: 'You receive this e-mail because you placed order {number} with {shop}. Unsubscribe from optional messages: {unsubscribe}',
  'order_confirmation.subject': 'Your order {number} is confirmed',
  'order_confirmation.heading': 'Thank you for your order',
  'order_confirmation.body': 'We have received your order {number} and will let you know when it ships.',
  'payment_failed.subject': 'Payment for order {number} did not go through',
  'payment_failed.heading': 'Your payment failed',
  'payment_failed.body': 'The payment of {amount} for order {number} was declined. Please use the link below to try again or choose another payment method.',
  'backorder_notice.subject': 'Some items of order {number} are on backorder',
  'backorder_notice.heading': 'Some items will take longer',
  'backorder_notice.body': 'These items of order {number} are not in stock right now. We will send them as soon as they arrive:',
  'delay_notice.subject': 'Order {number} is delayed',
  'delay_notice.heading': 'Your delivery is delayed',
  'delay_notice.body': 'We promised delivery by {promised}; the carrier now expects {estimated}. We are sorry for the wait.',
  'shipped.subject': 'Your order {number} is on its way',
  'shipped.heading': 'Your order has shipped',
  'shipped.body': 'Good news: order {number} has left our warehouse.',
  'shipped.bodyMany': 'Good news: order {number} has left our warehouses in {count} parcels.',
  'out_for_delivery.subject': 'Order {number} is out for delivery',
  'out_for_delivery.heading': 'Arriving today',
  'out_for_delivery.body': 'The carrier is delivering order {number} today.',
  'delivered.subject': 'Order {number} was delivered',
  'delivered.heading': 'Your order has arrived',
  'delivered.body': 'Order {number} was delivered. We hope you enjoy it.',
  'delivered.signed': 'Signed for by {name} on {date}.',
  'delivery_exception.subject': 'A problem with the delivery of order {number}',
  'delivery_exception.heading': 'Delivery problem',
  'delivery_exception.body': 'The carrier reports a problem delivering order {number}: {message}. We are on it and will keep you posted.',
  'ready_for_pickup.subject': 'Order {number} is ready for pickup',
  'ready_for_pickup.heading': 'Ready for pickup',
  'ready_for_pickup.body': 'Your order {number} is waiting for you at {location} until {expires}. Show this code at the counter:',
  'pickup_reminder.subject': 'Reminder: order {number} is waiting for you',
  'pickup_reminder.heading': 'Still waiting for you',
  'pickup_reminder.body': 'Your order {number} is ready at {location} until {expires}. Show this code at the counter:',
  pickupCode: 'Pickup code',
  hours: 'Opening hours',
  'cancellation.subject': 'Order {number} was cancelled',
  'cancellation.heading': 'Your order was cancelled',
  'cancellation.body': 'Order {number} was cancelled. Reason: {reason}. Any payment taken will be refunded.',
  'refund_issued.subject': 'Refund for order {number}',
  'refund_issued.heading': 'We refunded you',
  'refund_issued.body': 'We refunded {amount} for order {number}. Depending on your bank it may take a few days to show.',
  'return_approved.subject': 'Your return {returnNumber} is approved',
  'return_approved.heading': 'Return approved',
  'return_approved.body': 'We approved your return {returnNumber} for order {number}. Please send us these items:',
  'return_label.subject': 'Your return label for {returnNumber}',
  'return_label.heading': 'Your return label',
  'return_label.body': 'Here is the return label for your return {returnNumber} (order {number}) with these items:',
  'return.label': 'The return label is attached to this e-mail (PDF). Print it, stick it on the parcel and hand it to {carrier}.',
  noReason: 'not given',
};
const de: Dict = {
  hello: 'Hallo {name},',
  track: 'Bestellung ansehen',
  items: 'Artikel',
  subtotal: 'Zwischensumme',
  shipping: 'Versand',
  discount: 'Rabatt',
  tax: 'MwSt.',
  total: 'Gesamt',
  carrier: 'Versanddienst',
  tracking: 'Sendungsnummer',
  estimated: 'Voraussichtliche Zustellung',
  footer: 'Sie erhalten diese E-Mail, weil Sie die Bestellung {number} bei {shop} aufgegeben haben. Optionale Nachrichten abbestellen: {unsubscribe}',
  'order_confirmation.subject': 'Ihre Bestellung {number} ist bestätigt',
  'order_confirmation.heading': 'Vielen Dank für Ihre Bestellung',
  'order_confirmation.body': 'Wir haben Ihre Bestellung {number} erhalten und melden uns, sobald sie versandt wird.',
  'payment_failed.subject': 'Zahlung für Bestellung {number} fehlgeschlagen',
  'payment_failed.heading': 'Ihre Zahlung ist fehlgeschlagen',
  'payment_failed.body': 'Die Zahlung über {amount} für Bestellung {number} wurde abgelehnt. Bitte versuchen Sie es über den Link erneut oder wählen Sie eine andere Zahlungsart.',
  'backorder_notice.subject': 'Einige Artikel der Bestellung {number} sind nachbestellt',
  'backorder_notice.heading': 'Einige Artikel dauern länger',
  'backorder_notice.body': 'Diese Artikel der Bestellung {number} sind gerade nicht auf Lager. Wir senden sie, sobald sie eintreffen:',
  'delay_notice.subject': 'Bestellung {number} verzögert sich',
  'delay_notice.heading': 'Ihre Lieferung verzögert sich',
  'delay_notice.body': 'Wir hatten die Zustellung bis {promised} zugesagt; der Versanddienst erwartet sie nun am {estimated}. Entschuldigen Sie die Wartezeit.',
  'shipped.subject': 'Ihre Bestellung {number} ist unterwegs',
  'shipped.heading': 'Ihre Bestellung wurde versandt',
  'shipped.body': 'Gute Nachrichten: Bestellung {number} hat unser Lager verlassen.',
  'shipped.bodyMany': 'Gute Nachrichten: Bestellung {number} hat unsere Lager in {count} Paketen verlassen.',
  'out_for_delivery.subject': 'Bestellung {number} wird heute zugestellt',
  'out_for_delivery.heading': 'Heute bei Ihnen',
  'out_for_delivery.body': 'Der Versanddienst stellt Bestellung {number} heute zu.',
  'delivered.subject': 'Bestellung {number} wurde zugestellt',
  'delivered.heading': 'Ihre Bestellung ist angekommen',
  'delivered.body': 'Bestellung {number} wurde zugestellt. Viel Freude damit!',
  'delivered.signed': 'Entgegengenommen von {name} am {date}.',
  'delivery_exception.subject': 'Problem bei der Zustellung von Bestellung {number}',
  'delivery_exception.heading': 'Zustellproblem',
  'delivery_exception.body': 'Der Versanddienst meldet ein Problem bei der Zustellung von Bestellung {number}: {message}. Wir kümmern uns darum und halten Sie auf dem Laufenden.',
  'ready_for_pickup.subject': 'Bestellung {number} ist abholbereit',
  'ready_for_pickup.heading': 'Abholbereit',
  'ready_for_pickup.body': 'Ihre Bestellung {number} liegt bis {expires} für Sie bei {location} bereit. Zeigen Sie diesen Code an der Kasse:',
  'pickup_reminder.subject': 'Erinnerung: Bestellung {number} wartet auf Sie',
  'pickup_reminder.heading': 'Ihre Bestellung wartet',
  'pickup_reminder.body': 'Ihre Bestellung {number} liegt bis {expires} bei {location} bereit. Zeigen Sie diesen Code an der Kasse:',
  pickupCode: 'Abholcode',
  hours: 'Öffnungszeiten',
  'cancellation.subject': 'Bestellung {number} wurde storniert',
  'cancellation.heading': 'Ihre Bestellung wurde storniert',
  'cancellation.body': 'Bestellung {number} wurde storniert. Grund: {reason}. Bereits gezahlte Beträge werden erstattet.',
  'refund_issued.subject': 'Erstattung für Bestellung {number}',
  'refund_issued.heading': 'Wir haben Ihnen Geld erstattet',
  'refund_issued.body': 'Wir haben {amount} für Bestellung {number} erstattet. Je nach Bank kann es einige Tage dauern, bis der Betrag sichtbar ist.',
  'return_approved.subject': 'Ihre Rücksendung {returnNumber} ist genehmigt',
  'return_approved.heading': 'Rücksendung genehmigt',
  'return_approved.body': 'Wir haben Ihre Rücksendung {returnNumber} zur Bestellung {number} genehmigt. Bitte senden Sie uns diese Artikel:',
  'return_label.subject': 'Ihr Rücksendeetikett für {returnNumber}',
  'return_label.heading': 'Ihr Rücksendeetikett',
  'return_label.body': 'Hier ist das Rücksendeetikett für Ihre Rücksendung {returnNumber} (Bestellung {number}) mit diesen Artikeln:',
  'return.label': 'Das Rücksendeetikett hängt an dieser E-Mail (PDF). Drucken Sie es aus, kleben Sie es auf das Paket und geben Sie es bei {carrier} ab.',
  noReason: 'nicht angegeben',
};
const dicts: Record<Locale, Dict> = { en, de };

/** A translated string with `{placeholders}` filled in. */
export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const s = dicts[locale][key] ?? en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** Builds the content of one template (pure: the same data, locale and links give the same message). */
export function buildContent(template: TemplateName, data: TemplateData, locale: Locale, ctx: { shop: string; links: Links }): Content {
  const o = data.order;
  const money = (n: number) => formatMoney(n, o.currency, locale);
  const v = { number: o.number, name: o.customerName, shop: ctx.shop, returnNumber: data.return?.number ?? '' };
  const blocks: Block[] = [{ kind: 'text', text: t(locale, 'hello', v) }];
  const body = (key = `${template}.body`, extra: Record<string, string | number> = {}) => blocks.push({ kind: 'text', text: t(locale, key, { ...v, ...extra }) });
  const items = (withPrices: boolean) =>
    blocks.push({
      kind: 'lines',
      rows: o.lines.map((l) => ({ name: l.name, quantity: l.quantity, ...(withPrices ? { amount: money(l.lineTotal) } : {}) })),
      ...(withPrices
        ? {
            totals: [
              { label: t(locale, 'subtotal'), amount: money(o.totals.subtotal) },
              { label: t(locale, 'shipping'), amount: money(o.totals.shipping) },
              ...(o.totals.discount ? [{ label: t(locale, 'discount'), amount: money(-o.totals.discount) }] : []),
              ...(o.totals.tax ? [{ label: t(locale, 'tax'), amount: money(o.totals.tax) }] : []),
              { label: t(locale, 'total'), amount: money(o.totals.total), strong: true },
            ],
          }
        : {}),
    });
  const pickupBlocks = () => {
    const p = data.pickup!;
    body(undefined, { location: p.location, expires: formatDate(p.expiresAt, locale) });
    blocks.push({ kind: 'code', label: t(locale, 'pickupCode'), code: p.code });
    if (p.hours) blocks.push({ kind: 'facts', rows: [{ label: t(locale, 'hours'), value: p.hours }] });
    items(false);
  };
  switch (template) {
    case 'order_confirmation':
      body();
      items(true);
      break;
    case 'payment_failed':
      body(undefined, { amount: money(data.amount ?? o.totals.total) });
      break;
    case 'backorder_notice':
      body();
      blocks.push({ kind: 'lines', rows: (data.backordered ?? []).map((l) => ({ name: l.name, quantity: l.quantity })) });
      break;
    case 'delay_notice':
      body(undefined, { promised: data.promisedDate ? formatDate(data.promisedDate, locale) : '—', estimated: data.estimatedDelivery ? formatDate(data.estimatedDelivery, locale) : '—' });
      break;
    case 'shipped': {
      const ships = data.shipments ?? [];
      if (ships.length > 1) body('shipped.bodyMany', { count: ships.length });
      else body();
      for (const s of ships) {
        blocks.push({
          kind: 'facts',
          rows: [
            { label: t(locale, 'carrier'), value: s.carrier.toUpperCase() },
            ...(s.trackingNumbers.length ? [{ label: t(locale, 'tracking'), value: s.trackingNumbers.join(', ') }] : []),
            ...(s.estimatedDelivery ? [{ label: t(locale, 'estimated'), value: formatDate(s.estimatedDelivery, locale) }] : []),
          ],
        });
        blocks.push({ kind: 'lines', rows: s.lines.map((l) => ({ name: l.name, quantity: l.quantity })) });
      }
      break;
    }
    case 'out_for_delivery':
      body();
      break;
    case 'delivered':
      body();
      if (data.proofOfDelivery?.signedBy) blocks.push({ kind: 'text', text: t(locale, 'delivered.signed', { name: data.proofOfDelivery.signedBy, date: formatDate(data.proofOfDelivery.at, locale) }) });
      break;
    case 'delivery_exception':
      body(undefined, { message: data.message ?? '—' });
      break;
    case 'ready_for_pickup':
    case 'pickup_reminder':
      pickupBlocks();
      break;
    case 'cancellation':
      body(undefined, { reason: data.reason || t(locale, 'noReason') });
      break;
    case 'refund_issued':
      body(undefined, { amount: money(data.amount ?? 0) });
      break;
    case 'return_approved':
    case 'return_label': {
      const r = data.return;
      body();
      blocks.push({ kind: 'lines', rows: (r?.lines ?? []).map((l) => ({ name: l.name, quantity: l.quantity })) });
      if (r?.label) {
        blocks.push({ kind: 'text', text: t(locale, 'return.label', { carrier: r.label.carrier.toUpperCase() }) });
        blocks.push({ kind: 'facts', rows: [{ label: t(locale, 'carrier'), value: r.label.carrier.toUpperCase() }, { label: t(locale, 'tracking'), value: r.label.trackingNumber }] });
      }
      break;
    }
  }
  blocks.push({ kind: 'button', label: t(locale, 'track'), url: ctx.links.statusUrl });
  const subject = t(locale, `${template}.subject`, v);
  return { subject, preheader: subject, heading: t(locale, `${template}.heading`, v), blocks, footer: t(locale, 'footer', { ...v, unsubscribe: ctx.links.unsubscribeUrl }) };
}

/** The plain-text part: the same blocks, readable in any client. */
export function renderText(c: Content, brand: { shop: string }): string {
  const out: string[] = [brand.shop, '', c.heading, ''];
  for (const b of c.blocks) {
    if (b.kind === 'text') out.push(b.text, '');
    else if (b.kind === 'lines') {
      for (const r of b.rows) out.push(`  ${r.quantity} × ${r.name}${r.amount ? `  ${r.amount}` : ''}`);
      for (const tot of b.totals ?? []) out.push(`  ${tot.label}: ${tot.amount}`);
      out.push('');
    } else if (b.kind === 'code') out.push(`${b.label}: ${b.code}`, '');
    else if (b.kind === 'facts') out.push(...b.rows.map((r) => `${r.label}: ${r.value}`), '');
    else out.push(`${b.label}: ${b.url}`, '');
  }
  out.push('--', c.footer);
  return out.join('\n');
}

/** Templates that also go out by SMS to customers who opted in: the moments worth a text message. */
export const smsTemplates: readonly TemplateName[] = ['shipped', 'out_for_delivery', 'delivery_exception', 'ready_for_pickup', 'pickup_reminder'];

/** The SMS body: the subject, a pickup code if there is one, and the status link. */
export function renderSms(c: Content, brand: { shop: string }, statusUrl: string): string {
  const code = c.blocks.find((b): b is Extract<Block, { kind: 'code' }> => b.kind === 'code');
  return [`${brand.shop}: ${c.subject}.`, ...(code ? [`${code.label}: ${code.code}`] : []), statusUrl].join(' ');
}
