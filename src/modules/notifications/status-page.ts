import { formatDate, type Locale } from '../../domain/notifications/locale.js';
import type { OrderStatusView } from './order-status.js';
import { formatOpeningHours, type OpeningRange } from '../../domain/locations/opening-hours.js';

/** The public order status page: server-rendered, mobile-first, English and German, no login. */
const strings: Record<Locale, Record<string, string>> = {
  en: {
    title: 'Order status',
    lookupTitle: 'Track your order',
    lookupIntro: 'Enter your order number and the e-mail address or postal code you ordered with.',
    orderNumber: 'Order number',
    email: 'E-mail address',
    postalCode: 'or postal code',
    find: 'Find my order',
    notFound: 'We could not find an order with these details.',
    tooMany: 'Too many tries. Please wait a minute.',
    order: 'Order',
    placed: 'Placed on',
    items: 'Items',
    promised: 'Expected by',
    shipment: 'Parcel',
    tracking: 'Tracking number',
    estimated: 'Expected delivery',
    pickup: 'Pickup at',
    pickupCode: 'Pickup code',
    until: 'until',
    hours: 'Opening hours',
    closed: 'closed',
    noEvents: 'No tracking events yet.',
    returnItems: 'Return items',
    'status.placed': 'Received',
    'status.confirmed': 'Confirmed',
    'status.processing': 'Being prepared',
    'status.partially_shipped': 'Partly shipped',
    'status.shipped': 'Shipped',
    'status.delivered': 'Delivered',
    'status.completed': 'Completed',
    'status.cancelled': 'Cancelled',
  },
  de: {
    title: 'Bestellstatus',
    lookupTitle: 'Bestellung verfolgen',
    lookupIntro: 'Geben Sie Ihre Bestellnummer und die E-Mail-Adresse oder Postleitzahl Ihrer Bestellung ein.',
    orderNumber: 'Bestellnummer',
    email: 'E-Mail-Adresse',
    postalCode: 'oder Postleitzahl',
    find: 'Bestellung finden',
    notFound: 'Wir konnten keine Bestellung mit diesen Angaben finden.',
    tooMany: 'Zu viele Versuche. Bitte warten Sie eine Minute.',
    order: 'Bestellung',
    placed: 'Bestellt am',
    items: 'Artikel',
    promised: 'Erwartet bis',
    shipment: 'Paket',
    tracking: 'Sendungsnummer',
    estimated: 'Voraussichtliche Zustellung',
    pickup: 'Abholung bei',
    pickupCode: 'Abholcode',
    until: 'bis',
    hours: 'Öffnungszeiten',
    closed: 'geschlossen',
    noEvents: 'Noch keine Sendungsereignisse.',
    returnItems: 'Artikel zurücksenden',
    'status.placed': 'Eingegangen',
    'status.confirmed': 'Bestätigt',
    'status.processing': 'In Bearbeitung',
    'status.partially_shipped': 'Teilweise versandt',
    'status.shipped': 'Versandt',
    'status.delivered': 'Zugestellt',
    'status.completed': 'Abgeschlossen',
    'status.cancelled': 'Storniert',
  },
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const s = (l: Locale, k: string) => strings[l][k] ?? strings.en[k] ?? k;
const when = (iso: string, l: Locale) => new Intl.DateTimeFormat(l === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));

function layout(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>
body{margin:0;font:16px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#212529;background:#f4f5f7}
main{max-width:640px;margin:0 auto;padding:16px}
section{background:#fff;border-radius:8px;padding:16px;margin:0 0 12px}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .5rem}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}input{width:100%;box-sizing:border-box;font-size:1rem;padding:.6rem;border:1px solid #ced4da;border-radius:6px}
button{margin-top:1rem;width:100%;padding:.75rem;font-size:1rem;border:0;border-radius:6px;background:#1c7ed6;color:#fff}
.badge{display:inline-block;padding:.2rem .6rem;border-radius:99px;background:#e7f5ff;color:#1864ab;font-weight:600}
.code{font-size:2rem;font-weight:700;letter-spacing:.4rem}
ul{padding-left:1.1rem}ol.timeline{list-style:none;padding:0;margin:.5rem 0 0}ol.timeline li{border-left:3px solid #1c7ed6;padding:0 0 .6rem .7rem}
.muted{color:#868e96;font-size:.9rem}[role=alert]{color:#c92a2a;font-weight:600}
</style></head><body><main>${body}</main></body></html>`;
}

export function lookupPage(locale: Locale): string {
  const body = `<h1>${s(locale, 'lookupTitle')}</h1><section>
<p>${s(locale, 'lookupIntro')}</p>
<form id="lookup">
<label for="orderNumber">${s(locale, 'orderNumber')}</label><input id="orderNumber" name="orderNumber" autocomplete="off" required>
<label for="email">${s(locale, 'email')}</label><input id="email" name="email" type="email" autocomplete="email">
<label for="postalCode">${s(locale, 'postalCode')}</label><input id="postalCode" name="postalCode" autocomplete="postal-code">
<p id="error" role="alert" hidden></p>
<button type="submit">${s(locale, 'find')}</button>
</form></section>
<script>
document.getElementById('lookup').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const body = { orderNumber: f.get('orderNumber') };
  if (f.get('email')) body.email = f.get('email');
  if (f.get('postalCode')) body.postalCode = f.get('postalCode');
  const res = await fetch('/api/v1/public/order-status/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.ok) { const j = await res.json(); location.href = '/track/' + encodeURIComponent(j.token) + '?lang=${locale}'; return; }
  const err = document.getElementById('error');
  err.textContent = res.status === 429 ? ${JSON.stringify(s(locale, 'tooMany'))} : ${JSON.stringify(s(locale, 'notFound'))};
  err.hidden = false;
});
</script>`;
  return layout(locale, s(locale, 'lookupTitle'), body);
}

/** The store's week, Monday first, day names and the closed word in the page's language. */
function storeHours(hours: readonly OpeningRange[], locale: Locale): string {
  if (!hours.length) return '';
  const rows = formatOpeningHours(hours, locale === 'de' ? 'de-DE' : 'en-GB', s(locale, 'closed'));
  return `<h3>${s(locale, 'hours')}</h3><table data-testid="store-hours">${rows.map((r) => `<tr><th scope="row">${esc(r.day)}</th><td>${esc(r.hours)}</td></tr>`).join('')}</table>`;
}

export function statusPage(v: OrderStatusView, locale: Locale, returnUrl?: string): string {
  const parts: string[] = [];
  parts.push(`<h1>${s(locale, 'order')} ${esc(v.number)}</h1>
<section><span class="badge" data-testid="status">${esc(s(locale, `status.${v.status}`))}</span>
<p class="muted">${s(locale, 'placed')} ${esc(formatDate(v.placedAt, locale))}</p>
${v.promisedDate && !['delivered', 'completed', 'cancelled'].includes(v.status) ? `<p>${s(locale, 'promised')} <strong data-testid="promised">${esc(formatDate(v.promisedDate, locale))}</strong></p>` : ''}</section>`);
  if (v.pickup) {
    parts.push(`<section><h2>${s(locale, 'pickup')} ${esc(v.pickup.location)}</h2>${
      v.pickup.code ? `<p>${s(locale, 'pickupCode')}</p><p class="code" data-testid="pickup-code">${esc(v.pickup.code)}</p>${v.pickup.expiresAt ? `<p class="muted">${s(locale, 'until')} ${esc(formatDate(v.pickup.expiresAt, locale))}</p>` : ''}` : ''
    }${storeHours(v.pickup.hours, locale)}</section>`);
  }
  parts.push(`<section><h2>${s(locale, 'items')}</h2><ul>${v.items.map((i) => `<li>${i.quantity} × ${esc(i.name)}</li>`).join('')}</ul></section>`);
  for (const sh of v.shipments) {
    const events = [...sh.timeline].reverse();
    parts.push(`<section data-testid="shipment"><h2>${s(locale, 'shipment')} ${esc(sh.number)} · ${esc(sh.carrier.toUpperCase())}</h2>
${sh.trackingNumbers.length ? `<p>${s(locale, 'tracking')}: <strong>${esc(sh.trackingNumbers.join(', '))}</strong></p>` : ''}
${sh.estimatedDelivery && !sh.deliveredAt ? `<p>${s(locale, 'estimated')}: ${esc(formatDate(sh.estimatedDelivery, locale))}</p>` : ''}
${events.length ? `<ol class="timeline">${events.map((e) => `<li data-testid="tracking-event"><strong>${esc(e.message ?? e.status)}</strong><br><span class="muted">${esc(when(e.at, locale))}${e.location ? ` · ${esc(e.location)}` : ''}</span></li>`).join('')}</ol>` : `<p class="muted">${s(locale, 'noEvents')}</p>`}
</section>`);
  }
  if (returnUrl && ['delivered', 'completed', 'partially_shipped', 'shipped'].includes(v.status)) parts.push(`<section><a href="${esc(returnUrl)}" data-testid="return-link">${s(locale, 'returnItems')}</a></section>`);
  return layout(locale, `${s(locale, 'title')} ${v.number}`, parts.join('\n'));
}
